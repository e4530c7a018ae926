// The engine stand-in (tests/support/engine.ts) with a real program and the real dynamic-provider host,
// no cloud: the program's widgets are files, and the widget provider journals every operation.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { openProgram, UpError, type ProgramRun } from "../../support/engine";
import { readJournal, widgetExists } from "../harness/widget-provider";

const PROGRAM = resolve(__dirname, "fixtures", "widgets");

describe("engine stand-in: a program's resources through the real provider host", function () {
  this.timeout(60_000);
  let dir: string;
  let run: ProgramRun;
  const config = (extra: Record<string, string> = {}) => ({ dir, "widgets:apiToken": "tok-1", ...extra });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "engine-widgets-"));
    run = await openProgram({ programDir: PROGRAM, stack: "unit" });
  });

  after(async () => {
    await run?.destroy().catch(() => undefined);
    await run?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const journalSince = (n: number) => readJournal(dir).slice(n);
  const byName = (name: string) => run.state.find((r) => r.name === name)!;

  it("creates the resources, feeds ids into dependents' inputs, and resolves the exports with their secretness", async () => {
    const res = await run.up(config({ password: "pw" }));
    expect(res.resources.map((r) => [r.name, r.action, r.kind])).to.deep.equal([
      ["base", "created", "Widget"],
      ["child-0", "created", "Widget"],
      ["child-1", "created", "Widget"],
    ]);
    const base = byName("base");
    expect(base.urn).to.equal("urn:pulumi:unit::widgets::pulumi-nodejs:dynamic/widgets:Widget::base");
    expect(widgetExists(dir, base.id)).to.equal(true);
    expect(res.outputs.baseId).to.equal(base.id);
    expect(res.outputs.childColors).to.deep.equal([base.id, base.id]);
    expect(byName("child-0").inputs.color).to.equal(base.id);
    expect(res.outputs.baseSerial).to.equal(`SN-${base.id}`);
    // secret: by the additionalSecretOutputs option, and by pulumi.secret()
    expect(res.secretOutputs).to.deep.equal(["baseSerial", "plainSecret"]);
    expect(res.outputs.plainSecret).to.equal("hidden");
    expect(res.outputs.passwordType, "the host is sent secret inputs unwrapped").to.equal("string");
    expect(res.deleted).to.deep.equal([]);
  });

  it("runs the program in its working directory with the stack config, and configures the host with it", async () => {
    const res = await run.up();
    expect(res.outputs.cwd, "main: src/index.ts runs in src/").to.equal(join(PROGRAM, "src"));
    expect(res.outputs.stack).to.equal("unit");
    expect(res.outputs.token).to.equal("tok-1");
    expect(process.cwd()).not.to.equal(join(PROGRAM, "src"));
  });

  it("reloads the program and its local modules on every up, never the provider's module", async () => {
    const first = await run.up();
    const second = await run.up();
    expect(second.outputs.moduleLoads).to.equal((first.outputs.moduleLoads as number) + 1);
    expect(second.outputs.programLabel).not.to.equal(first.outputs.programLabel);
    expect(second.outputs.providerNotReloaded).to.equal(true);
    expect(second.resources.map((r) => r.action)).to.deep.equal(["same", "same", "same"]);
  });

  it("updates in place, replaces, and deletes what is no longer declared only after every registration", async () => {
    const before = readJournal(dir).length;
    const oldBase = byName("base").id;
    const res = await run.up(config({ password: "pw", baseName: "base2", children: "1" }));
    expect(res.resources.map((r) => [r.name, r.action])).to.deep.equal([
      ["base", "replaced"],
      ["child-0", "updated"],
    ]);
    expect(res.deleted.map((r) => r.name)).to.deep.equal(["child-1"]);
    const newBase = byName("base").id;
    expect(byName("child-0").inputs.color).to.equal(newBase);
    const journal = journalSince(before);
    expect(journal).to.include.members([`create ${newBase}`, `delete ${oldBase}`]);
    expect(journal.indexOf(`create ${newBase}`), "create before delete").to.be.lessThan(
      journal.indexOf(`delete ${oldBase}`),
    );
    expect(journal.at(-1), "the undeclared resource goes last").to.match(/^delete w-child-1-/);

    const resized = await run.up(config({ password: "pw", baseName: "base2", children: "1", size: "3" }));
    expect(resized.resources.find((r) => r.name === "base")!.action).to.equal("updated");
    expect(byName("base").outs.size).to.equal(3);
  });

  it("honours deleteBeforeReplace and retainOnDelete", async () => {
    const cfg = { password: "pw", children: "1", size: "3", deleteBeforeReplace: "true", kept: "true" };
    await run.up(config({ ...cfg, baseName: "base2" }));
    const kept = byName("kept").id;
    const oldBase = byName("base").id;
    const before = readJournal(dir).length;
    const res = await run.up(config({ ...cfg, baseName: "base3", kept: "false" }));
    const journal = journalSince(before);
    const created = journal.find((l) => l.startsWith("create w-base3-"))!;
    expect(journal.indexOf(`delete ${oldBase}`), "deleted before its replacement").to.be.lessThan(
      journal.indexOf(created),
    );
    expect(res.deleted.map((r) => r.name)).to.deep.equal(["kept"]);
    expect(widgetExists(dir, kept), "retained: gone from the state, not deleted").to.equal(true);
    expect(journal).not.to.include(`delete ${kept}`);
  });

  it("fails an up with the failing resource's own error and keeps the rest", async () => {
    let error: unknown;
    try {
      await run.up(config({ password: "pw", baseName: "base3", children: "1", size: "3", fail: "plain" }));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UpError);
    expect((error as UpError).message).to.include("quota exceeded for broken");
    expect(run.state.map((r) => r.name)).to.deep.equal(["base", "child-0"]);
    const res = await run.up(config({ password: "pw", baseName: "base3", children: "1", size: "3" }));
    expect(res.resources.map((r) => r.action)).to.deep.equal(["same", "same"]);
  });

  it("refresh reports what changed and what disappeared outside the program", async () => {
    const base = byName("base");
    const child = byName("child-0");
    const file = join(dir, `${base.id}.json`);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), size: 7 }));
    rmSync(join(dir, `${child.id}.json`));
    const found = await run.refresh();
    const summary = found.map((r) => [r.name, r.refresh]);
    expect(summary).to.deep.include(["child-0", "deleted"]);
    expect(summary).to.deep.include(["base", "changed"]);
    expect(byName("base").outs.size).to.equal(7);
    expect(run.state.map((r) => r.name)).to.deep.equal(["base"]);
    const res = await run.up();
    expect(res.resources.map((r) => [r.name, r.action])).to.deep.equal([
      ["base", "updated"],
      ["child-0", "created"],
    ]);
  });

  it("saves a state without secrets (mode 0600) that another run resumes and destroys, dependents first", async () => {
    const file = join(dir, "state.json");
    const persisted = await openProgram({
      programDir: PROGRAM,
      stack: "unit",
      state: run.saveState(),
      config: config({ password: "pw", baseName: "base3", children: "1", size: "3" }),
      persist: file,
    });
    try {
      const saved = run.saveState();
      const text = JSON.stringify(saved);
      expect(text).not.to.include(`SN-${byName("base").id}`);
      expect(text).not.to.include('"pw"');
      expect(saved.resources.find((r) => r.name === "base")!.outs).not.to.have.property("serial");
      const ids = run.state.map((r) => r.id);
      const before = readJournal(dir).length;
      await persisted.destroy();
      expect(statSync(file).mode & 0o777).to.equal(0o600);
      expect((JSON.parse(readFileSync(file, "utf8")) as { resources: unknown[] }).resources).to.deep.equal(
        [],
      );
      expect(journalSince(before)).to.deep.equal([`delete ${ids[1]}`, `delete ${ids[0]}`]);
      expect(ids.some((id) => existsSync(join(dir, `${id}.json`)))).to.equal(false);
    } finally {
      await persisted.stop();
    }
  });
});
