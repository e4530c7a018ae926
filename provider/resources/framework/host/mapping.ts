// Request bodies and read mapping derived from the schema's `field` declarations. Properties with
// `field: false` are mapped by the resource itself.
import type { Props } from "./definition";
import type { PropertyType, ResourceSchema } from "../schema/schema";

const EMPTY: Partial<Record<PropertyType, unknown>> = {
  string: "",
  stringList: [],
  stringMap: {},
  objectList: [],
};

/**
 * Body fields for the inputs. For a create (no `names`) absent inputs are left out, so the cloud applies
 * its defaults. For an update, `names` are the changed properties: an absent one was removed by the
 * user, so its default or empty value is sent to clear it (otherwise the diff would never go away).
 */
export function requestBody(
  schema: Pick<ResourceSchema, "properties">,
  inputs: Props,
  names?: readonly string[],
): Props {
  const body: Props = {};
  for (const name of names ?? Object.keys(schema.properties)) {
    const spec = schema.properties[name];
    if (!spec || spec.field === false || spec.field === undefined || spec.change === "output") continue;
    const value = inputs[name];
    if (value !== undefined && value !== null) body[spec.field] = value;
    else if (names) body[spec.field] = spec.default ?? EMPTY[spec.type] ?? null;
  }
  return body;
}

/** The API object's values under the schema's property names (inputs and outputs). */
export function fromApi(schema: Pick<ResourceSchema, "properties">, api: Props): Props {
  const out: Props = {};
  for (const [name, spec] of Object.entries(schema.properties)) {
    if (spec.field === false || spec.field === undefined) continue;
    const value = api[spec.field];
    if (value === undefined) continue;
    out[name] = spec.normalize && value !== null ? spec.normalize(value) : value;
  }
  return out;
}
