// The SDK's mock monitor as the engine's front door: every resource the program registers reaches
// `onRegister` with its full RegisterResourceRequest (the options MockResourceArgs leaves out), and what
// it returns (id and outputs, in wire form) is what the program's Outputs resolve to.
import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import type { PropertyMap } from "../serialize";

/** The resource options of a registration that the stand-in looks at. */
export interface RegisteredOptions {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  /** URNs this resource depends on: dependsOn, the parent and the resources its inputs came from. */
  dependencies: string[];
  /** customTimeouts in seconds (the dynamic-provider host ignores them; the engine sends them). */
  timeouts: { create?: number; update?: number; delete?: number };
}

export interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** Inputs in wire form: secrets are {SIG_KEY: SECRET_SIG, value} objects, as the engine receives them. */
  inputs: PropertyMap;
  options: RegisteredOptions;
}

export type RegisterHandler = (reg: Registration) => Promise<{ id: string | undefined; state: PropertyMap }>;

interface MonitorMethods {
  registerResource(req: RegisterResourceRequest, callback: (err: unknown, res: unknown) => void): unknown;
  readResource(req: unknown, callback: (err: unknown, res: unknown) => void): unknown;
}

/** Go duration strings ("1h30m", "90s", "2m") as customTimeouts carry them, in seconds. */
export function durationSeconds(text: string): number | undefined {
  if (!text) return undefined;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|h|m|s)/g, (_all, n: string, unit: string) => {
    total += Number(n) * units[unit]!;
    return "";
  });
  if (rest !== "") throw new Error(`engine stand-in: cannot read the duration "${text}"`);
  return total;
}

function urnOf(stack: string, project: string, req: RegisterResourceRequest): string {
  // The mock monitor's rule (and the engine's for any parent but the stack): a child's type is
  // qualified with its parent's.
  let type = req.getType();
  const parent = req.getParent();
  if (parent) type = `${parent.split("::")[2]!.split("$").pop()!}$${type}`;
  return `urn:pulumi:${stack}::${project}::${type}::${req.getName()}`;
}

/** Options the stand-in cannot honour fail the registration instead of being ignored silently. */
function unsupported(req: RegisterResourceRequest): string | undefined {
  if (req.getImportid()) return "import (dynamic providers cannot import; use adoptId)";
  if (req.getReplaceonchangesList().length > 0) return "replaceOnChanges";
  if (req.getDeletedwith()) return "deletedWith";
  if (req.getReplaceWithList().length > 0) return "replaceWith";
  return undefined;
}

function optionsOf(req: RegisterResourceRequest): RegisteredOptions {
  const t = req.getCustomtimeouts();
  return {
    protect: req.hasProtect() && req.getProtect() === true,
    retainOnDelete: req.hasRetainondelete() && req.getRetainondelete() === true,
    deleteBeforeReplace: req.getDeletebeforereplace(),
    additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    ignoreChanges: req.getIgnorechangesList(),
    dependencies: [...new Set([...req.getDependenciesList(), ...(req.getParent() ? [req.getParent()] : [])])],
    timeouts: {
      create: durationSeconds(t?.getCreate() ?? ""),
      update: durationSeconds(t?.getUpdate() ?? ""),
      delete: durationSeconds(t?.getDelete() ?? ""),
    },
  };
}

/**
 * pulumi.runtime.setMocks, with the monitor's registerResource wrapped so the handler sees the request.
 * MockMonitor.registerResource calls mocks.newResource synchronously (before its first await), so the
 * request stashed just before that call is the one newResource is about.
 */
export async function installMocks(
  project: string,
  stack: string,
  onRegister: RegisterHandler,
): Promise<void> {
  let pending: RegisterResourceRequest | undefined;
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const req = pending;
        pending = undefined;
        if (!req || req.getName() !== args.name || req.getType() !== args.type) {
          throw new Error(
            `engine stand-in: ${args.type} ${args.name}: reading existing resources (Resource.get) is not supported`,
          );
        }
        const refused = unsupported(req);
        if (refused) throw new Error(`engine stand-in: ${args.name}: the ${refused} option is not supported`);
        return onRegister({
          urn: urnOf(stack, project, req),
          type: args.type,
          name: args.name,
          custom: args.custom === true,
          inputs: args.inputs as PropertyMap,
          options: optionsOf(req),
        });
      },
      call: (args) => {
        throw new Error(`engine stand-in: invokes are not supported (${args.token})`);
      },
    },
    project,
    stack,
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): unknown };
  const monitor = settings.getMonitor() as MonitorMethods;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    pending = req;
    try {
      return register(req, callback);
    } finally {
      pending = undefined;
    }
  };
}
