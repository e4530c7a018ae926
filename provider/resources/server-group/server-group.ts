// ServerGroup: a Nova server group, the scheduling policy servers join through
// schedulerHints: { group: id }. Nova cannot change a group, so every change replaces it.
import { ResourceStateError } from "../../errors";
import { serverGroups, type NovaServerGroup } from "../../services/compute";
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

/** A Nova server group; servers join it with schedulerHints: { group: group.id }. */
export const ServerGroup = defineResource({
  kind: "ServerGroup",
  description: "A Nova server group; servers join it with schedulerHints: { group: group.id }.",
  namedAfterResource: "name",
  ...serverGroupSchema,
  operations: {
    async create(ctx, inputs) {
      const body: Props = { name: inputs.name, policy: inputs.policy };
      if (inputs.maxServerPerHost !== undefined)
        body.rules = { max_server_per_host: inputs.maxServerPerHost };
      const group = await serverGroups.create(ctx.client, body);
      return { id: group.id, outs: outputs(group) };
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
