// The real @pulumi/pulumi dynamic-provider host, driven RPC by RPC as the engine does. One host process
// serves the suite; the widget provider keeps its state in files under a temporary directory.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import {
  DYNAMIC_RESOURCE_TYPE,
  ProviderRpcError,
  UNKNOWN,
  dynamicResourceType,
  hostSdkDir,
  isSecret,
  secret,
  serializeProvider,
  serializeProviderDetailed,
  startProviderHost,
  unwrapSecrets,
} from "../../support/provider-host";
import type { ProviderHost } from "../../support/provider-host";
import { readJournal, widgetExists, widgetProvider } from "./widget-provider";

const T = DYNAMIC_RESOURCE_TYPE;
const REPO = join(__dirname, "..", "..", "..");
const SDK_VERSION = (
  JSON.parse(readFileSync(join(REPO, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  }
).version;

async function rejection(p: Promise<unknown>): Promise<ProviderRpcError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(ProviderRpcError);
    return e as ProviderRpcError;
  }
  throw new Error("expected the RPC to fail");
}

describe("harness: dynamic-provider host over gRPC", function () {
  this.timeout(30_000);
  let program: string;
  let dir: string;
  let host: ProviderHost;
  let text: string;
  let P: { __provider: string };

  before(async () => {
    program = mkdtempSync(join(tmpdir(), "dynhost-"));
    dir = join(program, "widgets");
    mkdirSync(dir);
    text = await serializeProvider(widgetProvider);
    P = { __provider: text };
    host = await startProviderHost({ cwd: program, project: "widgetlab", stack: "test" });
    await host.configure({
      "widgets:apiToken": secret("tok-123"),
      "widgetlab:region": "eu-west",
      "other:x": "1",
    });
  });

  after(async () => {
    await host?.stop();
    rmSync(program, { recursive: true, force: true });
  });

  describe("serializing and starting", () => {
    it("serializes the provider to a module exporting the `() => provider` factory as `handler`", async () => {
      expect(text).to.match(/^exports\.handler = __f\d+;/);
      expect(text).to.include('require("fs")');
      expect(await serializeProvider(widgetProvider)).to.equal(text); // cached per object, like the SDK
      expect((await serializeProviderDetailed(widgetProvider)).containsSecrets).to.equal(false);
    });

    it("produces exactly the __provider input that `new dynamic.Resource` registers", async () => {
      // In a child process, as pulumi.runtime.setMocks changes process-wide SDK state. A script file, not
      // `node -e`: under -e node exposes built-in modules as globals and the serializer then emits
      // `global.fs` instead of require("fs").
      const script = join(program, "register.js");
      writeFileSync(
        script,
        [
          `const pulumi = require(${JSON.stringify(join(REPO, "node_modules/@pulumi/pulumi"))});`,
          `const { widgetProvider } = require(${JSON.stringify(join(__dirname, "widget-provider.ts"))});`,
          "let registered;",
          "pulumi.runtime.setMocks({",
          "  newResource: (a) => { registered = { type: a.type, inputs: a.inputs }; return { id: 'x', state: {} }; },",
          "  call: () => ({}),",
          "}, 'widgetlab', 'test', false);",
          'const r = new pulumi.dynamic.Resource(widgetProvider, "w", { size: 1 });',
          "r.urn.apply(() => process.stdout.write(JSON.stringify(registered)));",
        ].join("\n"),
      );
      const { stdout } = await promisify(execFile)(process.execPath, ["--require", "tsx/cjs", script], {
        cwd: REPO,
      });
      const registered = JSON.parse(stdout) as { type: string; inputs: Record<string, unknown> };
      expect(registered.type).to.equal("pulumi-nodejs:dynamic:Resource");
      expect(registered.inputs).to.deep.equal({ size: 1, __provider: text });
    });

    it("names dynamic resource types as the SDK does", () => {
      expect(dynamicResourceType()).to.equal(T);
      expect(dynamicResourceType("openstack", "Server")).to.equal("pulumi-nodejs:dynamic/openstack:Server");
      expect(host.urn(T, "web")).to.equal("urn:pulumi:test::widgetlab::pulumi-nodejs:dynamic:Resource::web");
    });

    it("runs the program directory's own SDK when it has one, else the repository's", () => {
      expect(host.info.sdkDir).to.equal(join(REPO, "node_modules", "@pulumi", "pulumi"));
      expect(hostSdkDir(REPO)).to.equal(join(REPO, "node_modules", "@pulumi", "pulumi"));
      const withSdk = mkdtempSync(join(tmpdir(), "dynhost-sdk-"));
      try {
        mkdirSync(join(withSdk, "node_modules", "@pulumi", "pulumi"), { recursive: true });
        writeFileSync(join(withSdk, "node_modules", "@pulumi", "pulumi", "package.json"), "{}");
        expect(hostSdkDir(withSdk)).to.equal(join(withSdk, "node_modules", "@pulumi", "pulumi"));
      } finally {
        rmSync(withSdk, { recursive: true, force: true });
      }
    });

    it("reports the SDK version from GetPluginInfo", async () => {
      expect(await host.pluginInfo()).to.equal(SDK_VERSION);
      expect(host.info.sdkVersion).to.equal(SDK_VERSION);
    });
  });

  describe("Configure", () => {
    it("answers that the host takes neither secrets nor previews", () => {
      expect(host.protocol).to.deep.equal({
        acceptSecrets: false,
        acceptResources: false,
        acceptOutputs: false,
        supportsPreview: false,
      });
    });

    it("hands the provider the secret config unwrapped, and unqualified keys under the project", async () => {
      const { outs } = await host.create(T, "cfg", { ...P, name: "cfg", size: 1, dir });
      expect(outs.token).to.equal("tok-123");
      expect(outs.region).to.equal("eu-west");
      expect(outs.configureCalls).to.equal(1); // once per distinct __provider text, on first use
    });
  });

  describe("Check", () => {
    it("returns failures as data, not as an error", async () => {
      const res = await host.check(T, "bad", {}, { ...P, size: 0, dir });
      expect(res.failures).to.deep.equal([
        { property: "name", reason: "name is required" },
        { property: "size", reason: "size must be a number >= 1, got 0" },
      ]);
    });

    it("passes the unknown sentinel through to the provider as a plain string", async () => {
      const res = await host.check(T, "prev", {}, { ...P, name: "prev", size: UNKNOWN, dir });
      expect(res.failures).to.deep.equal([]);
      expect(res.inputs.size).to.equal(UNKNOWN);
      expect(res.inputs.sizeWasUnknown).to.equal(true);
    });

    it("fills defaults from olds and always puts __provider back", async () => {
      const res = await host.check(T, "c", { color: "red" }, { ...P, name: "c", size: 2, dir });
      expect(res.inputs).to.deep.equal({ ...P, name: "c", size: 2, dir, color: "red" });
    });

    it("uses the old __provider when the new one is unknown", async () => {
      const res = await host.check(T, "c", { ...P }, { __provider: UNKNOWN, name: "c", size: 2, dir });
      expect(res.failures).to.deep.equal([]);
      expect(res.inputs.__provider).to.equal(UNKNOWN); // but echoes the new (unknown) value
    });
  });

  describe("Create, Read, Update, Delete", () => {
    let id: string;
    let outs: Record<string, unknown>;

    it("Create returns the id and outputs, __provider copied into them; the provider gets only the inputs", async () => {
      ({ id, outs } = await host.create(
        T,
        "w",
        { ...P, name: "w", size: 2, color: "blue", dir },
        { timeout: 600 },
      ));
      expect(id).to.match(/^w-w-\d+$/);
      expect(outs).to.include({ name: "w", size: 2, color: "blue", status: "ACTIVE", serial: `SN-${id}` });
      expect(outs.__provider).to.equal(text);
      expect(outs.argumentCount).to.equal(1); // timeout and preview never reach the provider
      expect(widgetExists(dir, id)).to.equal(true);
    });

    it("Read (refresh: old outputs and inputs) returns props and the provider's inputs, each with __provider", async () => {
      const res = await host.read(T, "w", id, outs, { ...P, name: "w", size: 2, color: "blue", dir });
      expect(res.id).to.equal(id);
      expect(res.props).to.deep.equal(outs);
      expect(res.inputs).to.deep.equal({ name: "w", size: 2, color: "blue", dir, ...P });
    });

    it("Read with inputs only (a static get) finds the provider in the inputs", async () => {
      const res = await host.read(T, "w", id, undefined, { ...P, dir });
      expect(res.id).to.equal(id);
      expect(res.props).to.include({ name: "w", status: "ACTIVE" });
    });

    it("Read with neither (what `pulumi import` sends) fails in the host", async () => {
      const err = await rejection(host.read(T, "w", id));
      expect(err.code).to.equal(2); // UNKNOWN
      expect(err.message).to.equal(err.details).and.not.equal("");
    });

    it("Update returns the outputs with __provider from the new inputs", async () => {
      const res = await host.update(
        T,
        "w",
        id,
        outs,
        { ...P, name: "w", size: 5, color: "blue", dir },
        { timeout: 60, oldInputs: { ...P, name: "w", size: 2, color: "blue", dir } },
      );
      expect(res.outs).to.include({ size: 5, serial: `SN-${id}`, __provider: text });
      outs = res.outs;
    });

    it("Delete removes it, and a later Read reports it gone with an empty id", async () => {
      await host.delete(T, "w", id, outs, { ...P, name: "w", size: 5, dir });
      expect(widgetExists(dir, id)).to.equal(false);
      const res = await host.read(T, "w", id, outs);
      expect(res.id).to.equal("");
      expect(res.props).to.deep.equal(P); // only what the host adds
      expect(readJournal(dir).filter((l) => l.endsWith(` ${id}`))).to.deep.equal([
        `create ${id}`,
        `read ${id}`,
        `read ${id}`,
        `update ${id}`,
        `delete ${id}`,
        `read ${id}`,
      ]);
    });
  });

  describe("Diff", () => {
    const olds = { name: "d", size: 1, color: "grey", dir, serial: "SN-1" };

    it("reports DIFF_NONE / DIFF_SOME from the provider's `changes`", async () => {
      expect((await host.diff(T, "d", "id-1", olds, { ...P, ...olds })).changes).to.equal("DIFF_NONE");
      const d = await host.diff(T, "d", "id-1", olds, { ...P, ...olds, size: 2 }, olds);
      expect(d).to.deep.equal({
        changes: "DIFF_SOME",
        replaces: [],
        stables: [], // the provider said ["serial"]; the host drops stables
        deleteBeforeReplace: false,
        diffs: [],
        hasDetailedDiff: false,
        detailedDiff: {},
      });
    });

    it("returns replaces and deleteBeforeReplace", async () => {
      const d = await host.diff(T, "d", "id-1", olds, { ...P, ...olds, name: "d2", exclusive: true });
      expect(d.changes).to.equal("DIFF_SOME");
      expect(d.replaces).to.deep.equal(["name"]);
      expect(d.deleteBeforeReplace).to.equal(true);
    });

    it("answers DIFF_UNKNOWN for a provider without diff (the engine then diffs the inputs itself)", async () => {
      const noDiff = await serializeProvider({ ...widgetProvider, diff: undefined });
      const d = await host.diff(T, "d", "id-1", olds, { ...olds, size: 9, __provider: noDiff });
      expect(d.changes).to.equal("DIFF_UNKNOWN");
    });
  });

  describe("errors", () => {
    it("a plain error from create surfaces as its message, with no init-failure detail", async () => {
      const err = await rejection(host.create(T, "q", { ...P, name: "q", size: 1, dir, fail: "plain" }));
      expect(err.message).to.equal("quota exceeded for q");
      expect(err.method).to.equal("Create");
      expect(host.initError(err)).to.equal(undefined);
    });

    it("an error with an id from create carries ErrorResourceInitFailed (id, properties, reasons)", async () => {
      const err = await rejection(
        host.create(T, "bad", { ...P, name: "bad", size: 3, color: "red", dir, fail: "init" }),
      );
      expect(err.message).to.match(/^widget w-bad-\d+ went to ERROR$/);
      const init = host.initError(err);
      expect(init?.id).to.match(/^w-bad-\d+$/);
      expect(init?.properties).to.deep.equal({ name: "bad", size: 3, color: "red", status: "ERROR" });
      expect(init?.reasons).to.deep.equal(["fault: no valid host", "retry later"]);
      expect(init?.properties).to.not.have.property("__provider"); // the host does not add it here
      expect(widgetExists(dir, init?.id ?? "")).to.equal(true); // it exists: a partial failure
    });

    it("an error with an id from update carries the same detail", async () => {
      const news = { ...P, name: "u", size: 3, dir, fail: "init-update" };
      const err = await rejection(host.update(T, "u", "w-u-0", { name: "u", size: 1 }, news));
      expect(host.initError(err)).to.deep.equal({
        id: "w-u-0",
        properties: { name: "u", size: 1, status: "ERROR" },
        reasons: ["resize rejected"],
      });
    });

    it("an init error whose properties hold undefined is never answered (the host's catch throws)", async () => {
      host.rpcTimeoutMs = 1000;
      try {
        const err = await rejection(
          host.create(T, "hang", { ...P, name: "hang", size: 1, dir, fail: "init-undefined" }),
        );
        expect(err.code).to.equal(4); // DEADLINE_EXCEEDED: the engine, which sets no deadline, would wait forever
        expect(host.stderrText()).to.include("Unexpected struct type.");
      } finally {
        host.rpcTimeoutMs = 15_000;
      }
    });

    it("a provider returning an undefined output value makes Create fail in the host", async () => {
      const err = await rejection(
        host.create(T, "un", { ...P, name: "un", size: 1, dir, undefinedOutput: true }),
      );
      expect(err.message).to.match(/unexpected struct type/i);
    });

    it("errors from check, diff, read and delete are logged on the host's stderr", async () => {
      await rejection(host.check(T, "x", {}, { __provider: "this is not a module(" }));
      expect(host.stderrText()).to.match(/SyntaxError/);
    });
  });

  describe("secrets", () => {
    it("returns outputs as the provider built them: plain values plain, a wire-form secret still wrapped", async () => {
      const { outs } = await host.create(T, "s", {
        ...P,
        name: "s",
        size: 1,
        dir,
        password: "hunter2", // the engine strips secrets before sending (acceptSecrets=false)
        wrapApiKey: true,
      });
      // Secretness of `password` is restored by the engine from the inputs (annotateSecrets), and
      // additionalSecretOutputs is applied by the engine too; the host marks nothing. A value the provider
      // returns already in wire form is read by the engine as a secret.
      expect(outs.password).to.equal("hunter2");
      expect(isSecret(outs.apiKey)).to.equal(true);
      expect(unwrapSecrets(outs.apiKey)).to.match(/^key-w-s-\d+$/);
    });
  });

  describe("program directory", () => {
    it("resolves a serialized require() of a package from the host's cwd", async () => {
      // A package in the program's node_modules, loaded here from that path, is serialized by reference.
      const pkg = join(program, "node_modules", "widget-naming");
      mkdirSync(pkg, { recursive: true });
      writeFileSync(
        join(pkg, "package.json"),
        '{"name":"widget-naming","version":"1.0.0","main":"index.js"}',
      );
      writeFileSync(join(pkg, "index.js"), 'exports.label = (n) => "label-" + n + "-" + __dirname.length;');
      const naming = createRequire(join(program, "index.js"))("widget-naming") as {
        label(n: string): string;
      };
      const provider = {
        async create(inputs: Record<string, unknown>) {
          return Promise.resolve({ id: "n-1", outs: { label: naming.label(String(inputs.name)) } });
        },
      };
      const namingText = await serializeProvider(provider);
      expect(namingText).to.match(/require\("widget-naming(\/index\.js)?"\)/);
      const { outs } = await host.create(T, "n", { __provider: namingText, name: "n" });
      expect(outs.label).to.equal(naming.label("n"));
    });
  });
});
