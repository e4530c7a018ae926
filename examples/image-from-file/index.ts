// A Glance image uploaded from a local file, and a server booted from it. Without an `imageFile` in
// the stack config, the program writes a small generated disk file first, so the example ships no
// binary; set `imageFile` to a real image (e.g. cirros, see README) to boot something real.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const imageFile = config.get("imageFile");
type DiskFormat = Extract<os.ImageArgs["diskFormat"], string>;
const diskFormat = config.get<DiskFormat>("diskFormat") ?? "raw"; // qcow2 for a downloaded cirros
/** Changes the generated file's content (not its name): bump it to see the image replaced. */
const contentVersion = config.get("contentVersion") ?? "1";
const flavor = config.get("flavor") ?? "m1.tiny";

const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

/** 1 MiB that depends only on `version`: the same bytes on every run and every machine. */
function generatedDisk(version: string): Buffer {
  const blocks: Buffer[] = [];
  let block = createHash("sha256").update(`pulumi-openstack-dynamic example disk v${version}`).digest();
  for (let size = 0; size < 1024 * 1024; size += block.length) {
    blocks.push(block);
    block = createHash("sha256").update(block).digest();
  }
  return Buffer.concat(blocks);
}

// Relative paths mean the project directory, for this program as for the provider, which reads the
// file when it diffs and uploads. Written only when the content differs, so an unchanged run is a no-op.
let file = imageFile;
if (file === undefined) {
  file = "generated-disk.raw";
  const content = generatedDisk(contentVersion);
  if (!existsSync(file) || !readFileSync(file).equals(content)) writeFileSync(file, content);
}

// The provider hashes the file (sha512) on every diff: new content replaces the image; the same content
// at another path is no change at all.
const image = new os.Image("disk", {
  name: `${prefix}-disk`,
  file,
  diskFormat,
  containerFormat: "bare",
  tags: ["example", "image-from-file"],
  properties: { os_distro: config.get("osDistro") ?? "cirros" },
});

// image.id changes when the image is replaced, and so the server is replaced with it.
const server = new os.Server("server", {
  name: `${prefix}-server`,
  flavor,
  image: image.id,
  networks: "none",
});

export const imageId = image.id;
export const imageFilePath = image.file;
export const imageSize = image.size;
export const imageSha512 = image.contentSha512;
export const serverId = server.id;
export const serverImageId = server.imageId;
export const serverStatus = server.status;
