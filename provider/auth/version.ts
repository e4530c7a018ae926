// Which authentication protocol the options ask for: the explicit authVersion, else what the authUrl's path
// and the credentials given say.
import { AUTH_VERSIONS, type AuthVersion, type OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import { parseAuthUrl } from "./url";

/** A value the user set: undefined, null and "" (an empty environment variable) are not set. */
export function given(value: string | undefined | null): value is string {
  return value !== undefined && value !== null && value !== "";
}

export function hasApplicationCredential(options: OpenStackClientOptions): boolean {
  return (
    given(options.applicationCredentialId) ||
    given(options.applicationCredentialName) ||
    given(options.applicationCredentialSecret)
  );
}

/**
 * The protocol to use, canonical ("2.0" is returned as "2.0_apikey", its Libcloud meaning):
 *  - authVersion when given;
 *  - else the authUrl's version path: v1.0 → 1.0, v1.1 → 1.1, v2.0 → 2.0_apikey with an apiKey,
 *    2.0_password otherwise;
 *  - else (a v3 path or none) 3.x_appcred when an application credential is given, 3.x_token when a token
 *    and no password is, 3.x_password otherwise.
 */
export function resolveAuthVersion(options: OpenStackClientOptions): AuthVersion {
  const explicit = options.authVersion as string | undefined;
  if (given(explicit)) {
    if (!(AUTH_VERSIONS as readonly string[]).includes(explicit)) {
      throw new ConfigError(`authVersion "${explicit}" is not one of ${AUTH_VERSIONS.join(", ")}`);
    }
    return explicit === "2.0" ? "2.0_apikey" : (explicit as AuthVersion);
  }
  const pathVersion = given(options.authUrl) ? parseAuthUrl(options.authUrl).pathVersion : undefined;
  switch (pathVersion) {
    case "1.0":
    case "1.1":
      return pathVersion;
    case "2.0":
      if (given(options.apiKey) && given(options.password)) {
        throw new ConfigError(
          "Both apiKey and password are given for a Keystone v2.0 authUrl: set authVersion to 2.0_apikey " +
            "or 2.0_password, or give only one of them",
        );
      }
      return given(options.apiKey) ? "2.0_apikey" : "2.0_password";
    default:
      if (hasApplicationCredential(options)) return "3.x_appcred";
      if (given(options.token) && !given(options.password)) return "3.x_token";
      return "3.x_password";
  }
}
