// Network: a Neutron network. Everything but the project and availability-zone hints updates in place.
import {
  tagsProperty,
  projectIdProperty,
  descriptionProperty,
  adminStateUpProperty,
  nameProperty,
} from "../framework/properties";
import { portHolders, retryWhileInUse } from "../framework/in-use";
import { REFERENCE } from "../framework/limits";
import { networks, type NeutronNetwork } from "../../services/network";
import { createNeutronObject, userTags } from "../framework/creation";
import type { OperationContext, Props, ResourceDefinition } from "../framework/definition";
import type { DiffResult } from "../framework/diff";
import { fromApi, requestBody } from "../framework/mapping";
import type { ResourceSchema } from "../framework/schema";
import { sortedSet } from "../framework/values";

export const networkSchema: ResourceSchema = {
  name: "openstack:Network",
  properties: {
    name: nameProperty("Network name"),
    description: descriptionProperty,
    adminStateUp: adminStateUpProperty,
    shared: {
      type: "boolean",
      change: "update",
      field: "shared",
      default: false,
      description: "Shared with all projects (admin)",
    },
    external: {
      type: "boolean",
      change: "update",
      field: "router:external",
      default: false,
      description: "An external network routers can use as gateway (admin)",
    },
    mtu: {
      type: "integer",
      change: "update",
      field: "mtu",
      computedWhenAbsent: true,
      // 68 is the least IPv4 allows (RFC 791); the cloud's own maximum is for it to say
      limits: { min: 68, max: 65535 },
      description: "MTU; default chosen by Neutron",
    },
    portSecurityEnabled: {
      type: "boolean",
      change: "update",
      field: "port_security_enabled",
      computedWhenAbsent: true,
      description: "Default port security of the network's ports",
    },
    tags: tagsProperty(),
    projectId: projectIdProperty,
    availabilityZoneHints: {
      type: "stringList",
      change: "replace",
      field: "availability_zone_hints",
      computedWhenAbsent: true,
      limits: { items: REFERENCE },
      normalize: sortedSet,
      description: "Availability zones to schedule the network's DHCP/L3 on",
    },
    status: {
      type: "string",
      change: "output",
      field: "status",
      description: "ACTIVE, DOWN, BUILD or ERROR",
    },
    subnetIds: {
      type: "stringList",
      change: "output",
      field: "subnets",
      description: "Subnets of the network",
    },
    createdAt: { type: "string", change: "output", field: "created_at", description: "Creation time" },
    updatedAt: { type: "string", change: "output", field: "updated_at", description: "Last update time" },
  },
};

function outputs(net: NeutronNetwork): Props {
  return { ...fromApi(networkSchema, net as unknown as Props), tags: userTags(net.tags) };
}

export const networkDefinition: ResourceDefinition = {
  schema: networkSchema,

  async create(ctx, inputs) {
    const body = requestBody(networkSchema, inputs);
    const created = await createNeutronObject(ctx, inputs, networks, body, { name: body.name as string });
    return { id: created.id, outs: outputs(created) };
  },

  async read(ctx, id) {
    const net = await networks.get(ctx.client, id);
    return net && outputs(net);
  },

  async update(ctx: OperationContext, id: string, _olds: Props, news: Props, diff: DiffResult) {
    const fields = diff.updates.filter((name) => name !== "tags");
    if (fields.length > 0) await networks.update(ctx.client, id, requestBody(networkSchema, news, fields));
    if (diff.updates.includes("tags"))
      await networks.setUserTags(ctx.client, id, (news.tags as string[] | undefined) ?? []);
    const net = await networks.get(ctx.client, id);
    if (!net) throw new Error(`network ${id} disappeared during the update`);
    return outputs(net);
  },

  async delete(ctx, id) {
    // ports being deleted (a server's, a router's) keep the network busy for a moment: retry 409
    await retryWhileInUse(
      ctx.deadline,
      () => networks.delete(ctx.client, id),
      portHolders(ctx.client, { network_id: id }),
    );
  },
};
