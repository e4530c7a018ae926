// Explicit OpenStackClientOptions as the highest configuration layer.
import type { OpenStackClientOptions } from "../client/options";
import { ConfigError } from "../errors";
import { emptyLayer, put, type Layer, type OptionKey, type Sourced } from "./types";

// projectName/projectId are aliases; they are folded into tenantName/tenantId so that an alias set
// high up and the canonical name set lower down cannot both reach the client with different values.
const ALIASES: Array<["projectName" | "projectId", "tenantName" | "tenantId"]> = [
  ["projectName", "tenantName"],
  ["projectId", "tenantId"],
];

export function readOptions(options: (OpenStackClientOptions & { cloud?: string }) | undefined): {
  layer: Layer;
  cloud?: Sourced<string>;
} {
  const layer = emptyLayer();
  if (!options) return { layer };
  const { cloud, ...rest } = options;
  for (const key of Object.keys(rest) as OptionKey[]) put(layer, key, rest[key], "options");
  for (const [alias, canonical] of ALIASES) {
    const [a, c] = [layer.entries[alias], layer.entries[canonical]];
    if (a && c && a.value !== c.value) {
      throw new ConfigError(`options.${alias} and options.${canonical} name different projects; set one`);
    }
    if (a && !c) put(layer, canonical, a.value, "options");
    delete layer.entries[alias];
  }
  return { layer, cloud: cloud?.trim() ? { value: cloud, source: "options" } : undefined };
}
