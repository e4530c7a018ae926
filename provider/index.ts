// Public entry point of pulumi-openstack-dynamic.
export * from "./errors";

/** Name and version of this package, as installed. */
export function packageInfo(): { name: string; version: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require("../package.json") as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
