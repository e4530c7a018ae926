// examples/adopt-existing with the real Pulumi CLI against the cloud, installed as its README says: a
// network and a key pair made with the openstack CLI (as the README does) are adopted with adoptId,
// keeping their ids, and brought to the declared description and tags; preview changes nothing; a later
// change updates the network in place; a description changed out of band is reported as drift and put
// back by `up --refresh`; destroy deletes the key pair and leaves the network (retainOnDelete). The
// openstack CLI is the witness.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram } from "../../support/pulumi-cli";
import {
  byName,
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

interface CliNetwork {
  id: string;
  name: string;
  description: string;
  tags: string[];
}

describeWithEngine("example adopt-existing (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("adopt-existing");
  const prefix = `openstack-adopt-existing-${STACK}`;
  const networkName = `${prefix}-legacy-net`;
  const keyPairName = `${prefix}-legacy-key`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let scratch: string;
  let networkId: string;
  let fingerprint: string;
  let config: Record<string, string>;

  const showNetwork = async () => (await openstackCli(use(), ["network", "show", networkId])) as CliNetwork;

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "engine-adopt-example-"));
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
    program = await CliProgram.open({ programDir: dir, stack: STACK, cloud: use(), config });
  });

  after(async function () {
    this.timeout(180_000);
    // the retained network (and anything a failure left) is the test's to delete
    await tearDown(program, "adopt-existing", () => witness?.sweep(prefix));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("preview plans the adoptions without a single mutating request, and the network is still as made", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:Network legacy-net create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:KeyPair legacy-key create/);
    const live = await showNetwork();
    expect(live).to.include({ description: "made by hand" });
    expect(live.tags).to.deep.equal([]);
  });

  it("adopts both by id, keeping their ids, and applies the declared description and tags; nothing changes after", async function () {
    this.timeout(180_000);
    const result = await program!.up(config);
    const network = byName(program!.state, "legacy-net");
    const key = byName(program!.state, "legacy-key");
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

    await expectNoChanges(program!);
    // nothing here is secret (an adopted key pair has no private key); the cloud's password is not in the
    // state at all, not even encrypted: the state names the clouds.yaml entry only
    const { text } = await program!.exportState(true);
    expect(use().auth.password).to.have.length.above(5);
    expect(text.includes(use().auth.password!), "the cloud's password in the state").to.equal(false);
  });

  it("preview --diff shows the description as an update; up changes the adopted network in place", async function () {
    this.timeout(180_000);
    const next = { ...config, description: "owned by team infra", tags: '["infra", "pulumi"]' };
    await expectPreviewDiff(program!, next, {
      resource: "legacy-net",
      property: "description",
      op: "update",
    });
    await program!.up(next);
    expect(byName(program!.state, "legacy-net")).to.include({ action: "updated", id: networkId });
    expect(byName(program!.state, "legacy-key").action).to.equal("same");
    const live = await showNetwork();
    expect(live.description).to.equal("owned by team infra");
    expect([...live.tags].sort()).to.deep.equal(["infra", "pulumi"]);
    await expectNoChanges(program!);
  });

  it("a description changed out of band is reported by refresh --preview-only --expect-no-changes; up --refresh puts it back", async function () {
    this.timeout(180_000);
    await openstackCli(use(), ["--no-json", "network", "set", "--description", "changed by hand", networkId]);
    expect((await showNetwork()).description).to.equal("changed by hand");
    await expectDrift(program!, "legacy-net", "description");
    await program!.up(undefined, ["--refresh"]);
    expect(byName(program!.state, "legacy-net")).to.include({ action: "updated", id: networkId });
    expect((await showNetwork()).description).to.equal("owned by team infra");
    await expectNoChanges(program!);
  });

  it("destroy deletes the key pair and keeps the network, which has retainOnDelete", async function () {
    this.timeout(180_000);
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    expect(await witness.keyPair(keyPairName)).to.equal(undefined);
    const live = await showNetwork();
    expect(live).to.include({ id: networkId, description: "owned by team infra" });
  });
});
