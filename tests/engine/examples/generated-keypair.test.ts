// examples/generated-keypair with the real Pulumi CLI against the cloud, installed as its README says: a
// generated key pair whose private key is a secret output that, written to a file as the README says, is
// the private half of the public key Nova has; a key pair from an existing public key, replaced when that
// key changes and deleted when the config no longer names one; a key pair recreated out of band with
// another key is reported as drift and put back by `up --refresh`; destroy. Nova over plain REST, the
// openstack CLI and ssh-keygen are the witnesses.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  expectNoPlaintextSecrets,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

/** "type base64" of an OpenSSH public key, without its comment. */
const keyOnly = (publicKey: string) => publicKey.trim().split(/\s+/).slice(0, 2).join(" ");

describeWithEngine("example generated-keypair (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("generated-keypair");
  const prefix = `openstack-generated-keypair-${STACK}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let scratch: string;
  const ownKeys: string[] = [];
  let generatedFingerprint: string;
  let privateKey: string;

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "engine-keypair-example-"));
    // three keys of "your own", made the way the README suggests
    for (const name of ["first", "second", "third"]) {
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", join(scratch, name)]);
      ownKeys.push(readFileSync(join(scratch, `${name}.pub`), "utf8").trim());
    }
    program = await CliProgram.open({
      programDir: dir,
      stack: STACK,
      cloud: use(),
      config: { publicKeyFile: join(scratch, "first.pub") },
    });
  });

  after(async function () {
    this.timeout(120_000);
    await tearDown(program, "generated-keypair", () => witness?.sweep(prefix));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("preview plans both key pairs without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:KeyPair generated create/);
    expect(stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/openstack:KeyPair existing create/);
  });

  it("generates a key whose secret private half matches Nova's public key, and uploads an existing one; nothing changes after", async function () {
    this.timeout(180_000);
    const result = await program!.up({ publicKeyFile: join(scratch, "first.pub") });
    const generated = byName(program!.state, "generated");
    const existing = byName(program!.state, "existing");
    expect([generated.action, existing.action]).to.deep.equal(["created", "created"]);
    expect(result.secretOutputs).to.include("privateKey");
    expect(generated.inputs).to.not.have.property("privateKey");

    // `pulumi stack output privateKey --show-secrets > id_ed25519`, then ssh-keygen reads it back
    privateKey = result.outputs.privateKey as string;
    const file = join(scratch, "id_ed25519");
    writeFileSync(file, privateKey, { mode: 0o600 });
    const derived = execFileSync("ssh-keygen", ["-y", "-f", file], { encoding: "utf8" });
    const nova = await witness.keyPair(`${prefix}-generated`);
    expect(keyOnly(derived)).to.equal(keyOnly(nova!.public_key));
    expect(result.outputs).to.include({
      generatedName: `${prefix}-generated`,
      generatedFingerprint: nova!.fingerprint,
    });
    generatedFingerprint = nova!.fingerprint;

    const uploaded = await witness.keyPair(`${prefix}-existing`);
    expect(keyOnly(uploaded!.public_key)).to.equal(keyOnly(ownKeys[0]!));
    expect(result.outputs.existingFingerprint).to.equal(uploaded!.fingerprint);

    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [privateKey, use().auth.password ?? ""]);
  });

  it("preview --diff shows a new key as a replacement; up replaces that key pair and leaves the generated one", async function () {
    this.timeout(180_000);
    const config = { publicKey: ownKeys[1]! };
    await expectPreviewDiff(program!, config, { resource: "existing", property: "publicKey", op: "replace" });
    await program!.up(config);
    expect(byName(program!.state, "existing").action).to.equal("replaced");
    expect(byName(program!.state, "generated").action).to.equal("same");
    const uploaded = await witness.keyPair(`${prefix}-existing`);
    expect(keyOnly(uploaded!.public_key)).to.equal(keyOnly(ownKeys[1]!));
    expect((await witness.keyPair(`${prefix}-generated`))?.fingerprint).to.equal(generatedFingerprint);
    await expectNoChanges(program!);
  });

  it("a key pair recreated out of band with another key is reported by refresh --preview-only --expect-no-changes; up --refresh puts the program's key back", async function () {
    this.timeout(180_000);
    const name = `${prefix}-existing`;
    await openstackCli(use(), ["--no-json", "keypair", "delete", name]);
    await openstackCli(use(), ["keypair", "create", "--public-key", join(scratch, "third.pub"), name]);
    expect(keyOnly((await witness.keyPair(name))!.public_key)).to.equal(keyOnly(ownKeys[2]!));
    await expectDrift(program!, "existing", "publicKey");
    await program!.up(undefined, ["--refresh"]);
    expect(byName(program!.state, "existing").action).to.equal("replaced");
    expect(keyOnly((await witness.keyPair(name))!.public_key)).to.equal(keyOnly(ownKeys[1]!));
    expect((await witness.keyPair(`${prefix}-generated`))?.fingerprint).to.equal(generatedFingerprint);
    await expectNoChanges(program!);
  });

  it("deletes the existing-key pair when the config names no key, and destroy deletes the rest", async function () {
    this.timeout(180_000);
    const existingUrn = byName(program!.state, "existing").urn;
    const result = await program!.up({});
    expect(program!.state.map((r) => r.name)).to.deep.equal(["generated"]);
    expect(result.steps.get(existingUrn)).to.deep.equal(["delete"]);
    expect(await witness.keyPair(`${prefix}-existing`)).to.equal(undefined);
    // the generated key is the same key: its private half did not change
    expect((await program!.outputs()).outputs.privateKey).to.equal(privateKey);
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    expect(await witness.keyPair(`${prefix}-generated`)).to.equal(undefined);
  });
});
