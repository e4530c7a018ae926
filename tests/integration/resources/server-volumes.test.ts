// Servers with block devices through the real provider host against the cloud: booted from a new
// volume made from the image (deleted with the server), from an existing volume (kept), with an extra
// blank volume; read without diff; the CLI as witness.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliServer {
  status: string;
  image: string;
  volumes_attached: Array<{ id: string }>;
}
interface CliVolume {
  id: string;
  status: string;
  size: number;
  bootable: string;
  volume_image_metadata?: Record<string, string>;
}

describeWithCloud("Server with block devices", "member", (use) => {
  let rh: ResourceHost;
  let servers: ResourceDriver;
  let volumes: ResourceDriver;
  const states = new Map<string, ResourceState>();
  let bootVolume: ResourceState | undefined;
  const tag = `it-bfv-${process.pid}`;
  let imageId: string;
  const showServer = (id: string) => openstackCli(use(), ["server", "show", id]) as Promise<CliServer>;
  const showVolume = (id: string) => openstackCli(use(), ["volume", "show", id]) as Promise<CliVolume>;

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    servers = await rh.driver("Server", { additionalSecretOutputs: ["adminPass"] });
    volumes = await rh.driver("Volume");
    imageId = ((await openstackCli(use(), ["image", "show", "cirros"])) as { id: string }).id;
  });

  after(async function () {
    this.timeout(180_000);
    for (const [name, state] of states) await servers.destroy(name, state).catch(() => undefined);
    if (bootVolume) await volumes.destroy("boot", bootVolume).catch(() => undefined);
    await rh?.stop();
  });

  const fromImage = () => ({
    name: `${tag}-img`,
    flavor: "m1.nano",
    image: "cirros",
    networks: "none",
    blockDevices: [
      { sourceType: "image", volumeSize: 1, bootIndex: 0 },
      { sourceType: "blank", volumeSize: 1 },
    ],
  });

  it("boots from a new volume made from the image, with a blank data volume", async function () {
    this.timeout(180_000);
    const state = await servers.up("img", fromImage());
    states.set("img", state);
    expect(state.outs).to.include({ status: "ACTIVE", image: "cirros" });
    expect(state.outs.imageId, "Nova shows no image for a server booted from a volume").to.equal(undefined);
    const cli = await showServer(state.id);
    expect(cli.image).to.include("booted from volume");
    expect(cli.volumes_attached).to.have.length(2);
    const attached = await Promise.all(cli.volumes_attached.map((v) => showVolume(v.id)));
    const boot = attached.find((v) => v.bootable === "true")!;
    expect(boot.volume_image_metadata?.image_id).to.equal(imageId);
    expect(attached.map((v) => v.status)).to.deep.equal(["in-use", "in-use"]);
  });

  it("reads back without a diff", async () => {
    const state = (await servers.refresh("img", states.get("img")!))!;
    states.set("img", state);
    const outcome = await servers.update("img", state, fromImage());
    expect(outcome.action, JSON.stringify(outcome.diff)).to.equal("same");
  });

  it("deletes the volumes it made when the server is deleted", async function () {
    this.timeout(180_000);
    const state = states.get("img")!;
    const attached = (await showServer(state.id)).volumes_attached.map((v) => v.id);
    await servers.destroy("img", state);
    states.delete("img");
    for (let i = 0; i < 60; i++) {
      const left = await Promise.all(attached.map((id) => showVolume(id).catch(() => undefined)));
      if (left.every((v) => v === undefined)) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect.fail("the server's volumes were not deleted with it");
  });

  it("boots from an existing volume, without an image, and leaves the volume when deleted", async function () {
    this.timeout(180_000);
    bootVolume = await volumes.up("boot", { name: `${tag}-boot`, size: 1, imageId });
    const declared = {
      name: `${tag}-vol`,
      flavor: "m1.nano",
      networks: "none",
      blockDevices: [{ sourceType: "volume", uuid: bootVolume.id, bootIndex: 0 }],
    };
    const state = await servers.up("vol", declared);
    states.set("vol", state);
    expect(state.outs.status).to.equal("ACTIVE");
    expect((await showVolume(bootVolume.id)).status).to.equal("in-use");
    const outcome = await servers.update("vol", (await servers.refresh("vol", state))!, declared);
    expect(outcome.action, JSON.stringify(outcome.diff)).to.equal("same");

    await servers.destroy("vol", state);
    states.delete("vol");
    let volume = await showVolume(bootVolume.id);
    for (let i = 0; i < 60 && volume.status !== "available"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      volume = await showVolume(bootVolume.id);
    }
    expect(volume.status).to.equal("available");
  });
});
