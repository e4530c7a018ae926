// Keystone v3: POST /v3/auth/tokens with one identity method (password, application_credential or token)
// and an optional scope. The token is the X-Subject-Token response header, never anything in the body.
import type { OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import type { HttpSession } from "../session/http";
import {
  type DomainRef,
  PROJECT_FIELDS,
  DOMAIN_FIELDS,
  type Scope,
  type UserRef,
  describeScope,
  describeUser,
  fieldsGiven,
  missingOptions,
  sha256Short,
  v3Scope,
  v3User,
} from "./credentials";
import { refuseDisagreeingNames, refuseTwoIdentities } from "./contradictions";
import { malformed, sendAuthRequest } from "./failures";
import { KeystoneAuthPlugin } from "./plugin";
import type { AuthResult } from "./types";
import type { AuthUrl } from "./url";
import { parseV3TokenBody } from "./v3-token";
import { given, hasApplicationCredential } from "./version";

export type V3AuthVersion = "3.x_password" | "3.x_appcred" | "3.x_token";

type Identity =
  | { method: "password"; user: UserRef; password: string }
  | { method: "application_credential"; id: string; secret: string }
  | { method: "application_credential"; name: string; user: UserRef; secret: string }
  | { method: "token"; token: string };

export class V3AuthPlugin extends KeystoneAuthPlugin {
  private readonly identity: Identity;
  /** Application credentials carry their own scope: none is sent. */
  private readonly scope: Scope;
  private readonly options: OpenStackClientOptions;

  constructor(options: OpenStackClientOptions, authUrl: AuthUrl, version: V3AuthVersion) {
    super(version, authUrl);
    refuseTwoIdentities(options);
    // kept for comparing the names given with the token's (never printed: see the inspection form)
    this.options = options;
    if (version === "3.x_appcred") {
      this.identity = applicationCredential(options);
      this.scope = { kind: "unscoped" };
    } else {
      this.identity = version === "3.x_token" ? tokenIdentity(options) : passwordIdentity(options);
      this.scope = v3Scope(options, version);
    }
  }

  describeIdentity(): string {
    const id = this.identity;
    if (id.method === "password") return describeUser(id.user);
    if (id.method === "token") return `token sha256 ${sha256Short(id.token)}`;
    return "id" in id
      ? `application credential id "${id.id}"`
      : `application credential "${id.name}" of ${describeUser(id.user)}`;
  }

  describeScope(): string {
    return this.identity.method === "application_credential"
      ? "the application credential's own project"
      : describeScope(this.scope);
  }

  protected keyFields(): Record<string, string | undefined> {
    const id = this.identity;
    const fields: Record<string, string | undefined> = { method: id.method };
    if (id.method === "token") fields.tokenSha256 = sha256Short(id.token);
    else if ("id" in id) fields.applicationCredentialId = id.id;
    else {
      if (id.method === "application_credential") fields.applicationCredentialName = id.name;
      Object.assign(fields, userFields(id.user));
    }
    return { ...fields, ...scopeFields(this.scope) };
  }

  protected secret(): string {
    const id = this.identity;
    return id.method === "password" ? id.password : id.method === "token" ? id.token : id.secret;
  }

  /** The JSON sent to POST /v3/auth/tokens. */
  requestBody(): Record<string, unknown> {
    const id = this.identity;
    let identity: Record<string, unknown>;
    if (id.method === "password") {
      identity = {
        methods: ["password"],
        password: { user: { ...userJson(id.user), password: id.password } },
      };
    } else if (id.method === "token") {
      identity = { methods: ["token"], token: { id: id.token } };
    } else {
      const credential = "id" in id ? { id: id.id } : { name: id.name, user: userJson(id.user) };
      identity = {
        methods: ["application_credential"],
        application_credential: { ...credential, secret: id.secret },
      };
    }
    const scope = scopeJson(this.scope);
    return { auth: scope ? { identity, scope } : { identity } };
  }

  async authenticate(session: HttpSession): Promise<AuthResult> {
    const attempt = this.attempt();
    const response = await sendAuthRequest(session, attempt, {
      method: "POST",
      url: this.authUrl.tokensUrl,
      body: this.requestBody(),
    });
    const token = response.headers["x-subject-token"]?.trim();
    if (!token)
      throw malformed(attempt, { header: "X-Subject-Token" }, " (a v3 token is never read from the body)");
    const body = parseV3TokenBody(response.data, attempt);
    refuseDisagreeingNames(this.options, body.parties);
    const { parties: _parties, ...result } = body;
    return { token, authVersion: this.authVersion, ...result };
  }
}

function passwordIdentity(options: OpenStackClientOptions): Identity {
  const user = v3User(options);
  if (user === undefined || !given(options.password)) {
    const missing = [
      ...(user ? [] : ["username (or userId)"]),
      ...(given(options.password) ? [] : ["password"]),
    ];
    let hint: string | undefined;
    if (hasApplicationCredential(options)) hint = "For an application credential use authVersion 3.x_appcred";
    else if (given(options.token)) hint = "To authenticate with a token use authVersion 3.x_token";
    else if (given(options.apiKey)) hint = "apiKey is only used by authVersion 1.0, 1.1 and 2.0_apikey";
    throw missingOptions("3.x_password", "username or userId, and password", missing, hint);
  }
  return { method: "password", user, password: options.password };
}

function tokenIdentity(options: OpenStackClientOptions): Identity {
  if (!given(options.token)) {
    throw missingOptions(
      "3.x_token",
      "token (an existing token to exchange for a new one)",
      ["token"],
      given(options.authToken)
        ? "authToken is used as it is, without authentication: it needs no authVersion"
        : undefined,
    );
  }
  return { method: "token", token: options.token };
}

function applicationCredential(options: OpenStackClientOptions): Identity {
  const hasRef = given(options.applicationCredentialId) || given(options.applicationCredentialName);
  const secret = options.applicationCredentialSecret;
  if (!hasRef || !given(secret)) {
    throw missingOptions(
      "3.x_appcred",
      "applicationCredentialSecret, and applicationCredentialId or applicationCredentialName (with its user)",
      [
        ...(hasRef ? [] : ["applicationCredentialId"]),
        ...(given(secret) ? [] : ["applicationCredentialSecret"]),
      ],
    );
  }
  const scoped = fieldsGiven(options, [...PROJECT_FIELDS, ...DOMAIN_FIELDS, "system"]);
  if (scoped) {
    throw new ConfigError(
      `authVersion 3.x_appcred: an application credential is bound to the project it was created in and ` +
        `Keystone refuses a scope with it, but ${scoped} is given: remove it`,
    );
  }
  if (given(options.applicationCredentialId)) {
    return { method: "application_credential", id: options.applicationCredentialId, secret };
  }
  const user = v3User(options);
  if (user === undefined) {
    throw missingOptions(
      "3.x_appcred",
      "the owner of an application credential given by name: userId, or username (with userDomainName or " +
        'userDomainId; domain id "default" otherwise)',
      ["userId or username"],
      "Or give applicationCredentialId instead of applicationCredentialName",
    );
  }
  return {
    method: "application_credential",
    name: options.applicationCredentialName as string,
    user,
    secret,
  };
}

function domainJson(domain: DomainRef): Record<string, string> {
  return "id" in domain ? { id: domain.id } : { name: domain.name };
}

function userJson(user: UserRef): Record<string, unknown> {
  return "id" in user ? { id: user.id } : { name: user.name, domain: domainJson(user.domain) };
}

function scopeJson(scope: Scope): Record<string, unknown> | undefined {
  switch (scope.kind) {
    case "project":
      return {
        project:
          "id" in scope.project
            ? { id: scope.project.id }
            : { name: scope.project.name, domain: domainJson(scope.project.domain) },
      };
    case "domain":
      return { domain: domainJson(scope.domain) };
    case "system":
      return { system: { [scope.system]: true } };
    default:
      return undefined;
  }
}

function userFields(user: UserRef): Record<string, string> {
  if ("id" in user) return { userId: user.id };
  return { userName: user.name, ...domainFields("user", user.domain) };
}

function domainFields(prefix: string, domain: DomainRef): Record<string, string> {
  return "id" in domain ? { [`${prefix}DomainId`]: domain.id } : { [`${prefix}DomainName`]: domain.name };
}

function scopeFields(scope: Scope): Record<string, string> {
  switch (scope.kind) {
    case "project":
      return "id" in scope.project
        ? { projectId: scope.project.id }
        : { projectName: scope.project.name, ...domainFields("project", scope.project.domain) };
    case "domain":
      return "id" in scope.domain ? { domainId: scope.domain.id } : { domainName: scope.domain.name };
    case "system":
      return { system: scope.system };
    default:
      return { scope: "unscoped" };
  }
}
