// Router: a Neutron router and its external gateway. Only the project is fixed at creation. The gateway
// network may be named; it is resolved to its id before the first change, and state keeps the name
// while it still designates the live gateway network (see external-network.ts).
import {
  tagsProperty,
  projectIdProperty,
  descriptionProperty,
  adminStateUpProperty,
  nameProperty,
} from "../framework/properties";
import { portHolders, retryWhileInUse } from "../framework/in-use";
import { REFERENCE } from "../framework/limits";
import { routers, type NeutronRouter } from "../../services/network";
import type { OperationContext, Props, ResourceDefinition } from "../framework/definition";
import type { DiffResult } from "../framework/diff";
import { fromApi, requestBody } from "../framework/mapping";
import { createNeutronObject, userTags } from "../framework/creation";
import { type CheckFailure, isUnknown, type ResourceSchema } from "../framework/schema";

import { declaredForm, resolveExternalNetwork } from "./external-network";

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

export const routerSchema: ResourceSchema = {
  name: "openstack:Router",
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
    externalFixedIps: {
      type: "objectList",
      change: "output",
      field: false,
      description: "Addresses of the gateway port: [{ subnetId, ipAddress }]",
    },
    createdAt: { type: "string", change: "output", field: "created_at", description: "Creation time" },
    updatedAt: { type: "string", change: "output", field: "updated_at", description: "Last update time" },
  },
  rules: [snatNeedsGateway],
};

/** Properties the definition sends itself rather than through requestBody. */
const BY_HAND = ["externalNetworkId", "enableSnat", "tags"];

async function outputs(ctx: OperationContext, router: NeutronRouter, declared: unknown): Promise<Props> {
  const gateway = router.external_gateway_info ?? undefined;
  const outs: Props = {
    ...fromApi(routerSchema, router as unknown as Props),
    tags: userTags(router.tags),
    externalFixedIps: (gateway?.external_fixed_ips ?? []).map((ip) => ({
      subnetId: ip.subnet_id,
      ipAddress: ip.ip_address,
    })),
  };
  const externalNetworkId = await declaredForm(ctx.client, gateway?.network_id, declared);
  if (externalNetworkId !== undefined) outs.externalNetworkId = externalNetworkId;
  if (gateway?.enable_snat !== undefined) outs.enableSnat = gateway.enable_snat;
  return outs;
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

export const routerDefinition: ResourceDefinition = {
  schema: routerSchema,

  async prepare(ctx, inputs) {
    if (inputs.externalNetworkId !== undefined)
      await resolveExternalNetwork(ctx.client, inputs.externalNetworkId as string);
  },

  async create(ctx, inputs) {
    const body = requestBody(routerSchema, inputs);
    if (inputs.externalNetworkId !== undefined) body.external_gateway_info = await gatewayInfo(ctx, inputs);
    const created = await createNeutronObject(ctx, inputs, routers, body, { name: body.name as string });
    return { id: created.id, outs: await outputs(ctx, created, inputs.externalNetworkId) };
  },

  async read(ctx, id, state) {
    const router = await routers.get(ctx.client, id);
    return router && outputs(ctx, router, state.externalNetworkId);
  },

  async update(ctx: OperationContext, id: string, _olds: Props, news: Props, diff: DiffResult) {
    const body = requestBody(
      routerSchema,
      news,
      diff.updates.filter((name) => !BY_HAND.includes(name)),
    );
    // resolved before anything changes, so that an unknown network changes nothing
    if (diff.updates.includes("externalNetworkId") || diff.updates.includes("enableSnat"))
      body.external_gateway_info = await gatewayInfo(ctx, news);
    if (Object.keys(body).length > 0) await routers.update(ctx.client, id, body);
    if (diff.updates.includes("tags"))
      await routers.setUserTags(ctx.client, id, (news.tags as string[] | undefined) ?? []);
    const router = await routers.get(ctx.client, id);
    if (!router) throw new Error(`router ${id} disappeared during the update`);
    return outputs(ctx, router, news.externalNetworkId);
  },

  async delete(ctx, id) {
    // interfaces still attached answer 409 (RouterInUse): retry until they are removed
    await retryWhileInUse(
      ctx.deadline,
      () => routers.delete(ctx.client, id),
      portHolders(ctx.client, { device_id: id }),
    );
  },
};
