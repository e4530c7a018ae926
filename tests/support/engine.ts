// A minimal stand-in for the Pulumi engine: what `npm run demo` runs on machines without a Pulumi CLI
// (and no Go to build one). Every end-to-end claim is checked with the real CLI instead (tests/engine/);
// this is tested only for what the demo needs of it (tests/unit/engine, tests/integration/program/demo).
//
// It runs a real Pulumi TypeScript program in this process under pulumi.runtime.setMocks; the mock
// monitor's registrations of dynamic resources (type pulumi-nodejs:dynamic…) go to the SDK's real
// dynamic-provider host through ResourceDriver (tests/support/provider-host.ts), which sends the RPCs the
// engine sends — so the program's resources are really created, updated, replaced, read and deleted, and
// the ids and outputs the host returns are what the program's Outputs resolve to.
//
// Like the engine: URNs (stack, project, type, name; parent-qualified types); one provider host, started in
// the program's working directory and configured with the whole stack config (plus openstack:cloud for a
// TestCloud), restarted when that config changes; the Check/Diff/Create/Update/replace/Delete sequences;
// secrets (secret inputs reach the host unwrapped and come back secret; additionalSecretOutputs); the
// options deleteBeforeReplace, retainOnDelete, protect, ignoreChanges (top-level properties) and
// customTimeouts (sent; the host ignores them); resources no longer declared deleted once every
// registration of the pass has finished; deletes in reverse dependency order; stack outputs and their
// secretness; a create that failed after the cloud made the resource keeps it in the state.
//
// NOT like the engine:
// - no preview (`up` goes straight to the RPCs; ResourceDriver.preview exists per resource), no Stack
//   resource (pulumi:pulumi:Stack), no type check of the program (tsx runs it; the CLI's ts-node checks);
// - only dynamic resources: components are accepted and not recorded; other packages, explicit providers,
//   Resource.get, invokes, imports, replaceOnChanges, deletedWith, replaceWith are refused; aliases,
//   transforms and hooks are not supported;
// - a create-before-delete replacement deletes the old resource right away, not at the end of the
//   deployment, and a delete-before-replace does not replace its dependents;
// - deletes run one at a time; init errors in the state are not retried by the next `up`;
// - config values are plain (no secret config); the state lives in memory (saveState() gives a copy
//   without secrets, persist keeps it in a file), neither encrypted nor versioned;
// - one program pass at a time per process (the SDK's runtime state and the working directory are global).
import type { TestCloud } from "./cloud";
import { Deployment } from "./engine/deployment";
import { runProgramPass } from "./engine/program-pass";
import { programLayout, stackConfig, type ProgramLayout } from "./engine/project";
import type { Registration } from "./engine/mocks";
import {
  engineResource,
  loadState,
  saveState,
  writePrivateJson,
  type EngineResource,
  type SavedState,
  type StateEntry,
} from "./engine/state";

export type { EngineAction, EngineResource, SavedResource, SavedState } from "./engine/state";
export type { ProgramLayout } from "./engine/project";

export interface UpResult {
  /** Stack exports, resolved, secrets unwrapped. */
  outputs: Record<string, unknown>;
  /** The resources the program declared, in state order, each with what this `up` did. */
  resources: EngineResource[];
  /** Export names that were secret. */
  secretOutputs: string[];
  /** Resources deleted because the program no longer declares them. */
  deleted: EngineResource[];
}

export interface ProgramRun {
  /**
   * One `pulumi up`: runs the program with this stack config ("ns:key" or "key" → string; omitted: the
   * stack's config from the previous `up`); creates, updates, replaces through the host; deletes
   * resources the program no longer declares. Rejects with UpError (the state keeps what was done).
   */
  up(config?: Record<string, string>): Promise<UpResult>;
  /** `pulumi refresh`: reads every resource; returns which ones changed (refresh: "changed") or disappeared ("deleted"). */
  refresh(): Promise<EngineResource[]>;
  /** `pulumi destroy`: deletes everything in reverse creation (dependency) order. */
  destroy(): Promise<void>;
  /** Stops the provider host (after destroy, or to keep resources for inspection). */
  stop(): Promise<void>;
  readonly state: EngineResource[];
  /** The state without any secret value (what the demo keeps on disk); openProgram({ state }) resumes it. */
  saveState(): SavedState;
  /** Where the program is and how it is run. */
  readonly layout: ProgramLayout;
}

export interface OpenProgramOptions {
  /** The project directory (with Pulumi.yaml). */
  programDir: string;
  /** Module to load, relative to programDir; default: Pulumi.yaml `main`, else index.ts (or index.js). */
  main?: string;
  /** Default: Pulumi.yaml name. */
  project?: string;
  /** Default "dev". */
  stack?: string;
  /**
   * The cloud: the host gets OS_CLIENT_CONFIG_FILE = its clouds.yaml (and OS_CLOUD emptied) and
   * `openstack:cloud` = its name unless the stack config sets one. Without it the host inherits this
   * process's environment (OS_* variables) and the stack config alone says where the cloud is.
   */
  cloud?: TestCloud;
  /** Extra environment of the provider host. */
  hostEnv?: Record<string, string>;
  /** The stack config before any `up` ("ns:key" or "key"), e.g. for refresh or destroy of a resumed state. */
  config?: Record<string, string>;
  /** A state saved by saveState(): resume that stack (e.g. to destroy it). */
  state?: SavedState;
  /** Keep the secret-free state in this file (mode 0600), rewritten after every change. */
  persist?: string;
  /** Deadline of each RPC to the provider host; default 30 minutes. */
  rpcTimeoutMs?: number;
}

/** An `up` that failed: `errors` are the causes (resource operations first), the state keeps what was done. */
export class UpError extends Error {
  override readonly name = "UpError";
  constructor(readonly errors: unknown[]) {
    const messages = [...new Set(errors.map((e) => (e instanceof Error ? e.message : String(e))))];
    super(`up failed:\n  ${messages.join("\n  ")}`, { cause: errors[0] });
  }
}

/** pulumi-nodejs:dynamic:Resource, or with the module and type dynamic.Resource may be given. */
const isDynamic = (type: string) => /^pulumi-nodejs:dynamic(\/[^:]+)?:[^:]+$/.test(type);

export function openProgram(opts: OpenProgramOptions): Promise<ProgramRun> {
  // a bad layout or saved state rejects, as everything else does
  return new Promise((resolve) => resolve(createRun(opts)));
}

function createRun(opts: OpenProgramOptions): ProgramRun {
  const layout = programLayout(opts.programDir, opts.main, opts.project);
  const stack = opts.stack ?? "dev";
  if (opts.state && (opts.state.project !== layout.project || opts.state.stack !== stack)) {
    throw new Error(
      `engine stand-in: the saved state is of ${opts.state.project}/${opts.state.stack}, not ${layout.project}/${stack}`,
    );
  }
  const persist = opts.persist;
  const deployment = new Deployment({
    layout,
    stack,
    cloud: opts.cloud,
    hostEnv: opts.hostEnv,
    rpcTimeoutMs: opts.rpcTimeoutMs,
    onChange: persist
      ? (entries: StateEntry[]) => writePrivateJson(persist, saveState(layout.project, stack, entries))
      : undefined,
  });
  for (const entry of opts.state ? loadState(opts.state) : []) deployment.entries.set(entry.urn, entry);
  let config = stackConfig(layout.project, opts.config ?? {});
  const programModules = new Set<string>();

  const run: ProgramRun = {
    layout,

    get state() {
      return [...deployment.entries.values()].map((e) => engineResource(e));
    },

    async up(newConfig) {
      if (newConfig !== undefined) config = stackConfig(layout.project, newConfig);
      deployment.setStackConfig(config);
      const seen = new Set<string>();
      const failures: unknown[] = [];
      const register = async (reg: Registration) => {
        // components only group resources: nothing to create, their inputs are their outputs
        if (!reg.custom) return { id: undefined, state: reg.inputs };
        if (!isDynamic(reg.type)) {
          throw new Error(
            `engine stand-in: ${reg.urn}: only dynamic resources (pulumi-nodejs:dynamic…) are supported`,
          );
        }
        if (seen.has(reg.urn)) throw new Error(`Duplicate resource URN '${reg.urn}'`);
        seen.add(reg.urn);
        const { state } = await deployment.register(reg);
        return { id: state.id, state: state.outs };
      };
      const onRegister = (reg: Registration) =>
        register(reg).catch((error: unknown) => {
          failures.push(error);
          throw error;
        });
      const pass = await runProgramPass({ layout, stack, config, onRegister, programModules });
      // a failed resource also rejects every Output built on it: its own error says what happened
      const errors = failures.length > 0 ? failures : pass.errors;
      if (errors.length > 0) throw new UpError(errors);
      const gone = [...deployment.entries.values()].filter((e) => !seen.has(e.urn));
      const deleted = await deployment.delete(gone);
      return {
        outputs: pass.outputs,
        secretOutputs: pass.secretOutputs,
        resources: [...deployment.entries.values()]
          .filter((e) => seen.has(e.urn))
          .map((e) => engineResource(e)),
        deleted,
      };
    },

    async refresh() {
      deployment.setStackConfig(config);
      return deployment.refresh();
    },

    async destroy() {
      deployment.setStackConfig(config);
      await deployment.delete([...deployment.entries.values()]);
    },

    stop: () => deployment.stop(),

    saveState: () => saveState(layout.project, stack, [...deployment.entries.values()]),
  };
  return run;
}
