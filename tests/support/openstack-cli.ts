// The `openstack` CLI (python3-openstackclient) as an independent witness: the tests change things out
// of band with it and cross-check what the provider made.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { TestCloud } from "./cloud";

const run = promisify(execFile);

export async function openstackCli(cloud: TestCloud, args: string[]): Promise<unknown> {
  const json = args[0] === "--no-json" ? false : true;
  const rest = json ? args : args.slice(1);
  const { stdout } = await run(
    "openstack",
    ["--os-cloud", cloud.name, ...rest, ...(json ? ["-f", "json"] : [])],
    {
      env: {
        ...process.env,
        OS_CLIENT_CONFIG_FILE: cloud.file,
        PATH: `/usr/bin:/bin:${process.env.PATH ?? ""}`,
      },
      timeout: 120_000,
    },
  );
  return json && stdout.trim() ? (JSON.parse(stdout) as unknown) : stdout;
}
