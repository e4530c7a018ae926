// The Keystone URL as users write it: with the version path (".../v3", ".../v2.0/tokens") or without
// (".../identity", "https://keystone:5000"), in which case the path of the chosen version is added.
import { ConfigError } from "../errors";
import type { AuthVersion } from "../client/options";

/** The identity API a protocol talks to: 1.0 and 1.1 are the Rackspace-era protocols, 2.0 and 3 Keystone's. */
export type ApiVersion = "1.0" | "1.1" | "2.0" | "3";

export interface AuthUrl {
  /** Without the version path and trailing slash (version discovery answers here). */
  base: string;
  /** The version the given URL's path named, when it named one. */
  pathVersion?: ApiVersion;
  apiVersion: ApiVersion;
  /** The version's root: base + "/v3", "/v2.0", "/v1.1" or "/v1.0". */
  root: string;
  /** Where credentials are sent: …/v3/auth/tokens, …/v2.0/tokens, …/v1.1/auth, …/v1.0. */
  tokensUrl: string;
}

const VERSION_PATHS: ReadonlyArray<{ pattern: RegExp; version: ApiVersion }> = [
  { pattern: /\/v1\.0$/i, version: "1.0" },
  { pattern: /\/v1\.1(\/auth)?$/i, version: "1.1" },
  { pattern: /\/v2\.0(\/tokens)?$/i, version: "2.0" },
  { pattern: /\/v3(\/auth\/tokens)?$/i, version: "3" },
];

const ROOT_PATH: Readonly<Record<ApiVersion, string>> = {
  "1.0": "/v1.0",
  "1.1": "/v1.1",
  "2.0": "/v2.0",
  "3": "/v3",
};
const TOKENS_PATH: Readonly<Record<ApiVersion, string>> = {
  "1.0": "",
  "1.1": "/auth",
  "2.0": "/tokens",
  "3": "/auth/tokens",
};

export function apiVersionOf(authVersion: AuthVersion): ApiVersion {
  if (authVersion === "1.0" || authVersion === "1.1") return authVersion;
  return authVersion.startsWith("2.0") ? "2.0" : "3";
}

/** Splits a Keystone URL into its base and the version its path names. Throws ConfigError for a bad URL. */
export function parseAuthUrl(authUrl: string | undefined): { base: string; pathVersion?: ApiVersion } {
  if (authUrl === undefined || authUrl.trim() === "") {
    throw new ConfigError(
      "authUrl is required: the Keystone URL, e.g. https://keystone.example.com:5000/v3 (OS_AUTH_URL)",
    );
  }
  let url: URL;
  try {
    url = new URL(authUrl.trim());
  } catch {
    throw new ConfigError(
      `authUrl "${authUrl}" is not a URL: write it like https://keystone.example.com:5000/v3`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`authUrl "${url.protocol}//${url.host}…" must be an http or https URL`);
  }
  if (url.username || url.password) {
    throw new ConfigError("authUrl must not contain credentials: give them as username/password options");
  }
  if (url.search || url.hash) {
    throw new ConfigError(`authUrl ${url.origin}${url.pathname} must not have a query string or fragment`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  for (const { pattern, version } of VERSION_PATHS) {
    const match = pattern.exec(path);
    if (match) return { base: url.origin + path.slice(0, match.index), pathVersion: version };
  }
  return { base: url.origin + path };
}

/**
 * The URLs of the given protocol on this Keystone. A URL whose path names another API version than the
 * protocol's is a ConfigError (a v2.0 URL with authVersion 3.x_password would send v3 requests to v2.0).
 */
export function normaliseAuthUrl(authUrl: string | undefined, version: AuthVersion | ApiVersion): AuthUrl {
  const { base, pathVersion } = parseAuthUrl(authUrl);
  const apiVersion = version === "3" ? "3" : apiVersionOf(version);
  if (pathVersion !== undefined && pathVersion !== apiVersion) {
    throw new ConfigError(
      `authUrl ${base}${ROOT_PATH[pathVersion]} is a Keystone v${pathVersion} URL but authVersion ` +
        `${version} talks to v${apiVersion}: use authUrl ${base}${ROOT_PATH[apiVersion]} (or ${base}), ` +
        `or leave authVersion unset to use v${pathVersion}`,
    );
  }
  const root = base + ROOT_PATH[apiVersion];
  const result: AuthUrl = { base, apiVersion, root, tokensUrl: root + TOKENS_PATH[apiVersion] };
  if (pathVersion !== undefined) result.pathVersion = pathVersion;
  return result;
}
