// An engine stand-in for tests: starts the real Node.js dynamic-provider host of @pulumi/pulumi
// (cmd/dynamic-provider/index.js, what the engine launches as pulumi-resource-pulumi-nodejs) and calls it
// over gRPC with the SDK's own generated stubs, so the host sees the same requests the engine sends.
//
// Two layers:
// * ProviderHost: one method per RPC, values passed through as given (wire form: secret()/UNKNOWN).
// * ResourceDriver: the engine's sequence of RPCs for one resource in `pulumi up` / `refresh` /
//   `destroy`, including what the engine does to the values around them (secret stripping and
//   re-annotation, the diff fallback, the second Check before a replacement).
//
// Engine facts are from pulumi/pulumi sdk/go/common/resource/plugin/provider_plugin.go,
// pkg/resource/deploy/{step_generator,step,step_executor,target}.go; host facts from
// @pulumi/pulumi 3.270 cmd/dynamic-provider/index.js.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as StructPbModule from "google-protobuf/google/protobuf/struct_pb";
import type * as EmptyPbModule from "google-protobuf/google/protobuf/empty_pb";
import type * as ProviderPbModule from "@pulumi/pulumi/proto/provider_pb";
import type * as ProviderGrpcPbModule from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as StatusPbModule from "@pulumi/pulumi/proto/status_pb";
import type * as PluginPbModule from "@pulumi/pulumi/proto/plugin_pb";
import {
  PROVIDER_KEY,
  annotateSecrets,
  containsUnknowns,
  isPlainObject,
  isSecret,
  secret,
  unwrapSecretProps,
  unwrapSecrets,
} from "./serialize";
import type { PropertyMap, SerializedProvider } from "./serialize";

export {
  PROVIDER_KEY,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
  annotateSecrets,
  containsSecrets,
  isSecret,
  secret,
  serializeProvider,
  serializeProviderDetailed,
  unwrapSecrets,
} from "./serialize";
export type { PropertyMap, SecretValue, SerializedProvider } from "./serialize";

// ---------------------------------------------------------------------------------------------------------
// SDK modules. The client side always uses the repository's @pulumi/pulumi; grpc-js and google-protobuf are
// loaded from that package's own resolution so the generated stubs and the Struct class are one instance.

const REPO_SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const sdkRequire = createRequire(path.join(REPO_SDK_DIR, "package.json"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof GrpcModule;
const structpb = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof StructPbModule;
const emptypb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPbModule;
const provpb = sdkRequire("./proto/provider_pb") as typeof ProviderPbModule;
const provrpc = sdkRequire("./proto/provider_grpc_pb") as typeof ProviderGrpcPbModule;
const statuspb = sdkRequire("./proto/status_pb") as typeof StatusPbModule;
type PluginInfo = PluginPbModule.PluginInfo;

/** Same as runtime/settings.js maxRPCMessageSize (the SDK's server and clients use it). */
const MAX_RPC_MESSAGE_SIZE = 1024 * 1024 * 400;

// ---------------------------------------------------------------------------------------------------------
// Types and names

/**
 * The type token of `new pulumi.dynamic.Resource(provider, name, props, opts, module?, type = "Resource")`:
 * `pulumi-nodejs:dynamic${module ? "/" + module : ""}:${type}` (dynamic/index.js). The package part,
 * pulumi-nodejs, is what makes the engine route the resource to this host.
 */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

export function dynamicResourceType(module?: string, type = "Resource"): string {
  return `pulumi-nodejs:dynamic${module ? `/${module}` : ""}:${type}`;
}

/**
 * URN of a resource without a parent. (With a parent, the engine qualifies the type as
 * `<parentType>$<type>`; the host never looks at the URN, so tests need not care.)
 */
export function resourceUrn(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export type DiffChanges = "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME";
export type PropertyDiffKind =
  "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  supportsPreview: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: CheckFailure[];
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
  hasDetailedDiff: boolean;
  detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

export interface CreateResult {
  id: string;
  outs: PropertyMap;
}

export interface ReadResult {
  /** "" means the resource no longer exists (the engine then drops it from the state). */
  id: string;
  props: PropertyMap;
  /** Only set when the provider's read returned `inputs`. */
  inputs: PropertyMap | undefined;
}

export interface UpdateResult {
  outs: PropertyMap;
}

/** The ErrorResourceInitFailed detail of a failed Create/Update (the provider threw an error with an `id`). */
export interface InitError {
  id: string;
  properties: PropertyMap;
  reasons: string[];
}

/** An RPC the host answered with an error; `message` is the gRPC details text. */
export class ProviderRpcError extends Error {
  override readonly name = "ProviderRpcError";
  constructor(
    readonly method: string,
    readonly code: number,
    readonly details: string,
    readonly metadata: GrpcModule.Metadata | undefined,
    options?: { cause?: unknown },
  ) {
    super(details, options);
  }
}

/** The engine refuses to go on when Check returns failures ("resource … has check errors"). */
export class CheckFailedError extends Error {
  override readonly name = "CheckFailedError";
  constructor(
    readonly urn: string,
    readonly failures: CheckFailure[],
  ) {
    super(
      `resource ${urn} has check errors: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Struct conversion

/**
 * Struct.fromJavaScript throws on `undefined`; the SDK drops undefined properties before they reach the
 * engine, and the engine has no such value, so they are dropped here too (and become null in arrays).
 */
function toWire(value: unknown): StructPbModule.JavaScriptValue {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(toWire);
  if (isPlainObject(value)) {
    const out: Record<string, StructPbModule.JavaScriptValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  if (
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === null
  ) {
    return value;
  }
  throw new TypeError(`cannot send a ${typeof value} in a google.protobuf.Struct`);
}

function toStruct(props: PropertyMap | undefined): StructPbModule.Struct {
  return structpb.Struct.fromJavaScript(
    toWire(props ?? {}) as Record<string, StructPbModule.JavaScriptValue>,
  );
}

function fromStruct(s: StructPbModule.Struct | undefined): PropertyMap | undefined {
  return s ? s.toJavaScript() : undefined;
}

const DIFF_CHANGES: Record<number, DiffChanges> = {
  [provpb.DiffResponse.DiffChanges.DIFF_UNKNOWN]: "DIFF_UNKNOWN",
  [provpb.DiffResponse.DiffChanges.DIFF_NONE]: "DIFF_NONE",
  [provpb.DiffResponse.DiffChanges.DIFF_SOME]: "DIFF_SOME",
};

const DIFF_KINDS: Record<number, PropertyDiffKind> = {
  [provpb.PropertyDiff.Kind.ADD]: "ADD",
  [provpb.PropertyDiff.Kind.ADD_REPLACE]: "ADD_REPLACE",
  [provpb.PropertyDiff.Kind.DELETE]: "DELETE",
  [provpb.PropertyDiff.Kind.DELETE_REPLACE]: "DELETE_REPLACE",
  [provpb.PropertyDiff.Kind.UPDATE]: "UPDATE",
  [provpb.PropertyDiff.Kind.UPDATE_REPLACE]: "UPDATE_REPLACE",
};

/** Decodes the ErrorResourceInitFailed detail from a gRPC error's grpc-status-details-bin trailer. */
export function decodeInitError(err: unknown): InitError | undefined {
  const metadata =
    err instanceof ProviderRpcError
      ? err.metadata
      : isPlainObject(err) || err instanceof Error
        ? (err as { metadata?: GrpcModule.Metadata }).metadata
        : undefined;
  if (!metadata || typeof metadata.get !== "function") return undefined;
  const bin = metadata.get("grpc-status-details-bin")[0];
  if (!bin || typeof bin === "string") return undefined;
  const status = statuspb.Status.deserializeBinary(new Uint8Array(bin));
  for (const any of status.getDetailsList()) {
    if (!any.getTypeUrl().endsWith("/pulumirpc.ErrorResourceInitFailed")) continue;
    const detail = provpb.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return {
      id: detail.getId(),
      properties: fromStruct(detail.getProperties()) ?? {},
      reasons: detail.getReasonsList(),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The host process

export interface StartProviderHostOptions {
  /** The program directory: the engine starts the host there, and serialized `require("pkg")` resolves from it. */
  cwd: string;
  /** Project name: PULUMI_NODEJS_PROJECT / PULUMI_PROJECT (the engine sets both). Default "test". */
  project?: string;
  /** Stack name, used for URNs only: the engine does not pass the stack to the host. Default "dev". */
  stack?: string;
  /** Extra environment (the engine passes its own environment plus the variables above). */
  env?: Record<string, string>;
  /** How long to wait for the port line. Default 20 s. */
  startTimeoutMs?: number;
}

// Hosts started by this process and not yet exited: a test run that ends without stop() (a failed
// before(), a crash) must not leave them behind.
const liveHosts = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of liveHosts) child.kill("SIGKILL");
});

/** Where the host's SDK comes from: the program's own node_modules if it has one, else this repository's. */
export function hostSdkDir(cwd: string): string {
  const own = path.join(cwd, "node_modules", "@pulumi", "pulumi");
  return existsSync(path.join(own, "package.json")) ? own : REPO_SDK_DIR;
}

export async function startProviderHost(opts: StartProviderHostOptions): Promise<ProviderHost> {
  const cwd = path.resolve(opts.cwd);
  const project = opts.project ?? "test";
  const stack = opts.stack ?? "dev";
  const sdkDir = hostSdkDir(cwd);
  const sdkVersion = (
    JSON.parse(readFileSync(path.join(sdkDir, "package.json"), "utf8")) as { version: string }
  ).version;
  const script = path.join(sdkDir, "cmd", "dynamic-provider", "index.js");
  // The engine runs `pulumi-resource-pulumi-nodejs <engine address>`, a shell script that runs this
  // file with node; the host only checks that the address argument is present, nothing dials it.
  const child = spawn(process.execPath, [script, "127.0.0.1:0"], {
    cwd,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  const stdout: string[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => stderr.push(d));

  // Handshake: the first stdout line is the port (index.js main: console.log(port.toString())).
  const timeoutMs = opts.startTimeoutMs ?? 20_000;
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    const fail = (why: string) => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`dynamic-provider host (${script}) ${why}; stderr:\n${stderr.join("")}`));
    };
    const onData = (d: string) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl < 0) return;
      const line = buf.slice(0, nl).trim();
      const rest = buf.slice(nl + 1);
      if (rest) stdout.push(rest);
      cleanup();
      const n = Number(line);
      if (Number.isInteger(n) && n > 0) resolve(n);
      else fail(`printed ${JSON.stringify(line)} instead of a port`);
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (${code ?? signal}) before printing a port`);
    const onError = (e: Error) => fail(`could not start: ${e.message}`);
    const timer = setTimeout(() => fail(`printed no port within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
  // Later stdout (a provider's console.log) is what the engine would show as the resource's output.
  child.stdout.on("data", (d: string) => stdout.push(d));
  return new ProviderHost(child, port, { cwd, project, stack, sdkDir, sdkVersion }, stdout, stderr);
}

export interface ProviderHostInfo {
  cwd: string;
  project: string;
  stack: string;
  /** The @pulumi/pulumi directory the host runs from. */
  sdkDir: string;
  sdkVersion: string;
}

export interface CreateOptions {
  /** Seconds, from customTimeouts.create; the host does not pass it to the provider. */
  timeout?: number;
  /** The engine never sets it for this host (supportsPreview=false); here only to see what the host does. */
  preview?: boolean;
}

export interface UpdateOptions extends CreateOptions {
  oldInputs?: PropertyMap;
}

/** A running host plus a gRPC client to it. */
export class ProviderHost {
  private readonly client: ProviderGrpcPbModule.ResourceProviderClient;
  private exited = false;
  private configured: ConfigureResult | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly info: ProviderHostInfo,
    private readonly stdout: string[],
    private readonly stderr: string[],
  ) {
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_RPC_MESSAGE_SIZE,
      "grpc.max_send_message_length": MAX_RPC_MESSAGE_SIZE,
    });
    liveHosts.add(child);
    child.once("exit", () => {
      this.exited = true;
      liveHosts.delete(child);
    });
  }

  /** What the last Configure answered (the engine reads acceptSecrets etc. from it); undefined before. */
  get protocol(): ConfigureResult | undefined {
    return this.configured;
  }

  urn(type: string, name: string): string {
    return resourceUrn(this.info.stack, this.info.project, type, name);
  }

  stderrText(): string {
    return this.stderr.join("");
  }

  stdoutText(): string {
    return this.stdout.join("");
  }

  /**
   * Deadline for each RPC, in ms. The engine sets none, but a provider can make the host never answer
   * (e.g. an init error whose properties cannot be encoded), and a test should fail with a message.
   */
  rpcTimeoutMs = 15_000;

  private call<Req, Res>(
    method: string,
    fn: (
      req: Req,
      metadata: GrpcModule.Metadata,
      options: Partial<GrpcModule.CallOptions>,
      cb: (err: GrpcModule.ServiceError | null, res: Res) => void,
    ) => unknown,
    req: Req,
  ): Promise<Res> {
    const timeoutMs = this.rpcTimeoutMs;
    return new Promise((resolve, reject) => {
      fn(req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (!err) return resolve(res);
        const details =
          err.code === grpc.status.DEADLINE_EXCEEDED
            ? `${method}: no answer from the host within ${timeoutMs} ms; host stderr:\n${this.stderrText()}`
            : err.details;
        reject(new ProviderRpcError(method, err.code, details, err.metadata, { cause: err }));
      });
    });
  }

  async pluginInfo(): Promise<string> {
    const info = await this.call<EmptyPbModule.Empty, PluginInfo>(
      "GetPluginInfo",
      this.client.getPluginInfo.bind(this.client),
      new emptypb.Empty(),
    );
    return info.getVersion();
  }

  /**
   * Configure as the engine sends it for the pulumi-nodejs default provider: `config` is the whole stack
   * configuration ("ns:key" → value; values are strings, secure ones wrapped with secret()), in `args`,
   * plus the legacy `variables` map ("pulumi-nodejs:config:<ns:key>" → plain string).
   */
  async configure(config: Record<string, unknown>): Promise<ConfigureResult> {
    const req = new provpb.ConfigureRequest();
    req.setArgs(toStruct(config));
    const vars = req.getVariablesMap();
    for (const [k, v] of Object.entries(config)) {
      const plain = unwrapSecrets(v);
      vars.set(`pulumi-nodejs:config:${k}`, typeof plain === "string" ? plain : JSON.stringify(plain));
    }
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    const res = await this.call<ProviderPbModule.ConfigureRequest, ProviderPbModule.ConfigureResponse>(
      "Configure",
      this.client.configure.bind(this.client),
      req,
    );
    this.configured = {
      acceptSecrets: res.getAcceptsecrets(),
      acceptResources: res.getAcceptresources(),
      acceptOutputs: res.getAcceptoutputs(),
      supportsPreview: res.getSupportspreview(),
    };
    return this.configured;
  }

  async check(type: string, name: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult> {
    const req = new provpb.CheckRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const res = await this.call<ProviderPbModule.CheckRequest, ProviderPbModule.CheckResponse>(
      "Check",
      this.client.check.bind(this.client),
      req,
    );
    return {
      inputs: fromStruct(res.getInputs()) ?? {},
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(
    type: string,
    name: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    oldInputs?: PropertyMap,
  ): Promise<DiffResult> {
    const req = new provpb.DiffRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    const res = await this.call<ProviderPbModule.DiffRequest, ProviderPbModule.DiffResponse>(
      "Diff",
      this.client.diff.bind(this.client),
      req,
    );
    const detailedDiff: DiffResult["detailedDiff"] = {};
    res.getDetaileddiffMap().forEach((d, k) => {
      detailedDiff[k] = { kind: DIFF_KINDS[d.getKind()] ?? "UPDATE", inputDiff: d.getInputdiff() };
    });
    return {
      changes: DIFF_CHANGES[res.getChanges()] ?? "DIFF_UNKNOWN",
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
      hasDetailedDiff: res.getHasdetaileddiff(),
      detailedDiff,
    };
  }

  async create(
    type: string,
    name: string,
    props: PropertyMap,
    opts: CreateOptions = {},
  ): Promise<CreateResult> {
    const req = new provpb.CreateRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setProperties(toStruct(props));
    req.setTimeout(opts.timeout ?? 0);
    req.setPreview(opts.preview ?? false);
    const res = await this.call<ProviderPbModule.CreateRequest, ProviderPbModule.CreateResponse>(
      "Create",
      this.client.create.bind(this.client),
      req,
    );
    return { id: res.getId(), outs: fromStruct(res.getProperties()) ?? {} };
  }

  /**
   * `pulumi refresh` sends props = old outputs and inputs = old inputs; a `get` (static get / ReadResource)
   * sends inputs only; `pulumi import` sends neither, which this host cannot serve (no `__provider`).
   */
  async read(
    type: string,
    name: string,
    id: string,
    props?: PropertyMap,
    inputs?: PropertyMap,
  ): Promise<ReadResult> {
    const req = new provpb.ReadRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setId(id);
    if (props) req.setProperties(toStruct(props));
    if (inputs) req.setInputs(toStruct(inputs));
    const res = await this.call<ProviderPbModule.ReadRequest, ProviderPbModule.ReadResponse>(
      "Read",
      this.client.read.bind(this.client),
      req,
    );
    return {
      id: res.getId(),
      props: fromStruct(res.getProperties()) ?? {},
      inputs: fromStruct(res.getInputs()),
    };
  }

  async update(
    type: string,
    name: string,
    id: string,
    olds: PropertyMap,
    news: PropertyMap,
    opts: UpdateOptions = {},
  ): Promise<UpdateResult> {
    const req = new provpb.UpdateRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setId(id);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    if (opts.oldInputs) req.setOldInputs(toStruct(opts.oldInputs));
    req.setTimeout(opts.timeout ?? 0);
    req.setPreview(opts.preview ?? false);
    const res = await this.call<ProviderPbModule.UpdateRequest, ProviderPbModule.UpdateResponse>(
      "Update",
      this.client.update.bind(this.client),
      req,
    );
    return { outs: fromStruct(res.getProperties()) ?? {} };
  }

  async delete(
    type: string,
    name: string,
    id: string,
    props: PropertyMap,
    oldInputs?: PropertyMap,
    opts: { timeout?: number } = {},
  ): Promise<void> {
    const req = new provpb.DeleteRequest();
    req.setUrn(this.urn(type, name));
    req.setName(name);
    req.setType(type);
    req.setId(id);
    req.setProperties(toStruct(props));
    if (oldInputs) req.setOldInputs(toStruct(oldInputs));
    req.setTimeout(opts.timeout ?? 0);
    await this.call<ProviderPbModule.DeleteRequest, EmptyPbModule.Empty>(
      "Delete",
      this.client.delete.bind(this.client),
      req,
    );
  }

  /** The init-failure detail (id, properties, reasons) of a failed Create/Update, if the error has one. */
  initError(err: unknown): InitError | undefined {
    return decodeInitError(err);
  }

  /** Closes the channel and ends the host (the engine kills plugins the same way). */
  async stop(): Promise<void> {
    this.client.close();
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The engine's sequence for one resource

/** A resource as the engine keeps it in the state (values in wire form; secrets stay wrapped). */
export interface ResourceState {
  id: string;
  /** Checked inputs, including `__provider`. */
  inputs: PropertyMap;
  /** Outputs, including `__provider` (the host copies it from the inputs). */
  outs: PropertyMap;
}

export interface ResourceDriverOptions {
  /** Type token; default DYNAMIC_RESOURCE_TYPE. */
  type?: string;
  /** The additionalSecretOutputs resource option (applied by the engine, never by the host). */
  additionalSecretOutputs?: string[];
  /** The deleteBeforeReplace resource option: when set it overrides what the provider's diff says. */
  deleteBeforeReplace?: boolean;
  /** customTimeouts, in seconds, as the engine sends them (the host ignores them). */
  timeouts?: { create?: number; update?: number; delete?: number };
}

export type UpdateAction = "same" | "updated" | "replaced";

export interface UpdateOutcome {
  action: UpdateAction;
  state: ResourceState;
  /** The diff after the engine's DIFF_UNKNOWN fallback. */
  diff: DiffResult;
  /** For a replacement: whether the old resource was deleted before the new one was created. */
  deletedBeforeCreate?: boolean;
}

export type PreviewAction = "create" | "same" | "update" | "replace";

export interface PreviewOutcome {
  action: PreviewAction;
  /** Checked inputs (may contain UNKNOWN). */
  inputs: PropertyMap;
  /**
   * The outputs the program would see: for this host the engine does not call Create/Update during a
   * preview (supportsPreview=false) and returns the inputs as the state.
   */
  outs: PropertyMap;
  diff?: DiffResult;
}

/**
 * Drives one dynamic resource through a host the way the engine's step generator and executor do.
 *
 * Simplified: no resource options other than those in ResourceDriverOptions (no ignoreChanges,
 * replaceOnChanges, protect, import, retainOnDelete); one resource, so no dependents (a delete-before-
 * replace does not cascade) and the old resource of a create-before-delete replacement is deleted right
 * away (the engine deletes it at the end of the deployment); no parallel diff; a partial failure is
 * returned as ResourceInitFailedError.state, but init errors in a state are not acted upon later (the
 * engine forces an Update of such a resource on the next `up`).
 */
export class ResourceDriver {
  readonly type: string;
  private readonly providerValue: unknown;

  constructor(
    readonly host: ProviderHost,
    provider: string | SerializedProvider,
    readonly options: ResourceDriverOptions = {},
  ) {
    this.type = options.type ?? DYNAMIC_RESOURCE_TYPE;
    const text = typeof provider === "string" ? provider : provider.text;
    // dynamic.Resource makes __provider a secret Output when the serialized closure captured a secret.
    this.providerValue = typeof provider !== "string" && provider.containsSecrets ? secret(text) : text;
  }

  urn(name: string): string {
    return this.host.urn(this.type, name);
  }

  /** The program's inputs plus `__provider`, as dynamic.Resource registers them. */
  programInputs(inputs: PropertyMap): PropertyMap {
    if (inputs[PROVIDER_KEY]) throw new Error("A dynamic resource must not define the __provider key");
    return { ...inputs, [PROVIDER_KEY]: this.providerValue };
  }

  /** `pulumi preview` for this resource (Check with unknowns allowed, then Diff if it exists). */
  async preview(name: string, inputs: PropertyMap, state?: ResourceState): Promise<PreviewOutcome> {
    const news = this.programInputs(inputs);
    const checked = await this.checkInputs(name, state ? state.inputs : {}, news, true);
    if (!state) return { action: "create", inputs: checked, outs: checked };
    const diff = await this.diffState(name, state, checked);
    if (diff.changes === "DIFF_NONE") return { action: "same", inputs: checked, outs: state.outs, diff };
    const action = isReplace(diff) ? "replace" : "update";
    return { action, inputs: checked, outs: checked, diff };
  }

  /** `pulumi up` of a new resource: Check(olds = nothing) → Create. */
  async up(name: string, inputs: PropertyMap): Promise<ResourceState> {
    const checked = await this.checkInputs(name, {}, this.programInputs(inputs), false);
    return this.createChecked(name, checked);
  }

  /**
   * `pulumi up` of an existing resource with new program inputs: Check(olds = old inputs) → Diff(old
   * outputs, new inputs, old inputs) → nothing / Update / replace. A replacement runs Check again with no
   * olds (the engine recomputes defaults for the new resource), then Create and Delete in the order the
   * diff (or the deleteBeforeReplace option) asks for.
   */
  async update(name: string, state: ResourceState, newInputs: PropertyMap): Promise<UpdateOutcome> {
    const news = this.programInputs(newInputs);
    const checked = await this.checkInputs(name, state.inputs, news, false);
    const diff = await this.diffState(name, state, checked);
    if (diff.changes === "DIFF_NONE") {
      // SameStep: the new inputs are recorded, the outputs stay.
      return {
        action: "same",
        diff,
        state: { id: state.id, inputs: checked, outs: this.secretOutputs(state.outs) },
      };
    }
    if (isReplace(diff)) {
      const rechecked = await this.checkInputs(name, {}, news, false);
      const deleteFirst = this.options.deleteBeforeReplace ?? diff.deleteBeforeReplace;
      if (deleteFirst) {
        await this.destroy(name, state);
        const created = await this.createChecked(name, rechecked);
        return { action: "replaced", diff, state: created, deletedBeforeCreate: true };
      }
      const created = await this.createChecked(name, rechecked);
      await this.destroy(name, state);
      return { action: "replaced", diff, state: created, deletedBeforeCreate: false };
    }
    let res: UpdateResult;
    try {
      res = await this.host.update(
        this.type,
        name,
        state.id,
        this.forHost(state.outs),
        this.forHost(checked),
        {
          timeout: this.options.timeouts?.update,
          oldInputs: this.forHost(state.inputs),
        },
      );
    } catch (err) {
      throw this.initFailure(err, state.id, checked);
    }
    const outs = this.secretOutputs(this.annotate(res.outs, checked));
    return { action: "updated", diff, state: { id: state.id, inputs: checked, outs } };
  }

  /**
   * `pulumi refresh`: Read(id, props = old outputs, inputs = old inputs). Returns undefined when the
   * provider reports the resource gone (empty id); keeps the old inputs when the provider returns none.
   */
  async refresh(name: string, state: ResourceState): Promise<ResourceState | undefined> {
    const res = await this.host.read(
      this.type,
      name,
      state.id,
      this.forHost(state.outs),
      this.forHost(state.inputs),
    );
    if (res.id === "") return undefined;
    const inputs = res.inputs ? this.annotate(res.inputs, state.inputs) : state.inputs;
    const outs = this.secretOutputs(this.annotate(res.props, state.outs));
    return { id: res.id, inputs, outs };
  }

  /** `pulumi destroy` (or the delete half of a replacement): Delete(id, props = outputs, old inputs). */
  async destroy(name: string, state: ResourceState): Promise<void> {
    await this.host.delete(this.type, name, state.id, this.forHost(state.outs), this.forHost(state.inputs), {
      timeout: this.options.timeouts?.delete,
    });
  }

  // --- engine-side helpers ---

  private acceptSecrets(): boolean {
    const protocol = this.host.protocol;
    // The engine always configures a provider before its first Check; so must a test.
    if (!protocol) throw new Error("ResourceDriver: call host.configure(config) first, as the engine does");
    return protocol.acceptSecrets;
  }

  /** MarshalProperties with KeepSecrets = the host's acceptSecrets (false for the dynamic host). */
  private forHost(props: PropertyMap): PropertyMap {
    return this.acceptSecrets() ? props : unwrapSecretProps(props);
  }

  /** What the engine does to a result when the provider could not be sent secrets. */
  private annotate(outs: PropertyMap, ins: PropertyMap): PropertyMap {
    return this.acceptSecrets() ? outs : annotateSecrets(outs, ins);
  }

  /** step_executor: additionalSecretOutputs are made secret in the new state's outputs. */
  private secretOutputs(outs: PropertyMap): PropertyMap {
    const keys = this.options.additionalSecretOutputs ?? [];
    if (keys.length === 0) return outs;
    const result = { ...outs };
    for (const k of keys) {
      if (k in result && !isSecret(result[k])) result[k] = secret(result[k]);
    }
    return result;
  }

  private async checkInputs(
    name: string,
    olds: PropertyMap,
    news: PropertyMap,
    allowUnknowns: boolean,
  ): Promise<PropertyMap> {
    const res = await this.host.check(this.type, name, this.forHost(olds), this.forHost(news));
    if (res.failures.length > 0) throw new CheckFailedError(this.urn(name), res.failures);
    if (!allowUnknowns && containsUnknowns(res.inputs)) {
      throw new Error(`Check of ${this.urn(name)} returned unknown values outside a preview`);
    }
    return this.annotate(res.inputs, news);
  }

  private async diffState(name: string, state: ResourceState, checked: PropertyMap): Promise<DiffResult> {
    const diff = await this.host.diff(
      this.type,
      name,
      state.id,
      this.forHost(state.outs),
      this.forHost(checked),
      this.forHost(state.inputs),
    );
    if (diff.changes !== "DIFF_UNKNOWN") return diff;
    // diffResource: a provider without a diff (the host answers DIFF_UNKNOWN) gets the engine's own
    // comparison of old and new inputs, secrets unwrapped.
    const changed = changedKeys(unwrapSecretProps(state.inputs), unwrapSecretProps(checked));
    return { ...diff, changes: changed.length > 0 ? "DIFF_SOME" : "DIFF_NONE", diffs: changed };
  }

  /**
   * A partial failure (StatusPartialFailure): the engine keeps the resource with the detail's properties
   * as its outputs (the host does not add __provider to them) and the reasons as init errors, then fails
   * the deployment. Create takes the id from the detail; Update keeps the resource's id.
   */
  private initFailure(err: unknown, id: string | undefined, checked: PropertyMap): unknown {
    const init = decodeInitError(err);
    if (!init || !(err instanceof ProviderRpcError)) return err;
    const outs = this.secretOutputs(this.annotate(init.properties, checked));
    return new ResourceInitFailedError(err, { id: id ?? init.id, inputs: checked, outs }, init.reasons);
  }

  private async createChecked(name: string, checked: PropertyMap): Promise<ResourceState> {
    let res: CreateResult;
    try {
      res = await this.host.create(this.type, name, this.forHost(checked), {
        timeout: this.options.timeouts?.create,
      });
    } catch (err) {
      throw this.initFailure(err, undefined, checked);
    }
    if (res.id === "") {
      throw new Error(
        `plugin for package 'pulumi-nodejs' returned empty resource.ID from create '${this.urn(name)}'`,
      );
    }
    return { id: res.id, inputs: checked, outs: this.secretOutputs(this.annotate(res.outs, checked)) };
  }
}

/** Create failed after the resource came into existence; `state` is what the engine keeps. */
export class ResourceInitFailedError extends Error {
  override readonly name = "ResourceInitFailedError";
  constructor(
    readonly rpcError: ProviderRpcError,
    readonly state: ResourceState,
    readonly reasons: string[],
  ) {
    super(rpcError.message, { cause: rpcError });
  }
}

/** plugin.DiffResult.Replace(): replace keys, or a detailed diff of a *_REPLACE kind. */
function isReplace(diff: DiffResult): boolean {
  return (
    diff.replaces.length > 0 || Object.values(diff.detailedDiff).some((d) => d.kind.endsWith("_REPLACE"))
  );
}

/** Top-level keys whose values differ (deep comparison of JSON-like values). */
function changedKeys(olds: PropertyMap, news: PropertyMap): string[] {
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
  return [...keys].filter((k) => !deepEqual(olds[k], news[k])).sort();
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
