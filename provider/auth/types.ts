import type { ServiceCatalog } from "../catalog/catalog";
import type { HttpSession } from "../session/http";
import type { OpenStackClientOptions } from "../client/options";

/** What a successful authentication yields; the token is the only secret in it. */
export interface AuthResult {
  token: string;
  /** Absent when the protocol does not say (1.0): the token is kept until a 401. */
  expiresAt?: Date;
  catalog: ServiceCatalog;
  user?: { id?: string; name?: string; domainId?: string };
  project?: { id?: string; name?: string; domainId?: string };
  /** v1.0 hands out endpoint URLs in headers rather than a catalog. */
  authVersion: string;
}

/**
 * One authentication protocol (v1.0, v2.0 password, v3 application credential, ...). Plugins are
 * small: they build their request, send it through the session and parse the answer.
 */
export interface AuthPlugin {
  /** Identifies the identity and scope for the token cache; holds no secret in clear. */
  cacheKey(): string;
  authenticate(session: HttpSession): Promise<AuthResult>;
}

export type AuthPluginFactory = (options: OpenStackClientOptions) => AuthPlugin;
