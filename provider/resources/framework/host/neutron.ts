// The cycle every Neutron resource shares, written once: create carrying the user's tags and the
// creation tag (adopting after an ambiguous failure), read-back mapped through the properties' `field`s,
// update of the changed fields plus tags then read-back, delete retried while ports still hold the
// object. A resource supplies only what is particular to it.
import { NotFoundError } from "../../../errors";
import type { NeutronCollection } from "../../../services/network/collection";
import type { QueryValue } from "../../../session/http";
import type { ResourceSchema } from "../schema/schema";
import { createNeutronObject, userTags } from "./creation";
import type { OperationContext, Operations, Props } from "./definition";
import { portHolders, retryWhileInUse } from "./in-use";
import { fromApi, requestBody } from "./mapping";

export interface NeutronResource<T extends { id: string; tags?: string[] }> {
  collection: NeutronCollection<T>;
  /** Checks that need the cloud, before the first mutating call. */
  prepare?(ctx: OperationContext, inputs: Props): Promise<void>;
  /** Properties sent by `body` rather than through their `field` (tags always are). */
  byHand?: readonly string[];
  /**
   * Body fields of the `byHand` properties: for a create (`change` absent) or for an update, given
   * the previous state and the changed properties.
   */
  body?(
    ctx: OperationContext,
    inputs: Props,
    change?: { olds: Props; changed: readonly string[] },
  ): Props | Promise<Props>;
  /** Outputs the `field` mapping cannot express; `declared` is the inputs or state they answer. */
  outputs?(ctx: OperationContext, object: T, declared: Props): Props | Promise<Props>;
  /** Filters an untagged object this create made would match, on a Neutron without tag-creation. */
  match(body: Props): Record<string, QueryValue>;
  /** Ports that keep the object in use, for deletes answered 409; none: 409 fails at once. */
  holders?(id: string): Record<string, QueryValue>;
}

export function neutronResource<T extends { id: string; tags?: string[] }>(
  spec: NeutronResource<T>,
): (schema: ResourceSchema) => Operations {
  const byHand = new Set(["tags", ...(spec.byHand ?? [])]);
  return (schema) => {
    const outputs = async (ctx: OperationContext, object: T, declared: Props): Promise<Props> => ({
      ...fromApi(schema, object),
      tags: userTags(object.tags),
      ...(await spec.outputs?.(ctx, object, declared)),
    });
    const readBack = async (ctx: OperationContext, id: string, declared: Props, doing: string) => {
      const object = await spec.collection.get(ctx.client, id);
      if (!object) throw new NotFoundError(`${spec.collection.singular} ${id} disappeared while ${doing}`);
      return outputs(ctx, object, declared);
    };
    return {
      prepare: spec.prepare && ((ctx, inputs) => spec.prepare!(ctx, inputs)),

      async create(ctx, inputs) {
        const body = { ...requestBody(schema, inputs), ...(await spec.body?.(ctx, inputs)) };
        const made = await createNeutronObject(ctx, inputs, spec.collection, body, spec.match(body));
        return { id: made.id, outs: await outputs(ctx, made, inputs) };
      },

      async read(ctx, id, state) {
        const object = await spec.collection.get(ctx.client, id);
        return object && outputs(ctx, object, state);
      },

      async update(ctx, id, olds, news, diff) {
        const fields = diff.updates.filter((name) => !byHand.has(name));
        const body = {
          ...requestBody(schema, news, fields),
          ...(await spec.body?.(ctx, news, { olds, changed: diff.updates })),
        };
        if (Object.keys(body).length > 0) await spec.collection.update(ctx.client, id, body);
        if (diff.updates.includes("tags"))
          await spec.collection.setUserTags(ctx.client, id, (news.tags as string[] | undefined) ?? []);
        return readBack(ctx, id, news, "it was updated");
      },

      async delete(ctx, id) {
        const holders = spec.holders?.(id);
        await retryWhileInUse(
          ctx.deadline,
          () => spec.collection.delete(ctx.client, id),
          holders && portHolders(ctx.client, holders),
        );
      },
    };
  };
}
