// The declarative description of a resource's properties. Each resource declares every property once —
// its input name, the OpenStack field, whether a change updates in place or replaces, whether it is
// secret, its default, normalisation and validation — and check, diff, request bodies and the read
// mapping are derived from it (check.ts, diff.ts, mapping.ts).

import type { Limits } from "./limits";

/** The string the engine sends for values not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** `json`: any JSON value, its shape left to the property's validate. */
export type PropertyType =
  "string" | "number" | "integer" | "boolean" | "stringList" | "stringMap" | "object" | "objectList" | "json";

/**
 * - `update`: a change is applied in place by the resource's update.
 * - `replace`: a change creates a new resource and deletes the old one.
 * - `output`: set by the cloud, never by the user.
 */
export type ChangeMode = "update" | "replace" | "output";

export interface PropertySpec {
  type: PropertyType;
  change: ChangeMode;
  /** One line for docs and error messages. */
  description: string;
  /** Field in OpenStack request/response bodies; `false` when the resource maps it by hand. */
  field?: string | false;
  required?: boolean;
  /** Kept out of logs; the resource class marks it secret so the engine encrypts it in state. */
  secret?: boolean;
  /** Used when the input is absent. Also what an absent input is compared as. */
  default?: unknown;
  /** Allowed values of a string property. */
  oneOf?: readonly string[];
  /** Canonical form used for sending and comparing (trimmed, lower-cased, sorted...). */
  normalize?: (value: unknown) => unknown;
  /** The service's limits that can be judged locally (lengths, characters, ranges): see limits.ts. */
  limits?: Limits;
  /** A message saying what is wrong and what would be valid, or undefined when the value is fine. */
  validate?: (value: unknown) => string | undefined;
  /** Equality for diff when not plain deep equality (e.g. unordered lists). */
  equals?: (a: unknown, b: unknown) => boolean;
  /** An output the cloud does not always have (a generated key's private half): typed as optional. */
  maybeAbsent?: boolean;
  /** The cloud fills it in when not given: an absent input does not differ from any live value. */
  computedWhenAbsent?: boolean;
  /** For a `replace` property: inputs under which a change is applied in place instead (opt-in rebuild). */
  updatesInPlaceWhen?: (inputs: Record<string, unknown>) => boolean;
  /** What state keeps instead of the value (e.g. a hash of user data); diff compares in this form. */
  stateForm?: (value: unknown) => unknown;
  /**
   * Work stateForm needs, done before a diff without blocking (hashing a file off the event loop, or not
   * at all when the old state shows the file unchanged). `olds` is the stored state.
   */
  prepareStateForm?: (value: unknown, olds: Record<string, unknown>) => Promise<void>;
  /** The output under which state keeps the stateForm, when not this property (an image's file hash). */
  stateKey?: string;
}

export interface ResourceSchema {
  /** Resource type name used in messages, e.g. "openstack:Network". */
  name: string;
  properties: Record<string, PropertySpec>;
  /** What the resource is, in one sentence (docs). */
  description?: string;
  /** The input the class fills in with the Pulumi resource name when absent. */
  namedAfterResource?: string;
  /**
   * A property the cloud keeps unique (a key pair's name). A replacement that keeps its value must
   * delete the old resource first, or the new one could not be created.
   */
  uniqueName?: string;
  /**
   * Whether a replacement must delete the old resource first for other reasons than a unique name
   * (an associated floating IP: a port holds one per external network; a rule the service would
   * take for a duplicate of the one it replaces). `olds` is the state.
   */
  deleteBeforeReplace?: (news: Record<string, unknown>, olds: Record<string, unknown>) => boolean;
  /**
   * The output that says the recorded resource cannot be brought to any declared state in place (a
   * server in ERROR: Nova refuses resize, rebuild and most actions), if it does: such a resource is
   * replaced, whatever the inputs say.
   */
  replacedWhenBroken?: (olds: Record<string, unknown>) => string | undefined;
  /** Cross-property rules (e.g. "portId and serverId are exclusive"); each returns failures. */
  rules?: ReadonlyArray<(inputs: Record<string, unknown>) => CheckFailure[]>;
  /** Rules on a change from the previous inputs (a volume cannot shrink); each returns failures. */
  transitions?: ReadonlyArray<
    (olds: Record<string, unknown>, news: Record<string, unknown>) => CheckFailure[]
  >;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(isUnknown);
  return false;
}

/** Inputs the user may set, in declaration order. */
export function inputNames(schema: ResourceSchema): string[] {
  return Object.entries(schema.properties)
    .filter(([, spec]) => spec.change !== "output")
    .map(([name]) => name);
}
