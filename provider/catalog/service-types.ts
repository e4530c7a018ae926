// Service types and their aliases, after the OpenStack service-types-authority: a catalog may list the
// block storage API as "volumev3", "volumev2", "volume" or "block-store" rather than its official type
// "block-storage", and a caller asking for any of them means the same service.

/**
 * Official service type → aliases, in the order of preference the authority gives (newest API first).
 * Only services whose aliases are published are listed; every other type is its own canonical name.
 */
export const SERVICE_TYPE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  "block-storage": ["volumev3", "volumev2", "volume", "block-store"],
  "shared-file-system": ["sharev2", "share"],
  "container-infrastructure-management": ["container-infrastructure", "container-infra"],
  "application-container": ["container"],
  workflow: ["workflowv2"],
  clustering: ["cluster"],
  "instance-ha": ["ha"],
  // Not from the authority: the CDN of Rackspace-style 1.x/2.0 clouds, typed "rax:object-cdn" in a v2 catalog
  // and reached through "cdn" in the 1.x protocols.
  cdn: ["rax:object-cdn", "object-cdn"],
};

const CANONICAL_BY_ALIAS: ReadonlyMap<string, string> = new Map(
  Object.entries(SERVICE_TYPE_ALIASES).flatMap(([official, aliases]) =>
    aliases.map((alias) => [alias, official] as const),
  ),
);

function clean(serviceType: string): string {
  // keystoneauth and the CLI treat block_storage and block-storage alike; catalogs are lower case.
  return serviceType.trim().toLowerCase().replace(/_/g, "-");
}

/** The official type for a type or alias ("volumev3" → "block-storage"); unknown types come back cleaned. */
export function canonicalServiceType(serviceType: string): string {
  const cleaned = clean(serviceType);
  return CANONICAL_BY_ALIAS.get(cleaned) ?? cleaned;
}

/** Every name the service of this type may have in a catalog: the official type first, then its aliases. */
export function serviceTypeAliases(serviceType: string): string[] {
  const official = canonicalServiceType(serviceType);
  return [official, ...(SERVICE_TYPE_ALIASES[official] ?? [])];
}

/** Whether a catalog entry's type names the requested service (directly or through an alias). */
export function sameServiceType(a: string, b: string): boolean {
  return canonicalServiceType(a) === canonicalServiceType(b);
}

/**
 * How well a catalog type answers a request, lower is better: the very type asked for first (so asking for
 * "volumev2" gets the v2 endpoint even when "volumev3" is listed too), then the official type, then the
 * aliases in the authority's order. Undefined when the types name different services.
 */
export function serviceTypeRank(catalogType: string, requestedType: string): number | undefined {
  if (!sameServiceType(catalogType, requestedType)) return undefined;
  const entry = clean(catalogType);
  if (entry === clean(requestedType)) return 0;
  return 1 + serviceTypeAliases(requestedType).indexOf(entry);
}
