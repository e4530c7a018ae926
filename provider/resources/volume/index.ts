import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { volumeSchema } from "./schema";

export interface VolumeArgs extends CommonArgs {
  /** Volume name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Size in GiB; required unless made from a snapshot or volume. An increase extends in place; a decrease is refused. */
  size?: pulumi.Input<number>;
  /** Volume type name or id; default: the cloud's default. A change retypes the volume in place. */
  volumeType?: pulumi.Input<string>;
  /** A change replaces the volume. */
  availabilityZone?: pulumi.Input<string>;
  /** Image to copy onto the volume (a bootable volume). A change replaces it. */
  imageId?: pulumi.Input<string>;
  /** Snapshot to make the volume from. A change replaces it. */
  snapshotId?: pulumi.Input<string>;
  /** Volume to clone. A change replaces it. */
  sourceVolumeId?: pulumi.Input<string>;
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Attachable to several servers at once; the volume type must allow it. A change replaces the volume. */
  multiattach?: pulumi.Input<boolean>;
}

/** A Cinder volume. */
export class Volume extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly size: pulumi.Output<number>;
  declare readonly volumeType: pulumi.Output<string>;
  declare readonly availabilityZone: pulumi.Output<string>;
  declare readonly imageId: pulumi.Output<string | undefined>;
  declare readonly snapshotId: pulumi.Output<string | undefined>;
  declare readonly sourceVolumeId: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string>>;
  declare readonly multiattach: pulumi.Output<boolean>;
  declare readonly status: pulumi.Output<string>;
  declare readonly bootable: pulumi.Output<boolean>;
  declare readonly encrypted: pulumi.Output<boolean>;
  declare readonly attachments: pulumi.Output<
    Array<{ serverId: string; device?: string; attachmentId: string }>
  >;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: VolumeArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(volumeSchema.properties);
    super("Volume", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
