// examples/image-from-file with the real Pulumi CLI against the cloud, installed as its README says: the
// program writes its generated disk file, the image is uploaded from it and a server booted from it;
// preview changes nothing; the same content at another path only records the path (same image, same
// server); a tag added out of band is reported as drift and removed by `up --refresh`; new content
// replaces the image and so the server; destroy removes both. Glance and Nova, read over plain REST and
// with the openstack CLI, are the witnesses.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram } from "../../support/pulumi-cli";
import {
  byName,
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectNoPlaintextSecrets,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

const sha512 = (file: string) => createHash("sha512").update(readFileSync(file)).digest("hex");

describeWithEngine("example image-from-file (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("image-from-file");
  const generated = join(dir, "generated-disk.raw");
  const prefix = `openstack-image-from-file-${STACK}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let scratch: string;
  let first: { image: string; server: string; sha: string };
  const hadGenerated = existsSync(generated);

  before(async function () {
    this.timeout(300_000);
    // a file left by a user's run would be reused as is; the test wants the program to write it
    if (hadGenerated) throw new Error(`${generated} exists (from a run of the example?): remove it first`);
    installExample(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "engine-image-example-"));
    program = await CliProgram.open({
      programDir: dir,
      stack: STACK,
      cloud: use(),
      config: { flavor: "m1.nano" },
    });
  });

  after(async function () {
    this.timeout(300_000);
    await tearDown(program, "image-from-file", () => witness?.sweep(prefix));
    if (!hadGenerated) rmSync(generated, { force: true });
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("preview plans the image and the server without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Image disk create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Server server create/);
  });

  it("writes the disk file, uploads it as an active image and boots a server from it; nothing changes after", async function () {
    this.timeout(240_000);
    const result = await program!.up({ flavor: "m1.nano" });
    expect(existsSync(generated), "generated-disk.raw written by the program").to.equal(true);
    const sha = sha512(generated);
    const image = byName(program!.state, "disk");
    const server = byName(program!.state, "server");
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

    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [
      (server.outs.adminPass as string | undefined) ?? "",
      use().auth.password ?? "",
    ]);
  });

  it("keeps the image when only the path changes: the same content at another path is no change", async function () {
    this.timeout(180_000);
    const copy = join(scratch, "same-content.raw");
    copyFileSync(generated, copy);
    const config = { flavor: "m1.nano", imageFile: copy };
    await program!.useConfig(config);
    const preview = await program!.preview(["--expect-no-changes"]);
    expect(preview.code, `preview found changes:\n${preview.stdout}\n${preview.stderr}`).to.equal(0);
    await program!.up(config);
    const image = byName(program!.state, "disk");
    expect(image.action).to.equal("same");
    expect(image.id).to.equal(first.image);
    expect(image.inputs).to.include({ file: copy });
    expect(image.outs).to.include({ contentSha512: first.sha });
    expect(byName(program!.state, "server")).to.include({ action: "same", id: first.server });
    expect((await witness.image(first.image))?.status).to.equal("active");
    await expectNoChanges(program!);
  });

  it("a tag added out of band is reported by refresh --preview-only --expect-no-changes; up --refresh removes it", async function () {
    this.timeout(240_000);
    await openstackCli(use(), ["--no-json", "image", "set", "--tag", "drifted", first.image]);
    expect((await witness.image(first.image))?.tags).to.include("drifted");
    await expectDrift(program!, "disk", "tags");
    await program!.up(undefined, ["--refresh"]);
    const image = byName(program!.state, "disk");
    expect(image.action).to.equal("updated");
    expect(image.id).to.equal(first.image);
    // the program's tags, beside the creation tag every object carries
    const tags = (await witness.image(first.image))?.tags as string[];
    expect(tags.filter((t) => !t.startsWith("pulumi-create-")).sort()).to.deep.equal([
      "example",
      "image-from-file",
    ]);
    await expectNoChanges(program!);
  });

  it("preview --diff shows new content as a replacement; up replaces the image and the server booted from it", async function () {
    this.timeout(300_000);
    // back to the generated file, now with other content
    const config = { flavor: "m1.nano", contentVersion: "2" };
    await expectPreviewDiff(program!, config, { resource: "disk", property: "file", op: "replace" });
    const result = await program!.up(config);
    const sha = sha512(generated);
    expect(sha).to.not.equal(first.sha);
    const image = byName(program!.state, "disk");
    const server = byName(program!.state, "server");
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
    const { id: imageId } = byName(program!.state, "disk");
    const { id: serverId } = byName(program!.state, "server");
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    await witness.serverGone(serverId);
    expect(await witness.image(imageId)).to.equal(undefined);
  });
});
