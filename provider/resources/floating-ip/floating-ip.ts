// The FloatingIp definition. Association changes send port_id; nothing else ever does, so updating a
// description cannot move or detach the address.
import { ConfigError, NotFoundError } from "../../errors";
import { findNetwork, floatingIps, type NeutronFloatingIp, ports } from "../../services/network";
import type { OpenStackClient } from "../../client/client";
import type { Props } from "../framework/host/definition";
import { createNeutronObject, userTags } from "../framework/host/creation";
import { assertMovable, desiredTarget, isAt, retryGatewayRace } from "./association";
import { floatingIpSchema } from "./schema";
import { defineResource, type ResourceArgs } from "../framework/program/define";

async function outputs(client: OpenStackClient, fip: NeutronFloatingIp, state: Props): Promise<Props> {
  const outs: Props = {
    pool: state.pool === fip.floating_network_id ? fip.floating_network_id : state.pool,
    address: fip.floating_ip_address,
    subnetId: state.subnetId,
    fixedIp: fip.fixed_ip_address ?? undefined,
    serverNetwork: state.serverNetwork,
    description: fip.description,
    tags: userTags(fip.tags),
    networkId: fip.floating_network_id,
    associatedPortId: fip.port_id ?? undefined,
    routerId: fip.router_id ?? undefined,
    status: fip.status,
  };
  // the association in the form the state declared it, so that a detach or a move shows as drift
  if (typeof state.serverId === "string") {
    const port = fip.port_id ? await ports.get(client, fip.port_id) : undefined;
    outs.serverId = port?.device_owner.startsWith("compute:") ? port.device_id : undefined;
  } else {
    outs.portId = fip.port_id ?? undefined;
  }
  return outs;
}

/** A Neutron floating IP, optionally associated with a port or a server. */
export const FloatingIp = defineResource({
  kind: "FloatingIp",
  description: "A Neutron floating IP, optionally associated with a port or a server.",
  ...floatingIpSchema,
  operations: {
    async create(ctx, inputs) {
      const network = await findNetwork(ctx.client, inputs.pool as string);
      if (!network) throw new ConfigError(`pool "${String(inputs.pool)}" is not a network (name or id)`);
      if (network["router:external"] === false) {
        throw new ConfigError(
          `pool "${String(inputs.pool)}" is not an external network: floating IPs come from external networks`,
        );
      }
      const target = await desiredTarget(ctx.client, inputs);
      const body: Props = { floating_network_id: network.id };
      if (inputs.address !== undefined) body.floating_ip_address = inputs.address;
      if (inputs.subnetId !== undefined) body.subnet_id = inputs.subnetId;
      if (inputs.description !== undefined) body.description = inputs.description;
      if (target.portId) body.port_id = target.portId;
      if (target.fixedIp) body.fixed_ip_address = target.fixedIp;
      // an untagged address made by this create has the same network, port, addresses and description
      const match = {
        floating_network_id: network.id,
        port_id: target.portId,
        fixed_ip_address: target.fixedIp,
        floating_ip_address: inputs.address as string | undefined,
        description: inputs.description as string | undefined,
      };
      // bound at create, the POST meets the same gateway race as an association (and then made nothing)
      const fip = await retryGatewayRace(ctx.deadline, () =>
        createNeutronObject(ctx, inputs, floatingIps, body, match),
      );
      return { id: fip.id, outs: await outputs(ctx.client, fip, inputs) };
    },

    async read(ctx, id, state) {
      const fip = await floatingIps.get(ctx.client, id);
      return fip && outputs(ctx.client, fip, state);
    },

    async update(ctx, id, olds, news, diff) {
      const changed = new Set(diff.updates);
      if (changed.has("description"))
        await floatingIps.update(ctx.client, id, { description: news.description ?? "" });
      if (changed.has("tags"))
        await floatingIps.setUserTags(ctx.client, id, (news.tags as string[] | undefined) ?? []);
      if (["portId", "serverId", "serverNetwork", "fixedIp"].some((p) => changed.has(p))) {
        const target = await desiredTarget(ctx.client, news);
        const live = await floatingIps.get(ctx.client, id);
        if (!live) throw new NotFoundError(`floating IP ${id} disappeared during the update`);
        if (!isAt(live, target)) {
          if (target.portId) assertMovable(live, olds.associatedPortId);
          const body: Props = { port_id: target.portId };
          if (target.portId && target.fixedIp) body.fixed_ip_address = target.fixedIp;
          await retryGatewayRace(ctx.deadline, () => floatingIps.update(ctx.client, id, body));
        }
      }
      const fip = await floatingIps.get(ctx.client, id);
      if (!fip) throw new NotFoundError(`floating IP ${id} disappeared during the update`);
      return outputs(ctx.client, fip, news);
    },

    delete(ctx, id) {
      return floatingIps.delete(ctx.client, id);
    },
  },
});
export type FloatingIp = InstanceType<typeof FloatingIp>;
export type FloatingIpArgs = ResourceArgs<typeof FloatingIp>;
