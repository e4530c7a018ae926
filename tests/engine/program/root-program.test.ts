// The root Pulumi program (program/index.ts, Pulumi.yaml at the repository root) with the real Pulumi CLI
// against the cloud, as a plain project member (local-demo), on the repository's own node_modules: preview
// changes nothing; create; resize in place; rotate the key pair (replacing the server); a router renamed
// out of band is reported as drift and renamed back by `up --refresh`; destroy. Each step is checked with
// plain REST calls (and the openstack CLI).
import { expect } from "chai";
import { PROJECT_DIR } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram, type CliUpResult, type StackResource } from "../../support/pulumi-cli";
import { waitFor } from "../../support/rest";
// shared with the demo test of the integration tier, which reads the same program's resources
import { idsOf, Witness, type StackIds } from "../../integration/program/witness";
import {
  describeWithEngine,
  expectDrift,
  expectNoChanges,
  expectNoPlaintextSecrets,
  expectPreviewDiff,
  expectReadOnlyPreview,
} from "../support";

const KINDS = ["Network", "Subnet", "Router", "RouterInterface", "KeyPair", "Image", "Server", "FloatingIp"];

describeWithEngine("root program (pulumi CLI)", "member", (use) => {
  const stack = `engine-root-${process.pid}`;
  const prefix = `osd-${stack}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  // everything any pass made, for the cleanup of a failed run
  const made: StackIds[] = [];
  let first: CliUpResult;

  const byKind = (kind: string): StackResource => program!.state.find((r) => r.kind === kind)!;
  const actions = () => Object.fromEntries(program!.state.map((r) => [r.name, r.action]));

  before(async function () {
    this.timeout(120_000);
    witness = await Witness.open(use());
    program = await CliProgram.open({ programDir: PROJECT_DIR, stack, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    if (program && program.state.length > 0) {
      made.push(idsOf(program.state));
      await program.destroy().catch((e: unknown) => console.warn(`destroy in cleanup failed: ${String(e)}`));
    }
    program?.close();
    for (const ids of made.reverse()) await witness?.sweep(ids);
  });

  it("preview plans the eight resources without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    for (const kind of KINDS)
      expect(stdout).to.match(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/openstack:${kind} \\S+ create`));
  });

  it("up: creates the network, subnet, router, interface, key pair, image, server and floating IP; nothing changes after", async function () {
    this.timeout(300_000);
    first = await program!.up({});
    made.push(idsOf(program!.state));
    expect(program!.state.map((r) => r.kind)).to.have.members(KINDS);
    expect(new Set(program!.state.map((r) => r.action))).to.deep.equal(new Set(["created"]));

    const { outputs } = first;
    expect(outputs.floatingAddress)
      .to.be.a("string")
      .and.match(/^172\.24\.4\.(\d+)$/);
    expect(Number(/\.(\d+)$/.exec(outputs.floatingAddress as string)![1])).to.be.within(1, 254);
    expect(first.secretOutputs).to.deep.equal(["privateKey"]);
    expect(outputs.privateKey).to.match(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    expect(outputs.serverId).to.equal(byKind("Server").id);
    expect(outputs.networkId).to.equal(byKind("Network").id);

    const ids = idsOf(program!.state);
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

    // Nova learns of the floating IP asynchronously (its network info cache); the server's addresses
    // move then, which is the cloud moving on, not away from the program: no drift before or after
    await expectNoChanges(program!);
    const address = JSON.stringify(outputs.floatingAddress);
    await waitFor("Nova to list the floating IP among the server's addresses", 60_000, async () =>
      JSON.stringify((await witness.server(ids.server!)).addresses).includes(address) ? true : undefined,
    );
    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [
      outputs.privateKey as string,
      (byKind("Server").outs.adminPass as string | undefined) ?? "",
      use().auth.password ?? "",
    ]);
  });

  it("preview --diff shows the flavor as an update; up resizes the server in place and changes nothing else", async function () {
    this.timeout(300_000);
    const before = idsOf(program!.state);
    await expectPreviewDiff(
      program!,
      { flavor: "m1.small" },
      { resource: "server", property: "flavor", op: "update" },
    );
    const res = await program!.up({ flavor: "m1.small" });
    expect(actions()).to.deep.equal({
      network: "same",
      subnet: "same",
      router: "same",
      "router-interface": "same",
      key: "same",
      image: "same",
      server: "updated",
      "floating-ip": "same",
    });
    expect(idsOf(program!.state)).to.deep.equal(before);
    const server = await witness.server(before.server!);
    expect(server.status).to.equal("ACTIVE");
    expect(server.flavor.original_name).to.equal("m1.small");
    expect(res.outputs.floatingAddress).to.equal(first.outputs.floatingAddress);
    await expectNoChanges(program!);
  });

  it("preview --diff shows a new keyVersion as a replacement; up replaces the key pair and the server, the floating IP follows", async function () {
    this.timeout(300_000);
    const before = idsOf(program!.state);
    const config = { flavor: "m1.small", keyVersion: "2" };
    await expectPreviewDiff(program!, config, { resource: "key", property: "name", op: "replace" });
    const res = await program!.up(config);
    made.push(idsOf(program!.state));
    expect(actions()).to.deep.equal({
      network: "same",
      subnet: "same",
      router: "same",
      "router-interface": "same",
      key: "replaced",
      image: "same",
      server: "replaced",
      "floating-ip": "updated",
    });
    const after = idsOf(program!.state);
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
    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [res.outputs.privateKey as string]);
  });

  it("a router renamed out of band is reported by refresh --preview-only --expect-no-changes; up --refresh renames it back", async function () {
    this.timeout(300_000);
    const routerId = byKind("Router").id;
    await openstackCli(use(), ["--no-json", "router", "set", "--name", `${prefix}-drifted`, routerId]);
    await expectDrift(program!, "router", "name");
    await program!.up(undefined, ["--refresh"]);
    expect(byKind("Router")).to.include({ action: "updated", id: routerId });
    const { router } = await witness.rest.expect<{ router: { name: string } }>(
      200,
      "GET",
      `${witness.neutron}/routers/${routerId}`,
    );
    expect(router.name).to.equal(`${prefix}-router`);
    await expectNoChanges(program!);
  });

  it("destroy deletes everything from the cloud", async function () {
    this.timeout(300_000);
    const ids = idsOf(program!.state);
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    await witness.expectGone(ids);
  });
});
