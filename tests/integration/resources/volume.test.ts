// Volume through the real provider host against the cloud's Cinder: create from an image, read without
// diff, drift made with the openstack CLI and its correction, extend in place, a decrease refused in
// check, retype, a clone, replacement on a new source, and delete until 404.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import { CheckFailedError, type ResourceDriver, type ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliVolume {
  id: string;
  name: string;
  size: number;
  status: string;
  type: string;
  bootable: string;
  properties: Record<string, string>;
  volume_image_metadata?: Record<string, string>;
  source_volid?: string | null;
}

describeWithCloud("Volume resource", "admin", (use) => {
  let rh: ResourceHost;
  let vols: ResourceDriver;
  const states = new Map<string, ResourceState>();
  const tag = `it-vol-${process.pid}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  let imageId: string;
  const show = (id: string) => openstackCli(use(), ["volume", "show", id]) as Promise<CliVolume>;

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    vols = await rh.driver("Volume");
    imageId = ((await openstackCli(use(), ["image", "show", "cirros"])) as { id: string }).id;
    await openstackCli(use(), ["--no-json", "volume", "type", "create", `${tag}-fast`]);
    cleanups.push(() => openstackCli(use(), ["--no-json", "volume", "type", "delete", `${tag}-fast`]));
  });

  after(async function () {
    this.timeout(120_000);
    for (const [name, state] of states) await vols.destroy(name, state).catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rh?.stop();
  });

  const declared = () => ({ name: `${tag}-boot`, size: 1, imageId, metadata: { role: "boot" } });

  it("creates a bootable volume from an image, available, and the CLI agrees", async function () {
    this.timeout(120_000);
    const state = await vols.up("boot", declared());
    states.set("boot", state);
    expect(state.outs).to.include({
      status: "available",
      size: 1,
      imageId,
      bootable: true,
      multiattach: false,
    });
    const cli = await show(state.id);
    expect(cli).to.include({ name: `${tag}-boot`, size: 1, status: "available", bootable: "true" });
    // the creation tag rides in the metadata, out of the resource's metadata output
    expect(cli.properties).to.have.keys("role", "pulumi-create");
    expect(cli.properties).to.include({ role: "boot" });
    expect(state.outs.metadata).to.deep.equal({ role: "boot" });
    expect(cli.volume_image_metadata?.image_id).to.equal(imageId);
  });

  it("reads back without a diff", async () => {
    const state = (await vols.refresh("boot", states.get("boot")!))!;
    states.set("boot", state);
    const outcome = await vols.update("boot", state, declared());
    expect(outcome.action, JSON.stringify(outcome.diff)).to.equal("same");
  });

  it("shows drift made out of band (name, metadata) and puts it back", async function () {
    this.timeout(60_000);
    const id = states.get("boot")!.id;
    await openstackCli(use(), [
      "--no-json",
      "volume",
      "set",
      "--name",
      `${tag}-drifted`,
      "--property",
      "x=y",
      id,
    ]);
    const state = (await vols.refresh("boot", states.get("boot")!))!;
    expect(state.outs).to.include({ name: `${tag}-drifted` });
    expect(state.outs.metadata).to.deep.equal({ role: "boot", x: "y" });
    const outcome = await vols.update("boot", state, declared());
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces ?? []).to.deep.equal([]);
    states.set("boot", outcome.state);
    const cli = await show(id);
    expect(cli.name).to.equal(`${tag}-boot`);
    // the drift is gone, the creation tag kept
    expect(cli.properties).to.have.keys("role", "pulumi-create");
    expect(cli.properties).to.include({ role: "boot" });
  });

  it("extends in place, and refuses a decrease in check before any call", async function () {
    this.timeout(120_000);
    const before = states.get("boot")!;
    const outcome = await vols.update("boot", before, { ...declared(), size: 2 });
    expect(outcome.action).to.equal("updated");
    expect(outcome.state.id).to.equal(before.id);
    expect(outcome.state.outs).to.include({ size: 2, status: "available" });
    states.set("boot", outcome.state);
    expect((await show(before.id)).size).to.equal(2);

    const refused = await vols
      .update("boot", outcome.state, { ...declared(), size: 1 })
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(CheckFailedError);
    expect((refused as CheckFailedError).failures).to.deep.equal([
      {
        property: "size",
        reason:
          "size cannot decrease from 2 to 1 GiB: Cinder only extends volumes; keep 2 or more, or make a new volume",
      },
    ]);
    expect((await show(before.id)).size).to.equal(2);
  });

  it("retypes in place", async function () {
    this.timeout(120_000);
    const before = states.get("boot")!;
    const outcome = await vols.update("boot", before, { ...declared(), size: 2, volumeType: `${tag}-fast` });
    expect(outcome.action).to.equal("updated");
    expect(outcome.state.id).to.equal(before.id);
    expect(outcome.state.outs).to.include({ volumeType: `${tag}-fast`, status: "available" });
    states.set("boot", outcome.state);
    expect((await show(before.id)).type).to.equal(`${tag}-fast`);
  });

  it("clones a volume, and replaces it when the source changes", async function () {
    this.timeout(180_000);
    const source = states.get("boot")!.id;
    const clone = await vols.up("clone", { name: `${tag}-clone`, sourceVolumeId: source });
    states.set("clone", clone);
    expect(clone.outs).to.include({ size: 2, sourceVolumeId: source, status: "available" });
    expect((await show(clone.id)).source_volid).to.equal(source);

    const outcome = await vols.update("clone", clone, { name: `${tag}-clone`, size: 1 });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["sourceVolumeId"]);
    states.set("clone", outcome.state);
    const gone = await openstackCli(use(), ["volume", "show", clone.id]).catch((e: Error) => e);
    expect(gone).to.be.instanceOf(Error, "old clone deleted");
  });

  it("refuses multiattach on a type that does not allow it, naming the type", async () => {
    const error = await vols
      .up("multi", { name: `${tag}-multi`, size: 1, volumeType: `${tag}-fast`, multiattach: true })
      .catch((e: unknown) => e);
    expect(String(error)).to.include(
      `multiattach is true but volumeType "${tag}-fast" (${tag}-fast) does not allow it`,
    );
  });

  it("makes a multiattach volume on a type that allows it", async function () {
    this.timeout(120_000);
    await openstackCli(use(), [
      "--no-json",
      "volume",
      "type",
      "create",
      "--property",
      "multiattach=<is> True",
      `${tag}-multi`,
    ]);
    cleanups.push(() => openstackCli(use(), ["--no-json", "volume", "type", "delete", `${tag}-multi`]));
    const state = await vols.up("multi", {
      name: `${tag}-multi`,
      size: 1,
      volumeType: `${tag}-multi`,
      multiattach: true,
    });
    states.set("multi", state);
    expect(state.outs).to.include({ multiattach: true, volumeType: `${tag}-multi` });
  });

  it("deletes, and the CLI no longer finds the volumes", async function () {
    this.timeout(120_000);
    for (const [name, state] of [...states]) {
      await vols.destroy(name, state);
      states.delete(name);
      const gone = await openstackCli(use(), ["volume", "show", state.id]).catch((e: Error) => e);
      expect(gone).to.be.instanceOf(Error);
    }
  });
});
