// Neutron API objects as the service answers them (API reference: networking v2.0).

export interface NeutronNetwork {
  id: string;
  name: string;
  description?: string;
  admin_state_up: boolean;
  shared: boolean;
  "router:external"?: boolean;
  mtu?: number;
  port_security_enabled?: boolean;
  project_id?: string;
  tenant_id?: string;
  availability_zone_hints?: string[];
  qos_policy_id?: string | null;
  dns_domain?: string;
  /** Shown to admins: the provider fields for one segment, `segments` for several. */
  "provider:network_type"?: string;
  "provider:physical_network"?: string | null;
  "provider:segmentation_id"?: number | null;
  segments?: NeutronSegment[];
  tags?: string[];
  status: string;
  subnets: string[];
  created_at?: string;
  updated_at?: string;
}

export interface NeutronSegment {
  "provider:network_type": string;
  "provider:physical_network"?: string | null;
  "provider:segmentation_id"?: number | null;
}

export interface NeutronSubnetPool {
  id: string;
  name: string;
  ip_version: 4 | 6;
  prefixes: string[];
  tags?: string[];
}

export interface NeutronSubnet {
  id: string;
  name: string;
  description?: string;
  network_id: string;
  cidr: string;
  ip_version: 4 | 6;
  gateway_ip: string | null;
  enable_dhcp: boolean;
  allocation_pools: Array<{ start: string; end: string }>;
  dns_nameservers: string[];
  host_routes: Array<{ destination: string; nexthop: string }>;
  ipv6_address_mode?: string | null;
  ipv6_ra_mode?: string | null;
  subnetpool_id?: string | null;
  tags?: string[];
  project_id?: string;
}

export interface NeutronRouter {
  id: string;
  name: string;
  description?: string;
  admin_state_up: boolean;
  status: string;
  external_gateway_info: null | {
    network_id: string;
    enable_snat?: boolean;
    external_fixed_ips?: Array<{ subnet_id: string; ip_address: string }>;
  };
  tags?: string[];
  project_id?: string;
}

export interface NeutronFixedIp {
  subnet_id: string;
  ip_address: string;
}

export interface NeutronAllowedAddressPair {
  ip_address: string;
  mac_address?: string;
}

export interface NeutronPort {
  id: string;
  name: string;
  description?: string;
  network_id: string;
  device_id: string;
  device_owner: string;
  fixed_ips: NeutronFixedIp[];
  allowed_address_pairs?: NeutronAllowedAddressPair[];
  status: string;
  mac_address: string;
  admin_state_up: boolean;
  /** Absent without the port-security extension. */
  port_security_enabled?: boolean;
  security_groups?: string[];
  tags?: string[];
  project_id?: string;
  created_at?: string;
  updated_at?: string;
}

export interface NeutronFloatingIp {
  id: string;
  floating_ip_address: string;
  floating_network_id: string;
  port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
  status: string;
  description?: string;
  project_id?: string;
  tags?: string[];
}

export interface NeutronSecurityGroup {
  id: string;
  name: string;
  description?: string;
  /** The group's rules, the default egress ones included. */
  security_group_rules?: NeutronSecurityGroupRule[];
  stateful?: boolean;
  tags?: string[];
  project_id?: string;
  created_at?: string;
  updated_at?: string;
}

export interface NeutronSecurityGroupRule {
  id: string;
  security_group_id: string;
  direction: "ingress" | "egress";
  ethertype: "IPv4" | "IPv6";
  /** A name ("tcp", "icmp"...) or an IP protocol number as a string; null for any. */
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  description?: string;
  project_id?: string;
  created_at?: string;
  updated_at?: string;
}

/** The answer to adding a router interface: the router and the port that joins it to the subnet. */
export interface RouterInterfaceResult {
  id: string;
  subnet_id: string;
  port_id: string;
}
