// The one place HTTP happens: keep-alive connections, timeouts, retries with backoff, error mapping
// and debug logging. Auth plugins and service APIs build requests; the session sends them.
import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import {
  AuthenticationError,
  ConfigError,
  ConflictError,
  NotFoundError,
  type OpenStackError,
  RateLimitError,
  ServiceError,
} from "../errors";
import { debugSinkFrom, type DebugSink } from "./debug-log";
import { redactBody, redactFreeText, redactHeaders, redactUrl } from "./redact";
import { currentDeadline, type DeadlineScope } from "./deadline-scope";
import { sanitizeServiceMessage, secretValues } from "./error-text";
import { serviceMessage } from "./service-message";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | undefined | null | Array<string | number>;

export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL. */
  url: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /**
   * Sent as JSON unless it is a Buffer, Uint8Array, stream or stream opener. A stream is consumed by its
   * first send and so never retried; an opener (`{ open: () => Readable }`) is called for every attempt,
   * so a retried or re-authenticated upload reads its source again from the start.
   */
  body?: unknown;
  /** Per-request timeout; the session's default otherwise. */
  timeoutMs?: number;
  /** Response body handling: JSON when it parses (default), or raw bytes. */
  responseType?: "json" | "buffer";
  /** Non-2xx statuses to return instead of throwing (e.g. 300 from a version document). */
  acceptStatuses?: number[];
  /** Turns off the retry of this one request (used for requests with side effects). */
  noRetry?: boolean;
  /**
   * Repeating it does no harm whatever happened to the first send (authentication): a POST marked so is
   * retried on 5xx and lost connections like a GET.
   */
  safeToRepeat?: boolean;
  /**
   * false for a PUT that is not idempotent (Neutron's add_router_interface): re-sent only when it never
   * reached the server or was refused with 429, like a POST.
   */
  idempotent?: boolean;
}

/** A request body read from a source that can be opened again for each attempt. */
export interface StreamOpener {
  open(): Readable;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  data: T;
}

export interface HttpSessionOptions {
  timeoutMs?: number;
  maxRetries?: number;
  caCertFile?: string;
  /** Client TLS certificate and key: file paths or PEM text. */
  clientCert?: string;
  clientKey?: string;
  insecure?: boolean;
  debug?: boolean | string;
  /** Waits between retries; replaced in tests to keep them fast. */
  sleep?: (ms: number) => Promise<void>;
  /** Upper bound of one backoff wait in milliseconds (default 20000). */
  maxBackoffMs?: number;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(["GET", "HEAD", "PUT", "DELETE"]);
// 502/503/504 may come from a gateway after the service acted: only requests safe to repeat retry them.
// 429 is the service refusing before it acts: any method may retry it.
const GATEWAY_STATUS: ReadonlySet<number> = new Set([502, 503, 504]);
// Requests that start after their operation's deadline still get one short attempt (a look-up or the
// cleanup that records what was made), never a retry.
const AFTER_DEADLINE_MS = 5000;
// Errors raised before the request reached the server: safe to retry whatever the method.
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
const RESET_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HttpSession {
  readonly timeoutMs: number;
  readonly maxRetries: number;
  private readonly axios: AxiosInstance;
  private readonly debug?: DebugSink;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxBackoffMs: number;
  /** Number of requests put on the wire, retries included (for benchmarks and tests). */
  requestCount = 0;

  constructor(options: HttpSessionOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.sleep = options.sleep ?? defaultSleep;
    this.maxBackoffMs = options.maxBackoffMs ?? 20_000;
    this.debug = debugSinkFrom(options.debug);
    let ca: Buffer | undefined;
    if (options.caCertFile) {
      try {
        ca = readFileSync(options.caCertFile);
      } catch (e) {
        throw new ConfigError(`caCertFile ${options.caCertFile} cannot be read: ${(e as Error).message}`);
      }
    }
    this.axios = axios.create({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 32 }),
      httpsAgent: new https.Agent({
        keepAlive: true,
        maxSockets: 32,
        ca,
        cert: pemOrFile("clientCert", options.clientCert),
        key: pemOrFile("clientKey", options.clientKey),
        rejectUnauthorized: options.insecure !== true,
      }),
      // Statuses are mapped to errors here, not by axios; redirects are not followed (Keystone answers
      // 300 Multiple Choices on version documents, and a redirect would resend the credentials).
      validateStatus: () => true,
      maxRedirects: 0,
      transitional: { silentJSONParsing: true, forcedJSONParsing: false },
      proxy: false,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
    });
  }

  async send<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const deadline = currentDeadline();
    // a stream can be sent once; an opener gives a fresh one per attempt
    const replayable = !isStream(request.body);
    const safe =
      request.safeToRepeat === true || (IDEMPOTENT.has(request.method) && request.idempotent !== false);
    for (let attempt = 0; ; attempt++) {
      const started = Date.now();
      const timeoutMs = this.attemptTimeout(request);
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      let response: AxiosResponse<unknown>;
      try {
        this.requestCount++;
        response = await this.axios.request({
          method: request.method,
          url: request.url,
          params: request.query ? cleanQuery(request.query) : undefined,
          paramsSerializer: { indexes: null },
          headers: requestHeaders(request),
          data: encodeBody(request.body),
          // a hard limit on the whole exchange (axios' own timeout only sees an idle socket)
          signal: abort.signal,
          responseType: "arraybuffer",
        });
      } catch (error) {
        const timedOut = abort.signal.aborted;
        const code = timedOut ? "ETIMEDOUT" : ((error as { code?: string }).code ?? "");
        this.log(request, undefined, Date.now() - started, error as Error);
        const retriable =
          !request.noRetry && replayable && (NOT_SENT_CODES.has(code) || (RESET_CODES.has(code) && safe));
        const wait = retriable ? this.nextWait(attempt) : undefined;
        if (wait !== undefined) {
          await this.sleep(wait);
          continue;
        }
        const bound = timedOut && deadline !== undefined && timeoutMs < (request.timeoutMs ?? this.timeoutMs);
        const what = timedOut
          ? timeoutMessage(timeoutMs, bound ? deadline : undefined)
          : connectionMessage(error as Error, code);
        throw new ServiceError(
          `${request.method} ${redactUrl(request.url)} failed: ${what}` +
            (attempt > 0 ? ` (after ${attempt + 1} attempts)` : ""),
          { method: request.method, url: redactUrl(request.url), cause: code || undefined },
        );
      } finally {
        clearTimeout(timer);
      }

      const headers = lowerCaseHeaders(response.headers);
      const data = decodeBody(Buffer.from(response.data as ArrayBuffer), headers, request.responseType);
      const status = response.status;
      this.log(request, { status, headers, data }, Date.now() - started);

      const ok = (status >= 200 && status < 300) || (request.acceptStatuses ?? []).includes(status);
      if (ok) return { status, headers, data: data as T };

      const mayRetry =
        !request.noRetry &&
        replayable &&
        (status === 429 ||
          (GATEWAY_STATUS.has(status) && safe) ||
          (status >= 500 && request.safeToRepeat === true));
      const wait = mayRetry ? this.nextWait(attempt, retryAfterMs(headers)) : undefined;
      if (wait !== undefined) {
        await this.sleep(wait);
        continue;
      }
      throw errorForStatus(request, status, headers, data, attempt);
    }
  }

  /**
   * The wait before the next attempt, or undefined when there is none. Within an operation the budget
   * is its deadline (a 429 burst is waited out as long as time remains); outside one, maxRetries.
   */
  private nextWait(attempt: number, retryAfter?: number): number | undefined {
    const wait = retryAfter ?? this.backoff(attempt);
    const deadline = currentDeadline();
    if (!deadline) return attempt < this.maxRetries ? wait : undefined;
    return Date.now() + wait < deadline.expiresAt ? wait : undefined;
  }

  /** The session's timeout, cut to what is left of the operation's deadline. */
  private attemptTimeout(request: HttpRequest): number {
    // setTimeout fires at once beyond 2^31-1 ms
    const own = Math.min(request.timeoutMs ?? this.timeoutMs, 2_147_483_647);
    const deadline = currentDeadline();
    if (!deadline) return own;
    const left = deadline.expiresAt - Date.now();
    return Math.max(1, Math.min(own, left > 0 ? left : AFTER_DEADLINE_MS));
  }

  /** Full-jitter exponential backoff: a random wait up to min(cap, 500 ms * 2^attempt). */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxBackoffMs, 500 * 2 ** attempt);
    return Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private log(request: HttpRequest, response: HttpResponse | undefined, ms: number, error?: Error): void {
    if (!this.debug) return;
    const head = `${request.method} ${redactUrl(withQuery(request.url, request.query))}`;
    const lines = [`[openstack] --> ${head}`];
    lines.push(`    request headers: ${JSON.stringify(redactHeaders(request.headers ?? {}))}`);
    if (request.body !== undefined) lines.push(`    request body: ${describeBody(request.body)}`);
    if (response) {
      lines.push(`[openstack] <-- ${response.status} ${head} (${ms} ms)`);
      lines.push(`    response headers: ${JSON.stringify(redactHeaders(response.headers))}`);
      lines.push(`    response body: ${describeBody(response.data)}`);
    } else {
      lines.push(`[openstack] <-- ERROR ${head} (${ms} ms): ${error?.message ?? "unknown"}`);
    }
    this.debug(lines.join("\n"));
  }
}

/** PEM text as it is, else the content of the file it names; the key's text is never put in a message. */
function pemOrFile(option: string, value: string | undefined): string | Buffer | undefined {
  if (value === undefined || value === "") return undefined;
  if (value.includes("-----BEGIN")) return value;
  try {
    return readFileSync(value);
  } catch (e) {
    throw new ConfigError(`${option} file ${value} cannot be read: ${(e as Error).message}`);
  }
}

function isStream(body: unknown): body is Readable {
  return body !== null && typeof body === "object" && typeof (body as Readable).pipe === "function";
}

function isOpener(body: unknown): body is StreamOpener {
  return body !== null && typeof body === "object" && typeof (body as StreamOpener).open === "function";
}

function isRaw(body: unknown): boolean {
  return Buffer.isBuffer(body) || body instanceof Uint8Array || isStream(body) || isOpener(body);
}

function encodeBody(body: unknown): unknown {
  if (body === undefined) return undefined;
  if (isOpener(body)) return body.open();
  if (isRaw(body)) return body;
  return JSON.stringify(body);
}

function requestHeaders(request: HttpRequest): Record<string, string> {
  const headers: Record<string, string> = { Accept: "application/json", ...request.headers };
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  if (request.body !== undefined && !hasType) {
    headers["Content-Type"] = isRaw(request.body) ? "application/octet-stream" : "application/json";
  }
  return headers;
}

function cleanQuery(query: Record<string, QueryValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

function withQuery(url: string, query?: Record<string, QueryValue>): string {
  if (!query) return url;
  const u = new URL(url);
  for (const [k, v] of Object.entries(cleanQuery(query))) {
    for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item));
  }
  return u.toString();
}

function lowerCaseHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (typeof v === "string" || typeof v === "number") out[k.toLowerCase()] = String(v);
    else if (Array.isArray(v)) out[k.toLowerCase()] = v.map(String).join(", ");
  }
  return out;
}

function decodeBody(raw: Buffer, headers: Record<string, string>, type?: "json" | "buffer"): unknown {
  if (type === "buffer") return raw;
  if (raw.length === 0) return undefined;
  const text = raw.toString("utf8");
  if ((headers["content-type"] ?? "").includes("json") || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function describeBody(body: unknown): string {
  if (body === undefined) return "(none)";
  if (isStream(body) || isOpener(body)) return "<stream>";
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return `<${body.length} bytes>`;
  if (typeof body === "string") {
    const text = redactFreeText(body);
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
  const text = JSON.stringify(redactBody(body));
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

function retryAfterMs(headers: Record<string, string>): number | undefined {
  const value = headers["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  // honoured, but never longer than a minute: a deadline above us decides whether to wait more
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined;
}

function timeoutMessage(ms: number, deadline?: DeadlineScope): string {
  return deadline
    ? `timed out after ${ms} ms, at the ${deadline.what} deadline${deadline.hint ?? ""}`
    : `timed out after ${ms} ms`;
}

function connectionMessage(error: Error, code: string): string {
  if (code === "ECONNABORTED" || /timeout/i.test(error.message)) return `timed out (${error.message})`;
  return code ? `${code} (${error.message})` : error.message;
}

export function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers["x-openstack-request-id"] ?? headers["x-compute-request-id"] ?? headers["x-request-id"];
}

function errorForStatus(
  request: HttpRequest,
  status: number,
  headers: Record<string, string>,
  data: unknown,
  attempt: number,
): OpenStackError {
  const url = redactUrl(request.url);
  const said = serviceMessage(data);
  const message = said === undefined ? undefined : sanitizeServiceMessage(said, secretValues(request.body));
  const requestId = requestIdOf(headers);
  const text =
    `${request.method} ${url} returned ${status}` +
    (message ? `: ${message}` : "") +
    (requestId ? ` (request id ${requestId})` : "") +
    (attempt > 0 ? ` after ${attempt + 1} attempts` : "");
  const details = { status, method: request.method, url, requestId, serviceMessage: message };
  if (status === 401) return new AuthenticationError(text, details);
  if (status === 404) return new NotFoundError(text, details);
  if (status === 409) return new ConflictError(text, details);
  if (status === 429) return new RateLimitError(text, details);
  return new ServiceError(text, details);
}
