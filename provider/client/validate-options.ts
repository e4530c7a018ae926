// Checks of the options that do not depend on the authentication protocol (those are the auth
// plugins'): every problem is reported before anything is sent, naming the option and what is valid.
import { ConfigError } from "../errors";
import { AUTH_VERSIONS, type EndpointInterface, type OpenStackClientOptions } from "./options";

const INTERFACES: Record<string, EndpointInterface> = {
  public: "public",
  publicURL: "public",
  internal: "internal",
  internalURL: "internal",
  admin: "admin",
  adminURL: "admin",
};

function checkUrl(name: string, value: string | undefined): void {
  if (value === undefined) return;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw new ConfigError(`${name} "${value}" is not an http(s) URL: use http(s)://host[:port][/path]`);
  }
}

function checkPositive(name: string, value: number | undefined, allowZero: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(
      `${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${value}`,
    );
  }
}

/** A copy of the options with the interface normalised; throws ConfigError on the first problem. */
export function validateOptions(options: OpenStackClientOptions): OpenStackClientOptions {
  if (options === null || typeof options !== "object") {
    throw new ConfigError("OpenStackClient needs an options object");
  }
  const out: OpenStackClientOptions = { ...options };
  if (out.authVersion !== undefined && !(AUTH_VERSIONS as readonly string[]).includes(out.authVersion)) {
    throw new ConfigError(
      `authVersion "${String(out.authVersion)}" is not supported: use one of ${AUTH_VERSIONS.join(", ")}`,
    );
  }
  if (out.interface !== undefined) {
    const normalised = INTERFACES[out.interface];
    if (!normalised) {
      throw new ConfigError(
        `interface "${out.interface}" is not valid: use public, internal or admin (publicURL, internalURL, adminURL accepted)`,
      );
    }
    out.interface = normalised;
  }
  checkUrl("authUrl", out.authUrl);
  checkUrl("baseUrl", out.baseUrl);
  for (const [type, url] of Object.entries(out.endpointOverrides ?? {}))
    checkUrl(`endpointOverrides.${type}`, url);
  checkPositive("timeoutMs", out.timeoutMs, false);
  checkPositive("maxRetries", out.maxRetries, true);
  checkPositive("tokenRefreshMarginSeconds", out.tokenRefreshMarginSeconds, true);
  if (Boolean(out.clientCert) !== Boolean(out.clientKey)) {
    throw new ConfigError(
      `${out.clientCert ? "clientCert" : "clientKey"} is given without ${out.clientCert ? "clientKey" : "clientCert"}: ` +
        `a client TLS certificate needs its private key (cert and key in Pulumi config, OS_CERT and OS_KEY, ` +
        `cert and key in clouds.yaml)`,
    );
  }
  if (out.authToken !== undefined && out.authToken.trim() === "") {
    throw new ConfigError("authToken is empty: leave it unset to authenticate with Keystone");
  }
  if (
    out.authToken &&
    !out.baseUrl &&
    !out.authUrl &&
    Object.keys(out.endpointOverrides ?? {}).length === 0
  ) {
    throw new ConfigError(
      "authToken (ex_force_auth_token) needs to know where the services are: set baseUrl " +
        "(ex_force_base_url) or endpointOverrides, or a v3 authUrl (ex_force_auth_url) to read the token's catalog",
    );
  }
  if (!out.authToken && !out.authUrl) {
    throw new ConfigError(
      "authUrl is required (ex_force_auth_url): set openstack:authUrl, OS_AUTH_URL or a cloud in clouds.yaml " +
        "(OS_CLOUD), or pass authToken with baseUrl to skip Keystone",
    );
  }
  return out;
}
