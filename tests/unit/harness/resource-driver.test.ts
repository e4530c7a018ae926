// ResourceDriver: the engine's sequence of RPCs for one resource in `pulumi up` / `preview` / `refresh` /
// `destroy`, against the real host. One host process serves the suite.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  CheckFailedError,
  ProviderRpcError,
  ResourceDriver,
  ResourceInitFailedError,
  UNKNOWN,
  isSecret,
  secret,
  serializeProviderDetailed,
  startProviderHost,
  unwrapSecrets,
} from "../../support/provider-host";
import type { ProviderHost, ResourceState, SerializedProvider } from "../../support/provider-host";
import { readJournal, widgetExists, widgetProvider } from "./widget-provider";

describe("harness: ResourceDriver (engine sequence per resource)", function () {
  this.timeout(30_000);
  let program: string;
  let dir: string;
  let host: ProviderHost;
  let provider: SerializedProvider;
  let driver: ResourceDriver;

  before(async () => {
    program = mkdtempSync(join(tmpdir(), "dyndriver-"));
    dir = join(program, "widgets");
    mkdirSync(dir);
    provider = await serializeProviderDetailed(widgetProvider);
    host = await startProviderHost({ cwd: program, project: "widgetlab" });
    await host.configure({ "widgets:apiToken": secret("tok-xyz"), "widgetlab:region": "north" });
    driver = new ResourceDriver(host, provider);
  });

  after(async () => {
    await host?.stop();
    rmSync(program, { recursive: true, force: true });
  });

  const journalSince = (n: number) => readJournal(dir).slice(n);

  describe("up", () => {
    it("checks against no olds, then creates; __provider is an input and comes back as an output", async () => {
      const state = await driver.up("a", { name: "a", size: 1, dir });
      expect(state.id).to.match(/^w-a-\d+$/);
      expect(state.inputs).to.deep.equal({
        name: "a",
        size: 1,
        dir,
        color: "grey",
        __provider: provider.text,
      });
      expect(state.outs).to.include({ name: "a", size: 1, color: "grey", __provider: provider.text });
      expect(widgetExists(dir, state.id)).to.equal(true);
    });

    it("stops at check failures, as the engine does, and creates nothing", async () => {
      const before = readJournal(dir).length;
      let err: unknown;
      try {
        await driver.up("bad", { size: -1, dir });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(CheckFailedError);
      expect((err as CheckFailedError).failures.map((f) => f.property)).to.deep.equal(["name", "size"]);
      expect((err as CheckFailedError).message).to.include(driver.urn("bad"));
      expect(journalSince(before)).to.deep.equal([]);
    });

    it("refuses inputs that define __provider, like dynamic.Resource", async () => {
      let err: unknown;
      try {
        await driver.up("p", { name: "p", size: 1, dir, __provider: "x" });
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).to.equal("A dynamic resource must not define the __provider key");
    });

    it("keeps what a partially failed create left (init error), without __provider in its outputs", async () => {
      let err: unknown;
      try {
        await driver.up("broken", { name: "broken", size: 2, dir, fail: "init" });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ResourceInitFailedError);
      const failed = err as ResourceInitFailedError;
      expect(failed.reasons).to.deep.equal(["fault: no valid host", "retry later"]);
      expect(failed.state.id).to.match(/^w-broken-\d+$/);
      expect(failed.state.outs).to.deep.equal({ name: "broken", size: 2, color: "grey", status: "ERROR" });
      // So a later destroy, which sends those outputs, cannot find the provider in the host.
      let destroyErr: unknown;
      try {
        await driver.destroy("broken", failed.state);
      } catch (e) {
        destroyErr = e;
      }
      expect(destroyErr).to.be.instanceOf(ProviderRpcError);
      expect(widgetExists(dir, failed.state.id)).to.equal(true);
    });
  });

  describe("update", () => {
    let state: ResourceState;
    before(async () => {
      state = await driver.up("u", { name: "u", size: 1, color: "red", dir });
    });

    it("does nothing for unchanged inputs (same), recording the new inputs and keeping the outputs", async () => {
      const before = readJournal(dir).length;
      const res = await driver.update("u", state, { name: "u", size: 1, color: "red", dir });
      expect(res.action).to.equal("same");
      expect(res.diff.changes).to.equal("DIFF_NONE");
      expect(res.state).to.deep.equal(state);
      expect(journalSince(before)).to.deep.equal([]);
    });

    it("updates in place when the diff has no replaces; Check got the old inputs as olds", async () => {
      const before = readJournal(dir).length;
      // color omitted: the provider's check takes it from the olds.
      const res = await driver.update("u", state, { name: "u", size: 4, dir });
      expect(res.action).to.equal("updated");
      expect(res.state.id).to.equal(state.id);
      expect(res.state.inputs).to.include({ size: 4, color: "red" });
      expect(res.state.outs).to.include({
        size: 4,
        color: "red",
        serial: `SN-${state.id}`,
        __provider: provider.text,
      });
      expect(journalSince(before)).to.deep.equal([`update ${state.id}`]);
      state = res.state;
    });

    it("replaces create-before-delete, re-checking without olds first (defaults recomputed)", async () => {
      const before = readJournal(dir).length;
      const res = await driver.update("u", state, { name: "u2", size: 4, dir });
      expect(res.action).to.equal("replaced");
      expect(res.deletedBeforeCreate).to.equal(false);
      expect(res.diff.replaces).to.deep.equal(["name"]);
      expect(res.state.id).to.not.equal(state.id);
      expect(res.state.inputs.color).to.equal("grey"); // not "red": the second Check had no olds
      expect(journalSince(before)).to.deep.equal([`create ${res.state.id}`, `delete ${state.id}`]);
      expect(widgetExists(dir, state.id)).to.equal(false);
      state = res.state;
    });

    it("replaces delete-before-create when the provider's diff asks for it", async () => {
      const before = readJournal(dir).length;
      const res = await driver.update("u", state, { name: "u3", size: 4, dir, exclusive: true });
      expect(res.action).to.equal("replaced");
      expect(res.deletedBeforeCreate).to.equal(true);
      expect(journalSince(before)).to.deep.equal([`delete ${state.id}`, `create ${res.state.id}`]);
      state = res.state;
    });

    it("lets the deleteBeforeReplace option override the provider", async () => {
      const optDriver = new ResourceDriver(host, provider, { deleteBeforeReplace: false });
      const before = readJournal(dir).length;
      const res = await optDriver.update("u", state, { name: "u4", size: 4, dir, exclusive: true });
      expect(res.deletedBeforeCreate).to.equal(false);
      expect(journalSince(before)).to.deep.equal([`create ${res.state.id}`, `delete ${state.id}`]);
      state = res.state;
    });

    it("keeps the outputs of a partially failed update under the same id", async () => {
      const s = await driver.up("pf", { name: "pf", size: 1, dir });
      let err: unknown;
      try {
        await driver.update("pf", s, { name: "pf", size: 2, dir, fail: "init-update" });
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(ResourceInitFailedError);
      const failed = err as ResourceInitFailedError;
      expect(failed.message).to.equal(`resize of ${s.id} failed`);
      expect(failed.reasons).to.deep.equal(["resize rejected"]);
      expect(failed.state.id).to.equal(s.id);
      // This provider built the properties from the old outputs, so __provider survives here.
      expect(failed.state.outs).to.deep.equal({ ...s.outs, status: "ERROR" });
      expect(failed.state.inputs).to.include({ size: 2, fail: "init-update" });
    });

    it("diffs the inputs itself when the provider has no diff (the host answers DIFF_UNKNOWN)", async () => {
      const noDiff = new ResourceDriver(
        host,
        await serializeProviderDetailed({ ...widgetProvider, diff: undefined }),
      );
      const created = await noDiff.up("nd", { name: "nd", size: 1, dir });
      const same = await noDiff.update("nd", created, { name: "nd", size: 1, dir });
      expect(same.action).to.equal("same");
      const changed = await noDiff.update("nd", created, { name: "nd", size: 2, dir });
      expect(changed.action).to.equal("updated");
      expect(changed.diff).to.include({ changes: "DIFF_SOME" });
      expect(changed.diff.diffs).to.deep.equal(["size"]);
      expect(changed.diff.replaces).to.deep.equal([]); // without a diff, never a replacement
    });
  });

  describe("preview", () => {
    it("checks with the unknown sentinel and creates nothing (no Create in previews for this host)", async () => {
      const before = readJournal(dir).length;
      const res = await driver.preview("pv", { name: "pv", size: UNKNOWN, dir });
      expect(res.action).to.equal("create");
      expect(res.inputs).to.include({ size: UNKNOWN, sizeWasUnknown: true });
      expect(res.outs).to.deep.equal(res.inputs);
      expect(journalSince(before)).to.deep.equal([]);
    });

    it("reports update / replace for an existing resource without calling them", async () => {
      const state = await driver.up("pv2", { name: "pv2", size: 1, dir });
      const before = readJournal(dir).length;
      expect((await driver.preview("pv2", { name: "pv2", size: 3, dir }, state)).action).to.equal("update");
      expect((await driver.preview("pv2", { name: "pv3", size: 1, dir }, state)).action).to.equal("replace");
      expect((await driver.preview("pv2", { name: "pv2", size: 1, dir }, state)).action).to.equal("same");
      expect(journalSince(before)).to.deep.equal([]);
    });
  });

  describe("refresh and destroy", () => {
    let state: ResourceState;
    before(async () => {
      state = await driver.up("r", { name: "r", size: 1, dir });
    });

    it("refresh reads with the old outputs and inputs and takes the provider's inputs", async () => {
      // Out-of-band change.
      const file = join(dir, `${state.id}.json`);
      writeFileSync(
        file,
        JSON.stringify({ ...(JSON.parse(readFileSync(file, "utf8")) as object), size: 42 }),
      );
      const refreshed = await driver.refresh("r", state);
      expect(refreshed?.id).to.equal(state.id);
      expect(refreshed?.outs).to.include({ size: 42, serial: `SN-${state.id}`, __provider: provider.text });
      expect(refreshed?.inputs).to.deep.equal({
        name: "r",
        size: 42,
        color: "grey",
        dir,
        __provider: provider.text,
      });
    });

    it("refresh of a resource deleted out of band returns nothing (the engine drops it)", async () => {
      rmSync(join(dir, `${state.id}.json`));
      expect(await driver.refresh("r", state)).to.equal(undefined);
    });

    it("destroy sends the outputs and deletes", async () => {
      const s = await driver.up("dd", { name: "dd", size: 1, dir });
      await driver.destroy("dd", s);
      expect(widgetExists(dir, s.id)).to.equal(false);
      expect(readJournal(dir).at(-1)).to.equal(`delete ${s.id}`);
    });
  });

  describe("secrets (engine side)", () => {
    it("strips secret inputs for the host and re-marks the same-named outputs", async () => {
      const state = await driver.up("s", { name: "s", size: 1, dir, password: secret("hunter2") });
      expect(state.outs.passwordType).to.equal("string"); // the provider got the plain value
      expect(isSecret(state.inputs.password)).to.equal(true);
      expect(isSecret(state.outs.password)).to.equal(true); // annotateSecrets, from the input
      expect(unwrapSecrets(state.outs.password)).to.equal("hunter2");
      // A value the provider read from secret config is a plain output unless the program asks otherwise.
      expect(state.outs.token).to.equal("tok-xyz");
    });

    it("applies additionalSecretOutputs to the outputs (an engine option, not a host one)", async () => {
      const d = new ResourceDriver(host, provider, { additionalSecretOutputs: ["token", "serial"] });
      const state = await d.up("s2", { name: "s2", size: 1, dir });
      expect(state.outs.token).to.deep.equal(secret("tok-xyz"));
      expect(isSecret(state.outs.serial)).to.equal(true);
      const updated = await d.update("s2", state, { name: "s2", size: 2, dir });
      expect(isSecret(updated.state.outs.token)).to.equal(true);
    });

    it("keeps __provider secret in the state when the provider captured a secret", async () => {
      const captured = pulumi.secret("captured-secret");
      const withSecret = await serializeProviderDetailed({
        ...widgetProvider,
        diff() {
          void captured; // captured, so serialized (a secret Output)
          return Promise.resolve({ changes: false });
        },
      });
      expect(withSecret.containsSecrets).to.equal(true);
      const d = new ResourceDriver(host, withSecret);
      const state = await d.up("cs", { name: "cs", size: 1, dir });
      expect(state.inputs.__provider).to.deep.equal(secret(withSecret.text));
      expect(state.outs.__provider).to.deep.equal(secret(withSecret.text));
    });
  });
});
