// Property declarations several resources share word for word.
import type { PropertySpec } from "./schema";
import { sortedSet, unorderedEqual } from "./values";

/** Tags set with the resource's own tags call (Neutron, Nova, Glance), compared as a set. */
export function tagsProperty(description = "Neutron tags"): PropertySpec {
  return {
    type: "stringList",
    change: "update",
    field: false,
    normalize: sortedSet,
    equals: unorderedEqual,
    description,
  };
}

/** The owning project of a Neutron resource: set by admins only, and a change replaces the resource. */
export const projectIdProperty: PropertySpec = {
  type: "string",
  change: "replace",
  field: "project_id",
  computedWhenAbsent: true,
  description: "Owning project (admin); default: the authenticated project",
};

/** Free-text description, updated in place (Neutron resources). */
export const descriptionProperty: PropertySpec = {
  type: "string",
  change: "update",
  field: "description",
  description: "Free text",
};

/** Neutron's administrative state, up by default. */
export const adminStateUpProperty: PropertySpec = {
  type: "boolean",
  change: "update",
  field: "admin_state_up",
  default: true,
  description: "Administrative state",
};
