// examples/generated-keypair through the engine stand-in against the cloud: a generated key pair whose
// private key is a secret output that, written to a file as the README says, is the private half of the
// public key Nova has; a key pair from an existing public key, replaced when that key changes and
// deleted when the config no longer names one; destroy. Nova over plain REST and ssh-keygen are the
// witnesses.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

/** "type base64" of an OpenSSH public key, without its comment. */
const keyOnly = (publicKey: string) => publicKey.trim().split(/\s+/).slice(0, 2).join(" ");

describeWithCloud("example generated-keypair", "member", (use) => {
  const dir = exampleDir("generated-keypair");
  const prefix = `openstack-generated-keypair-${STACK}`;
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let witness: Witness;
  let scratch: string;
  const ownKeys: string[] = [];
  let generatedFingerprint: string;

  before(async function () {
    this.timeout(60_000);
    ensureBuilt();
    unlink = linkPackage(dir);
    witness = await Witness.of(use());
    scratch = mkdtempSync(join(tmpdir(), "it-keypair-example-"));
    // two keys of "your own", made the way the README suggests
    for (const name of ["first", "second"]) {
      execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", join(scratch, name)]);
      ownKeys.push(readFileSync(join(scratch, `${name}.pub`), "utf8").trim());
    }
    run = await openProgram({ programDir: dir, stack: STACK, cloud: use() });
  });

  after(async function () {
    this.timeout(120_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  generated-keypair: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    await witness?.sweep(prefix);
    unlink?.();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("generates a key whose secret private half matches Nova's public key, and uploads an existing one", async function () {
    this.timeout(120_000);
    const result = await run!.up({ publicKeyFile: join(scratch, "first.pub") });
    const generated = byName(result.resources, "generated");
    const existing = byName(result.resources, "existing");
    expect([generated.action, existing.action]).to.deep.equal(["created", "created"]);
    expect(result.secretOutputs).to.include("privateKey");
    expect(generated.inputs).to.not.have.property("privateKey");

    // `pulumi stack output privateKey --show-secrets > id_ed25519`, then ssh-keygen reads it back
    const file = join(scratch, "id_ed25519");
    writeFileSync(file, result.outputs.privateKey as string, { mode: 0o600 });
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
  });

  it("replaces the key pair of an existing key when the key changes, and leaves the generated one", async function () {
    this.timeout(120_000);
    const result = await run!.up({ publicKey: ownKeys[1]! });
    expect(byName(result.resources, "existing").action).to.equal("replaced");
    expect(byName(result.resources, "generated").action).to.equal("same");
    const uploaded = await witness.keyPair(`${prefix}-existing`);
    expect(keyOnly(uploaded!.public_key)).to.equal(keyOnly(ownKeys[1]!));
    expect((await witness.keyPair(`${prefix}-generated`))?.fingerprint).to.equal(generatedFingerprint);
  });

  it("deletes the existing-key pair when the config names no key, and destroy deletes the rest", async function () {
    this.timeout(120_000);
    const result = await run!.up({});
    expect(result.resources.map((r) => r.name)).to.deep.equal(["generated"]);
    expect(result.deleted.map((r) => r.name)).to.deep.equal(["existing"]);
    expect(await witness.keyPair(`${prefix}-existing`)).to.equal(undefined);
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    expect(await witness.keyPair(`${prefix}-generated`)).to.equal(undefined);
  });
});
