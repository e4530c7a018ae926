// examples/minimal-server through the engine stand-in against the cloud: a generated key pair and a
// server on no network; a flavor change resizes it in place; naming a network replaces it; destroy
// removes both. Nova, read over plain REST, is the witness.
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { describeWithCloud } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun } from "../../support/engine";
import { exampleDir, linkPackage, STACK, Witness } from "./support";

const byName = (resources: EngineResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

describeWithCloud("example minimal-server", "member", (use) => {
  const dir = exampleDir("minimal-server");
  const prefix = `openstack-minimal-server-${STACK}`;
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let witness: Witness;
  let networkId: string;
  let firstServerId: string;

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    unlink = linkPackage(dir);
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
    run = await openProgram({ programDir: dir, stack: STACK, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  minimal-server: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    await witness?.sweep(prefix);
    unlink?.();
  });

  it("creates a generated key pair and an ACTIVE server on no network", async function () {
    this.timeout(180_000);
    const result = await run!.up({ flavor: "m1.nano" });
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

    const live = await witness.server(server.id);
    expect(live, "server in Nova").to.not.equal(undefined);
    expect(live).to.deep.include({ name: `${prefix}-server`, status: "ACTIVE", key_name: `${prefix}-login` });
    expect(live!.flavor.original_name).to.equal("m1.nano");
    expect(live!.metadata).to.deep.equal({ example: "minimal-server" });
    expect(live!.addresses).to.deep.equal({});
    const kp = await witness.keyPair(`${prefix}-login`);
    expect(kp?.public_key.trim()).to.equal(key.outs.publicKey);
    firstServerId = server.id;
  });

  it("resizes the server in place when the flavor changes", async function () {
    this.timeout(180_000);
    const result = await run!.up({ flavor: "m1.tiny" });
    const server = byName(result.resources, "server");
    expect(server.action).to.equal("updated");
    expect(server.id).to.equal(firstServerId);
    expect(byName(result.resources, "login").action).to.equal("same");
    const live = await witness.server(server.id);
    expect(live?.status).to.equal("ACTIVE");
    expect(live?.flavor.original_name).to.equal("m1.tiny");
  });

  it("replaces the server when a network is named, and deletes the old one", async function () {
    this.timeout(240_000);
    const result = await run!.up({ flavor: "m1.tiny", network: `${prefix}-net` });
    const server = byName(result.resources, "server");
    expect(server.action).to.equal("replaced");
    expect(server.id).to.not.equal(firstServerId);
    expect(byName(result.resources, "login").action).to.equal("same");
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
    const serverId = byName(run!.state, "server").id;
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    await witness.serverGone(serverId);
    expect(await witness.keyPair(`${prefix}-login`)).to.equal(undefined);
  });
});
