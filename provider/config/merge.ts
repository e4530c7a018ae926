// Per-field merge of layers (highest precedence first), then the CLI's domain defaults, which depend
// on the merged result: whether a project is given decides what OS_DOMAIN_* means.
import type { Entries, Layer, OptionKey, Sourced } from "./types";

export function mergeLayers(layers: Layer[]): Entries {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, entry] of Object.entries(layer.entries)) if (!(key in merged)) merged[key] = entry;
  }
  return merged;
}

type Hint = "domainName" | "domainId" | "defaultDomainId";

function firstHint(layers: Layer[], hint: Hint, forUser: boolean): Sourced<string> | undefined {
  // A source whose credentials were set aside does not get to say which domain the user is in, nor
  // one whose scope was set aside which domain the project is in (or which domain to scope to).
  const ignored = (l: Layer) => (forUser ? l.credentialsIgnored : l.scopeIgnored);
  return layers.find((l) => l[hint] && !ignored(l))?.[hint];
}

/** Sets the pair (name, id) from hints, unless something already names it. */
function fillPair(
  merged: Entries,
  [nameKey, idKey]: [OptionKey, OptionKey],
  name: Sourced<string> | undefined,
  id: Sourced<string> | undefined,
): void {
  if (merged[nameKey] || merged[idKey]) return;
  const out = merged as Record<string, unknown>;
  if (name) out[nameKey] = name;
  if (id) out[idKey] = id;
}

/**
 * OS_DOMAIN_* and auth.domain_* (domainName/domainId hints) are, as in the CLI, the default user and
 * project domain when a project is given and the domain scope otherwise. OS_DEFAULT_DOMAIN then names
 * the user domain, and the project domain of a project, when nothing else does.
 */
export function resolveDomains(merged: Entries, layers: Layer[]): Entries {
  const projectScoped = Boolean(merged.tenantName || merged.tenantId);
  const hint = (h: Hint, forUser = false) => firstHint(layers, h, forUser);
  if (projectScoped) {
    fillPair(merged, ["userDomainName", "userDomainId"], hint("domainName", true), hint("domainId", true));
    fillPair(merged, ["projectDomainName", "projectDomainId"], hint("domainName"), hint("domainId"));
  } else {
    fillPair(merged, ["domainName", "domainId"], hint("domainName"), hint("domainId"));
  }
  fillPair(merged, ["userDomainName", "userDomainId"], undefined, hint("defaultDomainId", true));
  if (projectScoped) {
    fillPair(merged, ["projectDomainName", "projectDomainId"], undefined, hint("defaultDomainId"));
  }
  return merged;
}
