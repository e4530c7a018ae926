// One clouds.yaml entry (secure.yaml already merged in) as a configuration layer. Keys the client has
// no use for (api_timeout, *_api_version, ...) are ignored, as is `profile`: vendor profiles come
// from a registry the CLI ships, which this project does not have.
import { ConfigError } from "../errors";
import { isMapping } from "./cloud-files";
import { authVersionFor, parseBoolean, parseIdentityApiVersion, parseInterface } from "./parse";
import { emptyLayer, put, type ConfigSource, type Layer, type OptionKey } from "./types";

/** Where the value at a path of the entry (["auth", "password"]) came from. */
export type SourceOf = (path: string[]) => ConfigSource;

// auth.* keys copied as strings; for an option named twice (project_name, tenant_name) the first wins.
const AUTH_KEYS: Array<[string, OptionKey]> = [
  ["auth_url", "authUrl"],
  ["username", "username"],
  ["user_id", "userId"],
  ["password", "password"],
  ["project_name", "tenantName"],
  ["tenant_name", "tenantName"],
  ["project_id", "tenantId"],
  ["tenant_id", "tenantId"],
  ["user_domain_name", "userDomainName"],
  ["user_domain_id", "userDomainId"],
  ["project_domain_name", "projectDomainName"],
  ["project_domain_id", "projectDomainId"],
  ["system_scope", "system"],
  ["application_credential_id", "applicationCredentialId"],
  ["application_credential_name", "applicationCredentialName"],
  ["application_credential_secret", "applicationCredentialSecret"],
  ["token", "token"],
];

const OVERRIDE = /^(.+)_endpoint_override$/;

/** Strings as they are, numbers (project_id: 1234) as text; anything else is a mistake. */
function scalar(value: unknown, source: () => ConfigSource): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  // The value itself is not quoted: it may be a password.
  throw new ConfigError(`${source()} must be a string`);
}

export interface CloudLayer {
  layer: Layer;
  /** Names from a `regions:` list, when the entry has one. */
  regions?: string[];
}

export function cloudEntryToLayer(entry: Record<string, unknown>, sourceOf: SourceOf): CloudLayer {
  const layer = emptyLayer();
  const auth = isMapping(entry.auth) ? entry.auth : {};
  const str = (obj: Record<string, unknown>, path: string[]) =>
    scalar(obj[path[path.length - 1] ?? ""], () => sourceOf(path));

  for (const [name, option] of AUTH_KEYS) {
    if (!layer.entries[option]) put(layer, option, str(auth, ["auth", name]), sourceOf(["auth", name]));
  }
  // Same dual meaning as OS_DOMAIN_*: decided once all sources are merged.
  for (const [name, slot] of [
    ["domain_name", "domainName"],
    ["domain_id", "domainId"],
  ] as const) {
    const value = str(auth, ["auth", name]);
    if (value?.trim()) layer[slot] = { value, source: sourceOf(["auth", name]) };
  }

  const authType = str(entry, ["auth_type"]);
  const apiVersion = str(entry, ["identity_api_version"]);
  const [typeKey, versionKey] = [sourceOf(["auth_type"]), sourceOf(["identity_api_version"])];
  const authVersion = authVersionFor(
    authType?.trim() ? { key: typeKey, value: authType } : undefined,
    apiVersion?.trim()
      ? { key: versionKey, value: parseIdentityApiVersion(versionKey, apiVersion) }
      : undefined,
  );
  if (authVersion) put(layer, "authVersion", authVersion.value, authVersion.key);

  const regions = regionNames(entry.regions, sourceOf);
  put(layer, "region", str(entry, ["region_name"]), sourceOf(["region_name"]));
  if (!layer.entries.region && regions?.[0]) put(layer, "region", regions[0], sourceOf(["regions", "0"]));

  for (const name of ["interface", "endpoint_type"]) {
    const value = str(entry, [name]);
    if (value?.trim() && !layer.entries.interface) {
      put(layer, "interface", parseInterface(sourceOf([name]), value), sourceOf([name]));
    }
  }
  put(layer, "caCertFile", str(entry, ["cacert"]), sourceOf(["cacert"]));
  put(layer, "clientCert", str(entry, ["cert"]), sourceOf(["cert"]));
  put(layer, "clientKey", str(entry, ["key"]), sourceOf(["key"]));
  const verify = entry.verify;
  if (verify !== undefined && verify !== null) {
    const value = typeof verify === "boolean" || typeof verify === "string" ? verify : JSON.stringify(verify);
    put(layer, "insecure", !parseBoolean(sourceOf(["verify"]), value), sourceOf(["verify"]));
  }

  const overrides: Record<string, string> = {};
  const overrideSources: ConfigSource[] = [];
  for (const key of Object.keys(entry)) {
    const service = OVERRIDE.exec(key)?.[1];
    const url = service && str(entry, [key]);
    if (!service || !url?.trim()) continue;
    // The CLI spells service types with "_" in key names (block_storage_endpoint_override).
    overrides[service.replace(/_/g, "-")] = url;
    overrideSources.push(sourceOf([key]));
  }
  put(layer, "endpointOverrides", overrides, overrideSources.join("; "));
  return { layer, regions };
}

/** `regions:` items are names or {name, values}; per-region values are not supported and ignored. */
function regionNames(list: unknown, sourceOf: SourceOf): string[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw new ConfigError(`${sourceOf(["regions"])} must be a list of region names`);
  return list.map((item: unknown, i) => {
    const name = isMapping(item) ? item.name : item;
    if (typeof name !== "string" || name.trim() === "") {
      throw new ConfigError(`${sourceOf(["regions", String(i)])} must be a region name or {name: ...}`);
    }
    return name;
  });
}
