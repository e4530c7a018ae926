// Neutron (networking v2.0): one collection per resource type, plus router interfaces.
import type { OpenStackClient } from "../../client/client";
import { NeutronCollection } from "./collection";
import type {
  NeutronFloatingIp,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSubnet,
  NeutronSubnetPool,
} from "./types";

export * from "./types";
export { NeutronCollection } from "./collection";

export const networks = new NeutronCollection<NeutronNetwork>("networks", "network");
export const subnets = new NeutronCollection<NeutronSubnet>("subnets", "subnet");
export const subnetPools = new NeutronCollection<NeutronSubnetPool>("subnetpools", "subnetpool");
export const routers = new NeutronCollection<NeutronRouter>("routers", "router");
export const ports = new NeutronCollection<NeutronPort>("ports", "port");
export const floatingIps = new NeutronCollection<NeutronFloatingIp>("floatingips", "floatingip");
export const securityGroups = new NeutronCollection<NeutronSecurityGroup>(
  "security-groups",
  "security_group",
  "security_groups",
);

export interface RouterInterfaceResult {
  id: string;
  subnet_id: string;
  port_id: string;
}

export async function addRouterInterface(
  client: OpenStackClient,
  routerId: string,
  target: { subnet_id: string } | { port_id: string },
): Promise<RouterInterfaceResult> {
  const res = await client.request<RouterInterfaceResult>("network", {
    method: "PUT",
    path: `/v2.0/routers/${encodeURIComponent(routerId)}/add_router_interface`,
    body: target,
    // a second add of the same subnet is refused: after an ambiguous failure the caller looks first
    idempotent: false,
  });
  return res.data;
}

export async function removeRouterInterface(
  client: OpenStackClient,
  routerId: string,
  target: { subnet_id: string } | { port_id: string },
): Promise<void> {
  await client.request("network", {
    method: "PUT",
    path: `/v2.0/routers/${encodeURIComponent(routerId)}/remove_router_interface`,
    body: target,
  });
}

/** A network by id, or else by name (exactly one must match). */
export async function findNetwork(
  client: OpenStackClient,
  idOrName: string,
): Promise<NeutronNetwork | undefined> {
  const byId = await networks.get(client, idOrName);
  if (byId) return byId;
  const byName = await networks.list(client, { name: idOrName });
  if (byName.length > 1) {
    throw new Error(`network name "${idOrName}" matches ${byName.length} networks: use its id`);
  }
  return byName[0];
}
