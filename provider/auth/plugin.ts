// What every protocol's plugin shares: its URL and version, the cache key, and the description of who
// authenticates for what scope that error messages use.
import type { AuthVersion } from "../client/options";
import { defineInspection } from "../client/inspect";
import type { HttpSession } from "../session/http";
import { redactUrl } from "../session/redact";
import { secretDigest } from "./credentials";
import type { AuthAttempt } from "./failures";
import type { AuthPlugin, AuthResult } from "./types";
import type { AuthUrl } from "./url";

export abstract class KeystoneAuthPlugin implements AuthPlugin {
  constructor(
    readonly authVersion: AuthVersion,
    readonly authUrl: AuthUrl,
  ) {
    // printed as who and for what, never with the secret the plugin holds
    defineInspection(this, new.target.name, () => ({
      authVersion: this.authVersion,
      authUrl: redactUrl(this.authUrl.root),
      identity: this.describeIdentity(),
      scope: this.describeScope(),
    }));
  }

  /** Who authenticates, for messages: `user "admin" (domain id "default")`; never a secret. */
  abstract describeIdentity(): string;
  /** For what: `project "demo" in domain id "default"`, `unscoped`. */
  abstract describeScope(): string;
  abstract authenticate(session: HttpSession): Promise<AuthResult>;
  /** The identity and scope, without the secret, as cache key fields. */
  protected abstract keyFields(): Record<string, string | undefined>;
  /** The secret (password, API key, application credential secret, token) the token is obtained with. */
  protected abstract secret(): string;

  /**
   * Auth URL (normalised to the version root, so ".../v3" and ".../v3/auth/tokens" share tokens), version,
   * identity and scope, plus a 16-hex-digit sha256 of the secret salted with all of them: a changed password
   * gets a new key, and the digest cannot be looked up in a table of common passwords.
   */
  cacheKey(): string {
    const fields: Record<string, string | undefined> = {
      authUrl: this.authUrl.root,
      authVersion: this.authVersion,
      ...this.keyFields(),
    };
    const identity = JSON.stringify(fields);
    return JSON.stringify({ ...fields, secret: secretDigest(this.secret(), identity) });
  }

  protected attempt(): AuthAttempt {
    return {
      authUrl: this.authUrl,
      authVersion: this.authVersion,
      identity: this.describeIdentity(),
      scope: this.describeScope(),
      secrets: [this.secret()],
    };
  }
}
