import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { routerSchema } from "./router";

/** An address of the router's gateway port. */
export interface ExternalFixedIp {
  subnetId: string;
  ipAddress: string;
}

export interface RouterArgs extends CommonArgs {
  /** Router name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  /** Free text. */
  description?: pulumi.Input<string>;
  /** Administrative state. Default true. */
  adminStateUp?: pulumi.Input<boolean>;
  /**
   * External network for the router's gateway, by id or by name (resolved to the id before anything
   * changes; it must have router:external). Absent: no gateway, and removing it clears the gateway.
   */
  externalNetworkId?: pulumi.Input<string>;
  /** Source NAT on the gateway (admin only by default policy); default: Neutron's, true. Needs externalNetworkId. */
  enableSnat?: pulumi.Input<boolean>;
  /** Neutron tags; their order means nothing. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Owning project (admin only); default: the authenticated project. Changing it replaces the router. */
  projectId?: pulumi.Input<string>;
}

/** A Neutron router, optionally with an external gateway. */
export class Router extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string>;
  declare readonly adminStateUp: pulumi.Output<boolean>;
  /** The gateway network: as declared (a name stays a name) while it is the live one; undefined without gateway. */
  declare readonly externalNetworkId: pulumi.Output<string | undefined>;
  declare readonly enableSnat: pulumi.Output<boolean | undefined>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly projectId: pulumi.Output<string>;
  /** ACTIVE, DOWN or ERROR. */
  declare readonly status: pulumi.Output<string>;
  /** Addresses of the gateway port; empty without gateway. */
  declare readonly externalFixedIps: pulumi.Output<ExternalFixedIp[]>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: RouterArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(routerSchema.properties);
    super("Router", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
