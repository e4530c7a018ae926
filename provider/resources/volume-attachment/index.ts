import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { volumeAttachmentSchema } from "./volume-attachment";

export interface VolumeAttachmentArgs extends CommonArgs {
  /** Server to attach to. A change replaces the attachment. */
  serverId: pulumi.Input<string>;
  /** Volume to attach. A change replaces the attachment. */
  volumeId: pulumi.Input<string>;
  /** Device to ask for, e.g. /dev/vdb; the hypervisor has the final say. */
  device?: pulumi.Input<string>;
  /** Delete the volume when the server is deleted. Default false. */
  deleteOnTermination?: pulumi.Input<boolean>;
}

/** A volume attached to a server. Its id is "<serverId>/<volumeId>". */
export class VolumeAttachment extends OpenStackResource {
  declare readonly serverId: pulumi.Output<string>;
  declare readonly volumeId: pulumi.Output<string>;
  declare readonly device: pulumi.Output<string>;
  declare readonly deleteOnTermination: pulumi.Output<boolean>;
  declare readonly attachmentId: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: VolumeAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(volumeAttachmentSchema.properties);
    super("VolumeAttachment", name, resourceProps(args, outputs), opts);
  }
}
