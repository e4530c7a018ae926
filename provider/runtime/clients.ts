// One OpenStackClient per distinct configuration in this process. Configuration is read at call time
// (Pulumi stack config from configure(), OS_* variables, clouds.yaml), never from resource inputs.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import { OpenStackClient } from "../client/client";
import { loadConfig, type PulumiConfigInput } from "../config";

const clients = new LRUCache<string, OpenStackClient>({ max: 32 });

export interface ClientSelector {
  cloud?: string;
  region?: string;
}

export function clientFor(
  pulumiConfig: PulumiConfigInput | undefined,
  selector: ClientSelector,
): OpenStackClient {
  const loaded = loadConfig({ pulumiConfig, cloud: selector.cloud, region: selector.region });
  // the key is a digest: the options hold secrets
  const key = createHash("sha256").update(stableJson(loaded.options)).digest("hex");
  let client = clients.get(key);
  if (!client) {
    client = new OpenStackClient(loaded.options);
    clients.set(key, client);
  }
  return client;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
