// examples/image-from-file through the engine stand-in against the cloud: the program writes its
// generated disk file, the image is uploaded from it and a server booted from it; the same content at
// another path only records the path (same image, same server); new content replaces the image and so
// the server; destroy removes both. Glance and Nova, read over plain REST, are the witnesses.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { describeWithCloud } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun } from "../../support/engine";
import { exampleDir, linkPackage, STACK, Witness } from "./support";

const sha512 = (file: string) => createHash("sha512").update(readFileSync(file)).digest("hex");

const byName = (resources: EngineResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

describeWithCloud("example image-from-file", "member", (use) => {
  const dir = exampleDir("image-from-file");
  const generated = join(dir, "generated-disk.raw");
  const prefix = `openstack-image-from-file-${STACK}`;
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let witness: Witness;
  let scratch: string;
  let first: { image: string; server: string; sha: string };
  const hadGenerated = existsSync(generated);

  before(async function () {
    this.timeout(60_000);
    ensureBuilt();
    unlink = linkPackage(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "it-image-example-"));
    // a file left by a user's run would be reused as is; the test wants the program to write it
    if (hadGenerated) throw new Error(`${generated} exists (from a run of the example?): remove it first`);
    run = await openProgram({ programDir: dir, stack: STACK, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  image-from-file: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    await witness?.sweep(prefix);
    unlink?.();
    if (!hadGenerated) rmSync(generated, { force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("writes the disk file, uploads it as an active image and boots a server from it", async function () {
    this.timeout(180_000);
    const result = await run!.up({ flavor: "m1.nano" });
    expect(existsSync(generated), "generated-disk.raw written by the program").to.equal(true);
    const sha = sha512(generated);
    const image = byName(result.resources, "disk");
    const server = byName(result.resources, "server");
    expect([image.kind, image.action, server.kind, server.action]).to.deep.equal([
      "Image",
      "created",
      "Server",
      "created",
    ]);
    expect(result.outputs).to.include({ imageId: image.id, imageSize: 1024 * 1024, imageSha512: sha });
    expect(result.outputs.imageFilePath).to.equal("generated-disk.raw");

    const live = await witness.image(image.id);
    expect(live).to.deep.include({
      name: `${prefix}-disk`,
      status: "active",
      size: 1024 * 1024,
      disk_format: "raw",
      os_distro: "cirros",
    });
    if (live!.os_hash_algo === "sha512") expect(live!.os_hash_value).to.equal(sha);
    const liveServer = await witness.server(server.id);
    expect(liveServer?.status).to.equal("ACTIVE");
    expect(liveServer?.image).to.deep.include({ id: image.id });
    first = { image: image.id, server: server.id, sha };
  });

  it("keeps the image when only the path changes: the same content at another path is no change", async function () {
    this.timeout(120_000);
    const copy = join(scratch, "same-content.raw");
    copyFileSync(generated, copy);
    const result = await run!.up({ flavor: "m1.nano", imageFile: copy });
    const image = byName(result.resources, "disk");
    expect(image.action).to.equal("same");
    expect(image.id).to.equal(first.image);
    expect(image.inputs).to.include({ file: copy });
    expect(image.outs).to.include({ contentSha512: first.sha });
    expect(byName(result.resources, "server")).to.include({ action: "same", id: first.server });
    expect((await witness.image(first.image))?.status).to.equal("active");
  });

  it("replaces the image, and the server booted from it, when the content changes", async function () {
    this.timeout(240_000);
    // back to the generated file, now with other content
    const result = await run!.up({ flavor: "m1.nano", contentVersion: "2" });
    const sha = sha512(generated);
    expect(sha).to.not.equal(first.sha);
    const image = byName(result.resources, "disk");
    const server = byName(result.resources, "server");
    expect(image.action).to.equal("replaced");
    expect(server.action).to.equal("replaced");
    expect(image.id).to.not.equal(first.image);
    expect(server.id).to.not.equal(first.server);
    expect(result.outputs).to.include({ imageSha512: sha, serverImageId: image.id });
    expect((await witness.image(image.id))?.status).to.equal("active");
    expect(await witness.image(first.image), "old image deleted").to.equal(undefined);
    await witness.serverGone(first.server);
    expect((await witness.server(server.id))?.image).to.deep.include({ id: image.id });
  });

  it("destroy deletes the server and the image", async function () {
    this.timeout(180_000);
    const { id: imageId } = byName(run!.state, "disk");
    const { id: serverId } = byName(run!.state, "server");
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    await witness.serverGone(serverId);
    expect(await witness.image(imageId)).to.equal(undefined);
  });
});
