// Request/response logging for troubleshooting, switched on by the client's `debug` option or
// OPENSTACK_DEBUG (1/true → stderr, anything else → a file path). Plays LIBCLOUD_DEBUG's role.
// Everything goes through redact* first: tokens, passwords, secrets and private keys are masked.
import { appendFileSync } from "node:fs";

export type DebugSink = (line: string) => void;

export function debugSinkFrom(setting: boolean | string | undefined): DebugSink | undefined {
  const value = setting ?? process.env.OPENSTACK_DEBUG;
  if (value === undefined || value === false || value === "" || value === "0" || value === "false") {
    return undefined;
  }
  if (value === true || value === "1" || value === "true") {
    return (line) => process.stderr.write(`${line}\n`);
  }
  const path = value;
  return (line) => appendFileSync(path, `${line}\n`, { mode: 0o600 });
}
