// A human-readable account of the loaded configuration: each option, its value and its source. It is
// meant to be printed, so no secret may appear in it, not even inside another value.
import { SECRET_OPTIONS } from "../client/options";
import { CREDENTIAL_FIELDS } from "./credentials";
import { SCOPE_FIELDS } from "./scope";
import type { ConfigSource, LoadedConfig, OptionKey } from "./types";

export { SECRET_OPTIONS };
const MASK = "***";

// The order options are listed in: identity, then scope, then endpoints and transport.
const ORDER: readonly OptionKey[] = [
  "authUrl",
  ...CREDENTIAL_FIELDS,
  "tenantName",
  "projectName",
  "tenantId",
  "projectId",
  "projectDomainName",
  "projectDomainId",
  "domainName",
  "domainId",
  "system",
  "region",
  "interface",
  "baseUrl",
  "endpointOverrides",
  "serviceType",
  "serviceName",
  "caCertFile",
  "insecure",
  "timeoutMs",
  "maxRetries",
  "tokenRefreshMarginSeconds",
  "debug",
];

export interface ConfigEntry {
  key: OptionKey;
  /** The value as text, "***" for secrets. */
  value: string;
  source: ConfigSource;
  secret: boolean;
}

/** user:password@ in a URL is a secret too. */
function maskUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, `$1${MASK}@`);
}

function render(value: unknown): string {
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(", ");
  }
  return String(value);
}

/**
 * Replaces every secret of the config wherever it occurs: a secret also turns up where it was pasted
 * by mistake (a password given as username, or inside a URL). Longest first, so one secret being part
 * of another cannot leave a piece of the longer one.
 */
function redactor(loaded: LoadedConfig): (text: string) => string {
  const opts = loaded.options as Record<string, unknown>;
  const secrets = SECRET_OPTIONS.map((k) => opts[k])
    .filter((v): v is string => typeof v === "string" && v !== "")
    .sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, s) => out.split(s).join(MASK), maskUrlCredentials(text));
}

const rank = (key: OptionKey) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/** The set options in a stable order, secrets masked. */
export function describeConfigEntries(loaded: LoadedConfig): ConfigEntry[] {
  const redact = redactor(loaded);
  const opts = loaded.options as Record<string, unknown>;
  const keys = (Object.keys(opts) as OptionKey[])
    .filter((k) => opts[k] !== undefined)
    .sort((a, b) => rank(a) - rank(b));
  return keys.map((key) => {
    const secret = (SECRET_OPTIONS as readonly OptionKey[]).includes(key);
    const value = secret ? MASK : redact(render(opts[key]));
    return { key, value, source: redact(loaded.sources[key] ?? "unknown"), secret };
  });
}

/** Several lines: a header, then "  key = value  (source)" per option; secrets show as "***". */
export function describeConfig(loaded: LoadedConfig): string {
  const redact = redactor(loaded);
  const entries = describeConfigEntries(loaded);
  const head = [
    "OpenStack configuration",
    loaded.cloudName !== undefined ? ` (cloud "${loaded.cloudName}")` : "",
    loaded.files.length ? ` from ${loaded.files.join(", ")}` : "",
    ":",
  ].join("");
  const width = Math.max(0, ...entries.map((e) => e.key.length));
  const lines = entries.map((e) => `  ${e.key.padEnd(width)} = ${e.value}  (${e.source})`);
  if (entries.length === 0) lines.push("  (nothing set)");
  // where the identity and the scope come from: each from one source (credentials.ts, scope.ts)
  for (const [what, keys] of [
    ["identity", CREDENTIAL_FIELDS],
    ["scope", SCOPE_FIELDS],
  ] as const) {
    const from = [...new Set(keys.flatMap((k) => loaded.sources[k] ?? []))];
    if (from.length) lines.push(`  ${what} from: ${from.join(", ")}`);
  }
  if (loaded.ignored.length) {
    lines.push(`  ignored, another identity is set with higher precedence: ${loaded.ignored.join(", ")}`);
  }
  for (const warning of loaded.warnings ?? []) lines.push(`  warning: ${warning}`);
  if (loaded.ignoredScope?.length) {
    lines.push(`  ignored, the scope is taken whole from another source: ${loaded.ignoredScope.join(", ")}`);
  }
  return redact([head, ...lines].join("\n"));
}
