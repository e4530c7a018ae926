import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { networkSchema } from "./network";

export interface NetworkArgs extends CommonArgs {
  /** Network name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Default true. */
  adminStateUp?: pulumi.Input<boolean>;
  /** Shared with all projects (admin only). Default false. */
  shared?: pulumi.Input<boolean>;
  /** External network usable as a router gateway (admin only). Default false. */
  external?: pulumi.Input<boolean>;
  mtu?: pulumi.Input<number>;
  portSecurityEnabled?: pulumi.Input<boolean>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Owning project (admin only). Changing it replaces the network. */
  projectId?: pulumi.Input<string>;
  /** Changing them replaces the network. */
  availabilityZoneHints?: pulumi.Input<pulumi.Input<string>[]>;
}

/** A Neutron network. */
export class Network extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly adminStateUp: pulumi.Output<boolean>;
  declare readonly shared: pulumi.Output<boolean>;
  declare readonly external: pulumi.Output<boolean>;
  declare readonly mtu: pulumi.Output<number>;
  declare readonly portSecurityEnabled: pulumi.Output<boolean>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly projectId: pulumi.Output<string>;
  declare readonly availabilityZoneHints: pulumi.Output<string[]>;
  declare readonly status: pulumi.Output<string>;
  declare readonly subnetIds: pulumi.Output<string[]>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(networkSchema.properties);
    super("Network", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
