// Reading identity and scope out of the options, checked before anything is sent, and the text and cache
// key parts that describe them without revealing a secret.
//
// Domain defaults (v3): a user given by name needs a domain; when neither userDomainId nor userDomainName is
// set we use the domain id "default", as the openstack CLI does (its --os-default-domain defaults to
// "default"), rather than failing as keystoneauth and gophercloud do: every Keystone has that domain and
// most single-domain clouds put their users in it. A project given by name takes projectDomainId /
// projectDomainName, else the user's domain, else the domain id "default". An id wins over a name when both
// are given (Keystone itself resolves a domain by id first).
import { createHash } from "node:crypto";
import type { AuthVersion, OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import { given } from "./version";

export const DEFAULT_DOMAIN_ID = "default";

export type DomainRef = { id: string } | { name: string };
export type UserRef = { id: string } | { name: string; domain: DomainRef };

export type Scope =
  | { kind: "project"; project: { id: string } | { name: string; domain: DomainRef } }
  | { kind: "domain"; domain: DomainRef }
  | { kind: "system"; system: string }
  | { kind: "unscoped" };

/** A short digest that changes with the secret and cannot be looked up without the rest of the key. */
export function secretDigest(secret: string, salt: string): string {
  return createHash("sha256").update(salt).update("\0").update(secret).digest("hex").slice(0, 16);
}

export function sha256Short(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

export function describeDomain(domain: DomainRef): string {
  return "id" in domain ? `domain id "${domain.id}"` : `domain "${domain.name}"`;
}

export function describeUser(user: UserRef): string {
  return "id" in user ? `user id "${user.id}"` : `user "${user.name}" (${describeDomain(user.domain)})`;
}

export function describeScope(scope: Scope): string {
  switch (scope.kind) {
    case "project":
      return "id" in scope.project
        ? `project id "${scope.project.id}"`
        : `project "${scope.project.name}" in ${describeDomain(scope.project.domain)}`;
    case "domain":
      return `${describeDomain(scope.domain)} scope`;
    case "system":
      return `system scope "${scope.system}"`;
    default:
      return "unscoped";
  }
}

/** The value of two alias options (tenantName / projectName); differing values are a ConfigError. */
export function aliased(
  options: OpenStackClientOptions,
  a: "tenantName" | "tenantId",
  b: "projectName" | "projectId",
): string | undefined {
  const va = options[a];
  const vb = options[b];
  if (given(va) && given(vb) && va !== vb) {
    throw new ConfigError(`${a} "${va}" and ${b} "${vb}" name different projects: give only one of them`);
  }
  return given(va) ? va : given(vb) ? vb : undefined;
}

export function projectId(options: OpenStackClientOptions): string | undefined {
  return aliased(options, "tenantId", "projectId");
}

export function projectName(options: OpenStackClientOptions): string | undefined {
  return aliased(options, "tenantName", "projectName");
}

function userDomain(options: OpenStackClientOptions): DomainRef {
  if (given(options.userDomainId)) return { id: options.userDomainId };
  if (given(options.userDomainName)) return { name: options.userDomainName };
  return { id: DEFAULT_DOMAIN_ID };
}

function projectDomain(options: OpenStackClientOptions): DomainRef {
  if (given(options.projectDomainId)) return { id: options.projectDomainId };
  if (given(options.projectDomainName)) return { name: options.projectDomainName };
  return userDomain(options);
}

/** The v3 user: by id, or by name in its domain. Undefined when neither userId nor username is given. */
export function v3User(options: OpenStackClientOptions): UserRef | undefined {
  if (given(options.userId)) return { id: options.userId };
  if (given(options.username)) return { name: options.username, domain: userDomain(options) };
  return undefined;
}

/** The v3 scope the options ask for; more than one kind of scope is a ConfigError. */
export function v3Scope(options: OpenStackClientOptions, version: AuthVersion): Scope {
  const pid = projectId(options);
  const pname = projectName(options);
  const kinds: string[] = [];
  if (pid !== undefined || pname !== undefined) kinds.push(fieldsGiven(options, PROJECT_FIELDS));
  if (given(options.domainId) || given(options.domainName)) kinds.push(fieldsGiven(options, DOMAIN_FIELDS));
  if (given(options.system)) kinds.push("system");
  if (kinds.length > 1) {
    throw new ConfigError(
      `authVersion ${version}: a token has one scope, but ${kinds.join(" and ")} were given: keep one of ` +
        `project (projectName/projectId), domain (domainName/domainId) or system. domainName/domainId ask for ` +
        `a domain-scoped token; the domain a user or project belongs to is userDomainName/userDomainId or ` +
        `projectDomainName/projectDomainId`,
    );
  }
  if (pid !== undefined) return { kind: "project", project: { id: pid } };
  if (pname !== undefined)
    return { kind: "project", project: { name: pname, domain: projectDomain(options) } };
  if (given(options.domainId)) return { kind: "domain", domain: { id: options.domainId } };
  if (given(options.domainName)) return { kind: "domain", domain: { name: options.domainName } };
  if (given(options.system)) {
    if (options.system !== "all") {
      throw new ConfigError(
        `system "${options.system}" is not a system scope Keystone knows: the only one is "all"`,
      );
    }
    return { kind: "system", system: "all" };
  }
  return { kind: "unscoped" };
}

export const PROJECT_FIELDS = ["tenantName", "projectName", "tenantId", "projectId"] as const;
export const DOMAIN_FIELDS = ["domainName", "domainId"] as const;

/** The names of the given options among `fields`, e.g. "projectName/projectId". */
export function fieldsGiven(
  options: OpenStackClientOptions,
  fields: readonly (keyof OpenStackClientOptions)[],
): string {
  return fields.filter((f) => given(options[f] as string | undefined)).join("/");
}

/** The ConfigError of a protocol whose required options are not all there. */
export function missingOptions(
  version: AuthVersion,
  needs: string,
  missing: string[],
  hint?: string,
): ConfigError {
  return new ConfigError(
    `authVersion ${version} needs ${needs}; missing: ${missing.join(", ")}` + (hint ? `. ${hint}` : ""),
  );
}
