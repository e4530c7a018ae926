// The stand-in's pure parts: where a program runs (the engine's GetPwdMain), config keys, customTimeouts
// durations, and the order deletes go in.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { durationSeconds } from "../../support/engine/mocks";
import { programLayout, stackConfig } from "../../support/engine/project";
import { deletionOrder, kindOf, type StateEntry } from "../../support/engine/state";

describe("engine stand-in: program layout, config, durations, delete order", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "engine-layout-"));
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src", "main.ts"), "");
    writeFileSync(join(dir, "src", "index.ts"), "");
    writeFileSync(join(dir, "index.ts"), "");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("runs main's directory (a file: its directory) like the CLI, with the project name of Pulumi.yaml", () => {
    writeFileSync(join(dir, "Pulumi.yaml"), "name: layout-test\nruntime: nodejs\nmain: src/main.ts\n");
    expect(programLayout(dir)).to.deep.equal({
      projectDir: dir,
      project: "layout-test",
      cwd: join(dir, "src"),
      entry: join(dir, "src", "main.ts"),
    });
    expect(programLayout(dir, "src")).to.include({
      cwd: join(dir, "src"),
      entry: join(dir, "src", "index.ts"),
    });
    expect(programLayout(dir, ".", "other")).to.include({
      cwd: dir,
      entry: join(dir, "index.ts"),
      project: "other",
    });
    expect(() => programLayout(dir, "missing.ts")).to.throw(/missing\.ts does not exist/);
  });

  it("puts plain config keys in the project's namespace", () => {
    expect(stackConfig("proj", { flavor: "m1.small", "openstack:cloud": "c" })).to.deep.equal({
      "proj:flavor": "m1.small",
      "openstack:cloud": "c",
    });
  });

  it("reads customTimeouts durations as the engine writes them", () => {
    expect(durationSeconds("")).to.equal(undefined);
    expect(durationSeconds("1h30m")).to.equal(5400);
    expect(durationSeconds("45s")).to.equal(45);
    expect(() => durationSeconds("soon")).to.throw(/duration/);
  });

  it("takes the kind from the serialized provider, else from the type", () => {
    expect(kindOf('with({ kind: "Server", this: undefined })', "pulumi-nodejs:dynamic:Resource")).to.equal(
      "Server",
    );
    expect(kindOf("no kind here", "pulumi-nodejs:dynamic/widgets:Widget")).to.equal("Widget");
  });

  it("deletes dependents before what they depend on, newest first otherwise", () => {
    const entry = (urn: string, dependencies: string[] = []) =>
      ({ urn, options: { dependencies } }) as unknown as StateEntry;
    const order = deletionOrder([
      entry("net"),
      entry("subnet", ["net"]),
      entry("key"),
      entry("fip", ["server"]),
      entry("server", ["net", "subnet", "key"]),
    ]).map((e) => e.urn);
    expect(order).to.deep.equal(["fip", "server", "key", "subnet", "net"]);
  });
});
