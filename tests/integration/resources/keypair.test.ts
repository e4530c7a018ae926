// KeyPair through the real provider host against the cloud: a generated key whose private half is a
// secret output and matches what Nova stores, a given key with ssh-keygen's fingerprint, refresh, drift
// made with the CLI (deleted; recreated with another key), the two kinds of replacement, delete, and a
// bad key refused by check before anything reaches the cloud. No assertion prints a private key.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { describeWithCloud, type TestCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import {
  CheckFailedError,
  isSecret,
  type ResourceDriver,
  type ResourceState,
  unwrapSecrets,
} from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

const run = promisify(execFile);

interface CliKeyPair {
  name: string;
  fingerprint: string;
  public_key?: string;
}

/** "<type> <base64>" of an OpenSSH public key line, without the comment. */
const keyBody = (line: string) => line.trim().split(/\s+/).slice(0, 2).join(" ");

describeWithCloud("KeyPair resource", "admin", (use, found) => {
  let rh: ResourceHost;
  let keypairs: ResourceDriver;
  let dir: string;
  let generated: ResourceState | undefined;
  let given: ResourceState | undefined;
  const name = `it-kp-${process.pid}`;
  const givenName = `${name}-given`;
  const renamed = `${name}-renamed`;
  const keys: Record<"one" | "two", { file: string; pub: string }> = {
    one: { file: "", pub: "" },
    two: { file: "", pub: "" },
  };

  const cliShow = async (kp: string) => (await openstackCli(use(), ["keypair", "show", kp])) as CliKeyPair;
  const cliNames = async () =>
    ((await openstackCli(use(), ["keypair", "list"])) as Array<{ Name: string }>).map((k) => k.Name);

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), "it-keypair-"));
    for (const [label, type] of [
      ["one", "ed25519"],
      ["two", "rsa"],
    ] as const) {
      const file = join(dir, label);
      await run("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", `${label}@it`, "-f", file]);
      keys[label] = { file, pub: readFileSync(`${file}.pub`, "utf8").trim() };
    }
    rh = await startResourceHost(use());
    // the engine makes privateKey secret because the KeyPair class asks for it with this option
    keypairs = await rh.driver("KeyPair", { additionalSecretOutputs: ["privateKey"] });
  });

  after(async function () {
    this.timeout(60_000);
    if (!found()) return; // skipped: nothing was made
    const existing = await cliNames().catch(() => [] as string[]);
    for (const kp of [name, givenName, renamed]) {
      if (existing.includes(kp))
        await openstackCli(use(), ["--no-json", "keypair", "delete", kp]).catch(() => undefined);
    }
    await rh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("generates a key pair whose private key is a secret output matching the key Nova stores", async function () {
    this.timeout(30_000);
    generated = await keypairs.up("generated", { name });
    expect(generated.id).to.equal(name);
    expect(isSecret(generated.outs.privateKey)).to.equal(true, "privateKey is a secret in the state");
    expect(generated.inputs).not.to.have.property("privateKey");

    const privateFile = join(dir, "generated");
    writeFileSync(privateFile, unwrapSecrets(generated.outs.privateKey) as string, { mode: 0o600 });
    const { stdout: derived } = await run("ssh-keygen", ["-y", "-f", privateFile]);
    const stored = (await openstackCli(use(), [
      "--no-json",
      "keypair",
      "show",
      "--public-key",
      name,
    ])) as string;
    expect(keyBody(derived)).to.equal(keyBody(stored), "ssh-keygen -y gives the key Nova stored");
    expect(keyBody(generated.outs.publicKey as string)).to.equal(keyBody(stored));
    expect((await cliShow(name)).fingerprint).to.equal(generated.outs.fingerprint);

    const logs = rh.host.stdoutText() + rh.host.stderrText();
    expect(logs.includes(unwrapSecrets(generated.outs.privateKey) as string)).to.equal(false, "not logged");
  });

  it("keeps the private key, still secret, through a refresh without a diff", async () => {
    const before = unwrapSecrets(generated!.outs.privateKey);
    generated = (await keypairs.refresh("generated", generated!))!;
    expect(isSecret(generated.outs.privateKey)).to.equal(true);
    expect(unwrapSecrets(generated.outs.privateKey) === before).to.equal(true, "same private key");
    expect((await keypairs.update("generated", generated, { name })).action).to.equal("same");
  });

  it("takes a given public key; its fingerprint is ssh-keygen's MD5 one", async () => {
    given = await keypairs.up("given", { name: givenName, publicKey: keys.one.pub });
    expect(given.outs).not.to.have.property("privateKey");
    expect(given.outs.publicKey).to.equal(keys.one.pub);
    const { stdout } = await run("ssh-keygen", ["-l", "-E", "md5", "-f", `${keys.one.file}.pub`]);
    const md5 = /MD5:([0-9a-f:]+)/.exec(stdout)![1];
    expect(given.outs.fingerprint).to.equal(md5);
    expect((await cliShow(givenName)).fingerprint).to.equal(md5);
  });

  it("reads back without a diff", async () => {
    given = (await keypairs.refresh("given", given!))!;
    expect(given.outs.publicKey).to.equal(keys.one.pub);
    const outcome = await keypairs.update("given", given, { name: givenName, publicKey: keys.one.pub });
    expect(outcome.action).to.equal("same");
  });

  it("sees a key pair deleted out of band as gone", async () => {
    await openstackCli(use(), ["--no-json", "keypair", "delete", givenName]);
    expect(await keypairs.refresh("given", given!)).to.equal(undefined);
    given = undefined;
  });

  it("shows a key recreated out of band under the same name, and replaces it, deleting first", async () => {
    given = await keypairs.up("given", { name: givenName, publicKey: keys.one.pub });
    await openstackCli(use(), ["--no-json", "keypair", "delete", givenName]);
    await openstackCli(use(), ["keypair", "create", "--public-key", `${keys.two.file}.pub`, givenName]);

    given = (await keypairs.refresh("given", given))!;
    expect(keyBody(given.outs.publicKey as string)).to.equal(keyBody(keys.two.pub));

    const outcome = await keypairs.update("given", given, { name: givenName, publicKey: keys.one.pub });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["publicKey"]);
    expect(outcome.diff.deleteBeforeReplace).to.equal(true);
    expect(outcome.deletedBeforeCreate).to.equal(true);
    given = outcome.state;
    const cli = await openstackCli(use(), ["--no-json", "keypair", "show", "--public-key", givenName]);
    expect(keyBody(cli as string)).to.equal(keyBody(keys.one.pub));
  });

  it("renames by replacing, creating the new key pair before deleting the old one", async () => {
    const outcome = await keypairs.update("given", given!, { name: renamed, publicKey: keys.one.pub });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["name"]);
    expect(outcome.diff.deleteBeforeReplace).to.equal(false);
    expect(outcome.deletedBeforeCreate).to.equal(false);
    given = outcome.state;
    expect(given.id).to.equal(renamed);
    const names = await cliNames();
    expect(names).to.include(renamed);
    expect(names).not.to.include(givenName);
  });

  it("deletes key pairs", async () => {
    await keypairs.destroy("given", given!);
    await keypairs.destroy("generated", generated!);
    expect(await keypairs.refresh("given", given!)).to.equal(undefined);
    const names = await cliNames();
    expect(names).not.to.include(renamed);
    expect(names).not.to.include(name);
    given = generated = undefined;
  });

  it("refuses a bad key in check, before any call to the cloud", async function () {
    this.timeout(30_000);
    // a host whose cloud cannot be reached: any API call would fail with a connection error instead
    const nowhere: TestCloud = {
      name: "nowhere",
      file: join(dir, "clouds.yaml"),
      auth: { auth_url: "http://127.0.0.1:9/v3" },
    };
    writeFileSync(
      nowhere.file,
      "clouds:\n  nowhere:\n    auth:\n      auth_url: http://127.0.0.1:9/v3\n      username: u\n" +
        "      password: p\n      project_name: p\n",
    );
    const offline = await startResourceHost(nowhere);
    try {
      const driver = await offline.driver("KeyPair", { additionalSecretOutputs: ["privateKey"] });
      const truncated = keys.one.pub.split(" ").slice(0, 2).join(" ").slice(0, 40);
      let error: unknown;
      try {
        await driver.up("bad", { name: `${name}-bad`, publicKey: truncated });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(CheckFailedError, String(error));
      expect((error as CheckFailedError).failures).to.deep.equal([
        { property: "publicKey", reason: "publicKey the key data is truncated" },
      ]);
    } finally {
      await offline.stop();
    }
    expect(await cliNames()).not.to.include(`${name}-bad`);
  });
});
