// Plain HTTP against a cloud for tests that must not depend on the project's own client (the cloud
// checks) or that cross-check what the client did.
import type { TokenBody } from "./cloud";

export interface RestResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export class Rest {
  constructor(
    readonly token: string,
    readonly catalog: TokenBody["token"]["catalog"],
    readonly region?: string,
  ) {}

  endpoint(type: string): string {
    const service = this.catalog.find((s) => s.type === type);
    const ep = service?.endpoints.find(
      (e) => e.interface === "public" && (!this.region || (e.region_id ?? e.region) === this.region),
    );
    if (!ep) throw new Error(`no public ${type} endpoint in the catalog`);
    return ep.url.replace(/\/+$/, "");
  }

  async call<T = Record<string, unknown>>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<RestResponse<T>> {
    const raw = body instanceof Uint8Array;
    const res = await fetch(url, {
      method,
      signal: AbortSignal.timeout(60_000),
      headers: {
        "x-auth-token": this.token,
        accept: "application/json",
        ...(body === undefined
          ? {}
          : { "content-type": raw ? "application/octet-stream" : "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** Like call(), but throws unless the status is one of `expected`. */
  async expect<T = Record<string, unknown>>(
    expected: number | number[],
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    const res = await this.call<T>(method, url, body, headers);
    const ok = Array.isArray(expected) ? expected : [expected];
    if (!ok.includes(res.status)) {
      throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`);
    }
    return res.body;
  }
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 1000);
  }
}
