// A fake Keystone on 127.0.0.1 for tests: it answers the real wire shapes of auth 1.0 (headers), 1.1
// (catalog keyed by service name), v2.0 (access) and v3 (token body + X-Subject-Token header, and
// GET /v3/auth/tokens), records every request, counts authentications, and fails on demand. Tests may
// register their own routes, e.g. a compute API that answers 401 once the token is revoked:
//
//   const ks = await startFakeKeystone();
//   ks.route("GET", "/compute/v2.1/servers/detail", () => ({ body: { servers: [] } }), { requireToken: true });
//   ...
//   await ks.stop();
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeApiVersion = "1.0" | "1.1" | "2.0" | "3";
export type FakeInterface = "public" | "internal" | "admin";

export interface FakeEndpointSpec {
  interface: FakeInterface;
  /** "{origin}" becomes http://127.0.0.1:PORT, "{keystone}" the Keystone URL (origin + pathPrefix). */
  url: string;
  /** Both are sent as given: real Keystones send region and region_id; old ones only region. */
  region?: string;
  region_id?: string;
  id?: string;
}

/** One catalog service, in v3 form; v2.0, v1.1 and v1.0 renderings are derived from it. */
export interface FakeServiceSpec {
  type: string;
  name?: string;
  id?: string;
  endpoints: FakeEndpointSpec[];
}

export interface FakeUser {
  id: string;
  name: string;
  domain: { id: string; name: string };
}

export interface FakeProject {
  id: string;
  name: string;
  domain: { id: string; name: string };
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as it is (text/html when it starts with "<"). */
  body?: unknown;
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Path only. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, the text otherwise, undefined when empty. */
  body: unknown;
  rawBody: string;
}

export type FakeHandler = (
  request: RecordedRequest,
  keystone: FakeKeystone,
) => FakeResponse | Promise<FakeResponse>;

/** Canned failures of the next authentication requests. */
export type FakeFailure =
  | "unauthorized" // 401 in the version's error shape
  | "not-found-html" // 404 with a web server's HTML page
  | "server-error" // 500 Keystone JSON error
  | "service-unavailable" // 503
  | "malformed-body" // 2xx whose body has none of the expected fields
  | "html-body" // 200 with an HTML page (a login portal, a proxy)
  | "no-token" // the usual body without the token: no X-Subject-Token (v3), X-Auth-Token (1.0) or token id
  | FakeResponse;

export interface FakeKeystoneOptions {
  /** Where Keystone is mounted, e.g. "/identity" as in devstack. Default "" (the root). */
  pathPrefix?: string;
  /** API versions answered; the others get Keystone's 404. Default all four. */
  versions?: FakeApiVersion[];
  /** Default: identity, compute, network, image, volumev3 and object-store in RegionOne (see defaultCatalog). */
  catalog?: FakeServiceSpec[];
  /**
   * Sent instead of the rendered catalog, as it is (null, [], a v1.1 dict, a string...). With
   * `omitCatalog` the key is left out of the response instead.
   */
  rawCatalog?: unknown;
  omitCatalog?: boolean;
  /** Token values handed out, in order; then "fake-token-N". */
  tokens?: string[];
  /** Lifetime of issued tokens (default 3600 s); `expires` replaces the expiry text sent, as it is. */
  tokenLifetimeSeconds?: number;
  expires?: string;
  /** The only secret (password, API key, application credential secret) accepted; any other → 401. */
  secret?: string;
  user?: FakeUser;
  /** The project of tokens scoped by name/id when the request does not say more, and of app credentials. */
  project?: FakeProject;
  /** Delay of every Keystone response, in milliseconds. */
  delayMs?: number;
}

export interface FakeKeystone {
  /** The Keystone URL without version: origin + pathPrefix. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Mutable: changes apply to the next request. */
  readonly options: FakeKeystoneOptions;
  /** Tokens issued (successful authentications). */
  readonly authCount: number;
  /** Authentication requests received, failed ones included. */
  readonly authAttempts: number;
  readonly issuedTokens: readonly string[];
  /** The next `times` authentication requests fail this way. */
  failNext(failure: FakeFailure, times?: number): void;
  /** A route of the test's own; checked before Keystone's. Returns a function that removes it. */
  route(
    method: string,
    path: string | RegExp,
    handler: FakeHandler,
    options?: { requireToken?: boolean },
  ): () => void;
  /** Whether a token was issued (or added) and is neither expired nor revoked. */
  isValidToken(token: string | undefined): boolean;
  /** Every token so far becomes invalid: services answer 401, GET /v3/auth/tokens 404. */
  revokeTokens(): void;
  /** Makes a token known, as if issued elsewhere (for authToken tests). */
  addToken(token: string, info?: { project?: FakeProject; expiresAt?: Date }): void;
  /** Requests whose path contains the text. */
  requestsTo(pathPart: string): RecordedRequest[];
  /** Forgets requests and counters (not tokens, routes or options). */
  reset(): void;
  stop(): Promise<void>;
}

export const DEFAULT_USER: FakeUser = {
  id: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69",
  name: "admin",
  domain: { id: "default", name: "Default" },
};

export const DEFAULT_PROJECT: FakeProject = {
  id: "9c4693dce56b493b9b83197d900f7fba",
  name: "demo",
  domain: { id: "default", name: "Default" },
};

/** The catalog served unless a test gives one; every URL points back at the fake server. */
export function defaultCatalog(): FakeServiceSpec[] {
  const three = (path: string, region = "RegionOne"): FakeEndpointSpec[] => [
    { interface: "public", url: `{origin}${path}`, region, region_id: region },
    { interface: "internal", url: `{origin}/internal${path}`, region, region_id: region },
    { interface: "admin", url: `{origin}/admin${path}`, region, region_id: region },
  ];
  return [
    {
      type: "identity",
      name: "keystone",
      endpoints: (["public", "internal", "admin"] as const).map((i) => ({
        interface: i,
        url: "{keystone}/v3",
        region: "RegionOne",
        region_id: "RegionOne",
      })),
    },
    { type: "compute", name: "nova", endpoints: three("/compute/v2.1") },
    { type: "network", name: "neutron", endpoints: three("/network") },
    { type: "image", name: "glance", endpoints: three("/image") },
    { type: "volumev3", name: "cinderv3", endpoints: three("/volume/v3/{project_id}") },
    { type: "object-store", name: "swift", endpoints: three("/object-store/v1/AUTH_{project_id}") },
  ];
}

const UNAUTHORIZED_V3 = {
  error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." },
};
const NOT_FOUND_KEYSTONE = {
  error: { code: 404, title: "Not Found", message: "The resource could not be found." },
};
const NOT_FOUND_HTML =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head>' +
  "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>";

interface TokenInfo {
  expiresAt: Date;
  revoked: boolean;
  project?: FakeProject;
  user: FakeUser;
  methods: string[];
}

interface Route {
  method: string;
  path: string | RegExp;
  handler: FakeHandler;
  requireToken: boolean;
}

export async function startFakeKeystone(options: FakeKeystoneOptions = {}): Promise<FakeKeystone> {
  const state = new FakeKeystoneServer(options);
  await state.listen();
  return state;
}

class FakeKeystoneServer implements FakeKeystone {
  readonly requests: RecordedRequest[] = [];
  readonly issuedTokens: string[] = [];
  authCount = 0;
  authAttempts = 0;
  origin = "";
  private readonly server: http.Server;
  private readonly routes: Route[] = [];
  private readonly failures: FakeFailure[] = [];
  private readonly tokens = new Map<string, TokenInfo>();
  private tokenCounter = 0;

  constructor(readonly options: FakeKeystoneOptions) {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => {
        res.statusCode = 500;
        res.setHeader("Content-Type", "text/plain");
        res.end(`fake keystone failed: ${error.stack ?? error.message}`);
      });
    });
  }

  get url(): string {
    return this.origin + (this.options.pathPrefix ?? "");
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        const { port } = this.server.address() as AddressInfo;
        this.origin = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  failNext(failure: FakeFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  route(
    method: string,
    path: string | RegExp,
    handler: FakeHandler,
    options: { requireToken?: boolean } = {},
  ) {
    const route: Route = {
      method: method.toUpperCase(),
      path,
      handler,
      requireToken: options.requireToken === true,
    };
    this.routes.push(route);
    return () => {
      const index = this.routes.indexOf(route);
      if (index >= 0) this.routes.splice(index, 1);
    };
  }

  isValidToken(token: string | undefined): boolean {
    const info = token !== undefined ? this.tokens.get(token) : undefined;
    return info !== undefined && !info.revoked && info.expiresAt.getTime() > Date.now();
  }

  revokeTokens(): void {
    for (const info of this.tokens.values()) info.revoked = true;
  }

  addToken(token: string, info: { project?: FakeProject; expiresAt?: Date } = {}): void {
    this.tokens.set(token, {
      expiresAt: info.expiresAt ?? new Date(Date.now() + 3600_000),
      revoked: false,
      project: info.project ?? this.options.project ?? DEFAULT_PROJECT,
      user: this.options.user ?? DEFAULT_USER,
      methods: ["password"],
    });
  }

  requestsTo(pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(pathPart));
  }

  reset(): void {
    this.requests.length = 0;
    this.issuedTokens.length = 0;
    this.authCount = 0;
    this.authAttempts = 0;
    this.failures.length = 0;
  }

  // ---- dispatch ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const recorded = await record(req);
    this.requests.push(recorded);
    const response = await this.respond(recorded);
    const delay = response.delayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    send(res, response);
  }

  private async respond(request: RecordedRequest): Promise<FakeResponse> {
    for (const route of this.routes) {
      const pathMatches =
        typeof route.path === "string" ? route.path === request.path : route.path.test(request.path);
      if (route.method !== request.method || !pathMatches) continue;
      if (route.requireToken && !this.isValidToken(request.headers["x-auth-token"])) {
        return { status: 401, body: UNAUTHORIZED_V3 };
      }
      return route.handler(request, this);
    }
    const response = this.keystone(request);
    return { ...response, delayMs: response.delayMs ?? this.options.delayMs };
  }

  private keystone(request: RecordedRequest): FakeResponse {
    const prefix = this.options.pathPrefix ?? "";
    if (!request.path.startsWith(prefix)) return { status: 404, body: NOT_FOUND_HTML };
    const path = request.path.slice(prefix.length).replace(/\/+$/, "");
    const served = this.options.versions ?? ["1.0", "1.1", "2.0", "3"];
    const m = request.method;
    if (m === "GET" && path === "") return this.versionDocument(served);
    const version: FakeApiVersion | undefined =
      m === "GET" && path === "/v1.0"
        ? "1.0"
        : m === "POST" && path === "/v1.1/auth"
          ? "1.1"
          : m === "POST" && path === "/v2.0/tokens"
            ? "2.0"
            : (m === "POST" || m === "GET") && path === "/v3/auth/tokens"
              ? "3"
              : undefined;
    if (version === undefined) return { status: 404, body: NOT_FOUND_KEYSTONE };
    if (!served.includes(version)) return { status: 404, body: NOT_FOUND_KEYSTONE };
    if (m === "GET" && version === "3") return this.validateToken(request);

    this.authAttempts++;
    const failure = this.failures.shift();
    if (failure !== undefined && typeof failure === "object") return failure;
    if (failure !== undefined && failure !== "no-token") return cannedFailure(failure, version);
    if (!this.secretAccepted(request, version)) {
      return version === "1.1"
        ? { status: 401, body: { unauthorized: { message: "Username or api key is invalid", code: 401 } } }
        : version === "1.0"
          ? { status: 401, body: "Unauthorized" }
          : { status: 401, body: UNAUTHORIZED_V3 };
    }
    const omitToken = failure === "no-token";
    switch (version) {
      case "1.0":
        return this.v1_0(omitToken);
      case "1.1":
        return this.v1_1(omitToken);
      case "2.0":
        return this.v2(request, omitToken);
      default:
        return this.v3(request, omitToken);
    }
  }

  private versionDocument(served: FakeApiVersion[]): FakeResponse {
    const values = [];
    if (served.includes("3")) values.push(versionEntry("v3.14", "stable", `${this.url}/v3/`));
    if (served.includes("2.0")) values.push(versionEntry("v2.0", "deprecated", `${this.url}/v2.0/`));
    return { status: 300, body: { versions: { values } } };
  }

  // ---- tokens ----

  private issue(
    user: FakeUser,
    project: FakeProject | undefined,
    methods: string[],
  ): { token: string; info: TokenInfo } {
    const token = this.options.tokens?.[this.tokenCounter] ?? `fake-token-${this.tokenCounter + 1}`;
    this.tokenCounter++;
    const info: TokenInfo = {
      expiresAt: new Date(Date.now() + (this.options.tokenLifetimeSeconds ?? 3600) * 1000),
      revoked: false,
      user,
      methods,
    };
    if (project) info.project = project;
    this.tokens.set(token, info);
    this.issuedTokens.push(token);
    this.authCount++;
    return { token, info };
  }

  private expiresText(info: TokenInfo, fractional: boolean): string {
    if (this.options.expires !== undefined) return this.options.expires;
    const iso = info.expiresAt.toISOString();
    return fractional ? iso.replace(/\.(\d{3})Z$/, ".$1000Z") : iso.replace(/\.\d{3}Z$/, "Z");
  }

  private secretAccepted(request: RecordedRequest, version: FakeApiVersion): boolean {
    if (version === "3") {
      const identity = get(request.body, "auth", "identity");
      const methods = get(identity, "methods");
      if (Array.isArray(methods) && methods.includes("token")) {
        return this.isValidToken(str(get(identity, "token", "id")));
      }
    }
    if (this.options.secret === undefined) return true;
    const given =
      version === "1.0"
        ? request.headers["x-auth-key"]
        : version === "1.1"
          ? str(get(request.body, "credentials", "key"))
          : version === "2.0"
            ? (str(get(request.body, "auth", "passwordCredentials", "password")) ??
              str(get(request.body, "auth", "RAX-KSKEY:apiKeyCredentials", "apiKey")))
            : (str(get(request.body, "auth", "identity", "password", "user", "password")) ??
              str(get(request.body, "auth", "identity", "application_credential", "secret")));
    return given === this.options.secret;
  }

  private catalogFor(projectId: string | undefined): FakeServiceSpec[] {
    const spec = this.options.catalog ?? defaultCatalog();
    const fill = (url: string) =>
      url
        .replace(/\{origin\}/g, this.origin)
        .replace(/\{keystone\}/g, this.url)
        .replace(/\{project_id\}/g, projectId ?? "");
    return spec.map((s) => ({ ...s, endpoints: s.endpoints.map((e) => ({ ...e, url: fill(e.url) })) }));
  }

  private publicUrl(services: FakeServiceSpec[], types: string[]): string | undefined {
    for (const s of services) {
      if (!types.includes(s.type)) continue;
      const e = s.endpoints.find((x) => x.interface === "public");
      if (e) return e.url;
    }
    return undefined;
  }

  // ---- 1.0: headers ----

  private v1_0(omitToken: boolean): FakeResponse {
    const { token } = this.issue(this.options.user ?? DEFAULT_USER, this.options.project ?? DEFAULT_PROJECT, [
      "v1",
    ]);
    const services = this.catalogFor((this.options.project ?? DEFAULT_PROJECT).id);
    const headers: Record<string, string> = {};
    if (!omitToken) headers["X-Auth-Token"] = token;
    if (!this.options.omitCatalog) {
      const compute = this.publicUrl(services, ["compute"]);
      const storage = this.publicUrl(services, ["object-store"]);
      const cdn = this.publicUrl(services, ["cdn", "rax:object-cdn"]);
      if (compute) headers["X-Server-Management-Url"] = compute;
      if (storage) headers["X-Storage-Url"] = storage;
      if (cdn) headers["X-CDN-Management-Url"] = cdn;
    }
    return { status: 204, headers };
  }

  // ---- 1.1: catalog keyed by service name ----

  private v1_1(omitToken: boolean): FakeResponse {
    const { token, info } = this.issue(
      this.options.user ?? DEFAULT_USER,
      this.options.project ?? DEFAULT_PROJECT,
      ["v1.1"],
    );
    const catalog: Record<string, unknown[]> = {};
    for (const s of this.catalogFor(info.project?.id)) catalog[s.name ?? s.type] = urlKeyed(s);
    const tokenBody: Record<string, unknown> = { expires: this.expiresText(info, false) };
    if (!omitToken) tokenBody.id = token;
    return {
      status: 200,
      body: { auth: withCatalog({ token: tokenBody }, "serviceCatalog", catalog, this.options) },
    };
  }

  // ---- v2.0: access ----

  private v2(request: RecordedRequest, omitToken: boolean): FakeResponse {
    const auth = get(request.body, "auth");
    const base = this.options.user ?? DEFAULT_USER;
    const username =
      str(get(auth, "passwordCredentials", "username")) ??
      str(get(auth, "RAX-KSKEY:apiKeyCredentials", "username"));
    const userId = str(get(auth, "passwordCredentials", "userId"));
    const user: FakeUser = { ...base, name: username ?? base.name, id: userId ?? base.id };
    const tenantName = str(get(auth, "tenantName"));
    const tenantId = str(get(auth, "tenantId"));
    const defaults = this.options.project ?? DEFAULT_PROJECT;
    const project =
      tenantName !== undefined || tenantId !== undefined
        ? { ...defaults, name: tenantName ?? defaults.name, id: tenantId ?? defaults.id }
        : undefined;
    const { token, info } = this.issue(user, project, ["password"]);
    const tokenBody: Record<string, unknown> = {
      issued_at: new Date().toISOString().replace(/Z$/, "000"),
      expires: this.expiresText(info, false),
      audit_ids: ["aZb0c1d2e3f4g5h6i7j8k9"],
    };
    if (!omitToken) tokenBody.id = token;
    if (project) tokenBody.tenant = { id: project.id, name: project.name, enabled: true, description: null };
    // An unscoped v2.0 token has an empty catalog.
    const catalog = project ? this.catalogFor(project.id).map((s) => ({ ...s, endpoints: urlKeyed(s) })) : [];
    const access = withCatalog({ token: tokenBody }, "serviceCatalog", catalog, this.options);
    access.user = {
      id: user.id,
      name: user.name,
      username: user.name,
      roles: [{ name: "member" }],
      roles_links: [],
    };
    access.metadata = { is_admin: 0, roles: ["9fe2ff9ee4384b1894a90878d3e92bab"] };
    return { status: 200, body: { access } };
  }

  // ---- v3 ----

  private v3(request: RecordedRequest, omitToken: boolean): FakeResponse {
    const auth = get(request.body, "auth");
    const identity = get(auth, "identity");
    const methods = (get(identity, "methods") as string[] | undefined) ?? [];
    const base = this.options.user ?? DEFAULT_USER;
    let user: FakeUser;
    let project: FakeProject | undefined;
    let appcred: Record<string, unknown> | undefined;
    const scope = get(auth, "scope");
    if (methods.includes("application_credential")) {
      if (scope !== undefined) {
        return {
          status: 401,
          body: {
            error: {
              code: 401,
              title: "Unauthorized",
              message: "Application credentials cannot request a scope.",
            },
          },
        };
      }
      const cred = get(identity, "application_credential");
      appcred = {
        id: str(get(cred, "id")) ?? "d832f05beee743c696672ef65ee073ff",
        name: str(get(cred, "name")) ?? "ci",
      };
      appcred.restricted = true;
      user = requestedUser(get(cred, "user"), base);
      project = this.options.project ?? DEFAULT_PROJECT;
    } else if (methods.includes("token")) {
      const previous = this.tokens.get(str(get(identity, "token", "id")) ?? "");
      user = previous?.user ?? base;
      project = previous?.project;
    } else {
      user = requestedUser(get(identity, "password", "user"), base);
    }
    const body: Record<string, unknown> = { methods, user: { ...user, password_expires_at: null } };
    const projectScope = get(scope, "project");
    const defaults = this.options.project ?? DEFAULT_PROJECT;
    if (projectScope !== undefined) {
      project = {
        id: str(get(projectScope, "id")) ?? defaults.id,
        name: str(get(projectScope, "name")) ?? defaults.name,
        domain: requestedDomain(get(projectScope, "domain"), defaults.domain),
      };
    } else if (get(scope, "domain") !== undefined) {
      project = undefined;
      body.domain = requestedDomain(get(scope, "domain"), { id: "default", name: "Default" });
    } else if (get(scope, "system") !== undefined) {
      project = undefined;
      body.system = { all: true };
    }
    const { token, info } = this.issue(user, project, methods);
    body.audit_ids = ["3T2dc1CGQxyJsHdDu1xkcw"];
    body.expires_at = this.expiresText(info, true);
    body.issued_at = new Date().toISOString().replace(/Z$/, "000Z");
    if (project) {
      body.project = project;
      body.is_domain = false;
    }
    if (appcred) body.application_credential = appcred;
    if (project || body.domain || body.system) {
      body.roles = [
        { id: "9fe2ff9ee4384b1894a90878d3e92bab", name: "member" },
        { id: "b258b68172db4403892320f784c4d503", name: "reader" },
      ];
      withCatalog(body, "catalog", this.catalogFor(project?.id), this.options);
    }
    const headers: Record<string, string> = {};
    if (!omitToken) headers["X-Subject-Token"] = token;
    return { status: 201, headers, body: { token: body } };
  }

  private validateToken(request: RecordedRequest): FakeResponse {
    if (!this.isValidToken(request.headers["x-auth-token"])) return { status: 401, body: UNAUTHORIZED_V3 };
    const subject = request.headers["x-subject-token"] ?? "";
    const info = this.tokens.get(subject);
    if (!info || !this.isValidToken(subject)) {
      return {
        status: 404,
        body: { error: { code: 404, title: "Not Found", message: `Could not find token: ${subject}.` } },
      };
    }
    const body: Record<string, unknown> = {
      methods: info.methods,
      user: info.user,
      audit_ids: ["Xj2vZc0ZQ3uOa2g2tY1E5g"],
      expires_at: this.expiresText(info, true),
      issued_at: new Date().toISOString(),
    };
    if (info.project) body.project = info.project;
    withCatalog(body, "catalog", info.project ? this.catalogFor(info.project.id) : [], this.options);
    return { status: 200, headers: { "X-Subject-Token": subject }, body: { token: body } };
  }
}

function versionEntry(id: string, status: string, href: string) {
  return {
    id,
    status,
    updated: "2023-03-04T00:00:00Z",
    "media-types": [
      { base: "application/json", type: `application/vnd.openstack.identity-${id.slice(0, 3)}+json` },
    ],
    links: [{ rel: "self", href }],
  };
}

function cannedFailure(
  failure: Exclude<FakeFailure, FakeResponse | "no-token">,
  version: FakeApiVersion,
): FakeResponse {
  switch (failure) {
    case "unauthorized":
      return version === "1.1"
        ? { status: 401, body: { unauthorized: { message: "Username or api key is invalid", code: 401 } } }
        : { status: 401, body: UNAUTHORIZED_V3 };
    case "not-found-html":
      return { status: 404, headers: { "Content-Type": "text/html" }, body: NOT_FOUND_HTML };
    case "server-error":
      return {
        status: 500,
        body: {
          error: {
            code: 500,
            title: "Internal Server Error",
            message: "An unexpected error prevented the server from fulfilling your request.",
          },
        },
      };
    case "service-unavailable":
      return {
        status: 503,
        headers: { "Content-Type": "text/html" },
        body: "<html><body>503 Service Unavailable</body></html>",
      };
    case "malformed-body":
      return {
        status: version === "3" ? 201 : 200,
        headers: version === "3" ? { "X-Subject-Token": "fake-token-malformed" } : { "X-Auth-Token": "t" },
        body: { unexpected: true },
      };
    case "html-body":
      return {
        status: 200,
        headers: { "Content-Type": "text/html", "X-Subject-Token": "fake-token-html" },
        body: "<html><body><form>Sign in</form></body></html>",
      };
  }
}

function withCatalog(
  target: Record<string, unknown>,
  key: string,
  rendered: unknown,
  options: FakeKeystoneOptions,
): Record<string, unknown> {
  if (options.omitCatalog) return target;
  target[key] = "rawCatalog" in options ? options.rawCatalog : rendered;
  return target;
}

// v2.0 / v1.1 endpoints: one object per region carrying publicURL / internalURL / adminURL.
function urlKeyed(service: FakeServiceSpec): Record<string, unknown>[] {
  const byRegion = new Map<string, Record<string, unknown>>();
  for (const e of service.endpoints) {
    const region = e.region ?? e.region_id;
    const key = region ?? "";
    const entry = byRegion.get(key) ?? (region !== undefined ? { region } : {});
    entry[`${e.interface}URL`] = e.url;
    if (e.id !== undefined && entry.id === undefined) entry.id = e.id;
    byRegion.set(key, entry);
  }
  return [...byRegion.values()];
}

function requestedDomain(
  domain: unknown,
  fallback: { id: string; name: string },
): { id: string; name: string } {
  const id = str(get(domain, "id"));
  const name = str(get(domain, "name"));
  if (id !== undefined) return { id, name: id === "default" ? "Default" : (name ?? id) };
  if (name !== undefined) return { id: name === "Default" ? "default" : `${name.toLowerCase()}-id`, name };
  return fallback;
}

function requestedUser(user: unknown, base: FakeUser): FakeUser {
  if (user === undefined) return base;
  return {
    id: str(get(user, "id")) ?? base.id,
    name: str(get(user, "name")) ?? base.name,
    domain: requestedDomain(get(user, "domain"), base.domain),
  };
}

function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

async function record(req: http.IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  let body: unknown = undefined;
  if (rawBody !== "") {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
  }
  const url = new URL(req.url ?? "/", "http://fake");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams.entries()),
    headers,
    body,
    rawBody,
  };
}

function send(res: http.ServerResponse, response: FakeResponse): void {
  const status = response.status ?? 200;
  const headers = { ...response.headers };
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  let payload: string | Buffer | undefined;
  if (response.body === undefined || status === 204) payload = undefined;
  else if (Buffer.isBuffer(response.body)) payload = response.body;
  else if (typeof response.body === "string") {
    payload = response.body;
    if (!hasType)
      headers["Content-Type"] = response.body.trimStart().startsWith("<") ? "text/html" : "text/plain";
  } else {
    payload = JSON.stringify(response.body);
    if (!hasType) headers["Content-Type"] = "application/json";
  }
  res.writeHead(status, headers);
  res.end(payload);
}
