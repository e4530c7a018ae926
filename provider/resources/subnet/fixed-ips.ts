// Fixed IPs as users declare them — each a subnet, an address, or both — for a port's fixedIps and a
// router's externalFixedIps: their check-time validation, canonical form, and the comparison with the
// addresses Neutron assigned. Neutron answers with both fields, so an entry naming only its subnet
// matches whatever address Neutron picked there, and that is not drift.
import { canonicalIp } from "./addresses";
import { ipProblem } from "./checks";

export interface FixedIp {
  subnetId?: string;
  ipAddress?: string;
}

type Item = Record<string, unknown>;

export function normalizeFixedIps(value: unknown): unknown {
  return (value as Item[]).map((ip) =>
    ip.ipAddress === undefined ? ip : { ...ip, ipAddress: canonicalIp(ip.ipAddress) },
  );
}

/** The validator of a list of fixed IPs declared under `property`. */
export function fixedIpsProblem(property: string): (value: unknown) => string | undefined {
  return (value) => {
    const ips = value as Item[];
    for (const [i, ip] of ips.entries()) {
      const where = `${property}[${i}]`;
      const extra = Object.keys(ip).filter((key) => key !== "subnetId" && key !== "ipAddress");
      if (extra.length > 0)
        return `${where} has no property ${extra.join(", ")}: a fixed IP is { subnetId?, ipAddress? }`;
      if (ip.subnetId === undefined && ip.ipAddress === undefined)
        return `${where} needs subnetId, ipAddress or both, e.g. { subnetId: subnet.id } or { ipAddress: "10.0.0.5" }`;
      if (ip.subnetId !== undefined && (typeof ip.subnetId !== "string" || ip.subnetId.trim() === ""))
        return `${where}.subnetId must be a subnet id, got ${JSON.stringify(ip.subnetId)}`;
      if (ip.ipAddress !== undefined) {
        const address = ip.ipAddress;
        if (typeof address !== "string") return `${where}.ipAddress must be a string`;
        const problem = ipProblem(address);
        if (problem) return `${where}.ipAddress: ${problem}`;
        const first = ips.findIndex((other) => other.ipAddress === address);
        if (first !== i) return `${where}.ipAddress ${address} is already ${property}[${first}]`;
      }
    }
    return undefined;
  };
}

interface Matching<L> {
  /** For each declared entry, the live entry it stands for (undefined: none). */
  matches: Array<L | undefined>;
  /** Live entries no declared entry stands for. */
  unclaimed: L[];
}

/**
 * Pairs declared entries with live ones: those naming an address first (an address is unique on a
 * network), then subnet-only entries, each taking one address Neutron holds on its subnet.
 */
export function matchFixedIps<L extends FixedIp>(declared: FixedIp[], live: L[]): Matching<L> {
  const free = [...live];
  const take = (test: (l: L) => boolean): L | undefined => {
    const at = free.findIndex(test);
    return at < 0 ? undefined : free.splice(at, 1)[0];
  };
  const matches: Array<L | undefined> = declared.map(() => undefined);
  declared.forEach((d, i) => {
    if (d.ipAddress !== undefined)
      matches[i] = take(
        (l) => l.ipAddress === d.ipAddress && (d.subnetId === undefined || l.subnetId === d.subnetId),
      );
  });
  declared.forEach((d, i) => {
    if (d.ipAddress === undefined) matches[i] = take((l) => l.subnetId === d.subnetId);
  });
  return { matches, unclaimed: free };
}

/** Diff equality: the live fixed IPs (state) are exactly what the declared entries stand for. */
export function sameFixedIps(live: unknown, declared: unknown): boolean {
  const { matches, unclaimed } = matchFixedIps(
    (declared ?? []) as FixedIp[],
    (Array.isArray(live) ? live : []) as FixedIp[],
  );
  return unclaimed.length === 0 && matches.every((m) => m !== undefined);
}
