// The root program as the Pulumi CLI runs it, without the CLI: a child process runs the SDK's own
// language-runtime entry (cmd/run/run.js `run`, what pulumi-language-nodejs starts) with the working
// directory and entry point the engine derives from Pulumi.yaml, TypeScript through the SDK's ts-node
// (type-checked), and the SDK's mock monitor in place of the engine's. No cloud: ids are made up.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { PROJECT_DIR } from "../../support/cloud";
import { programLayout } from "../../support/engine/project";

const execFileAsync = promisify(execFile);

const SCRIPT = `
const path = require("path");
const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.env.PROJECT_DIR] }));
const pulumi = require(sdk);
const registered = [];
pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push(args.type + "::" + args.name);
    const outs = { ...args.inputs };
    if (args.name === "floating-ip") outs.address = "172.24.4.99";
    if (args.name === "key") outs.privateKey = "PRIVATE";
    return { id: args.name + "-id", state: outs };
  },
  call: () => { throw new Error("no invokes expected"); },
}, "openstack-dynamic-demo", "cli", false);
process.env.PULUMI_NODEJS_TYPESCRIPT = "true"; // Pulumi.yaml runtime.options.typescript
// cmd/run/index.js (the process entry, which run.js imports for one constant) parses argv and starts a
// run on load: it is replaced by that constant
const Module = require("module");
const entry = path.join(sdk, "cmd", "run", "index.js");
const stub = new Module(entry);
stub.filename = entry;
stub.loaded = true;
stub.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
require.cache[entry] = stub;
const errors = [];
require(path.join(sdk, "cmd", "run", "run.js"))
  .run({ _: [process.env.ENTRY], pwd: process.env.PWD_DIR }, () => {}, (e) => errors.push(String(e)), () => false)
  .then((outputs) => {
    const loaded = Object.keys(require.cache).filter((f) => !f.includes("node_modules"));
    process.stdout.write(JSON.stringify({ outputs, registered, errors, loaded, cwd: process.cwd() }));
  }, (e) => { process.stdout.write(JSON.stringify({ failed: String(e && e.stack || e), errors })); });
`;

interface ChildReport {
  outputs?: Record<string, unknown>;
  registered?: string[];
  errors: string[];
  loaded?: string[];
  cwd?: string;
  failed?: string;
}

async function runAsCli(dir: string, pwd: string, entry: string): Promise<ChildReport> {
  const script = join(dir, "run-as-cli.js");
  writeFileSync(script, SCRIPT);
  const { stdout } = await execFileAsync(process.execPath, [script], {
    cwd: PROJECT_DIR,
    env: { ...process.env, PROJECT_DIR, PWD_DIR: pwd, ENTRY: entry, OS_CLOUD: "" },
    timeout: 170_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as ChildReport;
}

describe("root program under the SDK's own runtime (as `pulumi up` loads it)", function () {
  this.timeout(240_000);
  let dir: string;

  before(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "root-program-cli-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("Pulumi.yaml's main names the file: it runs in program/, type-checks, and uses the built package", async () => {
    const layout = programLayout(PROJECT_DIR);
    expect(layout.cwd).to.equal(join(PROJECT_DIR, "program"));
    expect(layout.project).to.equal("openstack-dynamic-demo");
    const report = await runAsCli(dir, layout.cwd, "index.ts");
    expect(report.failed, report.failed).to.equal(undefined);
    expect(report.errors).to.deep.equal([]);
    expect(report.cwd).to.equal(layout.cwd);
    expect(
      report
        .registered!.filter((r) => r.startsWith("pulumi-nodejs:dynamic/openstack:"))
        .map((r) => r.split("::")[1]),
    ).to.have.members([
      "network",
      "subnet",
      "router",
      "router-interface",
      "key",
      "image",
      "server",
      "floating-ip",
    ]);
    expect(report.outputs).to.deep.include({
      floatingAddress: "172.24.4.99",
      serverId: "server-id",
      networkId: "network-id",
    });
    // the package by name resolves to the repository itself, i.e. its build, as the provider host loads it
    expect(report.loaded).to.include(join(PROJECT_DIR, "dist", "index.js"));
    expect(report.loaded!.some((f) => f.startsWith(join(PROJECT_DIR, "provider")))).to.equal(false);
  });

  it("why main is not the directory: the CLI's entry point '.' would run the package's dist/index.js", async () => {
    const report = await runAsCli(dir, join(PROJECT_DIR, "program"), ".");
    expect(report.registered ?? []).to.deep.equal(["pulumi:pulumi:Stack::openstack-dynamic-demo-cli"]);
    expect(report.outputs).to.have.property("OpenStackClient");
  });
});
