// diff: old state (outputs, which carry the live values under the input names) against the new checked
// inputs. No API call. Unknown values count as changes; the replace set and deleteBeforeReplace come
// from the schema.
import { isDeepStrictEqual } from "node:util";
import { inputNames, isUnknown, type PropertySpec, type ResourceSchema } from "../schema/schema";

export interface DiffResult {
  changes: boolean;
  /** Properties whose change replaces the resource. */
  replaces: string[];
  /** Properties whose change is applied in place. */
  updates: string[];
  deleteBeforeReplace: boolean;
  /** Outputs that do not change whatever happens. */
  stables: string[];
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** Whether the state's value of a property matches the desired input. */
export function sameValue(spec: PropertySpec, stateValue: unknown, desired: unknown): boolean {
  if (desired === undefined || desired === null) {
    if (spec.computedWhenAbsent) return true;
    const fallback = spec.default;
    if (fallback === undefined) return isEmpty(stateValue);
    desired = fallback;
  }
  const wanted = spec.stateForm ? spec.stateForm(desired) : desired;
  if (spec.equals) return spec.equals(stateValue, wanted);
  if (isEmpty(wanted) && isEmpty(stateValue)) return true;
  return isDeepStrictEqual(stateValue, wanted);
}

/** Runs the properties' prepareStateForm for the values about to be diffed, all at once. */
export async function prepareStateForms(
  schema: ResourceSchema,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<void> {
  const work: Array<Promise<void>> = [];
  for (const name of inputNames(schema)) {
    const prepare = schema.properties[name]!.prepareStateForm;
    const value = news[name];
    if (prepare && value !== undefined && !isUnknown(value)) work.push(prepare(value, olds));
  }
  await Promise.all(work);
}

export function diffState(
  schema: ResourceSchema,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): DiffResult {
  const replaces: string[] = [];
  const updates: string[] = [];
  for (const name of inputNames(schema)) {
    const spec = schema.properties[name]!;
    const desired = news[name];
    const changed = isUnknown(desired) || !sameValue(spec, olds[spec.stateKey ?? name], desired);
    if (!changed) continue;
    if (spec.change === "replace" && !spec.updatesInPlaceWhen?.(news)) {
      replaces.push(name);
    } else {
      updates.push(name);
    }
  }
  const broken = schema.replacedWhenBroken?.(olds);
  if (broken !== undefined && !replaces.includes(broken)) replaces.push(broken);
  return {
    changes: replaces.length + updates.length > 0,
    replaces,
    updates,
    deleteBeforeReplace:
      replaces.length > 0 &&
      ((schema.uniqueName !== undefined && ![...replaces, ...updates].includes(schema.uniqueName)) ||
        schema.deleteBeforeReplace?.(news, olds) === true),
    stables: replaces.length === 0 ? ["id"] : [],
  };
}
