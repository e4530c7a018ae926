import type * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { type CONTAINER_FORMATS, type DISK_FORMATS, imageSchema, type VISIBILITIES } from "./image";

export interface ImageArgs extends CommonArgs {
  /** Image name; default: the Pulumi resource name. */
  name?: pulumi.Input<string>;
  /**
   * Who can see the image: "private" (default), "shared" (projects added as members), "community"
   * or "public" (admin only by default policy).
   */
  visibility?: pulumi.Input<(typeof VISIBILITIES)[number]>;
  /** A protected image cannot be deleted: set it back to false before destroying. Default false. */
  protected?: pulumi.Input<boolean>;
  /** Disk size in GiB a server needs to boot the image. Default 0. */
  minDisk?: pulumi.Input<number>;
  /** RAM in MiB a server needs to boot the image. Default 0. */
  minRam?: pulumi.Input<number>;
  /** Image tags; their order does not matter. */
  tags?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Custom properties, e.g. { hw_disk_bus: "scsi", os_distro: "ubuntu" }. Keys Glance manages itself
   * (checksum, os_hash_*, stores, os_glance_*, and attributes such as min_disk that have their own
   * input) are refused, and never show up as drift.
   */
  properties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Container format: bare (default), ovf, ova, aki, ari, ami, docker or compressed. Changing it
   * replaces the image.
   */
  containerFormat?: pulumi.Input<(typeof CONTAINER_FORMATS)[number]>;
  /**
   * Disk format of the data: raw, qcow2, vmdk, vdi, vhd, vhdx, iso, ploop, aki, ari or ami. Required:
   * Glance does not check it against the data. Changing it replaces the image.
   */
  diskFormat: pulumi.Input<(typeof DISK_FORMATS)[number]>;
  /**
   * Local file uploaded as the image data (streamed; relative to the program's directory). Set this or
   * `url`. The image is replaced when the file's content changes (its sha512), not when only its path does.
   */
  file?: pulumi.Input<string>;
  /**
   * http(s) URL Glance downloads the image data from itself (web-download import), so it must be
   * reachable from Glance and allowed by its [import_filtering_opts]. Set this or `file`. Changing it
   * replaces the image.
   */
  url?: pulumi.Input<string>;
}

/** A Glance image, uploaded from a local file or imported from a URL. */
export class Image extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly visibility: pulumi.Output<string>;
  declare readonly protected: pulumi.Output<boolean>;
  declare readonly minDisk: pulumi.Output<number>;
  declare readonly minRam: pulumi.Output<number>;
  declare readonly tags: pulumi.Output<string[]>;
  declare readonly properties: pulumi.Output<Record<string, string>>;
  declare readonly containerFormat: pulumi.Output<string>;
  declare readonly diskFormat: pulumi.Output<string>;
  declare readonly file: pulumi.Output<string | undefined>;
  declare readonly url: pulumi.Output<string | undefined>;
  /** Glance status: active once the data is stored. */
  declare readonly status: pulumi.Output<string>;
  /** Size of the data in bytes. */
  declare readonly size: pulumi.Output<number>;
  /** MD5 of the data. */
  declare readonly checksum: pulumi.Output<string>;
  /** Algorithm of osHashValue, sha512 unless the cloud chose another. */
  declare readonly osHashAlgo: pulumi.Output<string>;
  declare readonly osHashValue: pulumi.Output<string>;
  /** sha512 of the uploaded file; only for images made from a file. */
  declare readonly contentSha512: pulumi.Output<string | undefined>;
  declare readonly createdAt: pulumi.Output<string>;
  declare readonly updatedAt: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: ImageArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.keys(imageSchema.properties);
    super("Image", name, resourceProps({ ...args, name: args.name ?? name }, outputs), opts);
  }
}
