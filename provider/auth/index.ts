// Authentication against Keystone: createAuthPlugin turns the client options into the plugin of one
// protocol, checking every option it needs before anything is sent.
import type { OpenStackClientOptions } from "../client/options";
import { V1_0AuthPlugin } from "./v1-0";
import { V1_1AuthPlugin } from "./v1-1";
import { V2AuthPlugin } from "./v2";
import { V3AuthPlugin } from "./v3";
import type { KeystoneAuthPlugin } from "./plugin";
import { normaliseAuthUrl } from "./url";
import { resolveAuthVersion } from "./version";

export type { AuthPlugin, AuthPluginFactory, AuthResult } from "./types";
export { KeystoneAuthPlugin } from "./plugin";
export { V1_0AuthPlugin } from "./v1-0";
export { V1_1AuthPlugin } from "./v1-1";
export { V2AuthPlugin, type V2Credential } from "./v2";
export { V3AuthPlugin, type V3AuthVersion } from "./v3";
export { fetchTokenCatalog, parseV3TokenBody } from "./v3-token";
export { parseExpiry } from "./expiry";
export { normaliseAuthUrl, parseAuthUrl, apiVersionOf, type ApiVersion, type AuthUrl } from "./url";
export { resolveAuthVersion } from "./version";
export { DEFAULT_DOMAIN_ID } from "./credentials";
export { discoverVersions, parseVersionDocument, type ServedVersion } from "./failures";

/**
 * The plugin for the options' protocol (see resolveAuthVersion), its authUrl normalised. Missing or
 * conflicting options are a ConfigError naming them, raised here rather than after a request.
 */
export function createAuthPlugin(options: OpenStackClientOptions): KeystoneAuthPlugin {
  const version = resolveAuthVersion(options);
  const authUrl = normaliseAuthUrl(options.authUrl, version);
  switch (version) {
    case "1.0":
      return new V1_0AuthPlugin(options, authUrl);
    case "1.1":
      return new V1_1AuthPlugin(options, authUrl);
    case "2.0":
    case "2.0_apikey":
      return new V2AuthPlugin(options, authUrl, "apikey");
    case "2.0_password":
      return new V2AuthPlugin(options, authUrl, "password");
    default:
      return new V3AuthPlugin(options, authUrl, version);
  }
}
