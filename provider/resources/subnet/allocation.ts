// Where a subnet's range comes from (a cidr, or a subnet pool with a prefix length) and how IPv6
// hosts get addresses (the two IPv6 modes): the combinations Neutron refuses, refused at check with
// the property named.
import { type CheckFailure, isUnknown } from "../framework/schema/schema";
import { parseCidr } from "./addresses";

export const IPV6_MODES = ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"] as const;
// modes whose addresses are EUI-64 (built from the MAC), which needs a /64
const AUTO_ADDRESS = new Set<unknown>(["slaac", "dhcpv6-stateless"]);

const given = (value: unknown): boolean => value !== undefined && value !== null;
const known = (value: unknown): boolean => given(value) && !isUnknown(value);

/** The subnet's IP version as far as check can tell: ipVersion, else the cidr's; undefined when neither. */
export function declaredVersion(inputs: Record<string, unknown>): 4 | 6 | undefined {
  if (inputs.ipVersion === 4 || inputs.ipVersion === 6) return inputs.ipVersion;
  return known(inputs.cidr) ? parseCidr(inputs.cidr as string)?.version : undefined;
}

/** The prefix length the subnet will have, when check can tell. */
function declaredPrefix(inputs: Record<string, unknown>): { property: string; prefix: number } | undefined {
  if (known(inputs.cidr)) {
    const range = parseCidr(inputs.cidr as string);
    return range && { property: "cidr", prefix: range.prefix };
  }
  if (known(inputs.prefixLength)) return { property: "prefixLength", prefix: inputs.prefixLength as number };
  return undefined;
}

/** cidr, or subnetPoolId with an optional prefixLength. */
export function rangeSourceFailures(inputs: Record<string, unknown>): CheckFailure[] {
  const { cidr, subnetPoolId, prefixLength } = inputs;
  if (!given(cidr) && !given(subnetPoolId)) {
    return [
      {
        property: "cidr",
        reason:
          "cidr is required unless subnetPoolId is given: use an address range (e.g. 10.0.0.0/24), " +
          "or subnetPoolId (with prefixLength) to take one from a subnet pool",
      },
    ];
  }
  const failures: CheckFailure[] = [];
  if (given(prefixLength) && given(cidr)) {
    failures.push({
      property: "prefixLength",
      reason:
        "prefixLength and cidr are exclusive: prefixLength sizes a range taken from subnetPoolId; " +
        "drop prefixLength, or drop cidr",
    });
  } else if (given(prefixLength) && !given(subnetPoolId)) {
    failures.push({
      property: "prefixLength",
      reason: "prefixLength needs subnetPoolId: it is the size of the range taken from that pool",
    });
  }
  if (known(prefixLength)) {
    const version = declaredVersion(inputs);
    // Neutron's DHCP needs room for its own port: at most /30 (IPv4) or /126 (IPv6) with DHCP on
    const dhcp = inputs.enableDhcp !== false;
    const max = version === 4 ? (dhcp ? 30 : 32) : dhcp ? 126 : 128;
    if (version !== undefined && (prefixLength as number) > max) {
      failures.push({
        property: "prefixLength",
        reason: `prefixLength ${String(prefixLength)} is too long for an IPv${version} subnet${dhcp ? " with DHCP" : ""}: use 1 to ${max}`,
      });
    }
  }
  if (given(subnetPoolId) && !given(cidr) && known(inputs.allocationPools)) {
    failures.push({
      property: "allocationPools",
      reason:
        "allocationPools need cidr: a range Neutron picks from subnetPoolId gets its pools from Neutron; " +
        "give cidr (inside the pool's prefixes) or drop allocationPools",
    });
  }
  return failures;
}

/** ipv6AddressMode and ipv6RaMode: IPv6 only, equal when both set, DHCP on, /64 for EUI-64. */
export function ipv6ModeFailures(inputs: Record<string, unknown>): CheckFailure[] {
  const modes = (["ipv6AddressMode", "ipv6RaMode"] as const).filter((name) => given(inputs[name]));
  if (modes.length === 0) return [];
  const version = declaredVersion(inputs);
  if (version === 4) {
    return modes.map((name) => ({
      property: name,
      reason: `${name} applies to IPv6 subnets only, and this one is IPv4: drop ${name}, or use an IPv6 cidr (ipVersion 6)`,
    }));
  }
  const failures: CheckFailure[] = [];
  const { ipv6AddressMode: address, ipv6RaMode: ra } = inputs;
  if (known(address) && known(ra) && address !== ra) {
    failures.push({
      property: "ipv6RaMode",
      reason:
        `ipv6RaMode "${String(ra)}" and ipv6AddressMode "${String(address)}" differ: when both are set ` +
        `they must be the same (${IPV6_MODES.join(", ")}); or set only one of them`,
    });
  }
  if (inputs.enableDhcp === false) {
    failures.push({
      property: "enableDhcp",
      reason: `enableDhcp: false cannot go with ${modes.join(" and ")}: Neutron needs DHCP enabled on a subnet with IPv6 modes; drop the modes, or enableDhcp: false`,
    });
  }
  const auto = AUTO_ADDRESS.has(address) || AUTO_ADDRESS.has(ra);
  const prefix = declaredPrefix(inputs);
  if (auto && prefix && prefix.prefix !== 64) {
    const mode = AUTO_ADDRESS.has(address)
      ? `ipv6AddressMode ${String(address)}`
      : `ipv6RaMode ${String(ra)}`;
    failures.push({
      property: prefix.property,
      reason: `${mode} gives EUI-64 addresses, which need a /64 subnet: ${prefix.property} is /${prefix.prefix}; use a /64, or dhcpv6-stateful`,
    });
  }
  return failures;
}
