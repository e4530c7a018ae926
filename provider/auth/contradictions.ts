// Options that contradict each other. Two kinds:
//  - a token to exchange next to a user's password (or an application credential's secret): two
//    identities, refused before anything is sent;
//  - a thing named both by id and by name (project, user, their domains, the scope domain). Keystone
//    resolves the id and ignores the name, so a name belonging to something else would go unnoticed.
//    Whether the two agree can only be known from Keystone (clouds.yaml and openrc files downloaded
//    from Horizon give both, and they agree), so the token's own account of its user and project is
//    compared with the names given, and a disagreement is refused before the token is used.
import type { OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import { given } from "./version";

/** Throws a ConfigError naming both options when a token to exchange comes with another identity. */
export function refuseTwoIdentities(options: OpenStackClientOptions): void {
  if (!given(options.token)) return;
  const other = (
    ["username", "userId", "password", "applicationCredentialId", "applicationCredentialSecret"] as const
  )
    .filter((k) => given(options[k]))
    .join(", ");
  if (other) {
    throw new ConfigError(
      `token and ${other} are both given: a token to exchange (3.x_token) and a user's or application ` +
        `credential's secret are two identities. Keep token alone, or remove it to log in with ${other}`,
    );
  }
}

/** What a v3 token says of whom and what it is for. */
export interface TokenParties {
  user?: { id?: string; name?: string; domainId?: string; domainName?: string };
  project?: { id?: string; name?: string; domainId?: string; domainName?: string };
  domain?: { id?: string; name?: string };
}

type Pair = [idOption: keyof OpenStackClientOptions, nameOption: keyof OpenStackClientOptions];
const CHECKS: ReadonlyArray<[Pair, (t: TokenParties) => { id?: string; name?: string } | undefined]> = [
  [["tenantId", "tenantName"], (t) => t.project],
  [["projectId", "projectName"], (t) => t.project],
  [["tenantId", "projectName"], (t) => t.project],
  [["projectId", "tenantName"], (t) => t.project],
  [["userId", "username"], (t) => t.user],
  [["userDomainId", "userDomainName"], (t) => t.user && { id: t.user.domainId, name: t.user.domainName }],
  [
    ["projectDomainId", "projectDomainName"],
    (t) => t.project && { id: t.project.domainId, name: t.project.domainName },
  ],
  [["domainId", "domainName"], (t) => t.domain],
];

/**
 * Throws a ConfigError naming both options when an id and a name were both given and the token shows
 * that the id's owner has another name. Names are compared as Keystone does: exactly.
 */
export function refuseDisagreeingNames(options: OpenStackClientOptions, token: TokenParties): void {
  for (const [[idKey, nameKey], party] of CHECKS) {
    const id = options[idKey] as string | undefined;
    const name = options[nameKey] as string | undefined;
    if (!given(id) || !given(name)) continue;
    const actual = party(token);
    if (!actual || actual.id !== id || actual.name === undefined || actual.name === name) continue;
    throw new ConfigError(
      `${idKey} "${id}" and ${nameKey} "${name}" name different things: Keystone says ${idKey} ` +
        `"${id}" is "${actual.name}". Give only one of ${idKey} and ${nameKey}, or make them agree`,
    );
  }
}
