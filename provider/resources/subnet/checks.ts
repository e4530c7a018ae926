// Validation of the subnet's address inputs: each list item on its own (validate), and everything that
// needs the cidr (rules). The rules mirror what Neutron would refuse, so that a plan fails at check with
// the property named instead of halfway through an update.
import { type CheckFailure, isUnknown } from "../framework/schema/schema";
import { cidr as cidrSyntax } from "../framework/schema/values";
import {
  type Address,
  canonicalCidr,
  canonicalIp,
  contains,
  defaultGateway,
  describeRange,
  formatIp,
  hostBitsProblem,
  parseCidr,
  parseIp,
  poolBounds,
  type Range,
} from "./addresses";
import { ipv6ModeFailures, rangeSourceFailures } from "./allocation";

export interface Pool {
  start: string;
  end: string;
}

export interface HostRoute {
  destination: string;
  nexthop: string;
}

/** Like values.ipAddress, but also refusing zone ids (fe80::1%eth0), which Neutron does not take. */
export function ipProblem(value: unknown): string | undefined {
  return parseIp(value as string) ? undefined : `"${String(value)}" is not an IPv4 or IPv6 address`;
}

/** values.cidr, plus the host-bits check for IPv6 that it leaves out. */
export function cidrProblem(value: unknown): string | undefined {
  const text = value as string;
  const syntax =
    cidrSyntax(text) ?? (parseCidr(text) ? undefined : `"${text}" is not a CIDR: use address/prefix`);
  return syntax ?? hostBitsProblem(text);
}

function extraKeys(item: object, allowed: readonly string[]): string[] {
  return Object.keys(item).filter((key) => !allowed.includes(key));
}

export function normalizePools(value: unknown): unknown {
  return (value as Array<Record<string, unknown>>).map((pool) => ({
    ...pool,
    start: canonicalIp(pool.start),
    end: canonicalIp(pool.end),
  }));
}

export function poolsProblem(value: unknown): string | undefined {
  const pools = value as Array<Record<string, unknown>>;
  for (const [i, pool] of pools.entries()) {
    const where = `allocationPools[${i}]`;
    const extra = extraKeys(pool, ["start", "end"]);
    if (extra.length > 0) return `${where} has no property ${extra.join(", ")}: a pool is { start, end }`;
    const start = typeof pool.start === "string" ? parseIp(pool.start) : undefined;
    const end = typeof pool.end === "string" ? parseIp(pool.end) : undefined;
    if (!start || !end)
      return `${where} needs start and end, both IP addresses, e.g. { start: "10.0.0.10", end: "10.0.0.99" }`;
    if (start.version !== end.version) return `${where}: start and end must both be IPv4 or both IPv6`;
    if (start.value > end.value)
      return `${where}: start ${String(pool.start)} comes after end ${String(pool.end)}`;
  }
  return undefined;
}

export function normalizeRoutes(value: unknown): unknown {
  return (value as Array<Record<string, unknown>>).map((route) => ({
    ...route,
    destination: canonicalCidr(route.destination),
    nexthop: canonicalIp(route.nexthop),
  }));
}

export function routesProblem(value: unknown): string | undefined {
  const routes = value as Array<Record<string, unknown>>;
  for (const [i, route] of routes.entries()) {
    const where = `hostRoutes[${i}]`;
    const extra = extraKeys(route, ["destination", "nexthop"]);
    if (extra.length > 0)
      return `${where} has no property ${extra.join(", ")}: a route is { destination, nexthop }`;
    if (typeof route.destination !== "string" || typeof route.nexthop !== "string")
      return `${where} needs destination (a CIDR) and nexthop (an IP address), e.g. { destination: "10.1.0.0/16", nexthop: "10.0.0.5" }`;
    const problem = cidrProblem(route.destination) ?? ipProblem(route.nexthop);
    if (problem) return `${where}: ${problem}`;
  }
  return undefined;
}

const routeKey = (route: unknown): string => {
  const r = (route ?? {}) as Record<string, unknown>;
  return `${String(r.destination)} via ${String(r.nexthop)}`;
};

/** Host routes are a set for Neutron: their order means nothing. */
export function sameRoutes(a: unknown, b: unknown): boolean {
  const x = (Array.isArray(a) ? a : []).map(routeKey).sort();
  const y = (Array.isArray(b) ? b : []).map(routeKey).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const poolKey = (pool: unknown): string => {
  const p = (pool ?? {}) as Record<string, unknown>;
  return `${String(p.start)}-${String(p.end)}`;
};

/** Pools are compared as a set: Neutron does not promise to return them in the order sent. */
export function samePools(a: unknown, b: unknown): boolean {
  const x = (Array.isArray(a) ? a : []).map(poolKey).sort();
  const y = (Array.isArray(b) ? b : []).map(poolKey).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function nameserversProblem(value: unknown): string | undefined {
  const servers = value as string[];
  for (const [i, server] of servers.entries()) {
    const problem = ipProblem(server);
    if (problem) return `dnsNameservers[${i}]: ${problem}`;
    if (servers.indexOf(server) !== i) return `dnsNameservers lists ${server} twice`;
  }
  return undefined;
}

const known = (value: unknown): boolean => value !== undefined && value !== null && !isUnknown(value);

function versionName(version: 4 | 6): string {
  return version === 4 ? "IPv4" : "IPv6";
}

function gatewayFailures(range: Range, cidr: string, gatewayIp: string): CheckFailure[] {
  const gateway = parseIp(gatewayIp)!;
  // Neutron refuses the network and broadcast addresses of IPv4 ranges (ipam utils
  // check_gateway_invalid_in_subnet); IPv6 has no broadcast and allows the network address
  const first = range.version === 4 ? range.first + 1n : range.first;
  const last = range.version === 4 ? range.last - 1n : range.last;
  if (contains(range, gateway) && gateway.value >= first && gateway.value <= last) return [];
  const why = !contains(range, gateway)
    ? "is outside cidr"
    : `is the ${gateway.value === range.first ? "network" : "broadcast"} address of`;
  return [
    {
      property: "gatewayIp",
      reason: `gatewayIp ${gatewayIp} ${why} ${cidr}: use an address from ${describeRange(range, first, last)}, or noGateway: true`,
    },
  ];
}

interface Gateway {
  address: Address;
  /** false: Neutron's default, what an absent gatewayIp gets. */
  declared: boolean;
}

function poolFailures(
  range: Range,
  cidr: string,
  pools: Pool[],
  gateway: Gateway | undefined,
): CheckFailure[] {
  const bounds = poolBounds(range);
  const parsed = pools.map((p) => ({
    text: `${p.start}-${p.end}`,
    start: parseIp(p.start)!,
    end: parseIp(p.end)!,
  }));
  for (const [i, pool] of parsed.entries()) {
    if (pool.start.version !== range.version) {
      return [
        {
          property: "allocationPools",
          reason: `allocationPools[${i}] ${pool.text} is ${versionName(pool.start.version)} but cidr ${cidr} is ${versionName(range.version)}`,
        },
      ];
    }
    if (pool.start.value < bounds.first || pool.end.value > bounds.last) {
      return [
        {
          property: "allocationPools",
          reason: `allocationPools[${i}] ${pool.text} is not inside cidr ${cidr}: pools may use ${describeRange(range, bounds.first, bounds.last)}`,
        },
      ];
    }
    for (const [j, other] of parsed.slice(0, i).entries()) {
      if (pool.start.value <= other.end.value && other.start.value <= pool.end.value) {
        return [
          {
            property: "allocationPools",
            reason: `allocationPools[${i}] ${pool.text} overlaps allocationPools[${j}] ${other.text}`,
          },
        ];
      }
    }
    if (gateway && gateway.address.value >= pool.start.value && gateway.address.value <= pool.end.value) {
      const which = gateway.declared
        ? `the gateway ${formatIp(gateway.address)}`
        : `${formatIp(gateway.address)}, Neutron's default gateway when gatewayIp is absent`;
      return [
        {
          property: "allocationPools",
          reason: `allocationPools[${i}] ${pool.text} contains ${which}: keep the gateway out of the pools (or set gatewayIp elsewhere, or noGateway: true)`,
        },
      ];
    }
  }
  return [];
}

function routeFailures(range: Range, routes: HostRoute[]): CheckFailure[] {
  for (const [i, route] of routes.entries()) {
    const destination = parseCidr(route.destination)!;
    const nexthop = parseIp(route.nexthop)!;
    if (destination.version !== range.version || nexthop.version !== range.version) {
      return [
        {
          property: "hostRoutes",
          reason: `hostRoutes[${i}] must be ${versionName(range.version)} like the subnet's cidr`,
        },
      ];
    }
  }
  return [];
}

/** Cross-property rules; values not known yet (preview) are not judged. */
export function subnetRules(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (inputs.noGateway === true && known(inputs.gatewayIp)) {
    failures.push({
      property: "gatewayIp",
      reason: "gatewayIp and noGateway: true are exclusive: drop gatewayIp, or drop noGateway",
    });
  }
  failures.push(...rangeSourceFailures(inputs), ...ipv6ModeFailures(inputs));
  // a range taken from a subnet pool is not known until Neutron picks it
  if (!known(inputs.cidr)) return failures;
  const cidr = inputs.cidr as string;
  const range = parseCidr(cidr)!;
  if (known(inputs.ipVersion) && inputs.ipVersion !== range.version) {
    failures.push({
      property: "ipVersion",
      reason: `ipVersion ${String(inputs.ipVersion)} contradicts cidr ${cidr}, an ${versionName(range.version)} range: use ${range.version} or leave ipVersion out`,
    });
    return failures;
  }
  const gateway =
    known(inputs.gatewayIp) && inputs.noGateway !== true ? (inputs.gatewayIp as string) : undefined;
  if (gateway) failures.push(...gatewayFailures(range, cidr, gateway));
  if (known(inputs.allocationPools) && !isUnknown(inputs.gatewayIp) && !isUnknown(inputs.noGateway)) {
    const effective: Gateway | undefined =
      inputs.noGateway === true
        ? undefined
        : gateway !== undefined
          ? { address: parseIp(gateway)!, declared: true }
          : { address: defaultGateway(range), declared: false };
    failures.push(...poolFailures(range, cidr, inputs.allocationPools as Pool[], effective));
  }
  if (known(inputs.hostRoutes)) failures.push(...routeFailures(range, inputs.hostRoutes as HostRoute[]));
  return failures;
}
