// The scope (project, domain or system, with the project's domain) comes whole from one source: the
// highest one that names a project, a domain scope or the system. Per-field precedence would otherwise
// let `openstack:tenantName=prod` in the stack meet an OS_PROJECT_ID left in the shell, and the id
// would win: the token would be scoped to a project nobody chose. Scope fields of the other sources
// are set aside (and reported), as are their OS_DOMAIN_* hints when it comes to the project's domain.
import type { ConfigSource, Layer, OptionKey } from "./types";

/** Options that say what the token is for. */
export const SCOPE_TARGETS: readonly OptionKey[] = [
  "tenantName",
  "projectName",
  "tenantId",
  "projectId",
  "domainName",
  "domainId",
  "system",
];
/** Those and the project's domain, which only means something with the project it belongs to. */
export const SCOPE_FIELDS: readonly OptionKey[] = [...SCOPE_TARGETS, "projectDomainName", "projectDomainId"];

export interface GroupedScope {
  layers: Layer[];
  /** Sources of the scope fields set aside. */
  ignored: ConfigSource[];
}

export function groupScope(layers: Layer[]): GroupedScope {
  const chosen = layers.find((l) => SCOPE_TARGETS.some((k) => l.entries[k]));
  if (!chosen) return { layers, ignored: [] };
  const ignored: ConfigSource[] = [];
  const out = layers.map((layer) => {
    if (layer === chosen) return layer;
    const entries = { ...layer.entries };
    for (const k of SCOPE_FIELDS) {
      const entry = entries[k];
      if (entry) ignored.push(entry.source);
      delete entries[k];
    }
    return { ...layer, entries, scopeIgnored: true };
  });
  return { layers: out, ignored };
}
