// What auth 1.0 and 1.1 share: a user name and a key (the API key, or the password when there is none).
import type { OpenStackClientOptions } from "../client/options";
import { missingOptions } from "./credentials";
import { KeystoneAuthPlugin } from "./plugin";
import type { AuthUrl } from "./url";
import { given } from "./version";

export abstract class V1KeyAuthPlugin extends KeystoneAuthPlugin {
  protected readonly username: string;
  protected readonly key: string;

  constructor(version: "1.0" | "1.1", options: OpenStackClientOptions, authUrl: AuthUrl) {
    super(version, authUrl);
    const key = given(options.apiKey) ? options.apiKey : options.password;
    if (!given(options.username) || !given(key)) {
      const missing = [...(given(options.username) ? [] : ["username"]), ...(given(key) ? [] : ["apiKey"])];
      throw missingOptions(version, "username, and apiKey (or password)", missing);
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
}
