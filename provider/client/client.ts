// OpenStackClient: authentication (through the auth plugins and the shared token cache), endpoint
// selection (catalog, or the forced base URL / per-service overrides), and authenticated requests with
// one re-authentication on 401 and compute microversion negotiation.
import { createHash } from "node:crypto";
import { createAuthPlugin, fetchTokenCatalog, normaliseAuthUrl, resolveAuthVersion } from "../auth";
import type { AuthPlugin, AuthResult } from "../auth/types";
import { ServiceCatalog } from "../catalog/catalog";
import { canonicalServiceType } from "../catalog/service-types";
import { AuthenticationError, EmptyCatalogError, NotFoundError, type OpenStackError } from "../errors";
import { HttpSession, type HttpMethod, type HttpResponse, type QueryValue } from "../session/http";
import { redactUrl } from "../session/redact";
import { discoverRange, microversionHeaders, negotiate, parseMicroversion } from "./microversion";
import type { EndpointInterface, OpenStackClientOptions } from "./options";
import { defineInspection, printableOptions } from "./inspect";
import { withTlsHint } from "./tls-hint";
import { validateOptions } from "./validate-options";
import { cachedAuth, dropToken } from "./token-cache";

export interface EndpointQuery {
  serviceType: string;
  serviceName?: string;
  region?: string;
  interface?: EndpointInterface | "publicURL" | "internalURL" | "adminURL";
}

export interface ServiceRequest {
  method?: HttpMethod;
  /** Path below the service endpoint, e.g. "/servers/detail"; or an absolute URL (pagination links). */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** The highest microversion the caller can use; the server's maximum is sent when it is lower. */
  microversion?: string;
  /** Statuses to return rather than throw. */
  acceptStatuses?: number[];
  responseType?: "json" | "buffer";
  timeoutMs?: number;
  noRetry?: boolean;
  /** false for a PUT that is not idempotent: see HttpRequest. */
  idempotent?: boolean;
}

const DEFAULT_MARGIN_SECONDS = 120;

export class OpenStackClient {
  readonly options: Readonly<OpenStackClientOptions>;
  readonly session: HttpSession;
  private readonly plugin?: AuthPlugin;
  private readonly cacheKey: string;

  /** Validates the options; sends nothing. */
  constructor(options: OpenStackClientOptions) {
    const valid = validateOptions(options);
    this.options = Object.freeze(
      defineInspection(valid, "OpenStackClientOptions", () => printableOptions(valid)),
    );
    defineInspection(this, "OpenStackClient", () => ({
      authUrl: this.options.authUrl !== undefined ? redactUrl(this.options.authUrl) : undefined,
      auth: this.plugin ?? "authToken (forced token)",
      options: this.options,
    }));
    this.session = new HttpSession({
      timeoutMs: this.options.timeoutMs,
      maxRetries: this.options.maxRetries,
      caCertFile: this.options.caCertFile,
      clientCert: this.options.clientCert,
      clientKey: this.options.clientKey,
      insecure: this.options.insecure,
      debug: this.options.debug,
    });
    if (this.options.authToken) {
      // a forced token skips Keystone; its catalog, when needed, comes from GET /v3/auth/tokens
      this.cacheKey = `forced|${this.options.authUrl ?? ""}|${digest(this.options.authToken)}`;
    } else {
      this.plugin = createAuthPlugin(this.options);
      this.cacheKey = this.plugin.cacheKey();
    }
  }

  /** A token (cached, renewed shortly before expiry) with its catalog, user and project. */
  authenticate(): Promise<AuthResult> {
    const margin = this.options.tokenRefreshMarginSeconds ?? DEFAULT_MARGIN_SECONDS;
    return cachedAuth(this.cacheKey, margin, async () => {
      try {
        return await this.authenticateNow();
      } catch (error) {
        throw withTlsHint(error);
      }
    });
  }

  /** The URL of a service: an override when one is set, else from the catalog. */
  async endpoint(query: EndpointQuery): Promise<string> {
    const forced = this.forcedEndpoint(query.serviceType);
    if (forced) return forced;
    const auth = await this.authenticate();
    return this.catalogEndpoint(auth, query);
  }

  /** An authenticated request to a service, by service type ("compute", "network", "image", ...). */
  async request<T = unknown>(serviceType: string, request: ServiceRequest): Promise<HttpResponse<T>> {
    const forced = this.forcedEndpoint(serviceType);
    for (let attempt = 0; ; attempt++) {
      const auth = await this.authenticate();
      const base = forced ?? this.catalogEndpoint(auth, { serviceType });
      const headers: Record<string, string> = { ...request.headers, "X-Auth-Token": auth.token };
      if (request.microversion) {
        const wanted = parseMicroversion(request.microversion);
        const version = negotiate(wanted, await discoverRange(this.session, base, auth.token));
        if (version) Object.assign(headers, microversionHeaders(canonicalServiceType(serviceType), version));
      }
      try {
        return await this.session.send<T>({
          method: request.method ?? "GET",
          url: joinUrl(base, request.path),
          query: request.query,
          body: request.body,
          headers,
          acceptStatuses: request.acceptStatuses,
          responseType: request.responseType,
          timeoutMs: request.timeoutMs,
          noRetry: request.noRetry,
          idempotent: request.idempotent,
        });
      } catch (error) {
        // A token revoked or expired early: forget it and try once more with a new one.
        // A forced token cannot be renewed, so its 401 is final.
        if (error instanceof AuthenticationError && attempt === 0 && !this.options.authToken) {
          dropToken(this.cacheKey, auth.token);
          continue;
        }
        if (error instanceof AuthenticationError && this.options.authToken) {
          throw new AuthenticationError(
            `${error.message}. The token given as authToken (ex_force_auth_token) was refused and cannot be ` +
              `renewed: pass a fresh token, or credentials instead`,
            error,
          );
        }
        if (error instanceof NotFoundError && forced) throw forcedNotFound(error, serviceType, forced);
        throw withTlsHint(error);
      }
    }
  }

  private async authenticateNow(): Promise<AuthResult> {
    if (this.plugin) return this.plugin.authenticate(this.session);
    const token = this.options.authToken!;
    const authUrl = this.options.authUrl;
    // As Libcloud's ex_force_auth_token + ex_force_base_url: with a base URL, Keystone is not asked at all.
    // Without one, the catalog is read from Keystone v3 only; an explicit authVersion 1.x/2.0 has none.
    if (authUrl && !this.options.baseUrl && resolveAuthVersion(this.options).startsWith("3")) {
      return fetchTokenCatalog(this.session, normaliseAuthUrl(authUrl, "3.x_token"), token);
    }
    return { token, catalog: ServiceCatalog.empty(), authVersion: "forced" };
  }

  private forcedEndpoint(serviceType: string): string | undefined {
    const type = canonicalServiceType(serviceType);
    for (const [key, url] of Object.entries(this.options.endpointOverrides ?? {})) {
      if (canonicalServiceType(key) === type) return url;
    }
    const baseUrlService = canonicalServiceType(this.options.serviceType ?? "compute");
    if (this.options.baseUrl && type === baseUrlService) return this.options.baseUrl;
    return undefined;
  }

  private catalogEndpoint(auth: AuthResult, query: EndpointQuery): string {
    if (this.options.authToken && auth.catalog.entries.length === 0) {
      throw new EmptyCatalogError(
        `No endpoint for service type "${query.serviceType}": the token given as authToken ` +
          `(ex_force_auth_token) has no catalog here. Its catalog is read only from a Keystone v3 authUrl, ` +
          `and Keystone is not asked at all when baseUrl (ex_force_base_url) is set. Set endpointOverrides ` +
          `for ${query.serviceType} (or baseUrl with serviceType), or drop baseUrl and give a v3 authUrl.`,
      );
    }
    const sameService = query.serviceType === this.options.serviceType;
    return auth.catalog.endpointFor({
      serviceType: query.serviceType,
      serviceName: query.serviceName ?? (sameService ? this.options.serviceName : undefined),
      region: query.region ?? this.options.region,
      interface: query.interface ?? this.options.interface,
    });
  }
}

function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}

export function joinUrl(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function forcedNotFound(error: NotFoundError, serviceType: string, url: string): OpenStackError {
  return new NotFoundError(
    `${error.message}. Resource not found at the forced ${serviceType} endpoint ${url}: if this happens for ` +
      `every request, check that baseUrl / endpointOverrides point at the ${serviceType} service (with its ` +
      `version path) and not at Keystone.`,
    error,
  );
}
