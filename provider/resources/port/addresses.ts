// A port's fixed IPs in requests (shared declarations in subnet/fixed-ips.ts) and its allowed address
// pairs: their check-time validation, canonical forms, and the comparison with what Neutron keeps.
import { canonicalCidr, canonicalIp } from "../subnet/addresses";
import { ipProblem } from "../subnet/checks";
import { type FixedIp, matchFixedIps } from "../subnet/fixed-ips";
import { canonicalMac, cidr, macAddress } from "../framework";

export interface AddressPair {
  /** An address or a CIDR range. */
  ipAddress: string;
  /** Default: the port's own MAC. */
  macAddress?: string;
}

type Item = Record<string, unknown>;

function extraKeys(item: Item, allowed: readonly string[]): string[] {
  return Object.keys(item).filter((key) => !allowed.includes(key));
}

/**
 * fixed_ips for a request. On an update, a subnet-only entry keeps the address the port already holds
 * there (`live`), so that changing another entry does not renumber it.
 */
export function fixedIpsBody(declared: FixedIp[], live: FixedIp[] = []): Item[] {
  const { matches } = matchFixedIps(declared, live);
  return declared.map((d, i) => {
    const body: Item = {};
    const ipAddress = d.ipAddress ?? matches[i]?.ipAddress;
    if (d.subnetId !== undefined) body.subnet_id = d.subnetId;
    if (ipAddress !== undefined) body.ip_address = ipAddress;
    return body;
  });
}

const pairAddress = (value: unknown): unknown =>
  typeof value === "string" && value.includes("/") ? canonicalCidr(value) : canonicalIp(value);

export function normalizePairs(value: unknown): unknown {
  return (value as Item[]).map((pair) => ({
    ...pair,
    ipAddress: pairAddress(pair.ipAddress),
    ...(pair.macAddress === undefined ? {} : { macAddress: canonicalMac(pair.macAddress) }),
  }));
}

export function pairsProblem(value: unknown): string | undefined {
  const pairs = value as Item[];
  const seen = new Map<string, number>();
  for (const [i, pair] of pairs.entries()) {
    const where = `allowedAddressPairs[${i}]`;
    const extra = extraKeys(pair, ["ipAddress", "macAddress"]);
    if (extra.length > 0)
      return `${where} has no property ${extra.join(", ")}: a pair is { ipAddress, macAddress? }`;
    if (typeof pair.ipAddress !== "string")
      return `${where} needs ipAddress, an address or a CIDR, e.g. { ipAddress: "10.0.0.100" } or { ipAddress: "10.0.1.0/24" }`;
    // Neutron takes IPv4 ranges only in their canonical form (no host bits), like values.cidr
    const problem = pair.ipAddress.includes("/") ? cidr(pair.ipAddress) : ipProblem(pair.ipAddress);
    if (problem) return `${where}.ipAddress: ${problem}`;
    if (pair.macAddress !== undefined) {
      const bad = typeof pair.macAddress === "string" ? macAddress(pair.macAddress) : "must be a string";
      if (bad) return `${where}.macAddress: ${bad}`;
    }
    const key = pairKey(pair);
    if (seen.has(key)) return `${where} repeats allowedAddressPairs[${seen.get(key)}]`;
    seen.set(key, i);
  }
  return undefined;
}

const pairKey = (pair: unknown): string => {
  const p = (pair ?? {}) as Partial<AddressPair>;
  return `${p.ipAddress} ${p.macAddress ?? ""}`;
};

/** Pairs are a set for Neutron: their order means nothing. */
export function samePairs(a: unknown, b: unknown): boolean {
  const x = (Array.isArray(a) ? a : []).map(pairKey).sort();
  const y = (Array.isArray(b) ? b : []).map(pairKey).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Live pairs in the declared form: Neutron fills in the port's own MAC for a pair declared without
 * one, which is left out again unless the declaration gave it.
 */
export function pairsFromApi(
  live: Array<{ ip_address: string; mac_address?: string }>,
  portMac: string,
  declared: unknown,
): AddressPair[] {
  const withMac = new Set(
    (Array.isArray(declared) ? (declared as AddressPair[]) : [])
      .filter((p) => p.macAddress !== undefined)
      .map((p) => `${String(p.ipAddress)} ${String(p.macAddress)}`),
  );
  return live.map((pair) => {
    const ipAddress = pairAddress(pair.ip_address) as string;
    const mac = canonicalMac(pair.mac_address) as string | undefined;
    const keep = mac !== undefined && (mac !== portMac || withMac.has(`${ipAddress} ${mac}`));
    return keep ? { ipAddress, macAddress: mac } : { ipAddress };
  });
}
