// Pulumi stack config `openstack:*`, with the key names of @pulumi/openstack plus this project's own.
// Pulumi hands every value over as a string (booleans, numbers and objects too), so each is parsed here.
import type { OpenStackClientOptions } from "../client/options";
import { parseAuthVersion, parseBoolean, parseCount, parseEndpointOverrides, parseInterface } from "./parse";
import {
  emptyLayer,
  isSet,
  put,
  type Layer,
  type OptionKey,
  type PulumiConfigInput,
  type Sourced,
} from "./types";

const PREFIX = "openstack:";

type Parser = (key: string, raw: string) => OpenStackClientOptions[OptionKey];
const text: Parser = (_key, raw) => raw;

// Pulumi key (after "openstack:") → option and how to read it.
const KEYS: Record<string, [OptionKey, Parser]> = {
  authUrl: ["authUrl", text],
  userName: ["username", text],
  userId: ["userId", text],
  password: ["password", text],
  tenantName: ["tenantName", text],
  tenantId: ["tenantId", text],
  projectDomainName: ["projectDomainName", text],
  projectDomainId: ["projectDomainId", text],
  userDomainName: ["userDomainName", text],
  userDomainId: ["userDomainId", text],
  // In @pulumi/openstack these are the domain scope (unlike the CLI's OS_DOMAIN_*).
  domainName: ["domainName", text],
  domainId: ["domainId", text],
  region: ["region", text],
  insecure: ["insecure", parseBoolean],
  cacertFile: ["caCertFile", text],
  cert: ["clientCert", text],
  key: ["clientKey", text],
  endpointType: ["interface", parseInterface],
  endpointOverrides: ["endpointOverrides", parseEndpointOverrides],
  applicationCredentialId: ["applicationCredentialId", text],
  applicationCredentialName: ["applicationCredentialName", text],
  applicationCredentialSecret: ["applicationCredentialSecret", text],
  token: ["token", text],
  authVersion: ["authVersion", parseAuthVersion],
  authToken: ["authToken", text],
  baseUrl: ["baseUrl", text],
  serviceName: ["serviceName", text],
  timeoutMs: ["timeoutMs", (key, raw) => parseCount(key, raw, 1)],
  maxRetries: ["maxRetries", (key, raw) => parseCount(key, raw, 0)],
};

function getter(config: PulumiConfigInput): (key: string) => string | undefined {
  if (typeof config.get === "function") {
    const withGet = config as { get(key: string): string | undefined };
    return (key) => withGet.get(key);
  }
  const record = config as Record<string, string | undefined>;
  return (key) => record[key];
}

/** Every openstack:* key this provider reads. */
export const KNOWN_KEYS: readonly string[] = [...Object.keys(KEYS), "systemScope", "defaultDomain", "cloud"];

/**
 * One warning per openstack:* key this provider does not read, naming the nearest known key: a
 * misspelt key would otherwise be ignored without a word. Only a config whose keys can be listed (a
 * record, or the provider host's Config, which keeps them in rawConfig) can be checked.
 */
export function unknownKeyWarnings(config: PulumiConfigInput | undefined): string[] {
  const keys = configKeys(config);
  return keys
    .filter((k) => k.startsWith(PREFIX) && !KNOWN_KEYS.includes(k.slice(PREFIX.length)))
    .map((k) => {
      const name = k.slice(PREFIX.length);
      return (
        `Unknown configuration key ${k} is ignored: did you mean ${PREFIX}${nearest(name, KNOWN_KEYS)}? ` +
        `(pulumi config rm ${k})`
      );
    });
}

function configKeys(config: PulumiConfigInput | undefined): string[] {
  if (!config) return [];
  const raw = typeof config.get === "function" ? (config as { rawConfig?: unknown }).rawConfig : config;
  return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

/** The candidate closest to `word` by edit distance, case-insensitively; ties go to the first. */
export function nearest(word: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? "";
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export interface PulumiConfig {
  layer: Layer;
  /** openstack:cloud, the clouds.yaml entry to read. */
  cloud?: Sourced<string>;
}

export function readPulumiConfig(config: PulumiConfigInput | undefined): PulumiConfig {
  const layer = emptyLayer();
  if (!config) return { layer };
  const get = getter(config);
  for (const [name, [option, parse]] of Object.entries(KEYS)) {
    const raw = get(PREFIX + name);
    if (typeof raw === "string" && isSet(raw)) {
      put(layer, option, parse(PREFIX + name, raw), `pulumi config ${PREFIX}${name}`);
    }
  }
  const systemScope = get(PREFIX + "systemScope");
  if (typeof systemScope === "string" && isSet(systemScope)) {
    // @pulumi/openstack's system_scope: a boolean asking for the (only) system scope, "all"
    if (parseBoolean(PREFIX + "systemScope", systemScope)) {
      put(layer, "system", "all", `pulumi config ${PREFIX}systemScope`);
    }
  }
  const defaultDomain = get(PREFIX + "defaultDomain");
  if (typeof defaultDomain === "string" && isSet(defaultDomain)) {
    // as OS_DEFAULT_DOMAIN: the domain id of the user and project when nothing else names one
    layer.defaultDomainId = { value: defaultDomain, source: `pulumi config ${PREFIX}defaultDomain` };
  }
  const cloud = get(PREFIX + "cloud");
  return {
    layer,
    cloud:
      typeof cloud === "string" && isSet(cloud)
        ? { value: cloud, source: "pulumi config openstack:cloud" }
        : undefined,
  };
}
