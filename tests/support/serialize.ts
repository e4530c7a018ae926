// The values a Pulumi engine and the Node.js dynamic-provider host exchange, in their wire form, and the
// serialization `new pulumi.dynamic.Resource(provider, …)` applies to a provider object.
//
// Facts checked against @pulumi/pulumi 3.270 (runtime/rpc.js, dynamic/index.js) and the engine
// (sdk/go/common/resource/plugin/provider_plugin.go):
// * Inside a google.protobuf.Struct a secret is the object {SIG_KEY: SECRET_SIG, value}; an unknown (a
//   value not known during a preview) is the plain string UNKNOWN.
// * The dynamic host answers Configure with acceptSecrets=false, so the engine strips those wrappers
//   before it sends resource properties to the host, and copies the "secretness" of same-named inputs
//   back onto what the host returns (annotateSecrets). Only Configure args are sent secret-wrapped.
import * as pulumi from "@pulumi/pulumi";

/** rpc.unknownValue: what the engine puts in place of a value that is not known during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** rpc.specialSigKey: the key marking an object as a special value (secret, asset, resource ref, …). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** rpc.specialSecretSig: the value of SIG_KEY that makes the object a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The input property that carries the serialized provider (dynamic/index.js, cmd/dynamic-provider). */
export const PROVIDER_KEY = "__provider";

/** A property bag as it travels in a google.protobuf.Struct. */
export type PropertyMap = Record<string, unknown>;

/** A secret in wire form. */
export interface SecretValue<T = unknown> {
  [SIG_KEY]: typeof SECRET_SIG;
  value: T;
}

/** Wraps a value the way the engine marks a secret (config values, secret inputs and outputs). */
export function secret<T>(value: T): SecretValue<T> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

export function isSecret(value: unknown): value is SecretValue {
  return isPlainObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** Removes every secret wrapper, at any depth (what the engine sends a provider that does not accept secrets). */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** unwrapSecrets for a property map. */
export function unwrapSecretProps(props: PropertyMap): PropertyMap {
  return unwrapSecrets(props) as PropertyMap;
}

/** True if the value is, or contains, a secret. */
export function containsSecrets(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecrets);
  if (isPlainObject(value)) return Object.values(value).some(containsSecrets);
  return false;
}

/**
 * The engine's annotateSecrets (provider_plugin.go): for each key present in both, when both values are
 * objects recurse, otherwise if the input value contains a secret mark the whole output value secret.
 * Returns a new map; `outs` is not modified.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  const result: PropertyMap = { ...outs };
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in result)) continue;
    const outValue = result[key];
    if (isPlainObject(outValue) && !isSecret(outValue) && isPlainObject(inValue) && !isSecret(inValue)) {
      result[key] = annotateSecrets(outValue, inValue);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      result[key] = secret(outValue);
    }
  }
  return result;
}

/** True if the value is, or contains, the unknown sentinel. */
export function containsUnknowns(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknowns);
  if (isPlainObject(value)) return Object.values(value).some(containsUnknowns);
  return false;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What serializing a provider yields. */
export interface SerializedProvider {
  /**
   * A CommonJS module whose `handler` export is the factory `() => provider`; the host loads it with
   * require-from-string and calls `.handler()` (cmd/dynamic-provider/index.js getProvider).
   */
  text: string;
  /**
   * True if a captured value was a secret. dynamic.Resource then makes `__provider` a secret Output, so
   * the engine stores that input (and the echoed output) as a secret; it still reaches the host as plain
   * text, because the host does not accept secrets.
   */
  containsSecrets: boolean;
}

/**
 * `() => provider`, with the source text the SDK's (dynamic/index.js) has. The factory's text is part of the
 * serialized module, and a transpiler may print an arrow written here differently (tsx emits
 * `()=>provider`); building it from source keeps the output byte-identical to what dynamic.Resource stores.
 */
function providerFactory(provider: object): () => object {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function("provider", "return () => provider;") as (p: object) => () => object;
  return make(provider);
}

// dynamic/index.js caches per provider object (settings.cacheDynamicProviders() is true by default).
const cache = new WeakMap<object, Promise<SerializedProvider>>();

/**
 * Serializes a provider object exactly as `new pulumi.dynamic.Resource(provider, …)` does:
 * `serializeFunction(() => provider, { allowSecrets: true })`, keeping `text` and `containsSecrets`.
 * The text is stored in `__provider` as is (no further wrapping); only its Output is marked secret when
 * containsSecrets is true.
 */
export function serializeProviderDetailed(provider: object): Promise<SerializedProvider> {
  let result = cache.get(provider);
  if (!result) {
    result = pulumi.runtime
      .serializeFunction(providerFactory(provider), { allowSecrets: true })
      .then((sf) => ({ text: sf.text, containsSecrets: sf.containsSecrets }));
    cache.set(provider, result);
  }
  return result;
}

/** The `__provider` text that `new pulumi.dynamic.Resource(provider, …)` stores. */
export async function serializeProvider(provider: object): Promise<string> {
  return (await serializeProviderDetailed(provider)).text;
}
