// What console.log / util.inspect show of the client, its options and its auth plugins: everything that
// helps to see which cloud, identity and scope are in use, and no secret (masked as "***", URL
// credentials included).
import { inspect, type InspectOptions } from "node:util";
import { redactUrl } from "../session/redact";
import { type OpenStackClientOptions, SECRET_OPTIONS } from "./options";

const MASK = "***";

/** A copy of the options to show: secrets masked, credentials in URLs masked. */
export function printableOptions(options: OpenStackClientOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    if ((SECRET_OPTIONS as readonly string[]).includes(key)) out[key] = MASK;
    else if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) out[key] = redactUrl(value);
    else if (key === "endpointOverrides" && value !== null && typeof value === "object") {
      const urls = Object.entries(value as Record<string, unknown>);
      out[key] = Object.fromEntries(urls.map(([k, v]) => [k, redactUrl(String(v))]));
    } else out[key] = value;
  }
  return out;
}

/**
 * Gives an object an inspection form: `render` returns what to show. The property is not enumerable,
 * so spreading, comparing or serialising the object is unchanged.
 */
export function defineInspection<T extends object>(target: T, name: string, render: () => object): T {
  Object.defineProperty(target, inspect.custom, {
    enumerable: false,
    value: (_depth: number, options: InspectOptions) => `${name} ${inspect(render(), options)}`,
  });
  return target;
}
