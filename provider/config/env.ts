// OS_* environment variables, the set the `openstack` CLI reads, as one configuration layer.
import { authVersionFor, parseBoolean, parseIdentityApiVersion, parseInterface } from "./parse";
import { emptyLayer, isSet, put, type Layer, type OptionKey, type Sourced } from "./types";

/** The first of the given variables that is set (aliases are listed newest name first). */
function first(env: NodeJS.ProcessEnv, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && isSet(value)) return { name, value };
  }
  return undefined;
}

function sourced(found: { name: string; value: string } | undefined): Sourced<string> | undefined {
  return found && { value: found.value, source: `env ${found.name}` };
}

// Variables copied as they are, each with its older alias if the CLI still honours one.
const PLAIN: Array<[OptionKey, ...string[]]> = [
  ["authUrl", "OS_AUTH_URL"],
  ["username", "OS_USERNAME"],
  ["userId", "OS_USER_ID"],
  ["password", "OS_PASSWORD"],
  ["tenantName", "OS_PROJECT_NAME", "OS_TENANT_NAME"],
  ["tenantId", "OS_PROJECT_ID", "OS_TENANT_ID"],
  ["userDomainName", "OS_USER_DOMAIN_NAME"],
  ["userDomainId", "OS_USER_DOMAIN_ID"],
  ["projectDomainName", "OS_PROJECT_DOMAIN_NAME"],
  ["projectDomainId", "OS_PROJECT_DOMAIN_ID"],
  ["system", "OS_SYSTEM_SCOPE"],
  ["applicationCredentialId", "OS_APPLICATION_CREDENTIAL_ID"],
  ["applicationCredentialName", "OS_APPLICATION_CREDENTIAL_NAME"],
  ["applicationCredentialSecret", "OS_APPLICATION_CREDENTIAL_SECRET"],
  // OS_AUTH_TOKEN is an older name of OS_TOKEN: a token to exchange (3.x_token), not one used as is.
  ["token", "OS_TOKEN", "OS_AUTH_TOKEN"],
  ["region", "OS_REGION_NAME"],
  ["caCertFile", "OS_CACERT"],
  ["clientCert", "OS_CERT"],
  ["clientKey", "OS_KEY"],
];

export interface EnvConfig {
  layer: Layer;
  /** OS_CLOUD: the clouds.yaml entry to read. */
  cloud?: Sourced<string>;
}

export function readEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const layer = emptyLayer();
  for (const [key, ...names] of PLAIN) {
    const found = first(env, ...names);
    if (found) put(layer, key, found.value, `env ${found.name}`);
  }

  const authType = first(env, "OS_AUTH_TYPE");
  const apiVersion = first(env, "OS_IDENTITY_API_VERSION");
  const authVersion = authVersionFor(
    authType && { key: authType.name, value: authType.value },
    apiVersion && { key: apiVersion.name, value: parseIdentityApiVersion(apiVersion.name, apiVersion.value) },
  );
  if (authVersion) put(layer, "authVersion", authVersion.value, `env ${authVersion.key}`);

  const iface = first(env, "OS_INTERFACE", "OS_ENDPOINT_TYPE");
  if (iface) put(layer, "interface", parseInterface(iface.name, iface.value), `env ${iface.name}`);

  const insecure = first(env, "OS_INSECURE");
  if (insecure) put(layer, "insecure", parseBoolean(insecure.name, insecure.value), "env OS_INSECURE");

  layer.domainName = sourced(first(env, "OS_DOMAIN_NAME"));
  layer.domainId = sourced(first(env, "OS_DOMAIN_ID"));
  layer.defaultDomainId = sourced(first(env, "OS_DEFAULT_DOMAIN"));
  return { layer, cloud: sourced(first(env, "OS_CLOUD")) };
}
