// The stand-in's state: one entry per resource, keyed by URN, in creation order; what tests see of it;
// the order deletes go in; and the secret-free form the demo keeps on disk.
import { chmodSync, renameSync, writeFileSync } from "node:fs";
import type { ResourceState } from "../provider-host";
import { containsSecrets, isPlainObject, isSecret, PROVIDER_KEY, unwrapSecrets } from "../serialize";
import type { PropertyMap } from "../serialize";
import type { RegisteredOptions } from "./mocks";

export type EngineAction = "created" | "same" | "updated" | "replaced";

export interface EngineResource {
  urn: string;
  name: string;
  /**
   * The resource kind: the `kind` the provider object captured ("Server", "KeyPair", … for this
   * package, read from the serialized provider), else the type token's last part ("Widget" for
   * `pulumi-nodejs:dynamic/widgets:Widget`, "Resource" for a plain dynamic.Resource).
   */
  kind: string;
  id: string;
  /** Checked inputs, secrets unwrapped, without `__provider`. */
  inputs: Record<string, unknown>;
  /** Outputs, secrets unwrapped, without `__provider`. */
  outs: Record<string, unknown>;
  /** What the last `up` did to it. */
  action: EngineAction;
  /** Type token, e.g. pulumi-nodejs:dynamic:Resource. */
  type: string;
  /** Only in refresh() results: what the refresh found. */
  refresh?: "changed" | "deleted";
}

export interface StateEntry {
  urn: string;
  name: string;
  type: string;
  kind: string;
  state: ResourceState;
  options: RegisteredOptions;
  action: EngineAction;
  /** Set when the entry was loaded from a saved state whose `__provider` was a secret (and so dropped). */
  providerDropped?: boolean;
}

export function kindOf(providerText: string, type: string): string {
  return /\bkind: "([A-Za-z0-9_]+)"/.exec(providerText)?.[1] ?? type.split(":").pop()!;
}

export function providerText(props: PropertyMap): string | undefined {
  const value = unwrapSecrets(props[PROVIDER_KEY]);
  return typeof value === "string" ? value : undefined;
}

function plain(props: PropertyMap): Record<string, unknown> {
  const out = unwrapSecrets(props) as Record<string, unknown>;
  delete out[PROVIDER_KEY];
  return out;
}

export function engineResource(entry: StateEntry, refresh?: EngineResource["refresh"]): EngineResource {
  return {
    urn: entry.urn,
    name: entry.name,
    kind: entry.kind,
    id: entry.state.id,
    inputs: plain(entry.state.inputs),
    outs: plain(entry.state.outs),
    action: entry.action,
    type: entry.type,
    ...(refresh ? { refresh } : {}),
  };
}

/**
 * The order to delete `entries` in: a resource before everything it depends on (recorded dependencies
 * among the entries), otherwise newest first — the engine's reverse dependency order, one at a time.
 */
export function deletionOrder(entries: StateEntry[]): StateEntry[] {
  const remaining = [...entries].reverse();
  const order: StateEntry[] = [];
  while (remaining.length > 0) {
    const dependedOn = new Set(remaining.flatMap((e) => e.options.dependencies));
    const index = remaining.findIndex((e) => !dependedOn.has(e.urn));
    // a cycle cannot come from a program; if the recorded dependencies have one, newest first
    const [next] = remaining.splice(index < 0 ? 0 : index, 1);
    order.push(next!);
  }
  return order;
}

/** Deep equality of JSON-like values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Saved state

export interface SavedResource {
  urn: string;
  name: string;
  type: string;
  kind: string;
  id: string;
  /** Wire form, every property holding a secret left out. */
  inputs: PropertyMap;
  outs: PropertyMap;
  options: RegisteredOptions;
  /** The provider text was a secret and is not here: this resource cannot be deleted from the saved state. */
  providerDropped?: boolean;
}

export interface SavedState {
  version: 1;
  project: string;
  stack: string;
  resources: SavedResource[];
}

function withoutSecrets(props: PropertyMap): PropertyMap {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => !containsSecrets(v)));
}

export function saveState(project: string, stack: string, entries: StateEntry[]): SavedState {
  return {
    version: 1,
    project,
    stack,
    resources: entries.map((e) => ({
      urn: e.urn,
      name: e.name,
      type: e.type,
      kind: e.kind,
      id: e.state.id,
      inputs: withoutSecrets(e.state.inputs),
      outs: withoutSecrets(e.state.outs),
      options: e.options,
      ...(e.providerDropped || isSecret(e.state.outs[PROVIDER_KEY]) ? { providerDropped: true } : {}),
    })),
  };
}

export function loadState(saved: SavedState): StateEntry[] {
  if (saved.version !== 1)
    throw new Error(`engine stand-in: unknown saved state version ${String(saved.version)}`);
  return saved.resources.map((r) => ({
    urn: r.urn,
    name: r.name,
    type: r.type,
    kind: r.kind,
    state: { id: r.id, inputs: r.inputs, outs: r.outs },
    options: r.options,
    action: "same",
    ...(r.providerDropped ? { providerDropped: true } : {}),
  }));
}

/** Writes the file readable by its owner only, replacing it whole (never a half-written state). */
export function writePrivateJson(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}
