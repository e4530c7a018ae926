// What a failed authentication tells the user: which Keystone refused whom for which scope (never the
// secret), and, when the URL answers 404, which identity versions that Keystone does serve.
import {
  AuthenticationError,
  ConfigError,
  MalformedResponseError,
  NotFoundError,
  type OpenStackError,
} from "../errors";
import type { HttpRequest, HttpSession } from "../session/http";
import { redactText } from "../session/redact";
import type { AuthVersion } from "../client/options";
import type { AuthUrl } from "./url";

export interface AuthAttempt {
  authUrl: AuthUrl;
  authVersion: AuthVersion;
  /** e.g. `user "admin" (domain id "default")`. */
  identity: string;
  /** e.g. `project "demo" in domain id "default"`. */
  scope: string;
  /** Secrets that must not appear in any message (Keystone sometimes echoes a token in its error). */
  secrets: Array<string | undefined>;
}

/** Sends a request of the authentication, turning Keystone's refusals into messages that say what failed. */
export async function sendAuthRequest<T>(
  session: HttpSession,
  attempt: AuthAttempt,
  request: Parameters<HttpSession["send"]>[0],
) {
  let response;
  try {
    // issuing a token has no lasting effect: Keystone's 5xx and lost connections are retried
    response = await session.send<T>({ ...withMultipleChoices(request), safeToRepeat: true });
  } catch (error) {
    throw await explainAuthFailure(session, attempt, error);
  }
  refuseMultipleChoices(attempt, response);
  return response;
}

/** The request, also accepting 300 so that refuseMultipleChoices can read the versions offered. */
export function withMultipleChoices(request: HttpRequest): HttpRequest {
  return { ...request, acceptStatuses: [...(request.acceptStatuses ?? []), 300] };
}

/**
 * 300 Multiple Choices is Keystone's version document: the URL names no one version (or a proxy
 * rewrote it). Its body lists versions, never a token, so it is refused whatever headers came with it.
 */
export function refuseMultipleChoices(
  attempt: AuthAttempt,
  response: { status: number; data: unknown },
): void {
  if (response.status !== 300) return;
  const offered = parseVersionDocument(response.data);
  const list = offered.map((v) => (v.href ? `${v.id} at ${v.href}` : v.id)).join(", ");
  throw new ConfigError(
    `Keystone at ${attempt.authUrl.tokensUrl} answered 300 Multiple Choices (ambiguous version) to ` +
      `authVersion ${attempt.authVersion}: ` +
      (offered.length > 0 ? `it offers ${list}. ` : "it listed no versions. ") +
      `Set authUrl to the root of one version (e.g. …/v3) and authVersion to match it.`,
    { status: 300, url: attempt.authUrl.tokensUrl },
  );
}

export async function explainAuthFailure(
  session: HttpSession,
  attempt: AuthAttempt,
  error: unknown,
): Promise<unknown> {
  if (error instanceof AuthenticationError) {
    const details = safeDetails(error, attempt);
    return new AuthenticationError(
      `Keystone at ${attempt.authUrl.tokensUrl} rejected the credentials for ${attempt.identity} ` +
        `(${attempt.scope}), authVersion ${attempt.authVersion}` +
        (details.serviceMessage ? `: ${details.serviceMessage}` : "") +
        (details.requestId ? ` (request id ${details.requestId})` : ""),
      details,
    );
  }
  // Keystone answers 404 "Could not find <thing>: <id>" when the URL is right but what the request
  // names is not there (an application credential id, a project, a domain): the credentials are wrong
  if (error instanceof NotFoundError && MISSING_THING.test(error.serviceMessage ?? "")) {
    const details = safeDetails(error, attempt);
    return new AuthenticationError(
      `Keystone at ${attempt.authUrl.tokensUrl} does not know what the credentials name for ` +
        `${attempt.identity} (${attempt.scope}), authVersion ${attempt.authVersion}: ${details.serviceMessage}` +
        (details.requestId ? ` (request id ${details.requestId})` : ""),
      details,
    );
  }
  if (error instanceof NotFoundError) {
    const served = await discoverVersions(session, attempt.authUrl.base);
    return new ConfigError(
      `Keystone at ${attempt.authUrl.base} does not serve identity v${attempt.authUrl.apiVersion} ` +
        `(${error.method ?? "POST"} ${attempt.authUrl.tokensUrl} returned 404), which authVersion ` +
        `${attempt.authVersion} needs. ${suggestion(attempt, served)}`,
      safeDetails(error, attempt),
    );
  }
  return error;
}

const MISSING_THING = /^could not find (application credential|user|project|domain|role|trust|token)\b/i;

function safeDetails(error: OpenStackError, attempt: AuthAttempt) {
  return {
    status: error.status,
    method: error.method,
    url: error.url,
    requestId: error.requestId,
    serviceMessage: error.serviceMessage ? redactText(error.serviceMessage, attempt.secrets) : undefined,
  };
}

export interface ServedVersion {
  /** "v3.14", "v2.0". */
  id: string;
  status?: string;
  /** The version's root as Keystone links it. */
  href?: string;
}

/**
 * The identity versions a Keystone lists at its root (300 Multiple Choices with {"versions": {"values": [...]}},
 * or 200 with {"version": {...}}). Best effort: any failure gives an empty list.
 */
export async function discoverVersions(session: HttpSession, base: string): Promise<ServedVersion[]> {
  try {
    const response = await session.send({
      method: "GET",
      url: `${base}/`,
      acceptStatuses: [300],
      noRetry: true,
    });
    return parseVersionDocument(response.data);
  } catch {
    return [];
  }
}

export function parseVersionDocument(data: unknown): ServedVersion[] {
  if (!isObject(data)) return [];
  let values: unknown[] = [];
  if (isObject(data.versions) && Array.isArray(data.versions.values)) values = data.versions.values;
  else if (Array.isArray(data.versions)) values = data.versions;
  else if (isObject(data.version)) values = [data.version];
  const out: ServedVersion[] = [];
  for (const v of values) {
    if (!isObject(v) || typeof v.id !== "string") continue;
    const self = Array.isArray(v.links)
      ? v.links.find((l): l is Record<string, unknown> => isObject(l) && l.rel === "self")
      : undefined;
    const version: ServedVersion = { id: v.id };
    if (typeof v.status === "string") version.status = v.status;
    if (self && typeof self.href === "string") version.href = self.href;
    out.push(version);
  }
  return out;
}

function suggestion(attempt: AuthAttempt, served: ServedVersion[]): string {
  const { base } = attempt.authUrl;
  const v3 = served.find((v) => /^v3(\.|$)/.test(v.id));
  const v2 = served.find((v) => /^v2\.0/.test(v.id));
  const listed = served.length > 0 ? `It serves ${served.map((v) => v.id).join(", ")}. ` : "";
  if (attempt.authUrl.apiVersion !== "3" && (v3 || served.length === 0)) {
    const root = v3?.href?.replace(/\/+$/, "") ?? `${base}/v3`;
    return (
      listed +
      `Use authUrl ${root} with authVersion 3.x_password (or 3.x_appcred / 3.x_token), or leave ` +
      `authVersion unset` +
      (attempt.authUrl.apiVersion === "2.0" ? " (Keystone dropped v2.0 in the Queens release)." : ".")
    );
  }
  if (attempt.authUrl.apiVersion === "3" && v2 && !v3) {
    return `${listed}Use authUrl ${v2.href?.replace(/\/+$/, "") ?? `${base}/v2.0`} with authVersion 2.0_password.`;
  }
  return (
    listed +
    `Check authUrl: Keystone is usually at https://HOST:5000/v3 or, behind a web server, at a path such as ` +
    `https://HOST/identity/v3 — include that path.`
  );
}

/**
 * A token response without the token. The message opens with Apache Libcloud's wording ("Missing
 * X-Auth-Token in response headers", "Auth JSON response is missing required elements"), which is what
 * users search for, then says what was asked of whom.
 */
export function malformed(
  attempt: AuthAttempt,
  missing: { header: string } | { element: string },
  note = "",
): MalformedResponseError {
  const head =
    "header" in missing
      ? `Missing ${missing.header} in response headers`
      : `Auth JSON response is missing required elements: ${missing.element}`;
  return new MalformedResponseError(
    `${head}. Keystone at ${attempt.authUrl.tokensUrl} answered authVersion ${attempt.authVersion} ` +
      `without it${note}. Check that authUrl is the identity service itself (not a proxy's page or another ` +
      `service) and that authVersion is one it serves.`,
    { url: attempt.authUrl.tokensUrl },
  );
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function optionalString(obj: unknown, key: string): string | undefined {
  if (!isObject(obj)) return undefined;
  const value = obj[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}
