// examples/minimal-server with the real Pulumi CLI against the cloud, installed as its README says: a
// generated key pair and a server on no network; preview changes nothing; a flavor change resizes it in
// place; drift is reported by the scheduled refresh check; naming a network replaces it; destroy removes
// both. Nova, read over plain REST and with the openstack CLI, is the witness.
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

describeWithEngine("example minimal-server (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("minimal-server");
  const prefix = `openstack-minimal-server-${STACK}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let networkId: string;
  let firstServerId: string;
  let privateKey: string;

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    // the existing network of the last step: named with the prefix, so the sweep removes it too
    const { network } = await witness.rest.expect<{ network: { id: string } }>(
      201,
      "POST",
      `${witness.neutron}/networks`,
      { network: { name: `${prefix}-net` } },
    );
    networkId = network.id;
    await witness.rest.expect(201, "POST", `${witness.neutron}/subnets`, {
      subnet: { network_id: networkId, cidr: "10.61.0.0/24", ip_version: 4, name: `${prefix}-net` },
    });
    program = await CliProgram.open({
      programDir: dir,
      stack: STACK,
      cloud: use(),
      config: { flavor: "m1.nano" },
    });
  });

  after(async function () {
    this.timeout(300_000);
    await tearDown(program, "minimal-server", () => witness?.sweep(prefix));
  });

  it("preview plans the key pair and the server without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:KeyPair login create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Server server create/);
  });

  it("up creates a generated key pair and an ACTIVE server on no network; nothing changes after", async function () {
    this.timeout(240_000);
    const result = await program!.up({ flavor: "m1.nano" });
    const key = byName(result.resources, "login");
    const server = byName(result.resources, "server");
    expect([key.kind, key.action, server.kind, server.action]).to.deep.equal([
      "KeyPair",
      "created",
      "Server",
      "created",
    ]);
    expect(result.outputs).to.include({ status: "ACTIVE", keyPairName: `${prefix}-login` });
    expect(result.secretOutputs).to.include("privateKey");
    expect(result.outputs.privateKey).to.match(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    privateKey = result.outputs.privateKey as string;

    const live = await witness.server(server.id);
    expect(live, "server in Nova").to.not.equal(undefined);
    expect(live).to.deep.include({ name: `${prefix}-server`, status: "ACTIVE", key_name: `${prefix}-login` });
    expect(live!.flavor.original_name).to.equal("m1.nano");
    expect(live!.metadata).to.deep.equal({ example: "minimal-server" });
    expect(live!.addresses).to.deep.equal({});
    const kp = await witness.keyPair(`${prefix}-login`);
    expect(kp?.public_key.trim()).to.equal(key.outs.publicKey);
    firstServerId = server.id;

    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [
      privateKey,
      (server.outs.adminPass as string | undefined) ?? "",
    ]);
  });

  it("preview --diff shows the flavor change as an update; up resizes the server in place", async function () {
    this.timeout(240_000);
    await expectPreviewDiff(
      program!,
      { flavor: "m1.tiny" },
      { resource: "server", property: "flavor", op: "update" },
    );
    const result = await program!.up({ flavor: "m1.tiny" });
    const server = byName(result.resources, "server");
    expect(server.action).to.equal("updated");
    expect(server.id).to.equal(firstServerId);
    expect(byName(program!.state, "login").action).to.equal("same");
    const live = (await openstackCli(use(), ["server", "show", server.id])) as {
      flavor: string;
      status: string;
    };
    expect(live.status).to.equal("ACTIVE");
    expect(live.flavor).to.match(/^m1\.tiny\b/);
  });

  it("metadata changed out of band is reported by refresh --preview-only --expect-no-changes", async function () {
    this.timeout(120_000);
    await openstackCli(use(), ["--no-json", "server", "set", "--property", "example=drifted", firstServerId]);
    await expectDrift(program!, "server", "metadata");
    // up puts it back: the program's metadata wins again
    await program!.up(undefined, ["--refresh"]);
    expect((await witness.server(firstServerId))?.metadata).to.deep.equal({ example: "minimal-server" });
    await expectNoChanges(program!);
  });

  it("preview --diff shows a named network as a replacement; up replaces the server and deletes the old one", async function () {
    this.timeout(300_000);
    const config = { flavor: "m1.tiny", network: `${prefix}-net` };
    await expectPreviewDiff(program!, config, { resource: "server", property: "networks", op: "replace" });
    const result = await program!.up(config);
    const server = byName(result.resources, "server");
    expect(server.action).to.equal("replaced");
    expect(server.id).to.not.equal(firstServerId);
    expect(byName(program!.state, "login").action).to.equal("same");
    await witness.serverGone(firstServerId);
    const ports = await witness.ports(`device_id=${server.id}`);
    expect(ports.map((p) => p.network_id)).to.deep.equal([networkId]);
    const live = await witness.server(server.id);
    expect(live?.status).to.equal("ACTIVE");
    expect(Object.keys(live!.addresses)).to.deep.equal([`${prefix}-net`]);
    expect(result.outputs.addresses).to.deep.equal(live!.addresses);
  });

  it("destroy deletes the server and the key pair", async function () {
    this.timeout(180_000);
    const serverId = byName(program!.state, "server").id;
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    await witness.serverGone(serverId);
    expect(await witness.keyPair(`${prefix}-login`)).to.equal(undefined);
  });
});
