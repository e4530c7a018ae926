// The package as Pulumi runs it: providers serialized by a program, loaded by a fresh provider host in
// that program's directory — inside this repository (runtime found through dist/) and with the package
// installed as a copy (found by name) — and one Keystone authentication for all resources of a run.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ensureBuilt } from "../support/build";
import { describeWithCloud, PROJECT_DIR, type TestCloud } from "../support/cloud";
import {
  programInRepo,
  programWithInstalledCopy,
  serializeInProgram,
  type ProgramDir,
} from "../support/program-dirs";
import { ResourceDriver, startProviderHost } from "../support/provider-host";

async function keyPairAndNetworkLifecycle(
  cloud: TestCloud,
  program: ProgramDir,
  specifier: string,
  tag: string,
) {
  const debugLog = join(tmpdir(), `openstack-debug-${process.pid}-${tag}.log`);
  const host = await startProviderHost({
    cwd: program.dir,
    env: { OS_CLIENT_CONFIG_FILE: cloud.file, OS_CLOUD: "", OPENSTACK_DEBUG: debugLog },
  });
  try {
    await host.configure({ "openstack:cloud": cloud.name });
    const keys = new ResourceDriver(host, serializeInProgram(program.dir, "KeyPair", specifier), {
      additionalSecretOutputs: ["privateKey"],
    });
    const nets = new ResourceDriver(host, serializeInProgram(program.dir, "Network", specifier));
    const [key, net] = await Promise.all([
      keys.up("key", { name: `it-pkg-${tag}-${process.pid}` }),
      nets.up("net", { name: `it-pkg-${tag}-${process.pid}` }),
    ]);
    expect(key.id).to.equal(`it-pkg-${tag}-${process.pid}`);
    expect(net.outs.status).to.equal("ACTIVE");
    await Promise.all([keys.destroy("key", key), nets.destroy("net", net)]);
    expect(await keys.refresh("key", key)).to.equal(undefined);
    const log = readFileSync(debugLog, "utf8");
    const authentications = log.split("\n").filter((l) => /--> POST \S+\/auth\/tokens/.test(l));
    expect(authentications, "one Keystone authentication for every resource of the run").to.have.length(1);
  } finally {
    await host.stop();
    rmSync(debugLog, { force: true });
  }
}

describeWithCloud("packaging through the provider host", "admin", (use) => {
  before(function () {
    this.timeout(120_000);
    ensureBuilt();
  });

  it("runs from a program inside this repository, finding the runtime through dist/", async function () {
    this.timeout(60_000);
    const program = programInRepo();
    try {
      const text = serializeInProgram(program.dir, "KeyPair", PROJECT_DIR);
      expect(text).to.include('distFromProgram: "../../dist"');
      await keyPairAndNetworkLifecycle(use(), program, PROJECT_DIR, "repo");
    } finally {
      program.remove();
    }
  });

  it("runs from a program with the package installed as a copy, required by name", async function () {
    this.timeout(60_000);
    const program = programWithInstalledCopy();
    try {
      const text = serializeInProgram(program.dir, "Network", "pulumi-openstack-dynamic");
      expect(text).not.to.include(program.dir);
      await keyPairAndNetworkLifecycle(use(), program, "pulumi-openstack-dynamic", "installed");
    } finally {
      program.remove();
    }
  });
});
