// Auth 1.1 (Rackspace): POST /v1.1/auth {"credentials": {"username", "key"}} →
// {"auth": {"token": {"id", "expires"}, "serviceCatalog": {"cloudServers": [...], "cloudFiles": [...]}}}.
import { ServiceCatalog } from "../catalog/catalog";
import type { OpenStackClientOptions } from "../client/options";
import type { HttpSession } from "../session/http";
import { parseExpiry } from "./expiry";
import { isObject, malformed, optionalString, sendAuthRequest } from "./failures";
import { V1KeyAuthPlugin } from "./v1-key";
import type { AuthResult } from "./types";
import type { AuthUrl } from "./url";

export class V1_1AuthPlugin extends V1KeyAuthPlugin {
  constructor(options: OpenStackClientOptions, authUrl: AuthUrl) {
    super("1.1", options, authUrl);
  }

  async authenticate(session: HttpSession): Promise<AuthResult> {
    const attempt = this.attempt();
    const response = await sendAuthRequest(session, attempt, {
      method: "POST",
      url: this.authUrl.tokensUrl,
      body: { credentials: { username: this.username, key: this.key } },
    });
    const auth = isObject(response.data) ? response.data.auth : undefined;
    const token = isObject(auth) ? auth.token : undefined;
    const id = optionalString(token, "id");
    if (!isObject(auth) || id === undefined) throw malformed(attempt, { element: "auth.token.id" });
    const expires = optionalString(token, "expires");
    const result: AuthResult = {
      token: id,
      catalog: ServiceCatalog.fromV1_1(auth.serviceCatalog, {
        emptyReason: "the v1.1 response had no serviceCatalog",
      }),
      user: { name: this.username },
      authVersion: "1.1",
    };
    if (expires !== undefined) result.expiresAt = parseExpiry(expires);
    return result;
  }
}
