// FloatingIp: allocation (pool, address, subnet) replaces; association (a port, or a server's port)
// and description update in place.
import { FREE_TEXT, REFERENCE } from "../framework/schema/limits";
import { tagsProperty } from "../framework/schema/properties";
import type { CheckFailure, ResourceSchema } from "../framework/schema/schema";
import { ipAddress } from "../framework/schema/values";

function rules(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (inputs.portId !== undefined && inputs.serverId !== undefined) {
    failures.push({ property: "serverId", reason: "set portId or serverId, not both" });
  }
  if (inputs.serverNetwork !== undefined && inputs.serverId === undefined) {
    failures.push({
      property: "serverNetwork",
      reason: "serverNetwork chooses among a server's ports: set serverId",
    });
  }
  if (inputs.fixedIp !== undefined && inputs.portId === undefined && inputs.serverId === undefined) {
    failures.push({ property: "fixedIp", reason: "fixedIp needs portId or serverId" });
  }
  return failures;
}

/** The floatingIp declaration, less its kind and operations (see floating-ip.ts). */
export const floatingIpSchema = {
  rules: [rules],
  // an associated replacement would need the same port, which holds one floating IP per network
  deleteBeforeReplace: (news) => news.portId !== undefined || news.serverId !== undefined,
  properties: {
    pool: {
      type: "string",
      change: "replace",
      required: true,
      limits: REFERENCE,
      description: "External network (name or id) to allocate the address from",
    },
    address: {
      type: "string",
      change: "replace",
      computedWhenAbsent: true,
      validate: ipAddress,
      description: "A specific address to allocate; default: Neutron's choice",
    },
    subnetId: {
      type: "string",
      change: "replace",
      computedWhenAbsent: true,
      limits: REFERENCE,
      description: "Subnet of the pool to allocate from; default: Neutron's choice",
    },
    portId: {
      type: "string",
      change: "update",
      limits: REFERENCE,
      description: "Port to associate the address with",
    },
    serverId: {
      type: "string",
      change: "update",
      limits: REFERENCE,
      description: "Server whose port to associate the address with",
    },
    serverNetwork: {
      type: "string",
      change: "update",
      computedWhenAbsent: true,
      limits: REFERENCE,
      description: "With serverId: the network (name or id) of the server port to use",
    },
    fixedIp: {
      type: "string",
      change: "update",
      computedWhenAbsent: true,
      validate: ipAddress,
      description: "Fixed IP of the port to map to; default: the port's first",
    },
    description: { type: "string", change: "update", limits: FREE_TEXT, description: "Free text" },
    tags: tagsProperty(),
    networkId: { type: "string", change: "output", description: "Id of the pool's network" },
    associatedPortId: {
      type: "string",
      change: "output",
      maybeAbsent: true,
      description: "The port the address is associated with now",
    },
    routerId: {
      type: "string",
      change: "output",
      maybeAbsent: true,
      description: "Router that does the NAT",
    },
    status: { type: "string", change: "output", description: "ACTIVE, DOWN or ERROR" },
  },
} as const satisfies Omit<ResourceSchema, "name">;
