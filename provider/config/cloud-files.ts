// Finding and reading clouds.yaml / secure.yaml. The search order is the CLI's: the file named by the
// environment, then the working directory, the user's config directory and the system one.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, YAMLError } from "yaml";
import { ConfigError } from "../errors";

export interface SearchPaths {
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
  systemConfigDir: string;
}

export type FileKind = "clouds.yaml" | "secure.yaml";

const ENV_FILE: Record<FileKind, string> = {
  "clouds.yaml": "OS_CLIENT_CONFIG_FILE",
  "secure.yaml": "OS_CLIENT_SECURE_FILE",
};

/** Every place a file of this kind is looked for, first match wins. */
export function candidates(kind: FileKind, where: SearchPaths): string[] {
  const fromEnv = where.env[ENV_FILE[kind]];
  return [
    ...(fromEnv && fromEnv.trim() !== "" ? [path.resolve(where.cwd, fromEnv)] : []),
    path.join(where.cwd, kind),
    path.join(where.homeDir, ".config", "openstack", kind),
    path.join(where.systemConfigDir, kind),
  ];
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findFile(kind: FileKind, where: SearchPaths): string | undefined {
  return candidates(kind, where).find(isFile);
}

export type CloudMap = Record<string, unknown>;

// Parsed files by path, kept while the file's size, inode and mtime stay the same: every operation
// of a provider host loads its configuration, and the files change rarely.
const parsed = new Map<string, { stamp: string; clouds: CloudMap }>();

function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * The `clouds:` mapping of a file, parsed once per process and again when the file changes. Parse
 * errors report only the position: the YAML library quotes the offending lines, and in secure.yaml
 * those lines hold passwords.
 */
export function readClouds(file: string): CloudMap {
  const stamp = stampOf(file);
  const cached = parsed.get(file);
  if (stamp !== undefined && cached?.stamp === stamp) return structuredClone(cached.clouds);
  const clouds = parseClouds(file);
  if (stamp !== undefined) parsed.set(file, { stamp, clouds: structuredClone(clouds) });
  return clouds;
}

function parseClouds(file: string): CloudMap {
  let doc: unknown;
  try {
    // PyYAML, which the CLI uses, honours "<<" merge keys, so shared blocks in clouds.yaml work there.
    doc = parse(readFileSync(file, "utf8"), { merge: true });
  } catch (err) {
    if (err instanceof YAMLError) {
      const at = err.linePos?.[0];
      const where = at ? ` at line ${at.line}, column ${at.col}` : "";
      throw new ConfigError(`${file} is not valid YAML (${err.code}${where})`);
    }
    throw new ConfigError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`, {
      cause: err,
    });
  }
  if (doc === null || doc === undefined) return {};
  const clouds = (doc as { clouds?: unknown }).clouds;
  if (typeof doc !== "object" || Array.isArray(doc) || !isMapping(clouds ?? {})) {
    throw new ConfigError(`${file} must hold a "clouds:" mapping of cloud name to settings`);
  }
  return (clouds ?? {}) as CloudMap;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
