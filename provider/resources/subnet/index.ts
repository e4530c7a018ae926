import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { subnetSchema } from "./subnet";

/** An address range ports get addresses from. */
export interface AllocationPool {
  start: string;
  end: string;
}

/** A route handed to the subnet's hosts by DHCP. */
export interface HostRoute {
  /** Destination range, e.g. "10.1.0.0/16". */
  destination: string;
  /** Next hop address, inside the subnet. */
  nexthop: string;
}

export interface SubnetArgs extends CommonArgs {
  /** Id of the network the subnet belongs to. Changing it replaces the subnet. */
  networkId: pulumi.Input<string>;
  /** Subnet name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  /** Free text. */
  description?: pulumi.Input<string>;
  /**
   * Address range, e.g. "10.0.0.0/24" or "fd00::/64", host bits zero. Changing it replaces the subnet;
   * a replacement keeping the same range deletes the old subnet first (Neutron refuses overlaps).
   */
  cidr: pulumi.Input<string>;
  /** 4 or 6; default: the version of cidr, which it must match. Changing it replaces the subnet. */
  ipVersion?: pulumi.Input<number>;
  /**
   * Gateway address, inside cidr and outside the allocation pools. Default: Neutron's choice, the first
   * address of an IPv4 range or the network address of an IPv6 one; the gatewayIp output tells which.
   */
  gatewayIp?: pulumi.Input<string>;
  /** A subnet without gateway. Exclusive with gatewayIp. Default false. */
  noGateway?: pulumi.Input<boolean>;
  /** Whether Neutron serves DHCP on the subnet. Default true. */
  enableDhcp?: pulumi.Input<boolean>;
  /** Ranges ports get addresses from, inside cidr; default: Neutron's (all of cidr but the gateway). */
  allocationPools?: pulumi.Input<pulumi.Input<AllocationPool>[]>;
  /** DNS servers handed out by DHCP, in this order. Default none. */
  dnsNameservers?: pulumi.Input<pulumi.Input<string>[]>;
  /** Routes handed out by DHCP; their order means nothing. Default none. */
  hostRoutes?: pulumi.Input<pulumi.Input<HostRoute>[]>;
  /** Neutron tags; their order means nothing. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Owning project (admin only); default: the authenticated project. Changing it replaces the subnet. */
  projectId?: pulumi.Input<string>;
}

/** A Neutron subnet. */
export class Subnet extends OpenStackResource {
  declare readonly networkId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  declare readonly ipVersion: pulumi.Output<number>;
  /** The gateway address, as given or as Neutron chose it; undefined when noGateway. */
  declare readonly gatewayIp: pulumi.Output<string | undefined>;
  declare readonly noGateway: pulumi.Output<boolean>;
  declare readonly enableDhcp: pulumi.Output<boolean>;
  /** The pools, as given or as Neutron chose them. */
  declare readonly allocationPools: pulumi.Output<AllocationPool[]>;
  declare readonly dnsNameservers: pulumi.Output<string[]>;
  declare readonly hostRoutes: pulumi.Output<HostRoute[]>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: SubnetArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(subnetSchema.properties);
    super("Subnet", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
