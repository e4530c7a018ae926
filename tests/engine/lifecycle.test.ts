// Resource options with the real engine (tests/engine/programs/lifecycle): ignoreChanges, a
// deleteBeforeReplace replacement that another resource depends on, protect, retainOnDelete, and a
// create that fails after the cloud made the server (kept in the state with its id, cleaned by the next
// up). The cloud is checked over plain REST, as an admin sees it.
import { join } from "node:path";
import { expect } from "chai";
import { findTestCloud, issueToken, type TestCloud } from "../support/cloud";
import { CliError, CliProgram } from "../support/pulumi-cli";
import { Rest } from "../support/rest";
import { describeWithEngine, diffBlock } from "./support";

const PROGRAM = join(__dirname, "programs", "lifecycle");

describeWithEngine("resource options with the pulumi CLI", "member", (use) => {
  const stack = `it-options-${process.pid}`;
  const prefix = `engine-lifecycle-${stack}`;
  let program: CliProgram | undefined;
  let admin: Rest;
  let member: Rest;
  let nova: string;
  let neutron: string;
  let hugeFlavor: string | undefined;
  const byName = (name: string) => program!.state.find((r) => r.name === name);
  const status = async (url: string) => (await admin.call("GET", url)).status;

  before(async function () {
    this.timeout(120_000);
    const adminCloud = findTestCloud("admin") as TestCloud;
    const { token, body } = await issueToken(adminCloud);
    admin = new Rest(token, body.token.catalog, adminCloud.region);
    nova = admin.endpoint("compute");
    neutron = `${admin.endpoint("network")}/v2.0`;
    // a flavor no hypervisor fits: Nova makes the server, then puts it in ERROR
    const { flavor } = await admin.expect<{ flavor: { id: string } }>(200, "POST", `${nova}/flavors`, {
      flavor: { name: `${prefix}-huge`, ram: 64, vcpus: 1, disk: 10_000_000 },
    });
    hugeFlavor = flavor.id;
    const memberToken = await issueToken(use());
    member = new Rest(memberToken.token, memberToken.body.token.catalog, use().region);
    program = await CliProgram.open({ programDir: PROGRAM, stack, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    if (program) {
      await program.setConfig({ protect: "false", protectedDeclared: "true" }).catch(() => undefined);
      await program.up().catch(() => undefined);
      await program.destroy().catch((e: unknown) => console.warn(`  options: destroy failed: ${String(e)}`));
      program.close();
    }
    await member?.call("DELETE", `${nova}/os-keypairs/${prefix}-retained`).catch(() => undefined);
    if (hugeFlavor) await admin.call("DELETE", `${nova}/flavors/${hugeFlavor}`).catch(() => undefined);
  });

  it("up creates every resource of the program", async function () {
    this.timeout(180_000);
    const result = await program!.up();
    expect(result.resources.map((r) => `${r.name}:${r.action}`).sort()).to.deep.equal(
      ["ignored", "interface", "network", "protected", "retained", "router", "subnet"].map(
        (n) => `${n}:created`,
      ),
    );
    expect(byName("protected")?.protect).to.equal(true);
  });

  it("ignoreChanges: a changed description is neither previewed nor applied", async function () {
    this.timeout(120_000);
    await program!.useConfig({ description: "second" });
    const preview = await program!.preview(["--expect-no-changes"]);
    expect(preview.code, preview.stdout).to.equal(0);
    const result = await program!.up();
    expect(result.resources.find((r) => r.name === "ignored")?.action).to.equal("same");
    const { network } = await admin.expect<{ network: { description: string } }>(
      200,
      "GET",
      `${neutron}/networks/${byName("ignored")!.id}`,
    );
    expect(network.description).to.equal("first");
  });

  it("deleteBeforeReplace: the subnet's dependents go first and come back on the new subnet", async function () {
    this.timeout(240_000);
    const oldSubnet = byName("subnet")!.id;
    const oldPort = byName("interface")!.outs.portId as string;
    await program!.useConfig({ description: "second", cidr: "10.78.0.0/24" });
    const preview = await program!.preview(["--diff"]);
    expect(diffBlock(preview.stdout, "subnet")?.header).to.include("(replace)");
    expect(diffBlock(preview.stdout, "interface")?.header).to.include("(replace)");
    const result = await program!.up();
    const steps = result.steps;
    expect(result.resources.find((r) => r.name === "subnet")?.action).to.equal("replaced");
    expect(result.resources.find((r) => r.name === "interface")?.action).to.equal("replaced");
    // deleteBeforeReplace: no create-replacement before the delete of the original
    const subnetUrn = byName("subnet")!.urn;
    expect(steps.get(subnetUrn)).to.include("delete-replaced");
    const newSubnet = byName("subnet")!.id;
    expect(newSubnet).to.not.equal(oldSubnet);
    expect(await status(`${neutron}/subnets/${oldSubnet}`)).to.equal(404);
    expect(await status(`${neutron}/ports/${oldPort}`)).to.equal(404);
    const { subnet } = await admin.expect<{ subnet: { cidr: string } }>(
      200,
      "GET",
      `${neutron}/subnets/${newSubnet}`,
    );
    expect(subnet.cidr).to.equal("10.78.0.0/24");
    const { port } = await admin.expect<{
      port: { device_id: string; fixed_ips: Array<{ subnet_id: string }> };
    }>(200, "GET", `${neutron}/ports/${byName("interface")!.outs.portId as string}`);
    expect(port.device_id).to.equal(byName("router")!.id);
    expect(port.fixed_ips.map((f) => f.subnet_id)).to.deep.equal([newSubnet]);
  });

  it("a create that fails after Nova made the server keeps its id; the next up replaces it", async function () {
    this.timeout(300_000);
    const config = { description: "second", cidr: "10.78.0.0/24" };
    await program!.useConfig({ ...config, serverFlavor: hugeFlavor! });
    const failed = await program!.up().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).to.be.instanceOf(CliError);
    expect((failed as CliError).result.stdout).to.match(/ERROR/);
    const broken = byName("server");
    expect(broken?.id, "the server is in the state with its id").to.match(/^[0-9a-f-]{36}$/);
    const { server } = await admin.expect<{ server: { status: string } }>(
      200,
      "GET",
      `${nova}/servers/${broken!.id}`,
    );
    expect(server.status).to.equal("ERROR");

    const fixed = await program!.up({ ...config, serverFlavor: "m1.nano" });
    const replaced = fixed.resources.find((r) => r.name === "server");
    expect(replaced?.id).to.not.equal(broken!.id);
    expect(replaced?.outs.status).to.equal("ACTIVE");
    expect(await status(`${nova}/servers/${broken!.id}`)).to.be.oneOf([404]);
    await program!.up(config);
    expect(byName("server")).to.equal(undefined);
  });

  it("protect: dropping a protected resource from the program fails until the option is lifted", async function () {
    this.timeout(240_000);
    const config = { description: "second", cidr: "10.78.0.0/24" };
    const protectedId = byName("protected")!.id;
    const refused = await program!.up({ ...config, protectedDeclared: "false" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(CliError);
    const { stdout, stderr } = (refused as CliError).result;
    expect(stdout + stderr).to.match(/protected/i);
    expect(byName("protected")?.id).to.equal(protectedId);
    expect(await status(`${neutron}/networks/${protectedId}`)).to.equal(200);
    await program!.up({ ...config, protect: "false" });
    expect(byName("protected")?.protect ?? false).to.equal(false);
  });

  it("retainOnDelete: a resource dropped from the program leaves the state and stays in the cloud", async function () {
    this.timeout(240_000);
    await program!.up({ description: "second", cidr: "10.78.0.0/24", protect: "false", retained: "false" });
    expect(byName("retained")).to.equal(undefined);
    // key pairs belong to their user: the member sees its own
    const url = `${nova}/os-keypairs/${prefix}-retained`;
    expect((await member.call("GET", url)).status).to.equal(200);
    await member.call("DELETE", url);
  });

  it("refresh drops a resource deleted out of band from the state; the next up makes it again", async function () {
    this.timeout(240_000);
    const gone = byName("ignored")!.id;
    await admin.expect(204, "DELETE", `${neutron}/networks/${gone}`);
    const preview = await program!.refresh(["--preview-only", "--expect-no-changes"]);
    expect(preview.code).to.not.equal(0);
    expect(preview.stdout).to.match(/-\s+pulumi-nodejs:dynamic\/openstack:Network ignored delete/);
    const applied = await program!.refresh(["--yes", "--skip-preview"]);
    expect(applied.code, applied.stdout + applied.stderr).to.equal(0);
    expect(byName("ignored")).to.equal(undefined);
    const result = await program!.up();
    expect(result.resources.find((r) => r.name === "ignored")?.action).to.equal("created");
    expect(byName("ignored")!.id).to.not.equal(gone);
  });

  it("destroy deletes the rest", async function () {
    this.timeout(240_000);
    const ids = program!.state.map((r) => ({ name: r.name, id: r.id }));
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    for (const { name, id } of ids) {
      if (name === "router") expect(await status(`${neutron}/routers/${id}`)).to.equal(404);
      if (name.includes("network") || name === "protected" || name === "ignored") {
        expect(await status(`${neutron}/networks/${id}`)).to.equal(404);
      }
    }
  });
});
