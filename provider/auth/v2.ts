// Keystone v2.0: POST /v2.0/tokens with passwordCredentials or Rackspace's RAX-KSKEY:apiKeyCredentials, and
// tenantName or tenantId → {"access": {"token": {"id", "expires", "tenant"}, "serviceCatalog": [...], "user"}}.
import { ServiceCatalog } from "../catalog/catalog";
import type { OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import type { HttpSession } from "../session/http";
import { DOMAIN_FIELDS, fieldsGiven, missingOptions, projectId, projectName } from "./credentials";
import { parseExpiry } from "./expiry";
import { isObject, malformed, optionalString, sendAuthRequest } from "./failures";
import { KeystoneAuthPlugin } from "./plugin";
import type { AuthResult } from "./types";
import type { AuthUrl } from "./url";
import { given } from "./version";

export type V2Credential = "password" | "apikey";

export class V2AuthPlugin extends KeystoneAuthPlugin {
  private readonly user: { username: string } | { userId: string };
  private readonly key: string;
  private readonly tenant?: { tenantId: string } | { tenantName: string };

  constructor(
    options: OpenStackClientOptions,
    authUrl: AuthUrl,
    private readonly credential: V2Credential,
  ) {
    super(credential === "password" ? "2.0_password" : "2.0_apikey", authUrl);
    if (credential === "password") {
      const missing = [
        ...(given(options.username) || given(options.userId) ? [] : ["username"]),
        ...(given(options.password) ? [] : ["password"]),
      ];
      if (missing.length > 0) {
        throw missingOptions(
          this.authVersion,
          "username or userId, and password",
          missing,
          given(options.apiKey) && !given(options.password)
            ? "For an API key use authVersion 2.0_apikey"
            : undefined,
        );
      }
      this.user = given(options.userId)
        ? { userId: options.userId }
        : { username: options.username as string };
      this.key = options.password as string;
    } else {
      const missing = [
        ...(given(options.username) ? [] : ["username"]),
        ...(given(options.apiKey) ? [] : ["apiKey"]),
      ];
      if (missing.length > 0) {
        throw missingOptions(
          this.authVersion,
          "username and apiKey",
          missing,
          given(options.password) && !given(options.apiKey)
            ? 'authVersion "2.0" means 2.0_apikey (as in Libcloud): for a password use 2.0_password'
            : undefined,
        );
      }
      this.user = { username: options.username as string };
      this.key = options.apiKey as string;
    }
    const scoped = fieldsGiven(options, [...DOMAIN_FIELDS, "system"]);
    if (scoped) {
      throw new ConfigError(
        `authVersion ${this.authVersion}: Keystone v2.0 has no domain or system scope, but ${scoped} ` +
          `is given: use a tenant (tenantName/tenantId), or Keystone v3 (authVersion 3.x_password)`,
      );
    }
    const id = projectId(options);
    const name = projectName(options);
    if (id !== undefined) this.tenant = { tenantId: id };
    else if (name !== undefined) this.tenant = { tenantName: name };
  }

  describeIdentity(): string {
    return "userId" in this.user ? `user id "${this.user.userId}"` : `user "${this.user.username}"`;
  }

  describeScope(): string {
    if (this.tenant === undefined) return "no tenant";
    return "tenantId" in this.tenant
      ? `tenant id "${this.tenant.tenantId}"`
      : `tenant "${this.tenant.tenantName}"`;
  }

  protected keyFields() {
    return { ...this.user, ...this.tenant };
  }

  protected secret(): string {
    return this.key;
  }

  requestBody(): Record<string, unknown> {
    const credentials =
      this.credential === "password"
        ? { passwordCredentials: { ...this.user, password: this.key } }
        : { "RAX-KSKEY:apiKeyCredentials": { ...this.user, apiKey: this.key } };
    return { auth: { ...credentials, ...this.tenant } };
  }

  async authenticate(session: HttpSession): Promise<AuthResult> {
    const attempt = this.attempt();
    const response = await sendAuthRequest(session, attempt, {
      method: "POST",
      url: this.authUrl.tokensUrl,
      body: this.requestBody(),
    });
    const access = isObject(response.data) ? response.data.access : undefined;
    const token = isObject(access) ? access.token : undefined;
    const id = optionalString(token, "id");
    if (!isObject(access) || !isObject(token) || id === undefined) {
      throw malformed(attempt, { element: "access.token.id" });
    }
    const result: AuthResult = {
      token: id,
      catalog: ServiceCatalog.fromV2(access.serviceCatalog, {
        emptyReason: isObject(token.tenant)
          ? "Keystone returned a token without catalog entries"
          : "Keystone returned a token without a tenant",
      }),
      authVersion: this.authVersion,
    };
    const expires = optionalString(token, "expires");
    if (expires !== undefined) result.expiresAt = parseExpiry(expires);
    if (isObject(access.user)) {
      result.user = compact({
        id: optionalString(access.user, "id"),
        name: optionalString(access.user, "name"),
      });
    }
    if (isObject(token.tenant)) {
      result.project = compact({
        id: optionalString(token.tenant, "id"),
        name: optionalString(token.tenant, "name"),
      });
    }
    return result;
  }
}

function compact<T extends Record<string, string | undefined>>(obj: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: string;
  };
}
