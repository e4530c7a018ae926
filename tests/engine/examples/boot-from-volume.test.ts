// examples/boot-from-volume with the real Pulumi CLI against the cloud, installed as its README says: a
// boot volume made from the image, a server booted from it, a data volume attached; preview changes
// nothing; a larger dataSize extends the attached volume in place and a smaller one is refused before
// any call; metadata drift and an out-of-band detach are reported by refresh and put back by up; destroy
// removes everything. Cinder and Nova, over plain REST and with the openstack CLI, are the witnesses.
import { expect } from "chai";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram, type StackResource } from "../../support/pulumi-cli";
import { waitFor } from "../../support/rest";
import {
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
} from "../support";
import { STACK, Witness } from "./witness";

const byName = (resources: StackResource[], kind: string, name: string) => {
  const found = resources.find((r) => r.kind === kind && r.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${resources.map((r) => `${r.kind} ${r.name}`).join(", ")}`);
  return found;
};

describeWithEngine("example boot-from-volume (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("boot-from-volume");
  const prefix = `openstack-boot-from-volume-${STACK}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let config: Record<string, string>;
  let ids: { server: string; boot: string; data: string };

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    const image = (await openstackCli(use(), ["image", "show", "cirros"])) as { id: string };
    config = { imageId: image.id, flavor: "m1.nano" };
    program = await CliProgram.open({ programDir: dir, stack: STACK, cloud: use(), config });
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (program && program.state.length > 0) await program.destroy();
    } catch (error) {
      console.warn(`  boot-from-volume: destroy failed, sweeping: ${(error as Error).message}`);
    }
    program?.close();
    await witness?.sweep(prefix);
  });

  it("preview plans two volumes, the server and the attachment without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Volume boot create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Server server create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:VolumeAttachment data-attachment create/);
  });

  it("up boots the server from the image's volume and attaches the data volume; nothing changes after", async function () {
    this.timeout(300_000);
    const result = await program!.up(config);
    const server = byName(result.resources, "Server", "server");
    const boot = byName(result.resources, "Volume", "boot");
    const data = byName(result.resources, "Volume", "data");
    const attachment = byName(result.resources, "VolumeAttachment", "data-attachment");
    ids = { server: server.id, boot: boot.id, data: data.id };
    expect(attachment.id).to.equal(`${server.id}/${data.id}`);
    expect(result.outputs).to.include({ status: "ACTIVE", bootable: true, dataVolumeSize: 1 });
    expect(String(result.outputs.dataDevice)).to.match(/^\/dev\/[a-z]+$/);

    const live = await witness.server(server.id);
    expect(live).to.deep.include({ name: `${prefix}-server`, status: "ACTIVE", image: "" });
    const bootVolume = await witness.volume(boot.id);
    expect(bootVolume).to.deep.include({ status: "in-use", bootable: "true", size: 1 });
    expect(bootVolume!.attachments.map((a) => a.server_id)).to.deep.equal([server.id]);
    const dataVolume = await witness.volume(data.id);
    expect(dataVolume).to.deep.include({ status: "in-use", name: `${prefix}-data` });
    // the declared metadata, beside the creation tag the provider keeps there
    expect(dataVolume!.metadata).to.have.keys("example", "pulumi-create");
    expect(dataVolume!.metadata).to.include({ example: "boot-from-volume" });
    expect(dataVolume!.attachments.map((a) => a.server_id)).to.deep.equal([server.id]);

    await expectNoChanges(program!);
  });

  it("preview --diff shows a larger dataSize as an update; up extends the attached volume in place", async function () {
    this.timeout(240_000);
    const bigger = { ...config, dataSize: "2" };
    await expectPreviewDiff(program!, bigger, { resource: "data", property: "size", op: "update" });
    const result = await program!.up(bigger);
    const data = byName(result.resources, "Volume", "data");
    expect([data.action, data.id]).to.deep.equal(["updated", ids.data]);
    expect(byName(result.resources, "Server", "server").action).to.equal("same");
    expect(byName(result.resources, "VolumeAttachment", "data-attachment").action).to.equal("same");
    const cli = (await openstackCli(use(), ["volume", "show", ids.data])) as { size: number; status: string };
    expect(cli).to.include({ size: 2, status: "in-use" });
    config = bigger;
  });

  it("refuses a smaller dataSize in preview, naming both sizes, and changes nothing", async function () {
    this.timeout(120_000);
    await program!.useConfig({ ...config, dataSize: "1" });
    const { code, stdout, stderr } = await program!.preview(["--diff"]);
    expect(code).to.not.equal(0);
    expect(stdout + stderr).to.include("size cannot decrease from 2 to 1 GiB");
    expect((await witness.volume(ids.data))?.size).to.equal(2);
    await program!.useConfig(config);
  });

  it("metadata drift and an out-of-band detach are reported by refresh and put back by up", async function () {
    this.timeout(300_000);
    await openstackCli(use(), ["--no-json", "volume", "set", "--property", "example=drifted", ids.data]);
    await expectDrift(program!, "data", "metadata");
    await openstackCli(use(), ["--no-json", "server", "remove", "volume", ids.server, ids.data]);
    await waitFor("the data volume to be detached", 60_000, async () =>
      (await witness.volume(ids.data))?.status === "available" ? true : undefined,
    );
    const result = await program!.up(config, ["--refresh"]);
    expect(byName(result.resources, "VolumeAttachment", "data-attachment").action).to.equal("created");
    const dataVolume = await witness.volume(ids.data);
    expect(dataVolume).to.deep.include({ status: "in-use" });
    // the declared metadata, beside the creation tag the provider keeps there
    expect(dataVolume!.metadata).to.have.keys("example", "pulumi-create");
    expect(dataVolume!.metadata).to.include({ example: "boot-from-volume" });
    await expectNoChanges(program!);
  });

  it("destroy detaches and deletes the server and both volumes", async function () {
    this.timeout(300_000);
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    await witness.serverGone(ids.server);
    expect(await witness.volume(ids.boot)).to.equal(undefined);
    expect(await witness.volume(ids.data)).to.equal(undefined);
  });
});
