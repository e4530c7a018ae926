// RouterInterface: a router's port on a subnet, made by add_router_interface either from a subnet
// (Neutron creates a port with the subnet's gateway address) or from an existing port. Its id is the
// port's id. Everything replaces. Neutron puts several IPv6 subnets of one network on one router port,
// so an interface declared by subnet is that subnet's address on the port, and is removed by subnet;
// one declared by port is the whole port (attachedBy keeps which, since delete sees only the state).
import { ConfigError } from "../../errors";
import { REFERENCE } from "../framework/schema/limits";
import { retryWhileInUse } from "../framework/host/in-use";
import { ignoreNotFound } from "../../services/not-found";
import {
  addRouterInterface,
  ports,
  removeRouterInterface,
  routers,
  subnets,
  type NeutronPort,
} from "../../services/network";
import type { OperationContext, Props } from "../framework/host/definition";
import { createOnce, creationTag } from "../framework/host/creation";
import { withId } from "../framework/host/partial";
import { type CheckFailure, type ResourceSchema } from "../framework/schema/schema";
import { defineResource, type ResourceArgs } from "../framework/program/define";

type AttachedBy = "subnet" | "port";

/** device_owner values of a router's interface ports (plain, DVR, HA). */
const INTERFACE_OWNERS = [
  "network:router_interface",
  "network:router_interface_distributed",
  "network:ha_router_replicated_interface",
];

function exactlyOneTarget(inputs: Record<string, unknown>): CheckFailure[] {
  const bySubnet = inputs.subnetId !== undefined;
  const byPort = inputs.portId !== undefined;
  if (bySubnet && byPort)
    return [{ property: "portId", reason: "subnetId and portId are exclusive: give one of them" }];
  if (!bySubnet && !byPort) {
    return [
      {
        property: "subnetId",
        reason:
          "give subnetId (Neutron makes a port with the subnet's gateway address) or portId (an existing port)",
      },
    ];
  }
  return [];
}

const routerInterfaceSchema = {
  // One router port per subnet, one router per port: a replacement that keeps the subnet (or the port,
  // whose subnet stays the same) must remove the old interface before adding the new one.
  uniqueName: "subnetId",
  properties: {
    routerId: {
      type: "string",
      change: "replace",
      field: false,
      required: true,
      limits: REFERENCE,
      description: "Id of the router",
    },
    subnetId: {
      type: "string",
      change: "replace",
      field: false,
      computedWhenAbsent: true,
      limits: REFERENCE,
      description: "Subnet to attach (exclusive with portId); as an output, the subnet of the interface",
    },
    portId: {
      type: "string",
      change: "replace",
      field: false,
      computedWhenAbsent: true,
      limits: REFERENCE,
      description: "Existing port to attach (exclusive with subnetId); as an output, the interface's port",
    },
    ipAddress: { type: "string", change: "output", field: false, description: "The interface's address" },
    attachedBy: {
      type: "string",
      change: "output",
      field: false,
      description: '"subnet" or "port": how the interface was declared, and so how it is removed',
    },
  },
  rules: [exactlyOneTarget],
} as const satisfies Omit<ResourceSchema, "name">;

/** From the state, or for adoption from the inputs: declared by port when only portId is there. */
function attachedByOf(state: Props): AttachedBy {
  if (state.attachedBy === "subnet" || state.attachedBy === "port") return state.attachedBy;
  return state.portId !== undefined && state.subnetId === undefined ? "port" : "subnet";
}

/** The interface's outputs from its port, or undefined when the port no longer is this interface. */
function outputs(port: NeutronPort | undefined, routerId: unknown, state: Props): Props | undefined {
  if (!port || port.device_id !== routerId || !INTERFACE_OWNERS.includes(port.device_owner)) return undefined;
  const attachedBy = attachedByOf(state);
  const fixedIp =
    attachedBy === "subnet"
      ? port.fixed_ips.find((ip) => ip.subnet_id === state.subnetId)
      : port.fixed_ips[0];
  // by subnet: that subnet's address was taken off the port (a shared IPv6 port keeps the others)
  if (attachedBy === "subnet" && !fixedIp) return undefined;
  const outs: Props = { routerId: port.device_id, portId: port.id, attachedBy };
  if (fixedIp) {
    outs.subnetId = fixedIp.subnet_id;
    outs.ipAddress = fixedIp.ip_address;
  }
  return outs;
}

async function prepare(ctx: OperationContext, inputs: Props): Promise<void> {
  const routerId = inputs.routerId as string;
  if (!(await routers.get(ctx.client, routerId)))
    throw new ConfigError(`routerId "${routerId}": no router with this id is visible to this project`);
  if (inputs.subnetId !== undefined) {
    const subnetId = inputs.subnetId as string;
    const subnet = await subnets.get(ctx.client, subnetId);
    if (!subnet)
      throw new ConfigError(`subnetId "${subnetId}": no subnet with this id is visible to this project`);
    if (subnet.gateway_ip === null) {
      throw new ConfigError(
        `subnetId "${subnetId}" has no gateway address, which an interface by subnet takes: give the ` +
          `subnet a gateway (gatewayIp, or drop noGateway), or attach a port of it with portId`,
      );
    }
    return;
  }
  const portId = inputs.portId as string;
  const port = await ports.get(ctx.client, portId);
  if (!port) throw new ConfigError(`portId "${portId}": no port with this id is visible to this project`);
  if (port.device_id) {
    throw new ConfigError(
      `portId "${portId}" is in use by ${port.device_owner || "device"} ${port.device_id}: ` +
        `a router interface needs a port without device`,
    );
  }
}

/** A router's interface on a subnet or a port. */
export const RouterInterface = defineResource({
  kind: "RouterInterface",
  description: "A router's interface on a subnet or a port.",
  ...routerInterfaceSchema,
  operations: {
    prepare,

    async create(ctx, inputs) {
      const routerId = inputs.routerId as string;
      const attachedBy: AttachedBy = inputs.portId !== undefined ? "port" : "subnet";
      const target =
        attachedBy === "port"
          ? { port_id: inputs.portId as string }
          : { subnet_id: inputs.subnetId as string };
      // not idempotent (a second add of a subnet is refused): after an ambiguous failure the router's
      // interface ports say whether it was made
      const added = await createOnce(ctx, inputs, creationTag(inputs), {
        what: "router interface",
        send: () => addRouterInterface(ctx.client, routerId, target),
        find: async () => {
          const found = await ports.list(ctx.client, { device_id: routerId });
          return found
            .filter((p) => INTERFACE_OWNERS.includes(p.device_owner))
            .filter((p) =>
              "port_id" in target
                ? p.id === target.port_id
                : p.fixed_ips.some((ip) => ip.subnet_id === target.subnet_id),
            )
            .map((p) => ({ id: p.id, port_id: p.id, subnet_id: p.fixed_ips[0]?.subnet_id ?? "" }));
        },
        idOf: (i) => i.port_id,
      });
      const outs: Props = { routerId, subnetId: added.subnet_id, portId: added.port_id, attachedBy };
      const port = await withId(added.port_id, outs, () => ports.get(ctx.client, added.port_id));
      return { id: added.port_id, outs: outputs(port, routerId, outs) ?? outs };
    },

    async read(ctx, id, state) {
      return outputs(await ports.get(ctx.client, id), state.routerId, state);
    },

    // every input replaces: only adoptId and timeouts reach an update, and they change nothing here
    update(_ctx, _id, olds) {
      return Promise.resolve(olds);
    },

    async delete(ctx, id, state) {
      // gone already (removed out of band, router or port deleted): nothing to do; this also keeps a
      // by-subnet removal from taking an interface someone added since on the same subnet
      if (!outputs(await ports.get(ctx.client, id), state.routerId, state)) return;
      const routerId = state.routerId as string;
      const target =
        attachedByOf(state) === "port" ? { port_id: id } : { subnet_id: state.subnetId as string };
      // floating IPs that reach the subnet through this router answer 409 until they are gone
      await retryWhileInUse(ctx.deadline, () =>
        ignoreNotFound(removeRouterInterface(ctx.client, routerId, target)),
      );
    },
  },
});
export type RouterInterface = InstanceType<typeof RouterInterface>;
export type RouterInterfaceArgs = ResourceArgs<typeof RouterInterface>;
