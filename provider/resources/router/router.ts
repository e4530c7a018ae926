// Router: a Neutron router, with an optional external gateway (network and SNAT) updated in place.
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

/** An address of the router's gateway port. */
export interface ExternalFixedIp {
  subnetId: string;
  ipAddress: string;
}

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
  return info;
}

async function gatewayOutputs(ctx: OperationContext, router: NeutronRouter, declared: Props): Promise<Props> {
  const gateway = router.external_gateway_info ?? undefined;
  return {
    externalFixedIps: (gateway?.external_fixed_ips ?? []).map((ip) => ({
      subnetId: ip.subnet_id,
      ipAddress: ip.ip_address,
    })),
    externalNetworkId: await declaredForm(ctx.client, gateway?.network_id, declared.externalNetworkId),
    enableSnat: gateway?.enable_snat,
  };
}

/** A Neutron router. */
export const Router = defineResource({
  kind: "Router",
  description: "A Neutron router.",
  namedAfterResource: "name",
  rules: [snatNeedsGateway],
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
    tags: tagsProperty(),
    projectId: projectIdProperty,
    status: { type: "string", change: "output", field: "status", description: "ACTIVE, DOWN or ERROR" },
    externalFixedIps: shaped<ExternalFixedIp[]>()({
      type: "objectList",
      change: "output",
      field: false,
      description: "Addresses of the gateway port: [{ subnetId, ipAddress }]",
    }),
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: neutronResource({
    collection: routers,
    async prepare(ctx, inputs) {
      if (inputs.externalNetworkId !== undefined)
        await resolveExternalNetwork(ctx.client, inputs.externalNetworkId as string);
    },
    byHand: ["externalNetworkId", "enableSnat"],
    async body(ctx, inputs, change) {
      const gatewayChanged = change
        ? change.changed.includes("externalNetworkId") || change.changed.includes("enableSnat")
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
