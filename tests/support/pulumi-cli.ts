// The real Pulumi CLI, for the engine tier: a program run with `pulumi preview`, `up`, `refresh`,
// `destroy` and `stack export` on a stack of its own, offline (a local file backend, a passphrase secrets
// provider, no update check, no plugin downloads), against a TestCloud given through clouds.yaml.
//
// The CLI is `.tools/pulumi/bin/pulumi` (npm run tools:pulumi builds it from Go modules, beside the
// language host and the dynamic-provider launcher), else `pulumi` on PATH.
import { execFileSync, spawn } from "node:child_process";
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { PROJECT_DIR, type TestCloud } from "./cloud";

export const TOOLS_BIN = join(PROJECT_DIR, ".tools", "pulumi", "bin");

export interface PulumiCli {
  /** The `pulumi` executable. */
  bin: string;
  /** Its directory: put on PATH, so the CLI finds the language host and the plugin beside it. */
  dir: string;
  version: string;
}

let found: PulumiCli | { missing: string } | undefined;

/** The CLI the engine tier uses, or why there is none. */
export function findPulumiCli(): PulumiCli | { missing: string } {
  if (found) return found;
  const candidates = [
    join(TOOLS_BIN, "pulumi"),
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "pulumi")),
  ];
  for (const bin of candidates) {
    try {
      accessSync(bin, constants.X_OK);
    } catch {
      continue;
    }
    const dir = join(bin, "..");
    const version = execFileSync(bin, ["version"], { encoding: "utf8", env: offlineEnv({}) }).trim();
    return (found = { bin, dir, version });
  }
  return (found = {
    missing: `no Pulumi CLI (${join(TOOLS_BIN, "pulumi")} does not exist and none is on PATH; build it with 'npm run tools:pulumi')`,
  });
}

/** What keeps the CLI from reaching anything but 127.0.0.1. */
function offlineEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    // enables --event-log, the engine's events as JSON lines (what each step did)
    PULUMI_DEBUG_COMMANDS: "true",
    ...extra,
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A CLI run that was expected to succeed and did not. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly args: string[],
    readonly result: CliResult,
  ) {
    const tail = (s: string) => s.trim().split("\n").slice(-40).join("\n");
    super(`pulumi ${args.join(" ")} exited ${result.code}:\n${tail(result.stdout)}\n${tail(result.stderr)}`);
  }
}

/** An engine step op: "create", "update", "replace", "same", "delete", "create-replacement", … */
export type StepOp = string;

/** A resource of the stack as `pulumi stack export --show-secrets` has it, secrets decrypted. */
export interface StackResource {
  urn: string;
  /** The URN's last part: the resource's name in the program. */
  name: string;
  type: string;
  /** The type token's last part: "Server", "KeyPair", … */
  kind: string;
  id: string;
  inputs: Record<string, unknown>;
  outs: Record<string, unknown>;
  protect?: boolean;
  /** What the last `up` did to it (from the engine's event log), "same" when it did nothing. */
  action: "created" | "updated" | "replaced" | "same";
}

export interface CliUpResult {
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  resources: StackResource[];
  /** The step of each resource (by URN) the engine reported, e.g. "create", "same", "replace". */
  steps: Map<string, StepOp[]>;
  output: string;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

function isSecretValue(v: unknown): v is { plaintext?: string; ciphertext?: string } {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

/** A state value with secrets decrypted (`--show-secrets`) turned into plain values. */
function plain(value: unknown): unknown {
  if (isSecretValue(value)) return value.plaintext === undefined ? value : plain(JSON.parse(value.plaintext));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const ACTIONS: Record<string, StackResource["action"]> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  "create-replacement": "replaced",
  "delete-replaced": "replaced",
  same: "same",
};

export interface CliProgramOptions {
  programDir: string;
  stack: string;
  cloud: TestCloud;
  /** Plain stack config set before the first run ("key" for the project's namespace, or "ns:key"). */
  config?: Record<string, string>;
  /** Extra environment for every CLI run (the provider host inherits it). */
  env?: Record<string, string>;
}

/**
 * One stack of one program under the real CLI, in a workspace of its own (PULUMI_HOME, file backend and
 * OPENSTACK_DEBUG log in a temporary directory). close() removes the workspace, not the cloud's objects.
 */
export class CliProgram {
  readonly home: string;
  readonly debugLog: string;
  private stateCache: StackResource[] = [];
  private lastSteps = new Map<string, StepOp[]>();
  /** Keys set by up(config): a later up(config) removes those it does not name. */
  private upConfigKeys = new Set<string>();

  private constructor(
    readonly cli: PulumiCli,
    readonly opts: CliProgramOptions,
  ) {
    this.home = mkdtempSync(join(tmpdir(), "pulumi-engine-"));
    this.debugLog = join(this.home, "openstack-debug.log");
    mkdirSync(join(this.home, "state"));
  }

  static async open(opts: CliProgramOptions): Promise<CliProgram> {
    const cli = findPulumiCli();
    if ("missing" in cli) throw new Error(cli.missing);
    const program = new CliProgram(cli, opts);
    await program.run(["stack", "init", opts.stack]);
    await program.setConfig({ "openstack:cloud": opts.cloud.name, ...opts.config });
    return program;
  }

  get env(): NodeJS.ProcessEnv {
    const env = offlineEnv({
      PATH: `${this.cli.dir}${delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: join(this.home, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${join(this.home, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "engine-tier-passphrase",
      // the program is type-checked by `npm run typecheck`; the CLI only transpiles it
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      OS_CLIENT_CONFIG_FILE: this.opts.cloud.file,
      OPENSTACK_DEBUG: this.debugLog,
      ...this.opts.env,
    });
    // the cloud comes from the stack config alone, as in a user's stack
    for (const key of Object.keys(env))
      if (key.startsWith("OS_") && key !== "OS_CLIENT_CONFIG_FILE") delete env[key];
    return env;
  }

  /** Runs `pulumi <args>` in the program directory; rejects with CliError on a non-zero exit unless allowed. */
  run(
    args: string[],
    options: {
      allowFailure?: boolean;
      timeoutMs?: number;
      env?: NodeJS.ProcessEnv;
      onSpawn?: (pid: number) => void;
      /** Its own process group (pid = group id), so a test can kill the CLI with all its plugins. */
      ownProcessGroup?: boolean;
    } = {},
  ): Promise<CliResult> {
    const fullArgs = [...args, "--non-interactive", "--color", "never", "--stack", this.opts.stack];
    const stackless = args[0] === "stack" && args[1] === "init";
    const argv = stackless ? [...args, "--non-interactive", "--color", "never"] : fullArgs;
    return new Promise((resolve, reject) => {
      const child = spawn(this.cli.bin, argv, {
        cwd: this.opts.programDir,
        env: { ...this.env, ...options.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: options.ownProcessGroup === true,
      });
      if (child.pid !== undefined) options.onSpawn?.(child.pid);
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 15 * 60_000);
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const result = { code: code ?? (signal ? 128 : 1), stdout, stderr };
        if (result.code !== 0 && !options.allowFailure) reject(new CliError(args, result));
        else resolve(result);
      });
    });
  }

  /** Sets plain config values ("key" in the project's namespace, or "ns:key"); `secret` ones encrypted. */
  async setConfig(config: Record<string, string>, secret: Record<string, string> = {}): Promise<void> {
    const args = [
      ...Object.entries(config).flatMap(([k, v]) => ["--plaintext", `${k}=${v}`]),
      ...Object.entries(secret).flatMap(([k, v]) => ["--secret", `${k}=${v}`]),
    ];
    if (args.length > 0) await this.run(["config", "set-all", ...args]);
  }

  async removeConfig(keys: string[]): Promise<void> {
    for (const key of keys) await this.run(["config", "rm", key]);
  }

  /** Makes `config` the program's config: sets its keys, removes those an earlier call set and it lacks. */
  async useConfig(config: Record<string, string>): Promise<void> {
    await this.removeConfig([...this.upConfigKeys].filter((k) => !(k in config)));
    await this.setConfig(config);
    this.upConfigKeys = new Set(Object.keys(config));
  }

  /** `pulumi up --yes`; the config given is set first. Rejects with CliError when the update fails. */
  async up(config?: Record<string, string>, flags: string[] = []): Promise<CliUpResult> {
    if (config) await this.useConfig(config);
    const events = join(this.home, "events.jsonl");
    rmSync(events, { force: true });
    let result: CliResult;
    try {
      result = await this.run(["up", "--yes", "--skip-preview", "--event-log", events, ...flags]);
    } finally {
      this.lastSteps = readSteps(events);
      await this.refreshState();
    }
    const exported = await this.outputs();
    const steps = this.lastSteps;
    const touched = new Set(steps.keys());
    return {
      ...exported,
      steps,
      resources: this.stateCache.filter((r) => touched.has(r.urn)),
      output: result.stdout + result.stderr,
    };
  }

  /** `pulumi preview` with these flags; the result whatever the exit code. */
  preview(flags: string[] = [], env?: NodeJS.ProcessEnv): Promise<CliResult> {
    return this.run(["preview", ...flags], { allowFailure: true, env });
  }

  /** `pulumi refresh` with these flags (add --yes to apply it); the result whatever the exit code. */
  async refresh(flags: string[] = []): Promise<CliResult> {
    const result = await this.run(["refresh", ...flags], { allowFailure: true });
    if (flags.includes("--yes")) await this.refreshState();
    return result;
  }

  /** `pulumi destroy --yes`; rejects with CliError when it fails. */
  async destroy(flags: string[] = []): Promise<CliResult> {
    try {
      return await this.run(["destroy", "--yes", "--skip-preview", ...flags]);
    } finally {
      await this.refreshState();
    }
  }

  /** The stack's state as stored: `pulumi stack export` (secrets as ciphertext unless showSecrets). */
  async exportState(showSecrets = false): Promise<{ text: string; deployment: Deployment }> {
    const { stdout } = await this.run(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
    return { text: stdout, deployment: (JSON.parse(stdout) as { deployment: Deployment }).deployment };
  }

  /** The dynamic resources of the stack, as of the last CLI run that changed it. */
  get state(): StackResource[] {
    return this.stateCache;
  }

  async refreshState(): Promise<StackResource[]> {
    const { deployment } = await this.exportState(true);
    this.stateCache = (deployment.resources ?? [])
      .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))
      .map((r) => {
        const inputs = plain(r.inputs ?? {}) as Record<string, unknown>;
        const outs = plain(r.outputs ?? {}) as Record<string, unknown>;
        delete inputs.__provider;
        delete outs.__provider;
        const ops = this.lastSteps.get(r.urn) ?? [];
        const action = ops.map((op) => ACTIONS[op]).find((a) => a !== undefined && a !== "same") ?? "same";
        return {
          urn: r.urn,
          name: r.urn.split("::").pop()!,
          type: r.type,
          kind: r.type.split(":").pop()!,
          id: r.id ?? "",
          inputs,
          outs,
          protect: r.protect,
          action,
        };
      });
    return this.stateCache;
  }

  /** Stack outputs, secrets shown, and which of them are secret. */
  async outputs(): Promise<{ outputs: Record<string, unknown>; secretOutputs: string[] }> {
    const { deployment } = await this.exportState(false);
    const stack = (deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
    const secretOutputs = Object.entries(stack?.outputs ?? {})
      .filter(([, v]) => isSecretValue(v))
      .map(([k]) => k);
    const { stdout } = await this.run(["stack", "output", "--json", "--show-secrets"]);
    return { outputs: JSON.parse(stdout) as Record<string, unknown>, secretOutputs };
  }

  /** Requests the provider made since `from` (an offset into the OPENSTACK_DEBUG log): "METHOD url". */
  requestsSince(from = 0): string[] {
    if (!existsSync(this.debugLog)) return [];
    const text = readFileSync(this.debugLog, "utf8").slice(from);
    // request lines only ("--> "), not the responses ("<-- 201 POST …")
    return [...text.matchAll(/^\[openstack\] --> (GET|POST|PUT|PATCH|DELETE|HEAD) (https?:\/\/\S+)/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
  }

  /** Where the OPENSTACK_DEBUG log ends now. */
  logOffset(): number {
    return existsSync(this.debugLog) ? readFileSync(this.debugLog, "utf8").length : 0;
  }

  /** Removes the workspace and the stack's config file (after destroy; the cloud is not touched). */
  close(): void {
    rmSync(this.home, { recursive: true, force: true });
    rmSync(join(this.opts.programDir, `Pulumi.${this.opts.stack}.yaml`), { force: true });
  }

  /** Writes a file in the workspace (e.g. a large user-data file a program reads). */
  writeFile(name: string, content: string): string {
    const path = join(this.home, name);
    writeFileSync(path, content);
    return path;
  }
}

interface Deployment {
  resources?: Array<{
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    protect?: boolean;
    pendingReplacement?: boolean;
  }>;
  pending_operations?: unknown[];
}

/** The steps of the engine's event log: resource URN → the ops of its resOutputsEvents, in order. */
function readSteps(file: string): Map<string, StepOp[]> {
  const steps = new Map<string, StepOp[]>();
  if (!existsSync(file)) return steps;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const event = JSON.parse(line) as { resOutputsEvent?: { metadata: { op: string; urn: string } } };
    const meta = event.resOutputsEvent?.metadata;
    if (!meta) continue;
    steps.set(meta.urn, [...(steps.get(meta.urn) ?? []), meta.op]);
  }
  return steps;
}
