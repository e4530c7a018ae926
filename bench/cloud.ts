// The cloud a benchmark runs against: OS_CLOUD from clouds.yaml, else the local cloud (local-admin).
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { OpenStackClientOptions } from "../provider/client/options";
import { loadConfig } from "../provider/config";

export function benchCloudOptions(): OpenStackClientOptions {
  if (process.env.OS_CLOUD) return loadConfig().options;
  const file = join(__dirname, "..", ".local-openstack", "clouds.yaml");
  if (!existsSync(file)) {
    throw new Error(
      `no cloud: set OS_CLOUD, or start the local cloud with 'npm run cloud:up' (${file} is missing)`,
    );
  }
  return loadConfig({ cloud: "local-admin", env: { OS_CLIENT_CONFIG_FILE: file } }).options;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
