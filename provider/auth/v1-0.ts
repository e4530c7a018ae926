// Auth 1.0 (Rackspace / Swift style): GET /v1.0 with X-Auth-User and X-Auth-Key; the token comes back in
// X-Auth-Token and the endpoints in X-Server-Management-Url, X-Storage-Url and X-CDN-Management-Url.
// The protocol says nothing of expiry: the token is kept until a service answers 401.
import { ServiceCatalog } from "../catalog/catalog";
import type { OpenStackClientOptions } from "../client/options";
import type { HttpSession } from "../session/http";
import { missingOptions } from "./credentials";
import { malformed, sendAuthRequest } from "./failures";
import { KeystoneAuthPlugin } from "./plugin";
import type { AuthResult } from "./types";
import type { AuthUrl } from "./url";
import { given } from "./version";

export class V1_0AuthPlugin extends KeystoneAuthPlugin {
  private readonly username: string;
  private readonly key: string;

  constructor(options: OpenStackClientOptions, authUrl: AuthUrl) {
    super("1.0", authUrl);
    const key = given(options.apiKey) ? options.apiKey : options.password;
    if (!given(options.username) || !given(key)) {
      const missing = [...(given(options.username) ? [] : ["username"]), ...(given(key) ? [] : ["apiKey"])];
      throw missingOptions("1.0", "username, and apiKey (or password)", missing);
    }
    this.username = options.username;
    this.key = key;
  }

  describeIdentity(): string {
    return `user "${this.username}"`;
  }

  describeScope(): string {
    return "account of the user";
  }

  protected keyFields() {
    return { user: this.username };
  }

  protected secret(): string {
    return this.key;
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
    if (!token) throw malformed(attempt, "an X-Auth-Token header");
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
