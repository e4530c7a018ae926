// `npm run demo` and `npm run demo:destroy` with the Pulumi CLI that `npm run tools:pulumi` builds: it
// says which CLI it uses, keeps the stack in its local backend where `pulumi stack` commands work on it,
// and destroys it. Plain REST is the witness.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { PROJECT_DIR } from "../../support/cloud";
import { findPulumiCli } from "../../support/pulumi-cli";
import { runCommand } from "../../support/run-command";
import { describeWithEngine } from "../../engine/support";
import { idsOf, Witness, type StackIds } from "./witness";

interface Exported {
  deployment: { resources?: Array<{ type: string; id?: string }> };
}

describeWithEngine("npm run demo / demo:destroy with the Pulumi CLI", "member", (use) => {
  const stack = `it-demo-cli-${process.pid}`;
  let demoDir: string;
  let env: NodeJS.ProcessEnv;
  let witness: Witness;
  let ids: StackIds = {};

  const run = (file: string, args: string[]) => runCommand(file, args, env);
  const pulumi = (args: string[]) => {
    const cli = findPulumiCli();
    if ("missing" in cli) throw new Error(cli.missing);
    return run(cli.bin, [...args, "--stack", stack, "--non-interactive"]);
  };

  before(async function () {
    this.timeout(60_000);
    witness = await Witness.open(use());
    demoDir = mkdtempSync(join(tmpdir(), "pulumi-demo-cli-"));
    env = {
      ...process.env,
      PULUMI_DEMO_DIR: demoDir,
      PULUMI_DEMO_STACK: stack,
      PULUMI_BACKEND_URL: `file://${demoDir}`,
      PULUMI_CONFIG_PASSPHRASE: "demo-cli-test",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      OS_CLIENT_CONFIG_FILE: use().file,
    };
    if (!process.env.OS_CLOUD) delete env.OS_CLOUD;
    delete env.OS_AUTH_URL;
  });

  after(async function () {
    this.timeout(300_000);
    if (!demoDir) return; // skipped: no cloud or no CLI
    if (existsSync(join(demoDir, ".pulumi"))) await run("npm", ["run", "-s", "demo:destroy"]);
    await witness?.sweep(ids);
    rmSync(demoDir, { recursive: true, force: true });
    rmSync(join(PROJECT_DIR, `Pulumi.${stack}.yaml`), { force: true });
  });

  it("npm run demo: says which CLI it uses and deploys the stack into its local backend", async function () {
    this.timeout(600_000);
    const res = await run("npm", ["run", "-s", "demo"]);
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stdout).to.match(
      /^Pulumi CLI: \.tools\/pulumi\/bin\/pulumi \(npm run tools:pulumi\), v?3\.\d+\.\d+/m,
    );
    expect(res.stdout).not.to.include("No Pulumi CLI");
    expect(res.stdout).to.match(/floatingAddress: "172\.24\.4\.\d+"/);
    expect(res.stdout).to.match(/privateKey: \[secret\]/);

    // the stack is an ordinary stack of that backend
    const outputs = await pulumi(["stack", "output", "--json"]);
    expect(outputs.code, outputs.stderr).to.equal(0);
    expect(JSON.parse(outputs.stdout)).to.have.property("floatingAddress");
    const exported = await pulumi(["stack", "export"]);
    const resources = (JSON.parse(exported.stdout) as Exported).deployment.resources ?? [];
    ids = idsOf(
      resources
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/openstack:"))
        .map((r) => ({ kind: r.type.split(":").pop()!, id: r.id ?? "" })),
    );
    const server = await witness.server(ids.server!);
    expect(server).to.include({ status: "ACTIVE", key_name: ids.keyPair });
  });

  it("npm run demo:destroy: deletes every resource and the stack", async function () {
    this.timeout(600_000);
    const res = await run("npm", ["run", "-s", "demo:destroy"]);
    expect(res.code, `${res.stdout}\n${res.stderr}`).to.equal(0);
    expect(res.stdout).to.include(`Destroyed stack ${stack}`);
    await witness.expectGone(ids);
    expect((await pulumi(["stack", "output"])).code).to.not.equal(0);
  });
});
