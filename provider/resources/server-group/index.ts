import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { serverGroupSchema } from "./server-group";

export interface ServerGroupArgs extends CommonArgs {
  /** Group name; default: the Pulumi resource name. A change replaces the group. */
  name?: pulumi.Input<string>;
  /** affinity, anti-affinity, soft-affinity or soft-anti-affinity. A change replaces the group. */
  policy: pulumi.Input<"affinity" | "anti-affinity" | "soft-affinity" | "soft-anti-affinity">;
  /** With anti-affinity: how many of the group's servers one host may run. */
  maxServerPerHost?: pulumi.Input<number>;
}

/** A Nova server group; servers join it with schedulerHints: { group: group.id }. */
export class ServerGroup extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly policy: pulumi.Output<string>;
  declare readonly maxServerPerHost: pulumi.Output<number | undefined>;
  declare readonly members: pulumi.Output<string[]>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServerGroupArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(serverGroupSchema.properties);
    super("ServerGroup", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
