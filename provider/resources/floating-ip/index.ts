import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { floatingIpSchema } from "./schema";

export interface FloatingIpArgs extends CommonArgs {
  /** External network (name or id) to allocate from. A change replaces the floating IP. */
  pool: pulumi.Input<string>;
  /** A specific address to allocate. A change replaces the floating IP. */
  address?: pulumi.Input<string>;
  /** Subnet of the pool to allocate from. A change replaces the floating IP. */
  subnetId?: pulumi.Input<string>;
  /** Port to associate with (exclusive with serverId). Changed in place. */
  portId?: pulumi.Input<string>;
  /** Server to associate with: its port is found (choose with serverNetwork or fixedIp when it has several). */
  serverId?: pulumi.Input<string>;
  /** With serverId: the network (name or id) of the server's port to use. */
  serverNetwork?: pulumi.Input<string>;
  /** Fixed IP of the port to map the address to. */
  fixedIp?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * A Neutron floating IP, optionally associated with a port or a server. The association read back is
 * the live one: an address detached or moved out of band shows as drift and the next update restores it;
 * an address someone bound to another port is not taken from it without a refresh.
 */
export class FloatingIp extends OpenStackResource {
  declare readonly pool: pulumi.Output<string>;
  declare readonly address: pulumi.Output<string>;
  declare readonly portId: pulumi.Output<string | undefined>;
  declare readonly serverId: pulumi.Output<string | undefined>;
  declare readonly fixedIp: pulumi.Output<string | undefined>;
  declare readonly associatedPortId: pulumi.Output<string | undefined>;
  declare readonly networkId: pulumi.Output<string>;
  declare readonly routerId: pulumi.Output<string | undefined>;
  declare readonly status: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: FloatingIpArgs, opts?: pulumi.CustomResourceOptions) {
    super("FloatingIp", name, resourceProps(args, Object.keys(floatingIpSchema.properties)), opts);
  }
}
