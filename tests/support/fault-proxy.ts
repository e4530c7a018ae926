// A loopback proxy between a client and a cloud that drops, delays or fakes answers on demand. It fronts
// Keystone and rewrites the catalog in token responses (and every upstream URL in any answer) so that
// every service is reached through it: http://127.0.0.1:<port>/<upstream host:port>/<path>.
//
//   const proxy = await startFaultProxy("http://127.0.0.1:5000/v3");
//   proxy.inject({ method: "POST", path: /\/v2\.0\/networks$/, fault: { kind: "lose-response" } });
//   ... point the client at proxy.authUrl ...
//   await proxy.stop();
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  /** Forwarded, the service acts; then the client's connection is cut before any answer. */
  | { kind: "lose-response" }
  /** Forwarded, the service acts; the client gets a gateway's 503 instead of the answer. */
  | { kind: "gateway-after"; status?: number }
  /** The connection is cut before anything is forwarded. */
  | { kind: "reset-before" }
  /** Answered here, not forwarded; `body` may be built from the request's body. */
  | {
      kind: "answer";
      status: number;
      headers?: Record<string, string>;
      body?: string | ((requestBody: Buffer) => string);
    }
  /** Held this long, then forwarded if the client is still waiting. */
  | { kind: "stall"; ms: number };

export interface FaultRule {
  /** Matched against the upstream method; any when absent. */
  method?: string;
  /** Matched against the upstream path (with query); any when absent. */
  path?: RegExp;
  /** Service type from the catalog ("identity", "compute", "network", "image", "placement"). */
  service?: string;
  /** Matching requests let through unharmed before the fault applies (default 0). */
  skip?: number;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Among matching requests, the chance of each to get the fault (default 1). */
  probability?: number;
  fault: Fault;
}

export interface ProxiedRequest {
  method: string;
  service: string;
  path: string;
  /** The upstream status, or the fault applied. */
  outcome: number | Fault["kind"];
  /** What the service answered, when the request reached it (also under a fault). */
  upstream?: number;
}

export interface FaultProxy {
  /** Keystone's URL through the proxy (same path as the upstream auth URL). */
  authUrl: string;
  /** Adds a rule; rules are tried in the order given. */
  inject(rule: FaultRule): void;
  /** Removes every rule (requests pass unharmed). */
  clear(): void;
  /** Every request seen, in order. */
  readonly requests: ProxiedRequest[];
  stop(): Promise<void>;
}

interface LiveRule extends FaultRule {
  seen: number;
  applied: number;
}

const ENVOY_RESET =
  "upstream connect error or disconnect/reset before headers. reset reason: connection termination";

export async function startFaultProxy(upstreamAuthUrl: string): Promise<FaultProxy> {
  const keystone = new URL(upstreamAuthUrl);
  const rules: LiveRule[] = [];
  const requests: ProxiedRequest[] = [];
  // upstream origin ("http://127.0.0.1:9696") → service type, learnt from the catalogs that pass
  const services = new Map<string, string>([[keystone.origin, "identity"]]);
  let base = "";

  const through = (origin: string) => `${base}/${new URL(origin).host}`;
  const rewrite = (text: string) => {
    let out = text;
    for (const origin of services.keys()) out = out.split(origin).join(through(origin));
    return out;
  };
  const learnCatalog = (text: string) => {
    try {
      const body = JSON.parse(text) as {
        token?: { catalog?: Array<{ type: string; endpoints: Array<{ url: string }> }> };
      };
      for (const s of body.token?.catalog ?? [])
        for (const e of s.endpoints) services.set(new URL(e.url).origin, s.type);
    } catch {
      // not a token body
    }
  };
  const pick = (method: string, service: string, path: string): Fault | undefined => {
    for (const rule of rules) {
      if (rule.method && rule.method !== method) continue;
      if (rule.service && rule.service !== service) continue;
      if (rule.path && !rule.path.test(path)) continue;
      rule.seen++;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.applied >= (rule.times ?? 1)) continue;
      if (rule.probability !== undefined && Math.random() >= rule.probability) continue;
      rule.applied++;
      return rule.fault;
    }
    return undefined;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void handle(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(`fault proxy: ${(error as Error).message}`);
      });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const m = /^\/([^/]+)(\/.*)?$/.exec(req.url ?? "/");
    if (!m) throw new Error(`no upstream in ${req.url}`);
    const origin = `http://${m[1]}`;
    const path = m[2] ?? "/";
    const method = req.method ?? "GET";
    const service = services.get(origin) ?? "unknown";
    const record = (outcome: ProxiedRequest["outcome"], upstream?: number) =>
      requests.push({ method, service, path, outcome, upstream });
    const fault = pick(method, service, path);

    if (fault?.kind === "reset-before") {
      record(fault.kind);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "answer") {
      record(fault.kind);
      const text = typeof fault.body === "function" ? fault.body(body) : (fault.body ?? "");
      res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
      res.end(text);
      return;
    }
    if (fault?.kind === "stall") {
      await new Promise((r) => setTimeout(r, fault.ms));
      if (req.socket.destroyed) {
        record("stall");
        return;
      }
    }

    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === "string" && !["host", "connection", "accept-encoding", "content-length"].includes(k))
        headers[k] = v;
    }
    const upstream = await fetch(`${origin}${path}`, {
      method,
      headers,
      body: ["GET", "HEAD"].includes(method) ? undefined : body,
      redirect: "manual",
    });
    const raw = Buffer.from(await upstream.arrayBuffer());
    const type = upstream.headers.get("content-type") ?? "";
    let out = raw;
    if (/json|text|html/.test(type)) {
      const text = raw.toString("utf8");
      if (service === "identity") learnCatalog(text);
      out = Buffer.from(rewrite(text));
    }

    if (fault?.kind === "lose-response") {
      record(fault.kind, upstream.status);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "gateway-after") {
      record(fault.kind, upstream.status);
      res.writeHead(fault.status ?? 503, { "content-type": "text/plain" });
      res.end(ENVOY_RESET);
      return;
    }
    record(fault?.kind === "stall" ? "stall" : upstream.status, upstream.status);
    const back: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (
        !["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(k)
      )
        back[k] = k === "location" ? rewrite(v) : v;
    });
    res.writeHead(upstream.status, { ...back, "content-length": String(out.length) });
    res.end(out);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authUrl: `${through(keystone.origin)}${keystone.pathname}`,
    inject: (rule) => rules.push({ ...rule, seen: 0, applied: 0 }),
    clear: () => (rules.length = 0),
    requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
