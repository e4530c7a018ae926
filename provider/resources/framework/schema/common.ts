// Properties every resource has: where it lives, how long its operations may take, and adoption of an
// existing resource (dynamic providers cannot `pulumi import`).
import { parseDuration } from "./duration";
import type { PropertySpec, ResourceSchema } from "./schema";

/** The hidden input the resource classes set (not a user property: check passes it through). */
export const CREATION_TOKEN_INPUT = "creationToken";

const always = () => true;

export const COMMON_PROPERTIES: Record<string, PropertySpec> = {
  region: {
    type: "string",
    change: "replace",
    computedWhenAbsent: true,
    description: "Region the resource lives in; default: the configured region",
  },
  cloud: {
    type: "string",
    change: "replace",
    computedWhenAbsent: true,
    description: "clouds.yaml entry to use for this resource; default: openstack:cloud or OS_CLOUD",
  },
  adoptId: {
    type: "string",
    change: "update",
    // only consulted at create: once adopted, the resource is managed like any other
    equals: always,
    description:
      "Id of an existing resource to manage instead of creating one; it is brought to the declared state",
  },
  timeouts: {
    type: "object",
    change: "update",
    equals: always,
    description: 'Deadlines per operation, e.g. { create: "10m", update: "10m", delete: "5m" }',
    validate: (value) => {
      for (const [op, duration] of Object.entries(value as Record<string, unknown>)) {
        if (!["create", "update", "delete"].includes(op))
          return `timeouts.${op} is not an operation: use create, update or delete`;
        try {
          parseDuration(duration, `timeouts.${op}`);
        } catch (e) {
          return (e as Error).message;
        }
      }
      return undefined;
    },
  },
};

export function withCommonProperties(schema: ResourceSchema): ResourceSchema {
  return { ...schema, properties: { ...schema.properties, ...COMMON_PROPERTIES } };
}

export function timeoutSeconds(
  state: Record<string, unknown>,
  op: "create" | "update" | "delete",
  fallback: number,
): number {
  const timeouts = state.timeouts as Record<string, unknown> | undefined;
  const value = timeouts?.[op];
  return value === undefined ? fallback : parseDuration(value, `timeouts.${op}`);
}
