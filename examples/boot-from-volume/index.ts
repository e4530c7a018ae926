// A server booted from a volume made from an image, and a data volume attached to it. The boot volume is
// a resource of its own, so it outlives a replaced server and can grow; the data volume grows in place
// when dataSize is raised.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const flavor = config.get("flavor") ?? "m1.tiny";
/** Image id to copy onto the boot volume. */
const imageId = config.require("imageId");
const bootSize = config.getNumber("bootSize") ?? 1;
const dataSize = config.getNumber("dataSize") ?? 1;

// Names carry project and stack, so two stacks of this example in one project stay apart.
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
const metadata = { example: "boot-from-volume" };

const bootVolume = new os.Volume("boot", { name: `${prefix}-boot`, size: bootSize, imageId, metadata });

const server = new os.Server("server", {
  name: `${prefix}-server`,
  flavor,
  // no image: the server boots from the volume, which is kept when the server is deleted
  blockDevices: [{ sourceType: "volume", uuid: bootVolume.id, bootIndex: 0 }],
  networks: "none",
  metadata,
});

const data = new os.Volume("data", {
  name: `${prefix}-data`,
  size: dataSize,
  description: "application data",
  metadata,
});
const attachment = new os.VolumeAttachment("data-attachment", { serverId: server.id, volumeId: data.id });

export const serverId = server.id;
export const status = server.status;
export const bootVolumeId = bootVolume.id;
export const bootable = bootVolume.bootable;
export const dataVolumeId = data.id;
export const dataVolumeSize = data.size;
export const dataDevice = attachment.device;
