// `npm run demo` and `npm run demo:destroy` as a user runs them, on a machine without the Pulumi CLI:
// the one fallback line, the stack made through the engine stand-in (checked with plain REST), a state
// file and a key file readable by their owner only with no secret in the state, then everything deleted.
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { expect } from "chai";
import { describeWithCloud, PROJECT_DIR } from "../../support/cloud";
import { openProgram, type SavedState } from "../../support/engine";
import { runCommand } from "../../support/run-command";
import { idsOf, Witness, type StackIds } from "./witness";

/** PATH without any directory that has a `pulumi` executable. */
function pathWithoutPulumi(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => {
      try {
        accessSync(join(dir, "pulumi"), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(delimiter);
}

describeWithCloud("npm run demo / demo:destroy without the Pulumi CLI", "member", (use, found) => {
  const stack = `it-demo-${process.pid}`;
  let demoDir: string;
  let env: NodeJS.ProcessEnv;
  let witness: Witness;
  let ids: StackIds = {};

  const npm = (script: string) => runCommand("npm", ["run", "-s", script], env);
  const stateFile = () => join(demoDir, "engine-state.json");

  before(async function () {
    this.timeout(60_000);
    witness = await Witness.open(use());
    demoDir = mkdtempSync(join(tmpdir(), "pulumi-demo-"));
    env = {
      ...process.env,
      PATH: pathWithoutPulumi(),
      PULUMI_DEMO_DIR: demoDir,
      PULUMI_DEMO_STACK: stack,
      // the stand-in even where .tools/pulumi/bin has a CLI
      PULUMI_DEMO_CLI: "none",
      // the cloud the suite found: OS_CLOUD when set, else the local cloud, which the demo picks itself
      OS_CLIENT_CONFIG_FILE: use().file,
    };
    if (!process.env.OS_CLOUD) delete env.OS_CLOUD;
    delete env.OS_AUTH_URL;
  });

  after(async function () {
    this.timeout(300_000);
    if (!found()) return; // skipped: nothing was made
    // a failed test leaves the stack: delete it through the stand-in, then sweep what is left
    if (existsSync(stateFile())) {
      const saved = JSON.parse(readFileSync(stateFile(), "utf8")) as SavedState;
      ids = { ...ids, ...idsOf(saved.resources) };
      const run = await openProgram({ programDir: PROJECT_DIR, stack, cloud: use(), state: saved });
      await run.destroy().catch((e: unknown) => console.warn(`cleanup destroy failed: ${String(e)}`));
      await run.stop();
    }
    await witness?.sweep(ids);
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  });

  it("npm run demo: says once that there is no CLI, makes the stack, keeps no secret in its state", async function () {
    this.timeout(600_000);
    const res = await npm("demo");
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    const fallback = res.stdout.split("\n").filter((l) => l.includes("No Pulumi CLI"));
    expect(fallback).to.have.length(1);
    expect(fallback[0]).to.match(/^!!! No Pulumi CLI: .*https:\/\/www\.pulumi\.com\/docs\/install\//);

    const saved = JSON.parse(readFileSync(stateFile(), "utf8")) as SavedState;
    ids = idsOf(saved.resources);
    expect(saved.resources.map((r) => r.kind)).to.have.members([
      "Network",
      "Subnet",
      "Router",
      "RouterInterface",
      "KeyPair",
      "Image",
      "Server",
      "FloatingIp",
    ]);
    expect(statSync(stateFile()).mode & 0o777).to.equal(0o600);
    const key = join(demoDir, "id_ed25519");
    expect(statSync(key).mode & 0o777).to.equal(0o600);
    const privateKey = readFileSync(key, "utf8");
    expect(privateKey).to.match(/^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    const keyBody = privateKey.split("\n")[1]!;
    expect(readFileSync(stateFile(), "utf8")).not.to.include(keyBody);
    expect(res.stdout + res.stderr, "the private key is not printed").not.to.include(keyBody);

    const address = /floatingAddress: "(172\.24\.4\.\d+)"/.exec(res.stdout)?.[1];
    expect(address, res.stdout).to.be.a("string");
    const server = await witness.server(ids.server!);
    expect(server).to.include({ status: "ACTIVE", key_name: ids.keyPair });
    const [port] = await witness.portsOf(ids.server!);
    expect(port?.network_id).to.equal(ids.network);
    const fip = await witness.floatingIp(ids.floatingIp!);
    expect(fip.floating_ip_address).to.equal(address);
    expect(fip.port_id).to.equal(port!.id);
    for (const url of [
      `${witness.neutron}/subnets/${ids.subnet}`,
      `${witness.neutron}/routers/${ids.router}`,
      `${witness.neutron}/ports/${ids.routerInterface}`,
      `${witness.glance}/images/${ids.image}`,
      `${witness.nova}/os-keypairs/${ids.keyPair}`,
    ]) {
      expect(await witness.status(url), url).to.equal(200);
    }
  });

  it("npm run demo:destroy: deletes every resource and the demo's files", async function () {
    this.timeout(600_000);
    const res = await npm("demo:destroy");
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stdout).to.match(/Destroyed 8 resources/);
    expect(existsSync(stateFile())).to.equal(false);
    expect(existsSync(join(demoDir, "id_ed25519"))).to.equal(false);
    await witness.expectGone(ids);
  });
});
