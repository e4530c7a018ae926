// Property declarations several resources share word for word.
import { FREE_TEXT, type Limits, NAME, REFERENCE, TAGS } from "./limits";
import type { PropertySpec } from "./schema";
import { sortedSet, unorderedEqual } from "./values";

/** Tags set with the resource's own tags call (Neutron, Nova, Glance), compared as a set. */
export function tagsProperty(description = "Neutron tags", limits: Limits = TAGS) {
  return {
    type: "stringList",
    change: "update",
    field: false,
    normalize: sortedSet,
    equals: unorderedEqual,
    limits,
    description,
  } as const satisfies PropertySpec;
}

/** A resource name as Neutron, Nova and Glance store it (may be empty where the service allows it). */
export function nameProperty(description: string, limits: Limits = NAME) {
  return {
    type: "string",
    change: "update",
    field: "name",
    required: true,
    limits,
    description,
  } as const satisfies PropertySpec;
}

/** The owning project of a Neutron resource: set by admins only, and a change replaces the resource. */
export const projectIdProperty = {
  type: "string",
  change: "replace",
  field: "project_id",
  computedWhenAbsent: true,
  limits: REFERENCE,
  description: "Owning project (admin); default: the authenticated project",
} as const satisfies PropertySpec;

/** Free-text description, updated in place (Neutron resources). */
export const descriptionProperty = {
  type: "string",
  change: "update",
  field: "description",
  limits: FREE_TEXT,
  description: "Free text",
} as const satisfies PropertySpec;

/** Neutron's administrative state, up by default. */
export const adminStateUpProperty = {
  type: "boolean",
  change: "update",
  field: "admin_state_up",
  default: true,
  description: "Administrative state",
} as const satisfies PropertySpec;

export const createdAtProperty = {
  type: "string",
  change: "output",
  field: "created_at",
  description: "Creation time",
} as const satisfies PropertySpec;

export const updatedAtProperty = {
  type: "string",
  change: "output",
  field: "updated_at",
  description: "Last update time",
} as const satisfies PropertySpec;

/** The network a Neutron object belongs to: given at create, a change replaces the object. */
export function networkIdProperty(description: string) {
  return {
    type: "string",
    change: "replace",
    field: "network_id",
    required: true,
    limits: REFERENCE,
    description,
  } as const satisfies PropertySpec;
}
