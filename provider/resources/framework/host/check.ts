// check: defaults, types, enums, normalisation and validation of the inputs, before any API call.
// Failures name the property and say what would be valid. Unknown values (preview) are let through.
import { CREATION_TOKEN_INPUT } from "./creation";
import { limitProblem } from "../schema/limits";
import {
  type CheckFailure,
  inputNames,
  isUnknown,
  type PropertySpec,
  type ResourceSchema,
} from "../schema/schema";

// passed through untouched: the serialized provider, and the creation token the classes add
const RESERVED = new Set(["__provider", CREATION_TOKEN_INPUT]);

function typeError(name: string, spec: PropertySpec, value: unknown): string | undefined {
  const ok = (() => {
    switch (spec.type) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "integer":
        return typeof value === "number" && Number.isInteger(value);
      case "boolean":
        return typeof value === "boolean";
      case "stringList":
        return Array.isArray(value) && value.every((v) => typeof v === "string" || isUnknown(v));
      case "stringMap":
        return (
          value !== null &&
          typeof value === "object" &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === "string" || isUnknown(v))
        );
      case "object":
        return value !== null && typeof value === "object" && !Array.isArray(value);
      case "objectList":
        return Array.isArray(value) && value.every((v) => v !== null && typeof v === "object");
      case "json":
        return true;
    }
  })();
  if (ok) return undefined;
  const expected: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    stringList: "a list of strings",
    stringMap: "a map of string to string",
    object: "an object",
    objectList: "a list of objects",
    json: "a JSON value",
  };
  // a secret's value is never shown, only its type
  return `${name} must be ${expected[spec.type]}, got ${spec.secret ? describeType(value) : describe(value)}`;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value === "undefined" ? "nothing" : "an object";
}

function escapeControls(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}

/** `olds`: the previous inputs, for the schema's transitions (empty at create). */
export function checkInputs(
  schema: ResourceSchema,
  news: Record<string, unknown>,
  olds: Record<string, unknown> = {},
): CheckResult {
  const failures: CheckFailure[] = [];
  const inputs: Record<string, unknown> = {};
  const known = new Set(inputNames(schema));

  for (const [name, value] of Object.entries(news)) {
    if (RESERVED.has(name)) {
      inputs[name] = value;
      continue;
    }
    if (!known.has(name)) {
      const spec = schema.properties[name];
      failures.push({
        property: name,
        reason: spec
          ? `${name} is an output of ${schema.name} and cannot be set`
          : `${schema.name} has no property ${name}; valid properties: ${[...known].join(", ")}`,
      });
    }
  }

  for (const name of known) {
    const spec = schema.properties[name]!;
    let value = news[name];
    if (value === undefined || value === null) {
      if (spec.default !== undefined) inputs[name] = spec.default;
      else if (spec.required)
        failures.push({ property: name, reason: `${name} is required: ${spec.description}` });
      continue;
    }
    if (isUnknown(value)) {
      inputs[name] = value;
      continue;
    }
    const wrongType = typeError(name, spec, value);
    if (wrongType) {
      failures.push({ property: name, reason: wrongType });
      continue;
    }
    const overLimit = spec.limits && limitProblem(name, spec.limits, value, spec.secret);
    if (overLimit) {
      failures.push({ property: name, reason: overLimit });
      continue;
    }
    if (spec.normalize) value = spec.normalize(value);
    if (spec.oneOf && !spec.oneOf.includes(value as string)) {
      failures.push({
        property: name,
        reason: `${name} "${String(value)}" is not valid: use one of ${spec.oneOf.join(", ")}`,
      });
      continue;
    }
    const invalid = spec.validate?.(value);
    if (invalid) {
      failures.push({ property: name, reason: invalid.startsWith(name) ? invalid : `${name}: ${invalid}` });
      continue;
    }
    inputs[name] = value;
  }

  if (failures.length === 0) {
    for (const rule of schema.rules ?? []) failures.push(...rule(inputs));
    for (const rule of schema.transitions ?? []) failures.push(...rule(olds, inputs));
  }
  // a value quoted in a reason must not reach the terminal as an escape sequence
  return { inputs, failures: failures.map((f) => ({ ...f, reason: escapeControls(f.reason) })) };
}
