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
  const cloud = get(PREFIX + "cloud");
  return {
    layer,
    cloud:
      typeof cloud === "string" && isSet(cloud)
        ? { value: cloud, source: "pulumi config openstack:cloud" }
        : undefined,
  };
}
