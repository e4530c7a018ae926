// Auth 1.0 (Rackspace / Swift style): GET /v1.0 with X-Auth-User and X-Auth-Key; the token comes back in
// X-Auth-Token and the endpoints in X-Server-Management-Url, X-Storage-Url and X-CDN-Management-Url.
// The protocol says nothing of expiry: the token is kept until a service answers 401.
import { ServiceCatalog } from "../catalog/catalog";
import type { OpenStackClientOptions } from "../client/options";
import type { HttpSession } from "../session/http";
import { malformed, sendAuthRequest } from "./failures";
import { V1KeyAuthPlugin } from "./v1-key";
import type { AuthResult } from "./types";
import type { AuthUrl } from "./url";

export class V1_0AuthPlugin extends V1KeyAuthPlugin {
  constructor(options: OpenStackClientOptions, authUrl: AuthUrl) {
    super("1.0", options, authUrl);
  }

  async authenticate(session: HttpSession): Promise<AuthResult> {
    const attempt = this.attempt();
    const response = await sendAuthRequest(session, attempt, {
      method: "GET",
      url: this.authUrl.tokensUrl,
      headers: { "X-Auth-User": this.username, "X-Auth-Key": this.key },
    });
    const headers = lowerCase(response.headers);
    const token = headers["x-auth-token"]?.trim();
    if (!token) throw malformed(attempt, { header: "X-Auth-Token" });
    const catalog = ServiceCatalog.fromV1Headers(headers, {
      emptyReason:
        "the v1.0 response had no X-Server-Management-Url, X-Storage-Url or X-CDN-Management-Url header",
    });
    return { token, catalog, user: { name: this.username }, authVersion: "1.0" };
  }
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
