// SecurityGroup: a Neutron security group. Its rules are SecurityGroupRule resources; Neutron gives a
// new group rules of its own (egress to anywhere, per ethertype), which deleteDefaultRules removes
// right after the create so that only the declared rules apply.
import { securityGroupRules, securityGroups, type NeutronSecurityGroup } from "../../services/network";
import type { OperationContext, Operations, Props } from "../framework/host/definition";
import { neutronResource } from "../framework/host/neutron";
import { withId } from "../framework/host/partial";
import { defineResource, type ResourceArgs } from "../framework/program/define";
import {
  createdAtProperty,
  descriptionProperty,
  nameProperty,
  projectIdProperty,
  tagsProperty,
  updatedAtProperty,
} from "../framework/schema/properties";
import type { ResourceSchema } from "../framework/schema/schema";

// Neutron keeps the name "default" for the group it makes in each project
const notDefault = (value: unknown): string | undefined =>
  (value as string).toLowerCase() === "default"
    ? `name "${String(value)}" is reserved for the project's default group: choose another name`
    : undefined;

const template = neutronResource<NeutronSecurityGroup>({
  collection: securityGroups,
  byHand: ["deleteDefaultRules"],
  outputs: (_ctx, group, declared) => ({
    ruleIds: (group.security_group_rules ?? []).map((r) => r.id).sort(),
    deleteDefaultRules: declared.deleteDefaultRules ?? false,
  }),
  match: (body) => ({ name: body.name as string }),
  // a group on a port cannot go; ports being deleted (a server's) hold it for a moment
  holders: (id) => ({ security_groups: id }),
});

/** Deletes the rules the group has right after its create: all of them are Neutron's own. */
async function deleteDefaultRules(ctx: OperationContext, id: string): Promise<void> {
  const rules = await securityGroupRules.list(ctx.client, { security_group_id: id });
  for (const rule of rules) await securityGroupRules.delete(ctx.client, rule.id);
  if (rules.length > 0) ctx.log(`security group ${id}: deleted Neutron's ${rules.length} default rules`);
}

function operations(schema: ResourceSchema): Operations {
  const base = template(schema);
  return {
    ...base,
    async create(ctx, inputs) {
      const made = await base.create(ctx, inputs);
      if (inputs.deleteDefaultRules !== true) return made;
      // recorded as made with the default rules: the next update replaces it and tries again
      const outs: Props = { ...made.outs, deleteDefaultRules: false };
      await withId(made.id, outs, () => deleteDefaultRules(ctx, made.id));
      const read = await withId(made.id, outs, () => base.read(ctx, made.id, inputs));
      return { id: made.id, outs: read ?? made.outs };
    },
  };
}

/** A Neutron security group; its rules are SecurityGroupRule resources. */
export const SecurityGroup = defineResource({
  kind: "SecurityGroup",
  description: "A Neutron security group; its rules are SecurityGroupRule resources.",
  namedAfterResource: "name",
  properties: {
    name: { ...nameProperty("Security group name (not default)"), validate: notDefault },
    description: descriptionProperty,
    stateful: {
      type: "boolean",
      change: "update",
      field: "stateful",
      computedWhenAbsent: true,
      description:
        "Connection tracking: replies are let through (stateful-security-group extension); " +
        "default: Neutron's (true); Neutron refuses a change while ports use the group",
    },
    deleteDefaultRules: {
      type: "boolean",
      change: "replace",
      field: false,
      default: false,
      description: "Delete the egress rules Neutron adds to a new group, right after the create",
    },
    tags: tagsProperty(),
    projectId: projectIdProperty,
    ruleIds: {
      type: "stringList",
      change: "output",
      field: false,
      description: "Ids of the group's rules, Neutron's defaults included",
    },
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations,
});
export type SecurityGroup = InstanceType<typeof SecurityGroup>;
export type SecurityGroupArgs = ResourceArgs<typeof SecurityGroup>;
