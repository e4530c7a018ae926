// Credentials belong together. Per-field precedence would otherwise let a password from the
// environment meet a username from Pulumi config, or an application credential from clouds.yaml
// meet a token from explicit options, and authenticate as nobody anyone meant.
//
// The rule, applied to sources from highest precedence to lowest:
//
// - Credential fields are CREDENTIAL_FIELDS below: who authenticates (username/userId and the user's
//   domain, application credential id/name, token, authToken), with what secret (password, apiKey,
//   applicationCredentialSecret) and how (authVersion).
// - A source's method is, first match wins: authToken if it sets authToken; appcred/token/user from
//   its authVersion (3.x_appcred, 3.x_token, any other); token if it sets token; appcred if it sets
//   any applicationCredential* field; user if it sets username, userId, password or apiKey; none.
// - The credentials kept so far (from higher sources) have a method too. A lower source whose method
//   differs (both being other than none) is a different identity.
// - So is a lower source that names the principal differently: for each group of naming fields
//   (username/userId, userDomainName/userDomainId, applicationCredentialId/Name, token, authToken,
//   authVersion), if both the kept credentials and the lower source set some field of the group,
//   every field of the group the lower source sets must be kept already with the same value.
// - A different identity contributes no credential field at all (its source is reported as
//   ignored), nor its OS_DOMAIN_* / OS_DEFAULT_DOMAIN as user domain. Otherwise its fields fill the
//   ones still unset, as with any other option.
//
// Hence OS_PASSWORD alone completes a username from clouds.yaml (as the CLI allows), and a source
// that only sets a user domain completes a username from a higher one, while OS_USERNAME=bob is not
// mixed with options {username: "alice"}. Scope (project, domain, system) is not part of it.
import type { AuthVersion } from "../client/options";
import type { ConfigSource, Entries, Layer, OptionKey } from "./types";

export const CREDENTIAL_FIELDS: readonly OptionKey[] = [
  "authVersion",
  "username",
  "userId",
  "userDomainName",
  "userDomainId",
  "password",
  "apiKey",
  "applicationCredentialId",
  "applicationCredentialName",
  "applicationCredentialSecret",
  "token",
  "authToken",
];

const NAMING_GROUPS: ReadonlyArray<readonly OptionKey[]> = [
  ["username", "userId"],
  ["userDomainName", "userDomainId"],
  ["applicationCredentialId", "applicationCredentialName"],
  ["token"],
  ["authToken"],
  ["authVersion"],
];

type Method = "authToken" | "token" | "appcred" | "user" | "none";

function methodOf(e: Entries): Method {
  if (e.authToken) return "authToken";
  const version: AuthVersion | undefined = e.authVersion?.value;
  if (version === "3.x_appcred") return "appcred";
  if (version === "3.x_token") return "token";
  if (version) return "user";
  if (e.token) return "token";
  if (e.applicationCredentialId || e.applicationCredentialName || e.applicationCredentialSecret) {
    return "appcred";
  }
  return e.username || e.userId || e.password || e.apiKey ? "user" : "none";
}

function sameIdentity(kept: Entries, lower: Entries): boolean {
  const [a, b] = [methodOf(kept), methodOf(lower)];
  if (a !== "none" && b !== "none" && a !== b) return false;
  return NAMING_GROUPS.every((group) => {
    const keptAny = group.some((k) => kept[k]);
    const lowerSet = group.filter((k) => lower[k]);
    return !keptAny || lowerSet.every((k) => kept[k] && kept[k].value === lower[k]?.value);
  });
}

/**
 * The layers with credential fields removed from every source that names another identity than the
 * sources above it, and the sources of the fields removed.
 */
export function groupCredentials(layers: Layer[]): { layers: Layer[]; ignored: ConfigSource[] } {
  const kept: Entries = {};
  const ignored: ConfigSource[] = [];
  const out = layers.map((layer) => {
    const own: Entries = {};
    for (const k of CREDENTIAL_FIELDS) if (layer.entries[k]) Object.assign(own, { [k]: layer.entries[k] });
    if (sameIdentity(kept, own)) {
      for (const k of CREDENTIAL_FIELDS) if (!kept[k] && own[k]) Object.assign(kept, { [k]: own[k] });
      return layer;
    }
    const entries: Entries = { ...layer.entries };
    for (const k of CREDENTIAL_FIELDS) {
      if (entries[k]) ignored.push(entries[k].source);
      delete entries[k];
    }
    return { ...layer, entries, credentialsIgnored: true };
  });
  return { layers: out, ignored };
}
