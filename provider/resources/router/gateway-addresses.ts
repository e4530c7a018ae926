// The router's gateway addresses as inputs: externalFixedIps (each a subnet and/or an address) or
// externalSubnetIds (one address from each subnet, Neutron's choice). Both are sent as
// external_fixed_ips; the comparisons accept what Neutron filled in (the address it picked, the
// subnet of an address) so that it is no drift.
import { type CheckFailure, isUnknown } from "../framework/schema/schema";
import type { FixedIp } from "../subnet/fixed-ips";

/** An address of the router's gateway port: as declared, either field may be left to Neutron. */
export type ExternalFixedIp = FixedIp;

export function subnetIdsProblem(value: unknown): string | undefined {
  const ids = value as string[];
  if (ids.length === 0) return "externalSubnetIds must name at least one subnet, or be left out";
  for (const [i, id] of ids.entries()) {
    if (id.trim() === "") return `externalSubnetIds[${i}] must be a subnet id, not blank`;
    if (ids.indexOf(id) !== i) return `externalSubnetIds lists ${id} twice`;
  }
  return undefined;
}

/** Both need the gateway network, and they are two ways to say the same field: one at a time. */
export function gatewayAddressRules(inputs: Record<string, unknown>): CheckFailure[] {
  const set = (["externalFixedIps", "externalSubnetIds"] as const).filter(
    (name) => inputs[name] !== undefined && inputs[name] !== null,
  );
  if (set.length === 2) {
    return [
      {
        property: "externalSubnetIds",
        reason:
          "externalSubnetIds and externalFixedIps are exclusive: use externalFixedIps with { subnetId } " +
          "entries (and addresses), or externalSubnetIds alone",
      },
    ];
  }
  if (set.length === 1 && inputs.externalNetworkId === undefined && !isUnknown(inputs.externalNetworkId)) {
    return [
      {
        property: set[0]!,
        reason: `${set[0]} are addresses of the external gateway: set externalNetworkId too, or drop ${set[0]}`,
      },
    ];
  }
  return [];
}

/** external_fixed_ips for the declared inputs; undefined: Neutron picks (one address). */
export function fixedIpsBody(inputs: Record<string, unknown>): Array<Record<string, string>> | undefined {
  if (inputs.externalSubnetIds !== undefined)
    return (inputs.externalSubnetIds as string[]).map((id) => ({ subnet_id: id }));
  if (inputs.externalFixedIps === undefined) return undefined;
  return (inputs.externalFixedIps as ExternalFixedIp[]).map((item) => ({
    ...(item.subnetId !== undefined && { subnet_id: item.subnetId }),
    ...(item.ipAddress !== undefined && { ip_address: item.ipAddress }),
  }));
}

/** The subnets of the live addresses, one each: equal to externalSubnetIds when it was applied. */
export function sameSubnetIds(live: unknown, declared: unknown): boolean {
  const x = Array.isArray(live) ? [...(live as string[])].sort() : [];
  const y = Array.isArray(declared) ? [...(declared as string[])].sort() : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
