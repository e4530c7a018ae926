// The root Pulumi program (program/index.ts) run through the engine stand-in against the cloud, as a plain
// project member (local-demo): create, resize in place, rotate the key pair (replacing the server),
// refresh, destroy — each checked with plain REST calls.
import { expect } from "chai";
import { describeWithCloud, PROJECT_DIR } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun, type UpResult } from "../../support/engine";
import { waitFor } from "../../support/rest";
import { idsOf, Witness, type StackIds } from "./witness";

const actions = (res: UpResult) => Object.fromEntries(res.resources.map((r) => [r.name, r.action]));

describeWithCloud("root program through the engine stand-in", "member", (use) => {
  const stack = `it-root-${process.pid}`;
  const prefix = `osd-${stack}`;
  let run: ProgramRun;
  let witness: Witness;
  // everything any pass made, for the cleanup of a failed run
  const made: StackIds[] = [];
  let first: UpResult;

  const byKind = (kind: string): EngineResource => run.state.find((r) => r.kind === kind)!;

  before(async function () {
    this.timeout(60_000);
    witness = await Witness.open(use());
    run = await openProgram({ programDir: PROJECT_DIR, stack, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    if (run && run.state.length > 0) {
      made.push(idsOf(run.state));
      await run.destroy().catch((e: unknown) => console.warn(`destroy in cleanup failed: ${String(e)}`));
    }
    await run?.stop();
    for (const ids of made.reverse()) await witness?.sweep(ids);
  });

  it("up: creates the network, subnet, router, interface, key pair, image, server and floating IP", async function () {
    this.timeout(300_000);
    first = await run.up({});
    made.push(idsOf(run.state));
    expect(first.resources.map((r) => r.kind)).to.have.members([
      "Network",
      "Subnet",
      "Router",
      "RouterInterface",
      "KeyPair",
      "Image",
      "Server",
      "FloatingIp",
    ]);
    expect(new Set(first.resources.map((r) => r.action))).to.deep.equal(new Set(["created"]));

    const { outputs } = first;
    expect(outputs.floatingAddress)
      .to.be.a("string")
      .and.match(/^172\.24\.4\.(\d+)$/);
    expect(Number(/\.(\d+)$/.exec(outputs.floatingAddress as string)![1])).to.be.within(1, 254);
    expect(first.secretOutputs).to.deep.equal(["privateKey"]);
    expect(outputs.privateKey).to.match(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(outputs.serverId).to.equal(byKind("Server").id);
    expect(outputs.networkId).to.equal(byKind("Network").id);

    const ids = idsOf(run.state);
    const { neutron, nova, glance, rest } = witness;
    const { network } = await rest.expect<{ network: { name: string } }>(
      200,
      "GET",
      `${neutron}/networks/${ids.network}`,
    );
    expect(network.name).to.equal(`${prefix}-net`);
    const { subnet } = await rest.expect<{ subnet: { network_id: string; cidr: string } }>(
      200,
      "GET",
      `${neutron}/subnets/${ids.subnet}`,
    );
    expect(subnet).to.include({ network_id: ids.network, cidr: "10.20.30.0/24" });
    const { router } = await rest.expect<{
      router: { external_gateway_info: { network_id: string } | null };
    }>(200, "GET", `${neutron}/routers/${ids.router}`);
    expect(router.external_gateway_info?.network_id).to.equal(await witness.publicNetworkId());
    const routerPorts = await witness.portsOf(ids.router!);
    const inside = routerPorts.find((p) => p.device_owner === "network:router_interface");
    expect(inside?.id).to.equal(ids.routerInterface);
    expect(inside?.fixed_ips[0]?.subnet_id).to.equal(ids.subnet);
    expect(await witness.status(`${nova}/os-keypairs/${ids.keyPair}`)).to.equal(200);
    expect(ids.keyPair).to.equal(`${prefix}-key-v1`);
    const image = await rest.expect<{ status: string; size: number }>(
      200,
      "GET",
      `${glance}/images/${ids.image}`,
    );
    expect(image).to.include({ status: "active", size: 1024 * 1024 });

    const server = await witness.server(ids.server!);
    expect(server).to.include({ status: "ACTIVE", key_name: `${prefix}-key-v1` });
    expect(server.flavor.original_name).to.equal("m1.tiny");
    expect(server.image.id).to.equal(ids.image);
    const [port] = await witness.portsOf(ids.server!);
    expect(port?.network_id).to.equal(ids.network);
    const fip = await witness.floatingIp(ids.floatingIp!);
    expect(fip).to.deep.equal({ ...fip, floating_ip_address: outputs.floatingAddress, port_id: port!.id });
  });

  it("up with a bigger flavor resizes the server in place and changes nothing else", async function () {
    this.timeout(300_000);
    const before = idsOf(run.state);
    const res = await run.up({ flavor: "m1.small" });
    expect(actions(res)).to.deep.equal({
      network: "same",
      subnet: "same",
      router: "same",
      "router-interface": "same",
      key: "same",
      image: "same",
      server: "updated",
      "floating-ip": "same",
    });
    expect(idsOf(run.state)).to.deep.equal(before);
    const server = await witness.server(before.server!);
    expect(server.status).to.equal("ACTIVE");
    expect(server.flavor.original_name).to.equal("m1.small");
    expect(res.outputs.floatingAddress).to.equal(first.outputs.floatingAddress);
  });

  it("up with a new keyVersion replaces the key pair and the server; the floating IP follows the new server", async function () {
    this.timeout(300_000);
    const before = idsOf(run.state);
    const res = await run.up({ flavor: "m1.small", keyVersion: "2" });
    made.push(idsOf(run.state));
    expect(actions(res)).to.deep.equal({
      network: "same",
      subnet: "same",
      router: "same",
      "router-interface": "same",
      key: "replaced",
      image: "same",
      server: "replaced",
      "floating-ip": "updated",
    });
    const after = idsOf(run.state);
    expect(after.keyPair).to.equal(`${prefix}-key-v2`);
    expect(after.server).not.to.equal(before.server);
    expect(after.floatingIp).to.equal(before.floatingIp);
    expect(res.outputs.privateKey).not.to.equal(first.outputs.privateKey);

    expect(await witness.status(`${witness.nova}/os-keypairs/${before.keyPair}`)).to.equal(404);
    expect(await witness.status(`${witness.nova}/os-keypairs/${after.keyPair}`)).to.equal(200);
    expect(await witness.status(`${witness.nova}/servers/${before.server}`)).to.equal(404);
    const server = await witness.server(after.server!);
    expect(server).to.include({ status: "ACTIVE", key_name: `${prefix}-key-v2` });
    expect(server.flavor.original_name).to.equal("m1.small");
    const [port] = await witness.portsOf(after.server!);
    expect((await witness.floatingIp(after.floatingIp!)).port_id).to.equal(port!.id);
  });

  it("refresh finds no drift, only outputs the stack's later resources moved; the next up changes nothing", async function () {
    this.timeout(300_000);
    // Nova learns of the floating IP asynchronously (its network info cache): until then a server's
    // addresses and updatedAt still move, and two refreshes would see them at different moments
    const address = JSON.stringify(first.outputs.floatingAddress);
    await waitFor("Nova to list the floating IP among the server's addresses", 60_000, async () =>
      JSON.stringify((await witness.server(byKind("Server").id)).addresses).includes(address)
        ? true
        : undefined,
    );
    const before = new Map(run.state.map((r) => [r.urn, r.outs]));
    const found = await run.refresh();
    expect(found.filter((r) => r.refresh === "deleted")).to.deep.equal([]);
    // The state keeps each resource's outputs as of its own create or update: the network's subnetIds
    // predate the subnet, the router's updatedAt its interface, the server's addresses its floating IP
    // (once Nova hears of it). The cloud moved on, not away from the program — the real `pulumi refresh`
    // shows these too — and a second refresh finds nothing.
    const movable: Record<string, string[]> = {
      Network: ["subnetIds", "updatedAt"],
      Router: ["updatedAt"],
      Server: ["addresses", "updatedAt"],
    };
    for (const r of found) {
      const old = before.get(r.urn)!;
      const keys = [...new Set([...Object.keys(old), ...Object.keys(r.outs)])];
      const changed = keys.filter((k) => JSON.stringify(old[k]) !== JSON.stringify(r.outs[k]));
      expect(movable[r.kind] ?? [], `${r.name} changed ${changed.join(", ")}`).to.include.members(changed);
    }
    const network = found.find((r) => r.name === "network");
    if (network) expect(network.outs.subnetIds).to.deep.equal([byKind("Subnet").id]);
    expect(await run.refresh()).to.deep.equal([]);
    const res = await run.up();
    expect(new Set(res.resources.map((r) => r.action))).to.deep.equal(new Set(["same"]));
  });

  it("destroy deletes everything from the cloud", async function () {
    this.timeout(300_000);
    const ids = idsOf(run.state);
    await run.destroy();
    expect(run.state).to.deep.equal([]);
    await witness.expectGone(ids);
  });
});
