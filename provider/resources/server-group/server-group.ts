// ServerGroup: a Nova server group, the scheduling policy servers join through
// schedulerHints: { group: id }. Nova cannot change a group, so every change replaces it.
import { ResourceStateError } from "../../errors";
import { serverGroups, type NovaServerGroup } from "../../services/compute";
import { createOnce, creationTag } from "../framework/host/creation";
import type { OperationContext, Props } from "../framework/host/definition";
import { NAME } from "../framework/schema/limits";
import type { ResourceSchema } from "../framework/schema/schema";
import { defineResource, type ResourceArgs } from "../framework/program/define";

const POLICIES = ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"] as const;

const serverGroupSchema = {
  rules: [
    (inputs) =>
      inputs.maxServerPerHost !== undefined && inputs.policy !== "anti-affinity"
        ? [
            {
              property: "maxServerPerHost",
              reason: `maxServerPerHost applies to the anti-affinity policy only, not ${String(inputs.policy)}`,
            },
          ]
        : [],
  ],
  properties: {
    name: {
      type: "string",
      change: "replace",
      required: true,
      limits: NAME,
      description: "Server group name",
    },
    policy: {
      type: "string",
      change: "replace",
      required: true,
      oneOf: POLICIES,
      description: "affinity, anti-affinity, soft-affinity or soft-anti-affinity",
    },
    maxServerPerHost: {
      type: "integer",
      change: "replace",
      validate: (v) =>
        (v as number) >= 1 ? undefined : `maxServerPerHost must be 1 or more, got ${String(v)}`,
      description: "With anti-affinity: how many of the group's servers one host may run (default 1)",
    },
    members: { type: "stringList", change: "output", description: "Ids of the servers in the group" },
  },
} as const satisfies Omit<ResourceSchema, "name">;

function outputs(group: NovaServerGroup): Props {
  const max = group.rules?.max_server_per_host;
  return {
    name: group.name,
    policy: group.policy,
    maxServerPerHost: max === undefined ? undefined : Number(max),
    members: [...group.members].sort(),
  };
}

const running = new Map<string, Promise<unknown>>();

/** Runs `step` after every earlier step of the same key in this process has ended. */
function oneAtATime<T>(key: string, step: () => Promise<T>): Promise<T> {
  const result = (running.get(key) ?? Promise.resolve()).catch(() => undefined).then(step);
  running.set(key, result);
  const forget = () => {
    if (running.get(key) === result) running.delete(key);
  };
  result.then(forget, forget);
  return result;
}

/** A Nova server group; servers join it with schedulerHints: { group: group.id }. */
export const ServerGroup = defineResource({
  kind: "ServerGroup",
  description: "A Nova server group; servers join it with schedulerHints: { group: group.id }.",
  namedAfterResource: "name",
  ...serverGroupSchema,
  operations: {
    create(ctx, inputs) {
      const body: Props = { name: inputs.name, policy: inputs.policy };
      if (inputs.maxServerPerHost !== undefined)
        body.rules = { max_server_per_host: inputs.maxServerPerHost };
      const like = (g: NovaServerGroup) =>
        g.name === inputs.name &&
        g.policy === inputs.policy &&
        outputs(g).maxServerPerHost === inputs.maxServerPerHost &&
        g.members.length === 0;
      // Nova keeps no tag or metadata on a server group, so what a create made is told apart by being
      // new: a group like it that was not there when the create began. Look-alike creates of this
      // process run one after another, so none of them takes another's group. The limits: a look-alike
      // group another client makes in the same seconds could be taken for this one, and a run killed
      // before the answer leaves an empty group the next run cannot recognise (it makes another).
      return oneAtATime(`${String(inputs.name)}\0${String(inputs.policy)}`, async () => {
        const before = new Set((await serverGroups.list(ctx.client)).map((g) => g.id));
        const group = await createOnce(ctx, inputs, creationTag(inputs), {
          what: "server group",
          send: () => serverGroups.create(ctx.client, body),
          find: async () => (await serverGroups.list(ctx.client)).filter((g) => !before.has(g.id) && like(g)),
          idOf: (g) => g.id,
        });
        return { id: group.id, outs: outputs(group) };
      });
    },

    async read(ctx, id) {
      const group = await serverGroups.get(ctx.client, id);
      return group && outputs(group);
    },

    update(_ctx: OperationContext, id: string) {
      return Promise.reject(new ResourceStateError(`server group ${id} cannot change in place`));
    },

    async delete(ctx, id) {
      await serverGroups.delete(ctx.client, id);
    },
  },
});
export type ServerGroup = InstanceType<typeof ServerGroup>;
export type ServerGroupArgs = ResourceArgs<typeof ServerGroup>;
