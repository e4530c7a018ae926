// Subnet: a Neutron subnet. Its network, range, IP version and project are fixed at creation; the rest
// updates in place. The gateway has three states: an address the user gives, Neutron's choice (absent),
// or none (noGateway), which the API writes as gateway_ip null.
import { tagsProperty, projectIdProperty, descriptionProperty, nameProperty } from "../framework/properties";
import { portHolders, retryWhileInUse } from "../framework/in-use";
import { REFERENCE } from "../framework/limits";
import type { OpenStackClient } from "../../client/client";
import { networks, subnets, type NeutronSubnet } from "../../services/network";
import type { OperationContext, Props, ResourceDefinition } from "../framework/definition";
import type { DiffResult } from "../framework/diff";
import { fromApi, requestBody } from "../framework/mapping";
import { createNeutronObject, userTags } from "../framework/creation";
import type { ResourceSchema } from "../framework/schema";

import { canonicalCidr, canonicalIp, defaultGateway, formatIp, parseCidr, rangesWithout } from "./addresses";
import {
  cidrProblem,
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

export const subnetSchema: ResourceSchema = {
  name: "openstack:Subnet",
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
    allocationPools: {
      type: "objectList",
      change: "update",
      field: "allocation_pools",
      computedWhenAbsent: true,
      normalize: normalizePools,
      validate: poolsProblem,
      equals: samePools,
      description: "Ranges { start, end } ports get addresses from; default: all of cidr but the gateway",
    },
    dnsNameservers: {
      type: "stringList",
      change: "update",
      field: "dns_nameservers",
      default: [],
      normalize: (v) => (v as unknown[]).map(canonicalIp),
      validate: nameserversProblem,
      description: "DNS servers handed out by DHCP, in order",
    },
    hostRoutes: {
      type: "objectList",
      change: "update",
      field: "host_routes",
      default: [],
      normalize: normalizeRoutes,
      validate: routesProblem,
      equals: sameRoutes,
      description: "Routes { destination, nexthop } handed out by DHCP; their order means nothing",
    },
    tags: tagsProperty(),
    projectId: projectIdProperty,
    createdAt: { type: "string", change: "output", field: "created_at", description: "Creation time" },
    updatedAt: { type: "string", change: "output", field: "updated_at", description: "Last update time" },
  },
  rules: [subnetRules],
};

/** Properties the definition sends itself rather than through requestBody. */
const BY_HAND = ["tags", "gatewayIp", "noGateway"];

function outputs(subnet: NeutronSubnet): Props {
  const outs = fromApi(subnetSchema, subnet as unknown as Props);
  const gateway = subnet.gateway_ip;
  if (gateway !== null && gateway !== undefined) outs.gatewayIp = canonicalIp(gateway);
  outs.noGateway = gateway === null;
  outs.tags = userTags(subnet.tags);
  return outs;
}

/** Throws naming networkId unless the network exists (and is visible to the project). */
export async function requireNetwork(client: OpenStackClient, networkId: string): Promise<void> {
  if (!(await networks.get(client, networkId)))
    throw new Error(`networkId "${networkId}": no network with this id is visible to this project`);
}

export const subnetDefinition: ResourceDefinition = {
  schema: subnetSchema,

  prepare(ctx, inputs) {
    return requireNetwork(ctx.client, inputs.networkId as string);
  },

  async create(ctx, inputs) {
    const body = requestBody(subnetSchema, inputs);
    body.ip_version = inputs.ipVersion ?? parseCidr(inputs.cidr as string)!.version;
    if (inputs.noGateway === true) body.gateway_ip = null;
    else if (inputs.gatewayIp !== undefined) body.gateway_ip = inputs.gatewayIp;
    const created = await createNeutronObject(ctx, inputs, subnets, body, {
      network_id: body.network_id as string,
      cidr: body.cidr as string,
    });
    return { id: created.id, outs: outputs(created) };
  },

  async read(ctx, id) {
    const subnet = await subnets.get(ctx.client, id);
    return subnet && outputs(subnet);
  },

  async update(ctx: OperationContext, id: string, olds: Props, news: Props, diff: DiffResult) {
    const body = requestBody(
      subnetSchema,
      news,
      diff.updates.filter((name) => !BY_HAND.includes(name)),
    );
    if (diff.updates.includes("gatewayIp") || diff.updates.includes("noGateway")) {
      if (news.noGateway === true) body.gateway_ip = null;
      else if (news.gatewayIp !== undefined) body.gateway_ip = news.gatewayIp;
      // a gateway given back with no address: the one Neutron would have chosen; the pools of a
      // subnet made without gateway usually hold it, so unless pools are declared (check then keeps
      // them clear of it) it is taken out of them, as Neutron leaves it out of the pools it makes
      else if (olds.noGateway === true) {
        const gateway = defaultGateway(parseCidr(olds.cidr as string)!);
        body.gateway_ip = formatIp(gateway);
        const pools = olds.allocationPools as Pool[] | undefined;
        const carved =
          news.allocationPools === undefined && pools ? rangesWithout(pools, gateway) : undefined;
        if (carved) body.allocation_pools = carved;
      }
    }
    if (Object.keys(body).length > 0) await subnets.update(ctx.client, id, body);
    if (diff.updates.includes("tags"))
      await subnets.setUserTags(ctx.client, id, (news.tags as string[] | undefined) ?? []);
    const subnet = await subnets.get(ctx.client, id);
    if (!subnet) throw new Error(`subnet ${id} disappeared during the update`);
    return outputs(subnet);
  },

  async delete(ctx, id) {
    // ports still on the subnet (a server's being deleted, a router interface) answer 409: retry
    await retryWhileInUse(
      ctx.deadline,
      () => subnets.delete(ctx.client, id),
      portHolders(ctx.client, { fixed_ips: `subnet_id=${id}` }),
    );
  },
};
