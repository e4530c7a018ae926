// The service catalog of a token, in one model whatever the Keystone version that produced it: v3 lists
// endpoints with an interface each, v2.0 puts three URLs in one endpoint, v1.1 keys services by name and
// v1.0 hands out URLs in response headers. Lookups follow the API-SIG "consuming the catalog" guideline.
import { ConfigError, EmptyCatalogError, EndpointNotFoundError, MalformedResponseError } from "../errors";
import { canonicalServiceType, serviceTypeAliases, serviceTypeRank } from "./service-types";

export type CatalogInterface = "public" | "internal" | "admin";

export interface CatalogEndpoint {
  /** The type as the catalog spells it ("volumev3"); lookups match aliases. */
  serviceType: string;
  serviceName?: string;
  /** v3 `region` (or `region_id` when only that is given), v2/v1.1 `region`; absent when the cloud has none. */
  region?: string;
  /** v3 `region_id`, kept so a request may name either. */
  regionId?: string;
  /**
   * 1.x only: the name the service is keyed by (cloudServers, cloudFiles, cloudFilesCDN), which Libcloud
   * uses as the service type; asking for it finds the entry as well as asking for the official type does.
   */
  catalogKey?: string;
  interface: CatalogInterface;
  url: string;
}

export interface EndpointQuery {
  serviceType: string;
  serviceName?: string;
  region?: string;
  /** public (default), internal, admin, or the v2 spellings publicURL, internalURL, adminURL. */
  interface?: string;
}

export interface ServiceCatalogOptions {
  /** Why the catalog may be empty, told when an endpoint is asked for (e.g. "the token is unscoped"). */
  emptyReason?: string;
}

/** Several endpoints with different URLs answer one query and nothing in the query tells them apart. */
export class AmbiguousEndpointError extends EndpointNotFoundError {}

const INTERFACES: readonly CatalogInterface[] = ["public", "internal", "admin"];

/** "publicURL" → "public"; any case. Anything else is a ConfigError. */
export function normaliseInterface(value: string | undefined): CatalogInterface {
  if (value === undefined || value === "") return "public";
  const lower = value.trim().toLowerCase();
  const bare = lower.endsWith("url") ? lower.slice(0, -3) : lower;
  if ((INTERFACES as readonly string[]).includes(bare)) return bare as CatalogInterface;
  throw new ConfigError(
    `interface "${value}" is not an endpoint interface: use public, internal or admin ` +
      `(publicURL, internalURL and adminURL are accepted too)`,
  );
}

// Service names of the 1.1 catalog (keyed by name, without a type) and the types they offer.
const V1_1_SERVICE_TYPES: Readonly<Record<string, string>> = {
  cloudServers: "compute",
  cloudServersOpenStack: "compute",
  cloudFiles: "object-store",
  cloudFilesCDN: "cdn",
  cloudBlockStorage: "block-storage",
  cloudImages: "image",
  cloudNetworks: "network",
  cloudDNS: "dns",
  cloudLoadBalancers: "load-balancer",
  cloudDatabases: "database",
  // OpenStack service names, for 1.1 front ends of OpenStack clouds
  keystone: "identity",
  nova: "compute",
  swift: "object-store",
  glance: "image",
  neutron: "network",
  cinder: "block-storage",
  cinderv2: "volumev2",
  cinderv3: "volumev3",
  designate: "dns",
  octavia: "load-balancer",
};

/**
 * The response headers of a v1.0 authentication that carry endpoints: the service type of each, and the
 * 1.1 catalog key Libcloud files it under.
 */
export const V1_0_ENDPOINT_HEADERS: Readonly<Record<string, { type: string; key: string }>> = {
  "x-server-management-url": { type: "compute", key: "cloudServers" },
  "x-storage-url": { type: "object-store", key: "cloudFiles" },
  "x-cdn-management-url": { type: "cdn", key: "cloudFilesCDN" },
};

export class ServiceCatalog {
  readonly entries: readonly CatalogEndpoint[];
  private readonly emptyReason?: string;

  constructor(entries: readonly CatalogEndpoint[], options: ServiceCatalogOptions = {}) {
    this.entries = Object.freeze(entries.map((e) => Object.freeze({ ...e })));
    this.emptyReason = options.emptyReason;
  }

  static empty(emptyReason?: string): ServiceCatalog {
    return new ServiceCatalog([], { emptyReason });
  }

  /** `token.catalog` of a v3 token: [{type, name?, endpoints: [{interface, region?, region_id?, url}]}]. */
  static fromV3(catalog: unknown, options: ServiceCatalogOptions = {}): ServiceCatalog {
    const services = serviceList(catalog, "token.catalog");
    const entries: CatalogEndpoint[] = [];
    for (const service of services) {
      for (const endpoint of endpointList(service)) {
        const url = stringField(endpoint, "url");
        const iface = interfaceOf(endpoint.interface);
        if (!url || !iface) continue;
        const region = stringField(endpoint, "region");
        const regionId = stringField(endpoint, "region_id");
        entries.push(entry(service, iface, url, region ?? regionId, regionId));
      }
    }
    return new ServiceCatalog(entries, options);
  }

  /** `access.serviceCatalog` of a v2.0 token: [{type, name, endpoints: [{region?, publicURL, internalURL, adminURL}]}]. */
  static fromV2(serviceCatalog: unknown, options: ServiceCatalogOptions = {}): ServiceCatalog {
    const services = serviceList(serviceCatalog, "access.serviceCatalog");
    const entries: CatalogEndpoint[] = [];
    for (const service of services) {
      for (const endpoint of endpointList(service)) entries.push(...urlKeyedEndpoints(service, endpoint));
    }
    return new ServiceCatalog(entries, options);
  }

  /**
   * `auth.serviceCatalog` of a v1.1 token, keyed by service name:
   * {"cloudServers": [{"publicURL": ...}], "cloudFiles": [{"region": "ORD", "publicURL", "internalURL"}]}.
   * Known names get their service type (cloudServers → compute); others are typed by their name.
   */
  static fromV1_1(serviceCatalog: unknown, options: ServiceCatalogOptions = {}): ServiceCatalog {
    if (serviceCatalog === undefined || serviceCatalog === null) return new ServiceCatalog([], options);
    if (!isObject(serviceCatalog)) {
      throw new MalformedResponseError(
        `auth.serviceCatalog of the v1.1 response is ${describeJsonType(serviceCatalog)}, ` +
          `not an object keyed by service name`,
      );
    }
    const entries: CatalogEndpoint[] = [];
    for (const [name, endpoints] of Object.entries(serviceCatalog)) {
      if (!Array.isArray(endpoints)) continue;
      const service = { type: V1_1_SERVICE_TYPES[name] ?? name, name };
      for (const endpoint of endpoints) {
        if (!isObject(endpoint)) continue;
        for (const e of urlKeyedEndpoints(service, endpoint)) entries.push({ ...e, catalogKey: name });
      }
    }
    return new ServiceCatalog(entries, options);
  }

  /** The endpoint headers of a v1.0 authentication (names in any case): public endpoints without a region. */
  static fromV1Headers(
    headers: Readonly<Record<string, string | undefined>>,
    options: ServiceCatalogOptions = {},
  ): ServiceCatalog {
    const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v] as const));
    const entries: CatalogEndpoint[] = [];
    for (const [header, { type, key }] of Object.entries(V1_0_ENDPOINT_HEADERS)) {
      const url = lower.get(header)?.trim();
      if (url) entries.push({ serviceType: type, catalogKey: key, interface: "public", url });
    }
    return new ServiceCatalog(entries, options);
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The service types in the catalog, as spelled there, in catalog order, each once. */
  serviceTypes(): string[] {
    return unique(this.entries.map((e) => e.serviceType));
  }

  /** The regions in the catalog, in catalog order, each once. */
  regions(): string[] {
    return unique(this.entries.flatMap((e) => (e.region !== undefined ? [e.region] : [])));
  }

  /** Every entry of one service type (aliases included). */
  endpointsOf(serviceType: string): CatalogEndpoint[] {
    return this.entries.filter((e) => typeRank(e, serviceType) !== undefined);
  }

  endpointFor(query: EndpointQuery): string {
    return this.findEndpoint(query).url;
  }

  /**
   * The one endpoint answering the query:
   *  - type: the requested type or any alias of it (block-storage ⇔ volumev3/volumev2/volume);
   *  - name: only when given, and ignored when no service of the type carries a name (v3 before 3.3);
   *  - region: when given, equal to the endpoint's region or region_id; when not given, any region;
   *  - interface: public unless asked, "publicURL"-style spellings accepted.
   *
   * When several endpoints match (policy, chosen to be deterministic and never to pick a region or a
   * service for the user behind their back):
   *  1. endpoints with the same URL are one endpoint (v3 region + region_id duplicates, repeated entries);
   *  2. the type closest to the request wins: the exact type asked for, then the official type, then the
   *     aliases in the authority's order (a cloud listing volumev3 and volumev2 answers block-storage with v3);
   *  3. if the URLs left lie in more than one region and no region was asked for → AmbiguousEndpointError
   *     naming the regions (keystoneauth would take the first, which puts resources in whichever region
   *     Keystone happens to list first);
   *  4. if they belong to differently named services and no serviceName was asked for →
   *     AmbiguousEndpointError naming the services;
   *  5. otherwise (one service in one region with several URLs, which no option can tell apart) the first
   *     in catalog order, as keystoneauth does.
   */
  findEndpoint(query: EndpointQuery): CatalogEndpoint {
    const iface = normaliseInterface(query.interface);
    if (this.entries.length === 0) throw new EmptyCatalogError(this.emptyMessage(query.serviceType));

    const typed = this.entries.filter((e) => typeRank(e, query.serviceType) !== undefined);
    const nameApplies = query.serviceName !== undefined && typed.some((e) => e.serviceName !== undefined);
    const named = nameApplies ? typed.filter((e) => e.serviceName === query.serviceName) : typed;
    const withInterface = named.filter((e) => e.interface === iface);
    const region = query.region;
    const matches =
      region === undefined
        ? withInterface
        : withInterface.filter((e) => e.region === region || e.regionId === region);
    if (matches.length === 0) {
      throw new EndpointNotFoundError(this.notFoundMessage(query, iface, { typed, named, withInterface }));
    }

    const bestRank = Math.min(...matches.map((e) => typeRank(e, query.serviceType) ?? Infinity));
    const best = matches.filter((e) => (typeRank(e, query.serviceType) ?? Infinity) === bestRank);
    const distinct = uniqueBy(best, (e) => e.url);
    const first = distinct[0] as CatalogEndpoint;
    if (distinct.length === 1) return first;

    const regions = unique(distinct.map((e) => e.region ?? e.regionId ?? ""));
    const names = unique(distinct.map((e) => e.serviceName ?? ""));
    const regionUnasked = region === undefined && regions.length > 1;
    const nameUnasked = query.serviceName === undefined && names.length > 1;
    if (regionUnasked || nameUnasked) {
      const choices: string[] = [];
      if (regionUnasked) {
        const named = regions.filter((r) => r !== "");
        if (named.length > 0) {
          choices.push(
            `\`region\` (Pulumi config openstack:region) to one of ${named.map(showRegion).join(", ")}`,
          );
        }
      }
      if (nameUnasked) {
        choices.push(
          `\`serviceName\` to one of ${names.map((n) => (n ? `"${n}"` : "(unnamed)")).join(", ")}`,
        );
      }
      const spread = regionUnasked ? `${regions.length} regions` : `${names.length} services`;
      throw new AmbiguousEndpointError(
        `${describeQuery(query, iface)} matches endpoints in ${spread}: ` +
          `${distinct.map(describeWithUrl).join("; ")}. ` +
          (choices.length > 0 ? `Set ${choices.join(", or ")}, or` : "Set") +
          ` give the URL with \`endpointOverrides\`.`,
      );
    }
    return first;
  }

  /** One line per service type, name and region, with its interfaces: for error messages. */
  describe(): string {
    const groups = new Map<string, { head: string; interfaces: CatalogInterface[] }>();
    for (const e of this.entries) {
      const head = describeService(e);
      const group = groups.get(head) ?? { head, interfaces: [] };
      if (!group.interfaces.includes(e.interface)) group.interfaces.push(e.interface);
      groups.set(head, group);
    }
    if (groups.size === 0) return "(empty catalog)";
    return [...groups.values()].map((g) => `${g.head} ${g.interfaces.join("/")}`).join("; ");
  }

  private emptyMessage(serviceType: string): string {
    return (
      `The token has no service catalog, so no endpoint for "${serviceType}" can be found` +
      (this.emptyReason ? ` (${this.emptyReason})` : "") +
      `. This usually means the token is unscoped: set a project (tenantName/projectName or ` +
      `tenantId/projectId, with projectDomainName/projectDomainId for Keystone v3), or give the endpoint ` +
      `yourself with \`endpointOverrides\` (or \`baseUrl\` for compute).`
    );
  }

  private notFoundMessage(
    query: EndpointQuery,
    iface: CatalogInterface,
    steps: { typed: CatalogEndpoint[]; named: CatalogEndpoint[]; withInterface: CatalogEndpoint[] },
  ): string {
    const aliases = serviceTypeAliases(query.serviceType);
    let advice: string;
    if (steps.typed.length === 0) {
      advice =
        `The catalog has no service of type "${canonicalServiceType(query.serviceType)}"` +
        (aliases.length > 1 ? ` (or ${aliases.slice(1).join(", ")})` : "") +
        `: check the service type, or give its URL with \`endpointOverrides\`.`;
    } else if (steps.named.length === 0) {
      const names = unique(steps.typed.map((e) => e.serviceName ?? "(unnamed)"));
      advice = `No such service is named "${query.serviceName}": change \`serviceName\` to one of ${names.join(", ")}, or remove it.`;
    } else if (steps.withInterface.length === 0) {
      const found = unique(steps.named.map((e) => e.interface));
      advice = `The "${query.serviceType}" service has no ${iface} endpoint: set \`interface\` to one of ${found.join(", ")}.`;
    } else {
      const regions = unique(steps.withInterface.map((e) => showRegion(e.region ?? "")));
      advice =
        `The "${query.serviceType}" service has no ${iface} endpoint in region "${query.region}": set \`region\` ` +
        `(Pulumi config openstack:region) to one of ${regions.join(", ")}` +
        (regions.includes("(no region)") ? ` (or leave it unset for the endpoints without a region)` : "") +
        `.`;
    }
    return (
      `Could not find specified endpoint: ${describeQuery(query, iface)}. ${advice} ` +
      `The catalog has: ${this.describe()}. ` +
      `To bypass the catalog, set \`endpointOverrides\` (or \`baseUrl\` for compute).`
    );
  }
}

/** serviceTypeRank, where a 1.x catalog key asked for by name is an exact match. */
function typeRank(e: CatalogEndpoint, requested: string): number | undefined {
  if (e.catalogKey !== undefined && e.catalogKey === requested) return 0;
  return serviceTypeRank(e.serviceType, requested);
}

function describeQuery(query: EndpointQuery, iface: CatalogInterface): string {
  const parts = [`service type "${query.serviceType}"`];
  if (query.serviceName !== undefined) parts.push(`name "${query.serviceName}"`);
  parts.push(query.region !== undefined ? `region "${query.region}"` : "any region");
  parts.push(`interface ${iface}`);
  return parts.join(", ");
}

function showRegion(region: string): string {
  return region ? `"${region}"` : "(no region)";
}

function describeService(e: CatalogEndpoint): string {
  return (
    e.serviceType +
    (e.serviceName !== undefined ? ` "${e.serviceName}"` : "") +
    ` ${e.region !== undefined ? `in ${e.region}` : "(no region)"}`
  );
}

function describeWithUrl(e: CatalogEndpoint): string {
  return `${describeService(e)} ${e.interface} ${e.url}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function stringField(obj: Record<string, unknown>, key: string): string | undefined {
  const value = obj[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function interfaceOf(value: unknown): CatalogInterface | undefined {
  return typeof value === "string" && (INTERFACES as readonly string[]).includes(value.toLowerCase())
    ? (value.toLowerCase() as CatalogInterface)
    : undefined;
}

// A missing or null catalog is an empty one (an unscoped token has none); anything but a list is malformed.
function serviceList(catalog: unknown, where: string): Record<string, unknown>[] {
  if (catalog === undefined || catalog === null) return [];
  if (!Array.isArray(catalog)) {
    throw new MalformedResponseError(`${where} is ${describeJsonType(catalog)}, not a list of services`);
  }
  // Services without a type cannot be asked for; they are skipped rather than failing the whole token.
  return catalog.filter((s): s is Record<string, unknown> => isObject(s) && typeof s.type === "string");
}

function endpointList(service: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(service.endpoints) ? service.endpoints.filter(isObject) : [];
}

function entry(
  service: Record<string, unknown>,
  iface: CatalogInterface,
  url: string,
  region: string | undefined,
  regionId?: string,
): CatalogEndpoint {
  const e: CatalogEndpoint = { serviceType: service.type as string, interface: iface, url };
  const name = stringField(service, "name");
  if (name !== undefined) e.serviceName = name;
  if (region !== undefined) e.region = region;
  if (regionId !== undefined) e.regionId = regionId;
  return e;
}

// v2.0 and v1.1 endpoints: one object per region with publicURL / internalURL / adminURL.
function urlKeyedEndpoints(
  service: Record<string, unknown>,
  endpoint: Record<string, unknown>,
): CatalogEndpoint[] {
  const region = stringField(endpoint, "region");
  const out: CatalogEndpoint[] = [];
  for (const iface of INTERFACES) {
    const url = stringField(endpoint, `${iface}URL`);
    if (url) out.push(entry(service, iface, url, region));
  }
  return out;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
