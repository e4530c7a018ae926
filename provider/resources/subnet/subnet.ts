// Subnet: a Neutron subnet. Its network, range (a cidr, or one taken from a subnet pool), IP version,
// IPv6 modes and project are fixed at creation; the rest updates in place. The gateway has three states: an address the user gives, Neutron's choice (absent),
// or none (noGateway), which the API writes as gateway_ip null.
import { ConfigError } from "../../errors";
import type { OpenStackClient } from "../../client/client";
import { networks, subnetPools, subnets } from "../../services/network";
import { neutronResource } from "../framework/host/neutron";
import type { OperationContext, Props } from "../framework/host/definition";
import { defineResource, type ResourceArgs } from "../framework/program/define";
import { REFERENCE } from "../framework/schema/limits";
import {
  createdAtProperty,
  descriptionProperty,
  nameProperty,
  networkIdProperty,
  projectIdProperty,
  tagsProperty,
  updatedAtProperty,
} from "../framework/schema/properties";
import { shaped } from "../framework/schema/types";
import { canonicalCidr, canonicalIp, defaultGateway, formatIp, parseCidr, rangesWithout } from "./addresses";
import { IPV6_MODES } from "./allocation";
import {
  cidrProblem,
  type HostRoute,
  ipProblem,
  nameserversProblem,
  normalizePools,
  normalizeRoutes,
  type Pool,
  poolsProblem,
  routesProblem,
  samePools,
  sameRoutes,
  subnetRules,
} from "./checks";

export type { HostRoute, Pool as AllocationPool } from "./checks";
type AllocationPool = Pool;

/** Throws naming networkId unless the network exists (and is visible to the project). */
export async function requireNetwork(client: OpenStackClient, networkId: string): Promise<void> {
  if (!(await networks.get(client, networkId)))
    throw new ConfigError(`networkId "${networkId}": no network with this id is visible to this project`);
}

/**
 * ip_version, which Neutron requires: the declared one, else the cidr's, else the subnet pool's; and
 * the size of a range taken from the pool.
 */
async function rangeBody(ctx: OperationContext, inputs: Props): Promise<Props> {
  const body: Props = {};
  if (inputs.prefixLength !== undefined) body.prefixlen = inputs.prefixLength;
  if (inputs.ipVersion !== undefined) body.ip_version = inputs.ipVersion;
  else if (inputs.cidr !== undefined) body.ip_version = parseCidr(inputs.cidr as string)!.version;
  else {
    const pool = await subnetPools.get(ctx.client, inputs.subnetPoolId as string);
    if (!pool)
      throw new ConfigError(
        `subnetPoolId "${String(inputs.subnetPoolId)}": no subnet pool with this id is visible to this project`,
      );
    body.ip_version = pool.ip_version;
  }
  return body;
}

/** gateway_ip for a create, or for an update that changed gatewayIp or noGateway. */
function gatewayBody(inputs: Props, change?: { olds: Props; changed: readonly string[] }): Props {
  const body: Props = {};
  if (change && !change.changed.includes("gatewayIp") && !change.changed.includes("noGateway")) return body;
  if (inputs.noGateway === true) body.gateway_ip = null;
  else if (inputs.gatewayIp !== undefined) body.gateway_ip = inputs.gatewayIp;
  // a gateway given back with no address: the one Neutron would have chosen; the pools of a
  // subnet made without gateway usually hold it, so unless pools are declared (check then keeps
  // them clear of it) it is taken out of them, as Neutron leaves it out of the pools it makes
  else if (change?.olds.noGateway === true) {
    const gateway = defaultGateway(parseCidr(change.olds.cidr as string)!);
    body.gateway_ip = formatIp(gateway);
    const pools = change.olds.allocationPools as Pool[] | undefined;
    const carved = inputs.allocationPools === undefined && pools ? rangesWithout(pools, gateway) : undefined;
    if (carved) body.allocation_pools = carved;
  }
  return body;
}

/** A Neutron subnet. */
export const Subnet = defineResource({
  kind: "Subnet",
  description: "A Neutron subnet.",
  namedAfterResource: "name",
  rules: [subnetRules],
  // Neutron refuses overlapping subnets on one network: a replacement keeping the range deletes first
  uniqueName: "cidr",
  properties: {
    networkId: networkIdProperty("Id of the network the subnet belongs to"),
    name: nameProperty("Subnet name"),
    description: descriptionProperty,
    cidr: {
      type: "string",
      change: "replace",
      field: "cidr",
      // absent with subnetPoolId: the range Neutron picked, which is no drift
      computedWhenAbsent: true,
      normalize: canonicalCidr,
      validate: cidrProblem,
      description: "Address range, e.g. 10.0.0.0/24 or fd00::/64; required unless subnetPoolId is given",
    },
    subnetPoolId: {
      type: "string",
      change: "replace",
      field: "subnetpool_id",
      limits: REFERENCE,
      description: "Subnet pool to take the range from (with prefixLength, or inside it with cidr)",
    },
    prefixLength: {
      type: "integer",
      change: "replace",
      field: false,
      computedWhenAbsent: true,
      limits: { min: 1, max: 128 },
      description:
        "Prefix length of the range taken from subnetPoolId (without cidr); default: the pool's; " +
        "at most 30 (IPv4) or 126 (IPv6) with DHCP",
    },
    ipVersion: {
      type: "integer",
      change: "replace",
      field: "ip_version",
      computedWhenAbsent: true,
      validate: (v) => (v === 4 || v === 6 ? undefined : `ipVersion must be 4 or 6, got ${String(v)}`),
      description: "4 or 6; default: the version of cidr, or of the subnet pool",
    },
    ipv6AddressMode: {
      type: "string",
      change: "replace",
      field: "ipv6_address_mode",
      oneOf: IPV6_MODES,
      description:
        "How IPv6 ports get addresses: slaac, dhcpv6-stateful or dhcpv6-stateless (IPv6 only; " +
        "slaac and dhcpv6-stateless need a /64)",
    },
    ipv6RaMode: {
      type: "string",
      change: "replace",
      field: "ipv6_ra_mode",
      oneOf: IPV6_MODES,
      description:
        "What the router advertises: slaac, dhcpv6-stateful or dhcpv6-stateless (IPv6 only; equal to " +
        "ipv6AddressMode when both are set)",
    },
    gatewayIp: {
      type: "string",
      change: "update",
      field: false,
      computedWhenAbsent: true,
      normalize: canonicalIp,
      validate: ipProblem,
      description:
        "Gateway address inside cidr; default: Neutron's choice (the first address of an IPv4 range, " +
        "the network address of an IPv6 one)",
    },
    noGateway: {
      type: "boolean",
      change: "update",
      field: false,
      default: false,
      description: "A subnet without gateway (gateway_ip null); exclusive with gatewayIp",
    },
    enableDhcp: {
      type: "boolean",
      change: "update",
      field: "enable_dhcp",
      default: true,
      description: "Whether Neutron serves DHCP on the subnet",
    },
    allocationPools: shaped<AllocationPool[]>()({
      type: "objectList",
      change: "update",
      field: "allocation_pools",
      computedWhenAbsent: true,
      normalize: normalizePools,
      validate: poolsProblem,
      equals: samePools,
      description: "Ranges { start, end } ports get addresses from; default: all of cidr but the gateway",
    }),
    dnsNameservers: {
      type: "stringList",
      change: "update",
      field: "dns_nameservers",
      default: [],
      normalize: (v) => (v as unknown[]).map(canonicalIp),
      validate: nameserversProblem,
      description: "DNS servers handed out by DHCP, in order",
    },
    hostRoutes: shaped<HostRoute[]>()({
      type: "objectList",
      change: "update",
      field: "host_routes",
      default: [],
      normalize: normalizeRoutes,
      validate: routesProblem,
      equals: sameRoutes,
      description: "Routes { destination, nexthop } handed out by DHCP; their order means nothing",
    }),
    tags: tagsProperty(),
    projectId: projectIdProperty,
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: neutronResource({
    collection: subnets,
    prepare: (ctx, inputs) => requireNetwork(ctx.client, inputs.networkId as string),
    byHand: ["gatewayIp", "noGateway"],
    body: async (ctx, inputs, change) => ({
      ...(change ? {} : await rangeBody(ctx, inputs)),
      ...gatewayBody(inputs, change),
    }),
    outputs: (_ctx, subnet) => {
      const gateway = subnet.gateway_ip;
      return {
        gatewayIp: gateway !== null && gateway !== undefined ? canonicalIp(gateway) : undefined,
        noGateway: gateway === null,
        // Neutron does not show prefixlen: a pool's range says it
        prefixLength: subnet.subnetpool_id ? parseCidr(subnet.cidr)?.prefix : undefined,
      };
    },
    match: (body) =>
      body.cidr !== undefined
        ? { network_id: body.network_id as string, cidr: body.cidr as string }
        : {
            network_id: body.network_id as string,
            subnetpool_id: body.subnetpool_id as string,
            name: body.name as string,
          },
    holders: (id) => ({ fixed_ips: `subnet_id=${id}` }),
  }),
});
export type Subnet = InstanceType<typeof Subnet>;
export type SubnetArgs = ResourceArgs<typeof Subnet>;
