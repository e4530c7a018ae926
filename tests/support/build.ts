// Provider-host tests load the compiled runtime from dist/ (as a program would): rebuild it when any
// source under provider/ is newer, so a test never runs stale code.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR } from "./cloud";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let built = false;

export function ensureBuilt(): void {
  if (built) return;
  const marker = join(PROJECT_DIR, "dist", "runtime", "host.js");
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < newestSource(join(PROJECT_DIR, "provider"));
  if (stale) {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
      cwd: PROJECT_DIR,
      stdio: "inherit",
    });
  }
  built = true;
}
