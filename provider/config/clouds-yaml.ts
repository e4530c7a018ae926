// A named cloud from clouds.yaml, with its secure.yaml entry (where the CLI expects secrets to be kept
// apart) deep-merged over it, as one configuration layer.
import { ConfigError } from "../errors";
import { candidates, findFile, isMapping, readClouds, type FileKind, type SearchPaths } from "./cloud-files";
import { cloudEntryToLayer, type CloudLayer } from "./cloud-entry";

export interface LoadedCloud extends CloudLayer {
  /** The files that were read. */
  files: string[];
}

interface Found {
  kind: FileKind;
  file: string;
  entry: unknown;
}

/** secure.yaml's mappings merge key by key; anything else replaces clouds.yaml's value. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (!isMapping(base) || !isMapping(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

function has(entry: unknown, path: string[]): boolean {
  let node = entry;
  for (const part of path) {
    if (Array.isArray(node)) node = node[Number(part)] as unknown;
    else if (isMapping(node)) node = node[part];
    else return false;
  }
  return node !== undefined && node !== null;
}

/** "clouds.mycloud.regions[0]" */
function keyPath(cloud: string, path: string[]): string {
  return ["clouds", cloud, ...path].reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : `${acc}.${p}`));
}

export function loadCloud(cloud: string, where: SearchPaths): LoadedCloud {
  const found: Found[] = [];
  const names = new Set<string>();
  const files: string[] = [];
  for (const kind of ["clouds.yaml", "secure.yaml"] as const) {
    const file = findFile(kind, where);
    if (!file) continue;
    const clouds = readClouds(file);
    files.push(file);
    Object.keys(clouds).forEach((n) => names.add(n));
    if (clouds[cloud] !== undefined) found.push({ kind, file, entry: clouds[cloud] });
  }

  if (found.length === 0) {
    const searched = [...candidates("clouds.yaml", where), ...candidates("secure.yaml", where)];
    const known = names.size ? `clouds found: ${[...names].sort().join(", ")}` : "no clouds found";
    throw new ConfigError(`cloud "${cloud}" is not defined; searched ${searched.join(", ")}; ${known}`);
  }
  const merged = found.reduce<unknown>((acc, f) => deepMerge(acc, f.entry), undefined);
  if (!isMapping(merged)) {
    throw new ConfigError(`${found[0]?.file} clouds.${cloud} must be a mapping of settings`);
  }

  // A value's source is the last file (secure.yaml over clouds.yaml) that holds it.
  const sourceOf = (path: string[]) => {
    const from = [...found].reverse().find((f) => has(f.entry, path)) ?? found[0]!;
    return `${from.kind} (${from.file}) ${keyPath(cloud, path)}`;
  };
  return { ...cloudEntryToLayer(merged, sourceOf), files };
}
