// One run of a Pulumi program in this process, as the Node.js language host runs it: in the program's
// working directory, with the stack config visible to `new pulumi.Config()`, its module loaded afresh,
// its exports (or the result of its exported function) resolved as the stack outputs, and every
// resource registration finished before it returns.
import { join, sep } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT_DIR } from "../cloud";
import { installMocks, type RegisterHandler } from "./mocks";
import type { ProgramLayout } from "./project";

export interface PassResult {
  /** Stack outputs, resolved, secrets unwrapped. */
  outputs: Record<string, unknown>;
  /** Names of the outputs that were secret. */
  secretOutputs: string[];
  /** What went wrong in the program itself (load errors, rejected outputs, unhandled rejections). */
  errors: unknown[];
}

// This package's own modules (sources and build) are never reloaded: provider objects are cached per kind
// and program directory, and a reload would make new ones for the same resources.
const PACKAGE_DIRS = [join(PROJECT_DIR, "provider") + sep, join(PROJECT_DIR, "dist") + sep];

/** Modules loaded by a pass that belong to the program: inside its project, not a dependency or this package. */
function isProgramModule(file: string, layout: ProgramLayout): boolean {
  return (
    file.startsWith(layout.projectDir + sep) &&
    !file.includes(`${sep}node_modules${sep}`) &&
    !PACKAGE_DIRS.some((dir) => file.startsWith(dir))
  );
}

interface SdkInternals {
  settings: { waitForRPCs(): Promise<void> };
  state: { getStore(): { config: Record<string, string> } };
}

function sdk(): SdkInternals {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return {
    settings: require("@pulumi/pulumi/runtime/settings") as SdkInternals["settings"],
    state: require("@pulumi/pulumi/runtime/state") as SdkInternals["state"],
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function resolveOutput(value: unknown): Promise<{ value: unknown; secret: boolean }> {
  const output = pulumi.output(value);
  // Output.promise() is the SDK's internal accessor; apply() would never run for a rejected output
  const internal = output as unknown as { promise(): Promise<unknown> };
  const [resolved, secret] = await Promise.all([internal.promise(), pulumi.isSecret(output)]);
  return { value: resolved, secret };
}

export interface PassOptions {
  layout: ProgramLayout;
  stack: string;
  /** Namespaced stack config ("ns:key" → value). */
  config: Record<string, string>;
  onRegister: RegisterHandler;
  /** Program modules loaded by earlier passes: removed from require.cache first, then refilled. */
  programModules: Set<string>;
}

// The SDK's runtime state (mocks, config), the working directory and require.cache are per process: one
// pass at a time, whichever run it belongs to.
let passes: Promise<unknown> = Promise.resolve();

export function runProgramPass(opts: PassOptions): Promise<PassResult> {
  const pass = passes.then(() => runPass(opts));
  passes = pass.catch(() => undefined);
  return pass;
}

async function runPass(opts: PassOptions): Promise<PassResult> {
  const { layout } = opts;
  const { settings, state } = sdk();
  const errors: unknown[] = [];
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];

  const savedCwd = process.cwd();
  const store = state.getStore();
  const savedConfig = { ...store.config };
  // The SDK turns a failed registration into rejected Outputs that nobody awaits: the language host
  // reports them as the program's errors, and so does this (instead of the test runner's handler).
  const savedListeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  const onRejection = (reason: unknown) => errors.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    process.chdir(layout.cwd);
    await installMocks(layout.project, opts.stack, opts.onRegister);
    pulumi.runtime.setAllConfig(opts.config, []);

    for (const file of [...opts.programModules, layout.entry]) delete require.cache[file];
    opts.programModules.clear();
    const before = new Set(Object.keys(require.cache));
    let exported: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(layout.entry);
    } catch (error) {
      errors.push(error);
    } finally {
      for (const file of Object.keys(require.cache)) {
        if (!before.has(file) && isProgramModule(file, layout)) opts.programModules.add(file);
      }
    }

    // as cmd/run: a module that is a function is called, and its (awaited) result is the outputs
    let values: unknown = exported;
    if (typeof exported === "function") {
      try {
        values = await (exported as () => unknown)();
      } catch (error) {
        errors.push(error);
        values = undefined;
      }
    }
    if (values !== null && typeof values === "object") {
      const entries = Object.entries(values as Record<string, unknown>).filter(([, v]) => v !== undefined);
      const settled = await Promise.allSettled(entries.map(([, value]) => resolveOutput(value)));
      // in the order the program exports them
      settled.forEach((result, i) => {
        const name = entries[i]![0];
        if (result.status === "rejected") errors.push(result.reason);
        else if (result.value.value !== undefined) {
          outputs[name] = result.value.value;
          if (result.value.secret) secretOutputs.push(name);
        }
      });
    }
    // every registration, including those no output depends on
    await settings.waitForRPCs();
    // rejections of outputs nothing awaited are reported on the next turns of the event loop
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.chdir(savedCwd);
    store.config = savedConfig;
    process.removeListener("unhandledRejection", onRejection);
    for (const listener of savedListeners) process.on("unhandledRejection", listener);
  }
  secretOutputs.sort();
  return { outputs, secretOutputs, errors };
}
