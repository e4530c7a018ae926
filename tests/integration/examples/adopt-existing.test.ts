// examples/adopt-existing through the engine stand-in against the cloud: a network and a key pair made
// with the openstack CLI (as the README does) are adopted with adoptId, keeping their ids, and brought
// to the declared description and tags; a later change updates the network in place; destroy deletes
// the key pair and leaves the network (retainOnDelete). The CLI is the witness.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { describeWithCloud } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun } from "../../support/engine";
import { openstackCli } from "../../support/openstack-cli";
import { exampleDir, linkPackage, STACK, Witness } from "./support";

interface CliNetwork {
  id: string;
  name: string;
  description: string;
  tags: string[];
}

const byName = (resources: EngineResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

describeWithCloud("example adopt-existing", "member", (use) => {
  const dir = exampleDir("adopt-existing");
  const prefix = `openstack-adopt-existing-${STACK}`;
  const networkName = `${prefix}-legacy-net`;
  const keyPairName = `${prefix}-legacy-key`;
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let witness: Witness;
  let scratch: string;
  let networkId: string;
  let fingerprint: string;
  let config: Record<string, string>;

  const showNetwork = async () => (await openstackCli(use(), ["network", "show", networkId])) as CliNetwork;

  before(async function () {
    this.timeout(120_000);
    ensureBuilt();
    unlink = linkPackage(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "it-adopt-example-"));
    // made outside Pulumi, with the README's commands
    const network = (await openstackCli(use(), [
      "network",
      "create",
      networkName,
      "--description",
      "made by hand",
    ])) as CliNetwork;
    networkId = network.id;
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(scratch, "legacy-key")]);
    const key = (await openstackCli(use(), [
      "keypair",
      "create",
      "--public-key",
      join(scratch, "legacy-key.pub"),
      keyPairName,
    ])) as { fingerprint: string };
    fingerprint = key.fingerprint;
    config = { networkId, keyPairName, networkName };
    run = await openProgram({ programDir: dir, stack: STACK, cloud: use() });
  });

  after(async function () {
    this.timeout(120_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  adopt-existing: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    // the retained network (and anything a failure left) is the test's to delete
    await witness?.sweep(prefix);
    unlink?.();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("adopts both by id, keeping their ids, and applies the declared description and tags", async function () {
    this.timeout(120_000);
    const result = await run!.up(config);
    const network = byName(result.resources, "legacy-net");
    const key = byName(result.resources, "legacy-key");
    expect(network).to.include({ kind: "Network", action: "created", id: networkId });
    expect(key).to.include({ kind: "KeyPair", action: "created", id: keyPairName });
    expect(result.outputs).to.include({
      adoptedNetworkId: networkId,
      networkName,
      networkDescription: "managed by Pulumi",
      keyPairFingerprint: fingerprint,
    });
    const live = await showNetwork();
    expect(live).to.include({ id: networkId, name: networkName, description: "managed by Pulumi" });
    expect(live.tags).to.deep.equal(["pulumi"]);
    // the key pair is the one made by hand: nothing about it was declared to change
    expect((await witness.keyPair(keyPairName))?.fingerprint).to.equal(fingerprint);
    // adopted, not generated: there is no private key to hand out
    expect(key.outs).to.not.have.property("privateKey");
  });

  it("changes the adopted network in place afterwards", async function () {
    this.timeout(120_000);
    const result = await run!.up({
      ...config,
      description: "owned by team infra",
      tags: '["infra", "pulumi"]',
    });
    expect(byName(result.resources, "legacy-net")).to.include({ action: "updated", id: networkId });
    expect(byName(result.resources, "legacy-key").action).to.equal("same");
    const live = await showNetwork();
    expect(live.description).to.equal("owned by team infra");
    expect([...live.tags].sort()).to.deep.equal(["infra", "pulumi"]);
  });

  it("destroy deletes the key pair and keeps the network, which has retainOnDelete", async function () {
    this.timeout(120_000);
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    expect(await witness.keyPair(keyPairName)).to.equal(undefined);
    const live = await showNetwork();
    expect(live).to.include({ id: networkId, description: "owned by team infra" });
  });
});
