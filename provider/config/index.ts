// Public API of the configuration loader.
export { loadConfig } from "./load-config";
export { describeConfig, describeConfigEntries, SECRET_OPTIONS, type ConfigEntry } from "./describe";
export { CREDENTIAL_FIELDS } from "./credentials";
export { unknownKeyWarnings } from "./pulumi-config";
export type { ConfigSource, LoadConfigInput, LoadedConfig, PulumiConfigInput } from "./types";
