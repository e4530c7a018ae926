// What Neutron accepts in a security group rule, judged locally: its protocol names and numbers, which
// protocols take ports (and which take an ICMP type and code instead), the IPv6-only protocols, and
// when it takes two rules for the same (a duplicate it refuses with 409). Mirrors Neutron's
// securitygroups_db validation so that a plan fails at check, naming the property.
import type { NeutronSecurityGroupRule } from "../../services/network";
import type { Props } from "../framework/host/definition";
import { type CheckFailure, isUnknown } from "../framework/schema/schema";
import { canonicalCidr } from "../subnet/addresses";

/** Neutron's protocol names (neutron-lib IP_PROTOCOL_MAP) and their numbers. */
const PROTOCOLS: Readonly<Record<string, number>> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  icmpv6: 58,
  igmp: 2,
  ip: 0,
  ipip: 4,
  "ipv6-encap": 41,
  "ipv6-frag": 44,
  "ipv6-icmp": 58,
  "ipv6-nonxt": 59,
  "ipv6-opts": 60,
  "ipv6-route": 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};
/** Every protocol: what Neutron stores as null (the openstack CLI's word for it). */
export const ANY = "any";
const WITH_PORTS = [6, 17, 33, 132, 136];
const WITH_TYPE_AND_CODE = [1, 58];
const IPV6_ONLY = [41, 43, 44, 58, 59, 60];
const NAMES_WITH_PORTS = "tcp, udp, dccp, sctp, udplite";

/** Lower-case names, numbers as their plain decimal text ("06" and 6 → "6"). */
export function normalizeProtocol(value: unknown): unknown {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value;
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

export function protocolProblem(value: unknown): string | undefined {
  const text = typeof value === "string" ? value : undefined;
  if (text !== undefined && (text === ANY || text in PROTOCOLS)) return undefined;
  if (text !== undefined && /^\d+$/.test(text) && Number(text) <= 255) return undefined;
  return (
    `protocol ${JSON.stringify(value)} is not valid: use "${ANY}" (every protocol), a number from 0 to 255, ` +
    `or one of Neutron's names: ${Object.keys(PROTOCOLS).join(", ")}`
  );
}

/**
 * The protocol's number as Neutron compares rules; undefined for every protocol. On IPv6, ICMP (1,
 * "icmp") is ICMPv6 (58), as Neutron stores it.
 */
export function protocolNumber(protocol: unknown, ethertype: unknown): number | undefined {
  if (protocol === undefined || protocol === null || protocol === ANY) return undefined;
  const text = (typeof protocol === "number" ? String(protocol) : (protocol as string)).toLowerCase();
  const n = /^\d+$/.test(text) ? Number(text) : (PROTOCOLS[text] ?? -1);
  return ethertype === "IPv6" && n === 1 ? 58 : n;
}

/** The family of a CIDR's address, by its form. */
function family(prefix: string): "IPv4" | "IPv6" {
  return prefix.includes(":") ? "IPv6" : "IPv4";
}

/** Cross-property checks of a rule's inputs (each property already valid on its own). */
export function ruleProblems(inputs: Props): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const known = (name: string) => inputs[name] !== undefined && !isUnknown(inputs[name]);
  const ethertype = inputs.ethertype as string;

  if (known("remoteIpPrefix") && known("remoteGroupId")) {
    failures.push({
      property: "remoteGroupId",
      reason:
        "remoteGroupId and remoteIpPrefix are exclusive: a rule matches either the members of a group " +
        "or a range of addresses; drop one (two rules can do both)",
    });
  }
  if (known("remoteIpPrefix") && !isUnknown(ethertype)) {
    const prefix = inputs.remoteIpPrefix as string;
    if (family(prefix) !== ethertype) {
      failures.push({
        property: "remoteIpPrefix",
        reason:
          `remoteIpPrefix ${prefix} is an ${family(prefix)} range but ethertype is ${ethertype}: ` +
          `set ethertype: "${family(prefix)}", or give an ${ethertype} range`,
      });
    }
  }
  if (isUnknown(inputs.protocol) || isUnknown(ethertype)) return failures;
  const protocol = inputs.protocol as string | undefined;
  const number = protocolNumber(protocol, ethertype);
  if (number !== undefined && ethertype === "IPv4" && IPV6_ONLY.includes(number)) {
    failures.push({
      property: "protocol",
      reason: `protocol ${protocol} is an IPv6 protocol: set ethertype: "IPv6", or use an IPv4 protocol (e.g. icmp)`,
    });
  }
  if (isUnknown(inputs.portRangeMin) || isUnknown(inputs.portRangeMax)) return failures;
  const [min, max] = [inputs.portRangeMin, inputs.portRangeMax] as Array<number | undefined>;
  failures.push(...portProblems(protocol, number, min, max));
  return failures;
}

function portProblems(
  protocol: string | undefined,
  number: number | undefined,
  min: number | undefined,
  max: number | undefined,
): CheckFailure[] {
  const given = min !== undefined ? "portRangeMin" : max !== undefined ? "portRangeMax" : undefined;
  if (!given) return [];
  const fail = (property: string, reason: string) => [{ property, reason }];
  if (number === undefined) {
    return fail(
      given,
      `${given} needs a protocol: set protocol to one with ports (${NAMES_WITH_PORTS}), or to icmp ` +
        `(portRangeMin is then the ICMP type, portRangeMax the code)`,
    );
  }
  if (WITH_PORTS.includes(number)) {
    if (min === undefined || max === undefined) {
      const missing = min === undefined ? "portRangeMin" : "portRangeMax";
      return fail(
        missing,
        `${missing} is required with ${given} for protocol ${protocol}: give both (the same port twice for one port)`,
      );
    }
    for (const [name, value] of [
      ["portRangeMin", min],
      ["portRangeMax", max],
    ] as const) {
      if (value === 0) return fail(name, `${name} is 0; ports go from 1 to 65535`);
    }
    if (min > max) {
      return fail(
        "portRangeMin",
        `portRangeMin ${min} is above portRangeMax ${max}: the range is min to max, e.g. 8000 to 8080`,
      );
    }
    return [];
  }
  if (WITH_TYPE_AND_CODE.includes(number)) {
    if (min === undefined) {
      return fail(
        "portRangeMin",
        `portRangeMax (the ICMP code) needs portRangeMin (the ICMP type): set portRangeMin, e.g. 8 for echo request`,
      );
    }
    for (const [name, value, what] of [
      ["portRangeMin", min, "ICMP type"],
      ["portRangeMax", max, "ICMP code"],
    ] as const) {
      if (value !== undefined && value > 255)
        return fail(name, `${name} is the ${what} for protocol ${protocol}: ${value}; it goes from 0 to 255`);
    }
    return [];
  }
  return fail(
    given,
    `protocol ${protocol} has no ports: drop portRangeMin and portRangeMax (ports apply to ${NAMES_WITH_PORTS}; ` +
      `ICMP type and code to icmp and ipv6-icmp)`,
  );
}

/** A rule's attributes under the input names, from Neutron's form (null → absent). */
export function ruleInputs(rule: NeutronSecurityGroupRule): Props {
  const pick = <V>(v: V | null | undefined) => (v === null ? undefined : v);
  return {
    securityGroupId: rule.security_group_id,
    direction: rule.direction,
    ethertype: rule.ethertype,
    protocol: pick(rule.protocol),
    portRangeMin: pick(rule.port_range_min),
    portRangeMax: pick(rule.port_range_max),
    remoteIpPrefix: pick(rule.remote_ip_prefix),
    remoteGroupId: pick(rule.remote_group_id),
  };
}

/** Whether Neutron's ports are 1 to 65535, which it stores as no range at all. */
export function isFullPortRange(min: unknown, max: unknown): boolean {
  return min === 1 && max === 65535;
}

/**
 * What Neutron compares to call two rules the same (its _rule_to_key): the description is not part of
 * it; 1-65535 is no range; 0.0.0.0/0 and ::/0 are no prefix; a protocol's name is its number.
 */
export function duplicateKey(rule: Props): string {
  const full = isFullPortRange(rule.portRangeMin, rule.portRangeMax);
  const prefix = rule.remoteIpPrefix === undefined ? undefined : canonicalCidr(rule.remoteIpPrefix);
  return JSON.stringify([
    rule.securityGroupId,
    rule.direction,
    rule.ethertype,
    protocolNumber(rule.protocol, rule.ethertype) ?? null,
    full ? null : (rule.portRangeMin ?? null),
    full ? null : (rule.portRangeMax ?? null),
    prefix === "0.0.0.0/0" || prefix === "::/0" ? null : (prefix ?? null),
    rule.remoteGroupId ?? null,
  ]);
}
