// VolumeAttachment through the real provider host against the cloud (Nova's fake driver, Cinder's file
// driver): attach until in-use, read without diff, a detach made out of band seen as the attachment
// gone and made again, detach until available.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliVolume {
  status: string;
  attachments: Array<{ server_id: string; device: string }>;
}

async function waitForStatus(cli: () => Promise<CliVolume>, status: string): Promise<CliVolume> {
  for (let i = 0; i < 100; i++) {
    const volume = await cli();
    if (volume.status === status) return volume;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`volume did not reach ${status}`);
}

describeWithCloud("VolumeAttachment resource", "member", (use) => {
  let rh: ResourceHost;
  let servers: ResourceDriver;
  let volumes: ResourceDriver;
  let attachments: ResourceDriver;
  let server: ResourceState | undefined;
  let volume: ResourceState | undefined;
  let attachment: ResourceState | undefined;
  const tag = `it-att-${process.pid}`;
  const showVolume = () => openstackCli(use(), ["volume", "show", volume!.id]) as Promise<CliVolume>;

  before(async function () {
    this.timeout(180_000);
    rh = await startResourceHost(use());
    servers = await rh.driver("Server", { additionalSecretOutputs: ["adminPass"] });
    volumes = await rh.driver("Volume");
    attachments = await rh.driver("VolumeAttachment");
    [server, volume] = await Promise.all([
      servers.up("srv", { name: `${tag}-srv`, flavor: "m1.nano", image: "cirros", networks: "none" }),
      volumes.up("data", { name: `${tag}-data`, size: 1 }),
    ]);
  });

  after(async function () {
    this.timeout(180_000);
    if (attachment) await attachments.destroy("att", attachment).catch(() => undefined);
    if (server) await servers.destroy("srv", server).catch(() => undefined);
    if (volume) {
      await waitForStatus(showVolume, "available").catch(() => undefined);
      await volumes.destroy("data", volume).catch(() => undefined);
    }
    await rh?.stop();
  });

  const declared = () => ({ serverId: server!.id, volumeId: volume!.id });

  it("attaches a volume, waits for in-use, and the CLI shows it on the server", async function () {
    this.timeout(120_000);
    attachment = await attachments.up("att", declared());
    expect(attachment.id).to.equal(`${server!.id}/${volume!.id}`);
    expect(attachment.outs).to.include({
      serverId: server!.id,
      volumeId: volume!.id,
      deleteOnTermination: false,
    });
    expect(String(attachment.outs.device)).to.match(/^\/dev\/[a-z]+$/);
    expect(String(attachment.outs.attachmentId)).to.match(/^[0-9a-f-]{36}$/);
    const cli = await showVolume();
    expect(cli.status).to.equal("in-use");
    expect(cli.attachments.map((a) => a.server_id)).to.deep.equal([server!.id]);
  });

  it("reads back without a diff", async () => {
    attachment = (await attachments.refresh("att", attachment!))!;
    const outcome = await attachments.update("att", attachment, declared());
    expect(outcome.action, JSON.stringify(outcome.diff)).to.equal("same");
  });

  it("sees a detach made out of band as the attachment gone, and attaches again", async function () {
    this.timeout(120_000);
    await openstackCli(use(), ["--no-json", "server", "remove", "volume", server!.id, volume!.id]);
    await waitForStatus(showVolume, "available");
    expect(await attachments.refresh("att", attachment!)).to.equal(undefined);
    attachment = await attachments.up("att", declared());
    expect((await showVolume()).status).to.equal("in-use");
  });

  it("refuses a device that is not a path, naming the field", async () => {
    const error = await attachments.up("bad", { ...declared(), device: "vdb" }).catch((e: unknown) => e);
    expect(String(error)).to.include('device must be a path like /dev/vdb, got "vdb"');
  });

  it("detaches on delete, and the volume is available again", async function () {
    this.timeout(120_000);
    await attachments.destroy("att", attachment!);
    attachment = undefined;
    const cli = await showVolume();
    expect(cli.status).to.equal("available");
    expect(cli.attachments).to.deep.equal([]);
  });
});
