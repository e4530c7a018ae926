// Port: a Neutron port. Its network and MAC are fixed at creation (a MAC change is admin-only in
// Neutron's default policy, so it replaces); addresses, security groups, address pairs and port
// security update in place.
import { ports, type NeutronPort } from "../../services/network";
import {
  adminStateUpProperty,
  canonicalMac,
  type CheckFailure,
  createdAtProperty,
  defineResource,
  descriptionProperty,
  isUnknown,
  macAddress,
  nameProperty,
  networkIdProperty,
  neutronResource,
  type OperationContext,
  projectIdProperty,
  type Props,
  REFERENCE,
  type ResourceArgs,
  shaped,
  sortedSet,
  tagsProperty,
  unorderedEqual,
  updatedAtProperty,
} from "../framework";
import { requireNetwork } from "../subnet/subnet";
import { type FixedIp, fixedIpsProblem, normalizeFixedIps, sameFixedIps } from "../subnet/fixed-ips";
import {
  type AddressPair,
  fixedIpsBody,
  normalizePairs,
  pairsFromApi,
  pairsProblem,
  samePairs,
} from "./addresses";

export type { AddressPair as PortAddressPair } from "./addresses";
export type { FixedIp as PortFixedIp } from "../subnet/fixed-ips";

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function securityGroupsProblem(value: unknown): string | undefined {
  for (const [i, group] of (value as string[]).entries()) {
    if (!UUID.test(group))
      return `securityGroups[${i}] "${group}" is not a security group id: a port takes ids (UUIDs), not names`;
  }
  return undefined;
}

const given = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;

/** Neutron refuses security groups and address pairs on a port without port security. */
function portSecurityRules(inputs: Record<string, unknown>): CheckFailure[] {
  if (inputs.portSecurityEnabled !== false) return [];
  const failures: CheckFailure[] = [];
  for (const property of ["securityGroups", "allowedAddressPairs"]) {
    const value = inputs[property];
    // a value not known yet (preview) may well be empty: judged once known
    if (given(value) && !isUnknown(value))
      failures.push({
        property,
        reason: `${property} must be empty when portSecurityEnabled is false: Neutron enforces neither without port security; drop ${property} or set portSecurityEnabled: true`,
      });
  }
  return failures;
}

/** Request fields of the properties mapped by hand. */
function portBody(
  _ctx: OperationContext,
  inputs: Props,
  change?: { olds: Props; changed: readonly string[] },
): Props {
  const body: Props = {};
  const changed = (name: string) => !change || change.changed.includes(name);
  if (changed("fixedIps") && inputs.fixedIps !== undefined)
    body.fixed_ips = fixedIpsBody(inputs.fixedIps as FixedIp[], change?.olds.fixedIps as FixedIp[]);
  if (changed("allowedAddressPairs") && inputs.allowedAddressPairs !== undefined)
    body.allowed_address_pairs = (inputs.allowedAddressPairs as AddressPair[]).map((p) =>
      p.macAddress === undefined
        ? { ip_address: p.ipAddress }
        : { ip_address: p.ipAddress, mac_address: p.macAddress },
    );
  // turning port security off needs the port's groups gone in the same request
  if (change && changed("portSecurityEnabled") && inputs.portSecurityEnabled === false)
    body.security_groups = [];
  return body;
}

function portOutputs(_ctx: OperationContext, port: NeutronPort, declared: Props): Props {
  const fixedIps = port.fixed_ips.map((ip) => ({ subnetId: ip.subnet_id, ipAddress: ip.ip_address }));
  return {
    fixedIps,
    allFixedIps: fixedIps.map((ip) => ip.ipAddress),
    allowedAddressPairs: pairsFromApi(
      port.allowed_address_pairs ?? [],
      port.mac_address,
      declared.allowedAddressPairs,
    ),
  };
}

/** A Neutron port. */
export const Port = defineResource({
  kind: "Port",
  description: "A Neutron port.",
  namedAfterResource: "name",
  rules: [portSecurityRules],
  // a replacement keeping a declared address or MAC cannot make the new port while the old holds it
  deleteBeforeReplace: (news) =>
    news.macAddress !== undefined ||
    (Array.isArray(news.fixedIps) && (news.fixedIps as FixedIp[]).some((ip) => ip.ipAddress !== undefined)),
  properties: {
    networkId: networkIdProperty("Id of the network the port belongs to"),
    name: nameProperty("Port name"),
    description: descriptionProperty,
    adminStateUp: adminStateUpProperty,
    fixedIps: shaped<FixedIp[]>()({
      type: "objectList",
      change: "update",
      field: false,
      computedWhenAbsent: true,
      normalize: normalizeFixedIps,
      validate: fixedIpsProblem("fixedIps"),
      equals: sameFixedIps,
      description:
        "Addresses { subnetId?, ipAddress? }: a subnet (Neutron picks the address), an address, or both; " +
        "default: one address from each subnet; outputs list every address as Neutron assigned it",
    }),
    securityGroups: {
      type: "stringList",
      change: "update",
      field: "security_groups",
      computedWhenAbsent: true,
      normalize: sortedSet,
      equals: unorderedEqual,
      limits: { items: REFERENCE },
      validate: securityGroupsProblem,
      description: "Security group ids; default: the project's default group (none without port security)",
    },
    allowedAddressPairs: shaped<AddressPair[]>()({
      type: "objectList",
      change: "update",
      field: false,
      default: [],
      normalize: normalizePairs,
      validate: pairsProblem,
      equals: samePairs,
      description:
        "Other addresses the port may send from, { ipAddress (address or CIDR), macAddress? (default: the port's) }",
    }),
    portSecurityEnabled: {
      type: "boolean",
      change: "update",
      field: "port_security_enabled",
      computedWhenAbsent: true,
      description: "Anti-spoofing and security groups; default: the network's setting",
    },
    macAddress: {
      type: "string",
      change: "replace",
      field: "mac_address",
      computedWhenAbsent: true,
      normalize: canonicalMac,
      validate: macAddress,
      description: "MAC address, e.g. fa:16:3e:12:34:56; default: Neutron's choice",
    },
    tags: tagsProperty(),
    projectId: projectIdProperty,
    allFixedIps: {
      type: "stringList",
      change: "output",
      field: false,
      description: "Every address of the port, as Neutron assigned them",
    },
    status: { type: "string", change: "output", field: "status", description: "ACTIVE, DOWN or BUILD" },
    deviceId: {
      type: "string",
      change: "output",
      field: "device_id",
      description: "Id of what uses the port (a server, a router); empty when free",
    },
    deviceOwner: {
      type: "string",
      change: "output",
      field: "device_owner",
      description: "Kind of user, e.g. compute:nova; empty when free",
    },
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: neutronResource({
    collection: ports,
    prepare: (ctx, inputs) => requireNetwork(ctx.client, inputs.networkId as string),
    byHand: ["fixedIps", "allowedAddressPairs"],
    body: portBody,
    outputs: portOutputs,
    match: (body) => ({ network_id: body.network_id as string, name: body.name as string }),
  }),
});
export type Port = InstanceType<typeof Port>;
export type PortArgs = ResourceArgs<typeof Port>;
