// The options an OpenStackClient takes. Names follow the OpenStack CLI / @pulumi/openstack where they
// exist; the Apache Libcloud option each one plays the role of is given in brackets.

export const AUTH_VERSIONS = [
  "1.0",
  "1.1",
  "2.0",
  "2.0_apikey",
  "2.0_password",
  "3.x_password",
  "3.x_appcred",
  "3.x_token",
] as const;
export type AuthVersion = (typeof AUTH_VERSIONS)[number];

export type EndpointInterface = "public" | "internal" | "admin";

/** The options that hold a secret: never printed, logged or put in a message. */
export const SECRET_OPTIONS = [
  "password",
  "apiKey",
  "applicationCredentialSecret",
  "token",
  "authToken",
  "clientKey",
] as const satisfies ReadonlyArray<keyof OpenStackClientOptions>;

export interface OpenStackClientOptions {
  /** Keystone URL, with a version path (…/v3) or without, then the version's default path is added. [ex_force_auth_url] */
  authUrl?: string;
  /** Authentication protocol; inferred from authUrl's path, else 3.x_password. [ex_force_auth_version] */
  authVersion?: AuthVersion;

  username?: string;
  userId?: string;
  password?: string;
  /** API key for 1.x and 2.0_apikey. */
  apiKey?: string;
  /** Project (tenant) name. [ex_tenant_name] */
  tenantName?: string;
  /** Alias of tenantName. */
  projectName?: string;
  tenantId?: string;
  /** Alias of tenantId. */
  projectId?: string;
  userDomainName?: string;
  userDomainId?: string;
  projectDomainName?: string;
  projectDomainId?: string;
  /** Domain scope (v3): a token scoped to this domain rather than a project. */
  domainName?: string;
  domainId?: string;
  /** System scope (v3), e.g. "all". */
  system?: string;

  applicationCredentialId?: string;
  applicationCredentialName?: string;
  applicationCredentialSecret?: string;

  /** An existing token to exchange for a new one (3.x_token). */
  token?: string;
  /** A token to use as it is: Keystone is not asked for one. [ex_force_auth_token] */
  authToken?: string;

  /** Compute endpoint to use instead of the catalog's. [ex_force_base_url] */
  baseUrl?: string;
  /** Per service type, an endpoint to use instead of the catalog's. */
  endpointOverrides?: Record<string, string>;
  /** Default service type for request() without one. [ex_force_service_type] */
  serviceType?: string;
  /** Catalog service name to prefer. [ex_force_service_name] */
  serviceName?: string;
  /** Catalog region. [ex_force_service_region] */
  region?: string;
  /** Endpoint interface; "publicURL"-style names are accepted. Default public. */
  interface?: EndpointInterface | "publicURL" | "internalURL" | "adminURL";

  caCertFile?: string;
  /** Client TLS certificate (PEM): a file path or the PEM text itself. [@pulumi/openstack cert] */
  clientCert?: string;
  /** Its private key (PEM): a file path or the PEM text itself; a secret. [@pulumi/openstack key] */
  clientKey?: string;
  insecure?: boolean;
  /** Per-request timeout in milliseconds (default 60000). */
  timeoutMs?: number;
  /** Retries of a failed idempotent request (default 3). */
  maxRetries?: number;
  /** A token is renewed this many seconds before it expires (default 120). */
  tokenRefreshMarginSeconds?: number;
  /** Log requests and responses, secrets masked; a path writes the log to that file. Also OPENSTACK_DEBUG. */
  debug?: boolean | string;
}
