// Server through the real provider host against the cloud (Nova's fake driver): create to ACTIVE,
// read without diff, drift made with the openstack CLI and its correction, resize, power state,
// rebuild, replacement, a server that goes to ERROR, and delete until 404.
import { expect } from "chai";
import { describeWithCloud, issueToken } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import {
  ResourceInitFailedError,
  type ResourceDriver,
  type ResourceState,
} from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";
import { Rest } from "../../support/rest";

interface CliServer {
  id: string;
  name: string;
  status: string;
  flavor: string;
  properties: Record<string, string>;
}

describeWithCloud("Server resource", "admin", (use) => {
  let rh: ResourceHost;
  let servers: ResourceDriver;
  let rest: Rest;
  const states = new Map<string, ResourceState>();
  const tag = `it-srv-${process.pid}`;
  const cleanups: Array<() => Promise<unknown>> = [];
  let secondImage: string;
  let hugeFlavor: string;

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    servers = await rh.driver("Server", { additionalSecretOutputs: ["adminPass"] });
    const { token, body } = await issueToken(use());
    rest = new Rest(token, body.token.catalog, use().region);
    const glance = `${rest.endpoint("image")}/v2`;
    const image = await rest.expect<{ id: string }>(201, "POST", `${glance}/images`, {
      name: `${tag}-rebuild`,
      disk_format: "raw",
      container_format: "bare",
    });
    cleanups.push(() => rest.call("DELETE", `${glance}/images/${image.id}`));
    await rest.expect(204, "PUT", `${glance}/images/${image.id}/file`, new Uint8Array(1024).fill(7));
    secondImage = image.id;
    const nova = rest.endpoint("compute");
    const flavor = await rest.expect<{ flavor: { id: string } }>(200, "POST", `${nova}/flavors`, {
      flavor: { name: `${tag}-huge`, ram: 64, vcpus: 1, disk: 10_000_000 },
    });
    hugeFlavor = flavor.flavor.id;
    cleanups.push(() => rest.call("DELETE", `${nova}/flavors/${hugeFlavor}`));
  });

  after(async function () {
    this.timeout(120_000);
    for (const [name, state] of states) await servers.destroy(name, state).catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rh?.stop();
  });

  const declared = {
    flavor: "m1.nano",
    image: "cirros",
    networks: "none",
    metadata: { role: "web" },
    tags: ["b", "a"],
    userData: "#cloud-config\npassword: not-in-state\n",
  };

  it("creates a server that reaches ACTIVE, keeps only a digest of its user data, and the CLI agrees", async function () {
    this.timeout(120_000);
    const state = await servers.up("web", { name: `${tag}-web`, ...declared });
    states.set("web", state);
    expect(state.outs).to.include({
      status: "ACTIVE",
      flavor: "m1.nano",
      image: "cirros",
      powerState: "active",
    });
    expect(state.outs.tags).to.deep.equal(["a", "b"]);
    expect(JSON.stringify(state.outs)).not.to.include("not-in-state");
    expect(String(state.outs.userData)).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(state.outs.adminPass, "generated admin password is a secret output").to.have.property("value");
    const cli = (await openstackCli(use(), ["server", "show", state.id])) as CliServer;
    expect(cli).to.include({ name: `${tag}-web`, status: "ACTIVE" });
    expect(cli.flavor).to.include("m1.nano");
    expect(cli.properties).to.deep.include({ role: "web" });
  });

  it("reads back without a diff", async () => {
    const state = (await servers.refresh("web", states.get("web")!))!;
    states.set("web", state);
    const outcome = await servers.update("web", state, { name: `${tag}-web`, ...declared });
    expect(outcome.diff, JSON.stringify(outcome.diff)).to.deep.include({ changes: "DIFF_NONE" });
    expect(outcome.action).to.equal("same");
  });

  it("shows drift made out of band (metadata, power) and puts it back", async function () {
    this.timeout(120_000);
    const id = states.get("web")!.id;
    await openstackCli(use(), ["--no-json", "server", "set", "--property", "role=db", id]);
    await openstackCli(use(), ["--no-json", "server", "stop", id]);
    await waitForCli(use(), id, "SHUTOFF");
    let state = (await servers.refresh("web", states.get("web")!))!;
    expect(state.outs.metadata).to.deep.equal({ role: "db" });
    expect(state.outs.powerState).to.equal("shutoff");
    const outcome = await servers.update("web", state, { name: `${tag}-web`, ...declared });
    expect(outcome.action).to.equal("updated");
    state = outcome.state;
    states.set("web", state);
    expect(state.outs).to.include({ status: "ACTIVE", powerState: "active" });
    const cli = (await openstackCli(use(), ["server", "show", id])) as CliServer;
    expect(cli.properties).to.deep.include({ role: "web" });
    expect(cli.status).to.equal("ACTIVE");
  });

  it("resizes, renames and stops in place", async function () {
    this.timeout(120_000);
    const before = states.get("web")!;
    const outcome = await servers.update("web", before, {
      ...declared,
      name: `${tag}-web2`,
      flavor: "m1.tiny",
      powerState: "shutoff",
    });
    expect(outcome.action).to.equal("updated");
    expect(outcome.state.id).to.equal(before.id);
    expect(outcome.state.outs).to.include({ name: `${tag}-web2`, flavor: "m1.tiny", status: "SHUTOFF" });
    states.set("web", outcome.state);
    const cli = (await openstackCli(use(), ["server", "show", before.id])) as CliServer;
    expect(cli.flavor).to.include("m1.tiny");
  });

  it("rebuilds in place when opted in, and replaces on an image change otherwise", async function () {
    this.timeout(180_000);
    const before = states.get("web")!;
    const base = { ...declared, name: `${tag}-web2`, flavor: "m1.tiny", powerState: "shutoff" };
    const rebuilt = await servers.update("web", before, {
      ...base,
      image: secondImage,
      rebuildOnImageChange: true,
    });
    expect(rebuilt.action).to.equal("updated");
    expect(rebuilt.state.id).to.equal(before.id);
    expect(rebuilt.state.outs.imageId).to.equal(secondImage);
    states.set("web", rebuilt.state);

    const replaced = await servers.update("web", rebuilt.state, { ...base, image: "cirros" });
    expect(replaced.action).to.equal("replaced");
    expect(replaced.diff.replaces).to.deep.equal(["image"]);
    expect(replaced.state.id).not.to.equal(before.id);
    states.set("web", replaced.state);
    expect(await servers.refresh("web", rebuilt.state)).to.equal(undefined, "old server deleted");
  });

  it("reports a server that goes to ERROR with its id, and a destroy deletes it", async function () {
    this.timeout(120_000);
    const err = await servers
      .up("broken", { name: `${tag}-broken`, flavor: hugeFlavor, image: "cirros", networks: "none" })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ResourceInitFailedError);
    const failed = (err as ResourceInitFailedError).state;
    expect(failed.id).to.match(/^[0-9a-f-]{36}$/);
    expect((err as Error).message).to.match(/ERROR/);
    const cli = (await openstackCli(use(), ["server", "show", failed.id])) as CliServer;
    expect(cli.status).to.equal("ERROR");
    await servers.destroy("broken", failed);
    expect(await servers.refresh("broken", failed)).to.equal(undefined);
  });

  it("refuses unknown flavors and images before creating anything", async () => {
    const err = (await servers
      .up("typo", { name: `${tag}-typo`, flavor: "m1.gigantic", image: "cirros", networks: "none" })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).to.include('flavor "m1.gigantic" does not exist').and.include("m1.nano");
    const list = (await openstackCli(use(), ["server", "list", "--name", `${tag}-typo`])) as unknown[];
    expect(list).to.have.length(0);
  });

  it("boots on a network by name and updates its security groups in place, compared by id", async function () {
    this.timeout(180_000);
    const neutron = `${rest.endpoint("network")}/v2.0`;
    const { network } = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name: `${tag}-net` },
    });
    cleanups.push(() => rest.call("DELETE", `${neutron}/networks/${network.id}`));
    await rest.expect(201, "POST", `${neutron}/subnets`, {
      subnet: { network_id: network.id, cidr: "10.78.0.0/24", ip_version: 4 },
    });
    const { security_group: group } = await rest.expect<{ security_group: { id: string } }>(
      201,
      "POST",
      `${neutron}/security-groups`,
      { security_group: { name: `${tag}-web` } },
    );
    cleanups.push(() => rest.call("DELETE", `${neutron}/security-groups/${group.id}`));
    const groupsOf = async (serverId: string) => {
      const { ports } = await rest.expect<{ ports: Array<{ security_groups: string[] }> }>(
        200,
        "GET",
        `${neutron}/ports?device_id=${serverId}`,
      );
      return [...ports[0]!.security_groups].sort();
    };
    const { security_groups: defaults } = await rest.expect<{ security_groups: Array<{ id: string }> }>(
      200,
      "GET",
      `${neutron}/security-groups?name=default&project_id=${((await openstackCli(use(), ["project", "show", "admin"])) as { id: string }).id}`,
    );
    const inputs = {
      name: `${tag}-sg`,
      flavor: "m1.nano",
      image: "cirros",
      networks: [{ name: `${tag}-net` }],
    };
    let state = await servers.up("sg", { ...inputs, securityGroups: ["default"] });
    states.set("sg", state);
    expect(Object.keys(state.outs.addresses as object)).to.deep.equal([`${tag}-net`]);
    expect(await groupsOf(state.id)).to.deep.equal([defaults[0]!.id]);

    const added = await servers.update("sg", state, { ...inputs, securityGroups: ["default", `${tag}-web`] });
    expect(added.action).to.equal("updated");
    state = added.state;
    states.set("sg", state);
    expect(await groupsOf(state.id)).to.deep.equal([defaults[0]!.id, group.id].sort());

    const byId = await servers.update("sg", state, { ...inputs, securityGroups: [group.id] });
    expect(byId.action).to.equal("updated");
    state = byId.state;
    states.set("sg", state);
    expect(await groupsOf(state.id)).to.deep.equal([group.id]);
    const again = await servers.update("sg", (await servers.refresh("sg", state))!, {
      ...inputs,
      securityGroups: [group.id],
    });
    expect(again.action, "ids read back as ids: no diff").to.equal("same");

    await servers.destroy("sg", again.state);
    states.delete("sg");
  });

  it("deletes and waits until it is gone", async function () {
    this.timeout(60_000);
    const state = states.get("web")!;
    await servers.destroy("web", state);
    states.delete("web");
    expect(await servers.refresh("web", state)).to.equal(undefined);
  });
});

async function waitForCli(
  cloud: Parameters<typeof openstackCli>[0],
  id: string,
  status: string,
): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const server = (await openstackCli(cloud, ["server", "show", id])) as CliServer;
    if (server.status === status) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server ${id} never reached ${status}`);
}
