// Router: a Neutron router, with an optional external gateway (network, SNAT, addresses) updated in
// place.
import { routers, type NeutronRouter } from "../../services/network";
import type { OperationContext, Props } from "../framework/host/definition";
import { neutronResource } from "../framework/host/neutron";
import { defineResource, type ResourceArgs } from "../framework/program/define";
import { REFERENCE } from "../framework/schema/limits";
import {
  adminStateUpProperty,
  createdAtProperty,
  descriptionProperty,
  nameProperty,
  projectIdProperty,
  tagsProperty,
  updatedAtProperty,
} from "../framework/schema/properties";
import { type CheckFailure, isUnknown } from "../framework/schema/schema";
import { shaped } from "../framework/schema/types";
import { declaredForm, resolveExternalNetwork } from "./external-network";
import {
  type ExternalFixedIp,
  fixedIpsBody,
  gatewayAddressRules,
  sameSubnetIds,
  subnetIdsProblem,
} from "./gateway-addresses";
import { fixedIpsProblem, normalizeFixedIps, sameFixedIps } from "../subnet/fixed-ips";
import { canonicalIp } from "../subnet/addresses";

export type { ExternalFixedIp } from "./gateway-addresses";

const GATEWAY_INPUTS = ["externalNetworkId", "enableSnat", "externalFixedIps", "externalSubnetIds"];

function snatNeedsGateway(inputs: Record<string, unknown>): CheckFailure[] {
  const snatSet = inputs.enableSnat !== undefined && !isUnknown(inputs.enableSnat);
  if (!snatSet || inputs.externalNetworkId !== undefined) return [];
  return [
    {
      property: "enableSnat",
      reason: "enableSnat applies to the external gateway: set externalNetworkId too, or drop enableSnat",
    },
  ];
}

/** external_gateway_info for the inputs: the resolved network, or {} to clear the gateway. */
async function gatewayInfo(ctx: OperationContext, inputs: Props): Promise<Props> {
  if (inputs.externalNetworkId === undefined) return {};
  const info: Props = {
    network_id: await resolveExternalNetwork(ctx.client, inputs.externalNetworkId as string),
  };
  if (inputs.enableSnat !== undefined) info.enable_snat = inputs.enableSnat;
  const fixedIps = fixedIpsBody(inputs);
  if (fixedIps) info.external_fixed_ips = fixedIps;
  return info;
}

async function gatewayOutputs(ctx: OperationContext, router: NeutronRouter, declared: Props): Promise<Props> {
  const gateway = router.external_gateway_info ?? undefined;
  const fixedIps = gateway?.external_fixed_ips ?? [];
  return {
    externalFixedIps: fixedIps.map((ip) => ({
      subnetId: ip.subnet_id,
      ipAddress: canonicalIp(ip.ip_address) as string,
    })),
    externalSubnetIds: fixedIps.map((ip) => ip.subnet_id),
    externalNetworkId: await declaredForm(ctx.client, gateway?.network_id, declared.externalNetworkId),
    enableSnat: gateway?.enable_snat,
  };
}

/** A Neutron router. */
export const Router = defineResource({
  kind: "Router",
  description: "A Neutron router.",
  namedAfterResource: "name",
  rules: [snatNeedsGateway, gatewayAddressRules],
  properties: {
    name: nameProperty("Router name"),
    description: descriptionProperty,
    adminStateUp: adminStateUpProperty,
    externalNetworkId: {
      type: "string",
      change: "update",
      field: false,
      limits: REFERENCE,
      description: "External network (id or name) for the gateway; absent: no gateway",
    },
    enableSnat: {
      type: "boolean",
      change: "update",
      field: false,
      computedWhenAbsent: true,
      description: "Source NAT on the gateway (admin); default: Neutron's (true); needs externalNetworkId",
    },
    externalFixedIps: shaped<ExternalFixedIp[]>()({
      type: "objectList",
      change: "update",
      field: false,
      computedWhenAbsent: true,
      normalize: normalizeFixedIps,
      validate: fixedIpsProblem("externalFixedIps"),
      equals: sameFixedIps,
      description:
        "Addresses of the gateway port: [{ subnetId?, ipAddress? }], a field left out is Neutron's " +
        "choice; needs externalNetworkId; default: one address Neutron picks",
    }),
    externalSubnetIds: {
      type: "stringList",
      change: "update",
      field: false,
      computedWhenAbsent: true,
      limits: { items: REFERENCE },
      validate: subnetIdsProblem,
      equals: sameSubnetIds,
      description:
        "Subnets of the external network to take one gateway address from each (the address is " +
        "Neutron's choice); exclusive with externalFixedIps",
    },
    tags: tagsProperty(),
    projectId: projectIdProperty,
    status: { type: "string", change: "output", field: "status", description: "ACTIVE, DOWN or ERROR" },
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: neutronResource({
    collection: routers,
    async prepare(ctx, inputs) {
      if (inputs.externalNetworkId !== undefined)
        await resolveExternalNetwork(ctx.client, inputs.externalNetworkId as string);
    },
    byHand: GATEWAY_INPUTS,
    async body(ctx, inputs, change) {
      const gatewayChanged = change
        ? GATEWAY_INPUTS.some((name) => change.changed.includes(name))
        : inputs.externalNetworkId !== undefined;
      return gatewayChanged ? { external_gateway_info: await gatewayInfo(ctx, inputs) } : {};
    },
    outputs: gatewayOutputs,
    match: (body) => ({ name: body.name as string }),
    holders: (id) => ({ device_id: id }),
  }),
});
export type Router = InstanceType<typeof Router>;
export type RouterArgs = ResourceArgs<typeof Router>;
