// Neutron (networking v2.0) requests: the bodies the resources send, one collection per resource
// type, router interfaces and the look-up of a network by name.
import type { OpenStackClient } from "../../client/client";
import { AmbiguousNameError } from "../../errors";
import { neutron } from "./client";
import { NeutronCollection } from "./collection";
import type {
  NeutronAllowedAddressPair,
  NeutronFloatingIp,
  NeutronNetwork,
  NeutronPort,
  NeutronRouter,
  NeutronSecurityGroup,
  NeutronSecurityGroupRule,
  NeutronSubnet,
  NeutronSubnetPool,
  RouterInterfaceResult,
} from "./results";

// Request bodies name the attributes this provider sets; Neutron's extensions add more (qos, dns,
// provider segments), which pass through the index signature.
interface Extensible {
  [extension: string]: unknown;
}

export interface NetworkCreateRequest extends Extensible {
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  shared?: boolean;
  "router:external"?: boolean;
  mtu?: number;
  port_security_enabled?: boolean;
  availability_zone_hints?: string[];
  tags?: string[];
}
export type NetworkUpdateRequest = Omit<NetworkCreateRequest, "availability_zone_hints" | "tags">;

export interface SubnetCreateRequest extends Extensible {
  network_id?: string;
  name?: string;
  description?: string;
  cidr?: string;
  ip_version?: 4 | 6;
  gateway_ip?: string | null;
  enable_dhcp?: boolean;
  allocation_pools?: Array<{ start: string; end: string }>;
  dns_nameservers?: string[];
  host_routes?: Array<{ destination: string; nexthop: string }>;
  tags?: string[];
}
export type SubnetUpdateRequest = Omit<SubnetCreateRequest, "network_id" | "cidr" | "ip_version" | "tags">;

export interface RouterCreateRequest extends Extensible {
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  external_gateway_info?: {
    network_id: string;
    enable_snat?: boolean;
    external_fixed_ips?: Array<{ subnet_id?: string; ip_address?: string }>;
  } | null;
  tags?: string[];
}
export type RouterUpdateRequest = Omit<RouterCreateRequest, "tags">;

export interface PortCreateRequest extends Extensible {
  network_id?: string;
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  fixed_ips?: Array<{ subnet_id?: string; ip_address?: string }>;
  allowed_address_pairs?: NeutronAllowedAddressPair[];
  security_groups?: string[];
  port_security_enabled?: boolean;
  mac_address?: string;
  device_id?: string;
  device_owner?: string;
  tags?: string[];
}
export type PortUpdateRequest = Omit<PortCreateRequest, "network_id" | "tags">;

export interface FloatingIpCreateRequest extends Extensible {
  floating_network_id?: string;
  floating_ip_address?: string;
  subnet_id?: string;
  port_id?: string | null;
  fixed_ip_address?: string;
  description?: string;
  tags?: string[];
}
export type FloatingIpUpdateRequest = Pick<
  FloatingIpCreateRequest,
  "port_id" | "fixed_ip_address" | "description"
>;

export interface SecurityGroupCreateRequest extends Extensible {
  name?: string;
  description?: string;
  stateful?: boolean;
  tags?: string[];
}
export type SecurityGroupUpdateRequest = Omit<SecurityGroupCreateRequest, "tags">;

export interface SecurityGroupRuleCreateRequest extends Extensible {
  security_group_id?: string;
  direction?: "ingress" | "egress";
  ethertype?: "IPv4" | "IPv6";
  /** A name ("tcp") or a number (as a string or a number); absent for any protocol. */
  protocol?: string | number | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_id?: string | null;
  description?: string;
}
/** Rules cannot change: a different rule is a new one. Only the description can. */
export type SecurityGroupRuleUpdateRequest = Pick<SecurityGroupRuleCreateRequest, "description">;

export const networks = new NeutronCollection<NeutronNetwork, NetworkCreateRequest, NetworkUpdateRequest>(
  "networks",
  "network",
);
export const subnets = new NeutronCollection<NeutronSubnet, SubnetCreateRequest, SubnetUpdateRequest>(
  "subnets",
  "subnet",
);
/** Read only here: subnets take addresses from a pool. */
export const subnetPools = new NeutronCollection<NeutronSubnetPool>("subnetpools", "subnetpool");
export const routers = new NeutronCollection<NeutronRouter, RouterCreateRequest, RouterUpdateRequest>(
  "routers",
  "router",
);
export const ports = new NeutronCollection<NeutronPort, PortCreateRequest, PortUpdateRequest>(
  "ports",
  "port",
);
export const floatingIps = new NeutronCollection<
  NeutronFloatingIp,
  FloatingIpCreateRequest,
  FloatingIpUpdateRequest
>("floatingips", "floatingip");
export const securityGroups = new NeutronCollection<
  NeutronSecurityGroup,
  SecurityGroupCreateRequest,
  SecurityGroupUpdateRequest
>("security-groups", "security_group", "security_groups");
// Rules carry no tags (Neutron's tag extension leaves them out): a rule is found by its group and fields.
export const securityGroupRules = new NeutronCollection<
  NeutronSecurityGroupRule,
  SecurityGroupRuleCreateRequest,
  SecurityGroupRuleUpdateRequest
>("security-group-rules", "security_group_rule", "security_group_rules");

/** What a router interface joins: a subnet (a new port on its gateway address) or an existing port. */
export type RouterInterfaceRequest = { subnet_id: string } | { port_id: string };

export function addRouterInterface(
  client: OpenStackClient,
  routerId: string,
  target: RouterInterfaceRequest,
): Promise<RouterInterfaceResult> {
  return neutron.update<RouterInterfaceResult>(
    client,
    neutron.path("routers", routerId, "add_router_interface"),
    undefined,
    target,
    // a second add of the same subnet is refused: after an ambiguous failure the caller looks first
    { idempotent: false },
  );
}

export async function removeRouterInterface(
  client: OpenStackClient,
  routerId: string,
  target: RouterInterfaceRequest,
): Promise<void> {
  await neutron.update(
    client,
    neutron.path("routers", routerId, "remove_router_interface"),
    undefined,
    target,
  );
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
    throw new AmbiguousNameError(`network name "${idOrName}" matches ${byName.length} networks: use its id`, {
      matches: byName.map((n) => n.id),
    });
  }
  return byName[0];
}
