// Where the provider host finds this package's runtime. The serialized provider of each resource holds
// only these two strings: the package name, resolved from the program directory when the package is
// installed, and the path of dist/ relative to the program directory, for programs inside this
// repository where the package cannot be required by its own name. Neither is a secret or absolute.
import { ConfigError } from "../../../errors";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

export interface RuntimeLocation {
  packageName: string;
  /** "./dist" style path from the program directory (the host's working directory) to dist/. */
  distFromProgram: string;
}

function packageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name === "pulumi-openstack-dynamic") return dir;
    }
    if (dirname(dir) === dir) throw new ConfigError(`pulumi-openstack-dynamic: no package.json above ${start}`);
  }
}

export function runtimeLocation(programDir: string = process.cwd()): RuntimeLocation {
  const dist = join(packageRoot(__dirname), "dist");
  const rel = relative(programDir, dist).split(sep).join("/");
  return { packageName: "pulumi-openstack-dynamic", distFromProgram: rel.startsWith(".") ? rel : `./${rel}` };
}
