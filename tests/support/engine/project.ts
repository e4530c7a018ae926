// Where a Pulumi program lives and how the CLI would run it: the project file, the module to load, the
// working directory, and the stack config keys as the engine spells them.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parse } from "yaml";

export interface ProgramLayout {
  /** The directory of Pulumi.yaml. */
  projectDir: string;
  project: string;
  /**
   * The program's working directory, as the engine computes it (GetPwdMain): the directory `main` names,
   * or the directory of the file it names, or the project directory. The program runs there and the
   * engine starts the provider host there.
   */
  cwd: string;
  /** Absolute path of the module that is loaded. */
  entry: string;
}

interface ProjectFile {
  name?: string;
  main?: string;
}

function readProject(projectDir: string): ProjectFile {
  const file = join(projectDir, "Pulumi.yaml");
  if (!existsSync(file)) return {};
  const doc = parse(readFileSync(file, "utf8")) as ProjectFile | null;
  return doc ?? {};
}

function indexIn(dir: string): string {
  for (const name of ["index.ts", "index.js"]) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`engine stand-in: no index.ts or index.js in ${dir}`);
}

/**
 * `main` relative to the project directory: a file is loaded, a directory's index.ts (or index.js).
 * (For a directory the CLI asks Node to load "." and so follows the nearest package.json's "exports" or
 * "main"; a program directory inside a package is not supported here: name the file in `main`.)
 */
export function programLayout(programDir: string, main?: string, project?: string): ProgramLayout {
  const projectDir = resolve(programDir);
  const file = readProject(projectDir);
  const target = resolve(projectDir, main ?? file.main ?? ".");
  if (!existsSync(target)) throw new Error(`engine stand-in: program main ${target} does not exist`);
  const isDir = statSync(target).isDirectory();
  return {
    projectDir,
    project: project ?? file.name ?? basename(projectDir),
    cwd: isDir ? target : dirname(target),
    entry: isDir ? indexIn(target) : target,
  };
}

/** "key" is in the project's namespace, as `pulumi config set key …` stores it; "ns:key" is as given. */
export function stackConfig(project: string, config: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config))
    out[key.includes(":") ? key : `${project}:${key}`] = value;
  return out;
}
