// Subnet: a Neutron subnet. Its network, range, IP version and project are fixed at creation; the rest
// updates in place. The gateway has three states: an address the user gives, Neutron's choice (absent),
// or none (noGateway), which the API writes as gateway_ip null.
import { ConfigError } from "../../errors";
import type { OpenStackClient } from "../../client/client";
import { networks, subnets } from "../../services/network";
import { neutronResource } from "../framework/host/neutron";
import type { OperationContext, Props } from "../framework/host/definition";
import { defineResource, type ResourceArgs } from "../framework/program/define";
import { REFERENCE } from "../framework/schema/limits";
import {
  createdAtProperty,
  descriptionProperty,
  nameProperty,
  projectIdProperty,
  tagsProperty,
  updatedAtProperty,
} from "../framework/schema/properties";
import { shaped } from "../framework/schema/types";
import { canonicalCidr, canonicalIp, defaultGateway, formatIp, parseCidr, rangesWithout } from "./addresses";
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

/** gateway_ip for a create, or for an update that changed gatewayIp or noGateway. */
function gatewayBody(
  _ctx: OperationContext,
  inputs: Props,
  change?: { olds: Props; changed: readonly string[] },
): Props {
  const body: Props = {};
  if (!change) body.ip_version = inputs.ipVersion ?? parseCidr(inputs.cidr as string)!.version;
  else if (!change.changed.includes("gatewayIp") && !change.changed.includes("noGateway")) return body;
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
    networkId: {
      type: "string",
      change: "replace",
      field: "network_id",
      required: true,
      limits: REFERENCE,
      description: "Id of the network the subnet belongs to",
    },
    name: nameProperty("Subnet name"),
    description: descriptionProperty,
    cidr: {
      type: "string",
      change: "replace",
      field: "cidr",
      required: true,
      normalize: canonicalCidr,
      validate: cidrProblem,
      description: "Address range, e.g. 10.0.0.0/24 or fd00::/64",
    },
    ipVersion: {
      type: "integer",
      change: "replace",
      field: "ip_version",
      computedWhenAbsent: true,
      validate: (v) => (v === 4 || v === 6 ? undefined : `ipVersion must be 4 or 6, got ${String(v)}`),
      description: "4 or 6; default: the version of cidr",
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
    body: gatewayBody,
    outputs: (_ctx, subnet) => {
      const gateway = subnet.gateway_ip;
      return {
        gatewayIp: gateway !== null && gateway !== undefined ? canonicalIp(gateway) : undefined,
        noGateway: gateway === null,
      };
    },
    match: (body) => ({ network_id: body.network_id as string, cidr: body.cidr as string }),
    holders: (id) => ({ fixed_ips: `subnet_id=${id}` }),
  }),
});
export type Subnet = InstanceType<typeof Subnet>;
export type SubnetArgs = ResourceArgs<typeof Subnet>;
