import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { routerInterfaceSchema } from "./router-interface";

export interface RouterInterfaceArgs extends CommonArgs {
  /** Id of the router. Changing it replaces the interface. */
  routerId: pulumi.Input<string>;
  /**
   * Subnet to attach: Neutron makes a router port with the subnet's gateway address (the subnet needs
   * one). Exactly one of subnetId and portId. Changing it replaces the interface.
   */
  subnetId?: pulumi.Input<string>;
  /**
   * Existing port to attach, not used by any device; removing the interface deletes the port (Neutron
   * does). Exactly one of subnetId and portId. Changing it replaces the interface.
   */
  portId?: pulumi.Input<string>;
}

/**
 * A router's interface on a subnet; its id is the interface's port id (also what adoptId takes).
 * A replacement that keeps the subnet removes the old interface first: a router has one port per subnet.
 */
export class RouterInterface extends OpenStackResource {
  declare readonly routerId: pulumi.Output<string>;
  /** The subnet of the interface's address (also when it was declared by port). */
  declare readonly subnetId: pulumi.Output<string>;
  /** The interface's port (also when it was declared by subnet). */
  declare readonly portId: pulumi.Output<string>;
  /** The interface's address on the subnet. */
  declare readonly ipAddress: pulumi.Output<string>;
  /** "subnet" or "port": how the interface was declared, and so how it is removed. */
  declare readonly attachedBy: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: RouterInterfaceArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(routerInterfaceSchema.properties);
    super("RouterInterface", name, resourceProps(args, outputs), opts);
  }
}
