// Program directories for provider-host tests: one inside this repository (the package is not
// installed there, the runtime is found through dist/ relative to the program) and one outside it with
// the package installed as a copy in node_modules (found by name), as users have it.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "./cloud";

export interface ProgramDir {
  dir: string;
  remove(): void;
}

export function programInRepo(): ProgramDir {
  const dir = join(PROJECT_DIR, "examples", `.test-program-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), "name: test-program\nruntime: nodejs\n");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A program whose node_modules holds a copy of the built package and links to its dependencies. */
export function programWithInstalledCopy(): ProgramDir {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-openstack-program-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(join(PROJECT_DIR, "node_modules"))) {
    if (entry === ".bin" || entry.startsWith(".")) continue;
    symlinkSync(join(PROJECT_DIR, "node_modules", entry), join(modules, entry));
  }
  const copy = join(modules, "pulumi-openstack-dynamic");
  mkdirSync(copy);
  cpSync(join(PROJECT_DIR, "package.json"), join(copy, "package.json"));
  cpSync(join(PROJECT_DIR, "dist"), join(copy, "dist"), { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), "name: installed-program\nruntime: nodejs\n");
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The provider text of `kind` as a program in `dir` produces it: a separate Node process whose working
 * directory is the program, loading the package the way the program would (by name when installed).
 */
export function serializeInProgram(dir: string, kind: string, packageSpecifier: string): string {
  const script = `
    const { providerFor } = require(${JSON.stringify(`${packageSpecifier}/dist/resources/framework/program/resource-class.js`)});
    const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const provider = providerFor(${JSON.stringify(kind)});
    serializeFunction(() => provider, { allowSecrets: true }).then((sf) => process.stdout.write(sf.text));
  `;
  // a file, not `node -e`: under -e Node exposes built-in modules as globals, which the serializer sees
  const file = join(dir, `serialize-${kind}.js`);
  writeFileSync(file, script);
  try {
    return execFileSync(process.execPath, [file], { cwd: dir, encoding: "utf8" });
  } finally {
    rmSync(file);
  }
}
