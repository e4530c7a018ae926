// Parsers for values that arrive as strings (environment, Pulumi config, YAML scalars). Each error
// names the key it came from and what would have been valid; the rejected value is quoted only
// because none of these keys holds a secret.
import { AUTH_VERSIONS, type AuthVersion, type EndpointInterface } from "../client/options";
import { ConfigError } from "../errors";

function invalid(key: string, valid: string, got: unknown): ConfigError {
  return new ConfigError(`${key} must be ${valid}, got ${JSON.stringify(got)}`);
}

const TRUE = ["true", "yes", "1", "on"];
const FALSE = ["false", "no", "0", "off"];

export function parseBoolean(key: string, raw: string | boolean): boolean {
  if (typeof raw === "boolean") return raw;
  const v = raw.trim().toLowerCase();
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw invalid(key, `true or false (also ${TRUE.slice(1).join("/")} or ${FALSE.slice(1).join("/")})`, raw);
}

const INTERFACES: Record<string, EndpointInterface> = {
  public: "public",
  publicurl: "public",
  internal: "internal",
  internalurl: "internal",
  admin: "admin",
  adminurl: "admin",
};

/** Accepts the Keystone v3 names and the v2 "publicURL" forms; returns the v3 name. */
export function parseInterface(key: string, raw: string): EndpointInterface {
  const found = INTERFACES[raw.trim().toLowerCase()];
  if (!found) throw invalid(key, "one of public, internal, admin (or publicURL, internalURL, adminURL)", raw);
  return found;
}

export function parseAuthVersion(key: string, raw: string): AuthVersion {
  const found = AUTH_VERSIONS.find((v) => v === raw.trim());
  if (!found) throw invalid(key, `one of ${AUTH_VERSIONS.join(", ")}`, raw);
  return found;
}

/** Whole numbers only: "1.5" retries or "10s" as milliseconds are mistakes worth reporting. */
export function parseCount(key: string, raw: string | number, min: number): number {
  const n = typeof raw === "number" ? raw : /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw invalid(key, `a whole number >= ${min}`, raw);
  return n;
}

/** A JSON object (or an already parsed one) mapping service type to URL. */
export function parseEndpointOverrides(key: string, raw: unknown): Record<string, string> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      throw new ConfigError(
        `${key} must be a JSON object of service type to URL, e.g. {"compute":"https://…"}`,
      );
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(
      `${key} must be a JSON object of service type to URL, e.g. {"compute":"https://…"}`,
    );
  }
  const out: Record<string, string> = {};
  for (const [service, url] of Object.entries(value)) {
    if (typeof url !== "string") throw invalid(`${key}.${service}`, "a URL string", url);
    if (url.trim() !== "") out[service] = url;
  }
  return out;
}

/** Identity API versions the CLI accepts in OS_IDENTITY_API_VERSION / identity_api_version. */
export function parseIdentityApiVersion(key: string, raw: string): 2 | 3 {
  const v = raw.trim();
  if (v === "2" || v === "2.0") return 2;
  if (v === "3") return 3;
  throw invalid(key, "one of 2, 2.0, 3", raw);
}

const AUTH_TYPES = ["password", "v3password", "v2password", "v3applicationcredential", "token", "v3token"];

/**
 * Maps a keystoneauth plugin name (OS_AUTH_TYPE, clouds.yaml auth_type) plus the identity API version
 * to an authVersion and the key that decided it. Generic password auth is left unset unless the API
 * version says v2, so the client infers it from the auth URL; v3 being the default, "3" adds nothing.
 */
export function authVersionFor(
  authType: { key: string; value: string } | undefined,
  apiVersion: { key: string; value: 2 | 3 } | undefined,
): { value: AuthVersion; key: string } | undefined {
  const type = authType?.value.trim().toLowerCase();
  const byType = (value: AuthVersion) => ({ value, key: authType?.key ?? "" });
  switch (type) {
    case undefined:
    case "password":
      return apiVersion?.value === 2 ? { value: "2.0_password", key: apiVersion.key } : undefined;
    case "v3password":
      return undefined;
    case "v2password":
      return byType("2.0_password");
    case "v3applicationcredential":
      return byType("3.x_appcred");
    case "token":
    case "v3token":
      return byType("3.x_token");
    default:
      throw invalid(authType?.key ?? "auth type", `one of ${AUTH_TYPES.join(", ")}`, authType?.value);
  }
}
