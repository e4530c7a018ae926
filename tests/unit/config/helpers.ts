// Hermetic inputs for loadConfig(): temp directories for cwd, home and /etc/openstack, and an explicit
// environment, so no test depends on the machine's own OpenStack configuration.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Sandbox {
  root: string;
  cwd: string;
  homeDir: string;
  systemConfigDir: string;
  /** Writes a file under the sandbox root and returns its absolute path. */
  write(relative: string, text: string): string;
  remove(): void;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(path.join(os.tmpdir(), "os-config-test-"));
  const dirs = {
    cwd: path.join(root, "project"),
    homeDir: path.join(root, "home"),
    etc: path.join(root, "etc"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return {
    root,
    cwd: dirs.cwd,
    homeDir: dirs.homeDir,
    systemConfigDir: dirs.etc,
    write(relative, text) {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The directory arguments of loadConfig() for a sandbox. */
export function dirs(box: Sandbox): { cwd: string; homeDir: string; systemConfigDir: string } {
  return { cwd: box.cwd, homeDir: box.homeDir, systemConfigDir: box.systemConfigDir };
}
