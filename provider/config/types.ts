// Shared shapes of the configuration loader. Every value is carried with the place it came from, so
// describeConfig() can answer "why is this set?" without ever printing a secret.
import type { OpenStackClientOptions } from "../client/options";

export type OptionKey = keyof OpenStackClientOptions;

/** Where a value came from: "options", "pulumi config openstack:password", "env OS_PASSWORD", ... */
export type ConfigSource = string;

/** The Pulumi stack config as a plain record ("openstack:authUrl" keys) or as Pulumi's Config-like getter. */
export type PulumiConfigInput = Record<string, string | undefined> | { get(key: string): string | undefined };

export interface LoadConfigInput {
  /** Explicit options; they win over every other source. `cloud` names a clouds.yaml entry. */
  options?: OpenStackClientOptions & { cloud?: string };
  pulumiConfig?: PulumiConfigInput;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where ./clouds.yaml is looked for; defaults to process.cwd(). */
  cwd?: string;
  /** Where ~/.config/openstack is looked for; defaults to os.homedir(). */
  homeDir?: string;
  /** System-wide config directory; defaults to /etc/openstack (tests point it elsewhere). */
  systemConfigDir?: string;
  /** clouds.yaml entry to use; wins over options/pulumi `cloud` and OS_CLOUD. */
  cloud?: string;
  /** Per-resource region; wins over the merged region. */
  region?: string;
}

export interface LoadedConfig {
  options: OpenStackClientOptions;
  /** For each option that is set, where its value came from. */
  sources: Partial<Record<OptionKey, ConfigSource>>;
  /** The clouds.yaml entry that was used, if any. */
  cloudName?: string;
  /** clouds.yaml / secure.yaml files that were read. */
  files: string[];
  /** Credential values that were set aside because a higher source names another identity. */
  ignored: ConfigSource[];
  /** Scope values that were set aside because another source gives the scope. */
  ignoredScope: ConfigSource[];
  /** Things worth a warning, such as unknown openstack:* keys (with the nearest known key). */
  warnings: string[];
}

export interface Sourced<T> {
  value: T;
  source: ConfigSource;
}

export type Entries = { [K in OptionKey]?: Sourced<NonNullable<OpenStackClientOptions[K]>> };

/** What one source (options, Pulumi config, environment, a cloud entry) contributes. */
export interface Layer {
  entries: Entries;
  /**
   * OS_DOMAIN_* / auth.domain_*: in the OpenStack CLI these are the default user and project domain
   * when a project is given, and the domain scope otherwise. Which one is only known once every
   * source is merged, so they are kept aside (see resolveDomains in merge.ts).
   */
  domainName?: Sourced<string>;
  domainId?: Sourced<string>;
  /** OS_DEFAULT_DOMAIN: the user and project domain id when nothing else names them. */
  defaultDomainId?: Sourced<string>;
  /** Set when a higher source names another identity (credentials.ts): its credentials were dropped. */
  credentialsIgnored?: boolean;
  /** Set when another source gives the scope (scope.ts): its scope fields were dropped. */
  scopeIgnored?: boolean;
}

export function emptyLayer(): Layer {
  return { entries: {} };
}

/** A value counts only if it is non-empty: "", whitespace and {} are as good as unset. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** Adds a value to a layer if it counts. */
export function put<K extends OptionKey>(
  layer: Layer,
  key: K,
  value: OpenStackClientOptions[K] | undefined,
  source: ConfigSource,
): void {
  if (isSet(value)) (layer.entries as Record<OptionKey, unknown>)[key] = { value, source };
}
