import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { serverSchema } from "./schema";

/** One network of a server: exactly one of uuid, name or port; optionally the fixed IP to ask for. */
export interface ServerNetwork {
  uuid?: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  port?: pulumi.Input<string>;
  fixedIp?: pulumi.Input<string>;
}

/** One block device of a server (Nova's block_device_mapping_v2). */
export interface ServerBlockDevice {
  /** image, volume (an existing one), snapshot, or blank (a new empty volume). */
  sourceType: pulumi.Input<"image" | "volume" | "snapshot" | "blank">;
  /** Image (id or name), volume or snapshot id; for sourceType image, default: the server's image. */
  uuid?: pulumi.Input<string>;
  /** volume (default) or local. */
  destinationType?: pulumi.Input<"volume" | "local">;
  /** GiB of the new volume; needed for image and blank sources. */
  volumeSize?: pulumi.Input<number>;
  /** 0 for the boot device. */
  bootIndex?: pulumi.Input<number>;
  /** Default: true for a volume the server makes (image, snapshot, blank), false for an existing one. */
  deleteOnTermination?: pulumi.Input<boolean>;
  volumeType?: pulumi.Input<string>;
  deviceName?: pulumi.Input<string>;
}

export interface ServerArgs extends CommonArgs {
  /** Server name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Flavor id or name. A change resizes the server in place (and confirms the resize). */
  flavor: pulumi.Input<string>;
  /**
   * Image id or name. A change replaces the server, unless rebuildOnImageChange is true. Optional when
   * blockDevices has a boot device (bootIndex 0).
   */
  image?: pulumi.Input<string>;
  /**
   * Volumes made or attached at create: boot from a new volume made from an image or snapshot, from an
   * existing volume, or add blank volumes. A change replaces the server.
   */
  blockDevices?: pulumi.Input<pulumi.Input<ServerBlockDevice>[]>;
  /** Scheduler hints, e.g. { group: serverGroup.id }. A change replaces the server. */
  schedulerHints?: pulumi.Input<Record<string, pulumi.Input<string | pulumi.Input<string>[]>>>;
  /**
   * Rebuild the server in place when the image changes instead of replacing it. A rebuild wipes the
   * server's disk: whatever was written to it since it booted is lost. Default false.
   */
  rebuildOnImageChange?: pulumi.Input<boolean>;
  /** Key pair name. A change replaces the server. */
  keyPair?: pulumi.Input<string>;
  /**
   * cloud-init user data. Secret: the outputs keep only its sha256; the recorded inputs keep it whole,
   * encrypted. A change replaces the server.
   */
  userData?: pulumi.Input<string>;
  /** "auto" (default), "none", or networks by uuid, name or port, with an optional fixed IP. A change replaces the server. */
  networks?: pulumi.Input<"auto" | "none" | pulumi.Input<ServerNetwork>[]>;
  /** Security group names or ids; compared by id. Updated in place. */
  securityGroups?: pulumi.Input<pulumi.Input<string>[]>;
  metadata?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Administrator password. Secret. Changed in place. Default: the one Nova generates. */
  adminPass?: pulumi.Input<string>;
  /** "active" (default) or "shutoff": the server is started or stopped to match. */
  powerState?: pulumi.Input<"active" | "shutoff">;
  /** A change replaces the server. */
  availabilityZone?: pulumi.Input<string>;
  /** A change replaces the server. */
  configDrive?: pulumi.Input<boolean>;
}

/** A Nova server. */
export class Server extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly flavor: pulumi.Output<string>;
  declare readonly flavorId: pulumi.Output<string>;
  declare readonly image: pulumi.Output<string>;
  declare readonly imageId: pulumi.Output<string>;
  declare readonly keyPair: pulumi.Output<string | undefined>;
  declare readonly securityGroups: pulumi.Output<string[]>;
  declare readonly metadata: pulumi.Output<Record<string, string>>;
  declare readonly tags: pulumi.Output<string[]>;
  /** Secret. */
  declare readonly adminPass: pulumi.Output<string>;
  declare readonly powerState: pulumi.Output<string>;
  declare readonly availabilityZone: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  /** Addresses by network name, as Nova reports them (floating IPs included). */
  declare readonly addresses: pulumi.Output<Record<string, Array<{ addr: string; version: number }>>>;
  declare readonly accessIPv4: pulumi.Output<string | undefined>;
  declare readonly accessIPv6: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: ServerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "Server",
      name,
      resourceProps({ ...args, name: args.name ?? name }, Object.keys(serverSchema.properties), [
        "userData",
        "adminPass",
      ]),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["adminPass"] }),
    );
  }
}
