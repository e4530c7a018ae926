// SecurityGroupRule: one rule of a Neutron security group. Neutron cannot change a rule, so every
// change replaces it. Rules carry no tags, so a create is made idempotent by the rule's attributes:
// Neutron refuses a second rule with the same ones (409 SecurityGroupRuleExists). An identical rule
// found before the create is someone else's and fails the create, naming it; after an ambiguous failure
// (lost answer, gateway 5xx) the identical rule found is the one this create made, and is adopted.
import { ConfigError, ConflictError } from "../../errors";
import { securityGroupRules, securityGroups, type NeutronSecurityGroupRule } from "../../services/network";
import { createOnce, isAmbiguous } from "../framework/host/creation";
import type { OperationContext, Props } from "../framework/host/definition";
import { requestBody } from "../framework/host/mapping";
import { defineResource, type ResourceArgs } from "../framework/program/define";
import { REFERENCE } from "../framework/schema/limits";
import { createdAtProperty, descriptionProperty, updatedAtProperty } from "../framework/schema/properties";
import { shaped } from "../framework/schema/types";
import { canonicalCidr } from "../subnet/addresses";
import { cidrProblem } from "../subnet/checks";
import {
  ANY,
  duplicateKey,
  isFullPortRange,
  normalizeProtocol,
  protocolNumber,
  protocolProblem,
  ruleInputs,
  ruleProblems,
} from "./protocols";

/** The create body: "any" and absent values are left out (Neutron's null). */
function ruleBody(inputs: Props): Props {
  const body: Props = {
    ...requestBody(SecurityGroupRule.definition.schema, inputs),
    ...(inputs.protocol !== undefined && inputs.protocol !== ANY && { protocol: inputs.protocol }),
    ...(inputs.portRangeMin !== undefined && { port_range_min: inputs.portRangeMin }),
    ...(inputs.portRangeMax !== undefined && { port_range_max: inputs.portRangeMax }),
  };
  return body;
}

/**
 * Outputs under the input names. Where Neutron stores another form of what was declared (ICMP on
 * IPv6 as ipv6-icmp, 1-65535 as no range, "any" as null) the declared form is kept, so only a real
 * change shows as drift.
 */
function outputs(rule: NeutronSecurityGroupRule, declared: Props): Props {
  const live = ruleInputs(rule);
  const sameProtocol =
    protocolNumber(live.protocol, live.ethertype) === protocolNumber(declared.protocol, declared.ethertype);
  const fullRange =
    live.portRangeMin === undefined &&
    live.portRangeMax === undefined &&
    isFullPortRange(declared.portRangeMin, declared.portRangeMax);
  return {
    ...live,
    protocol: sameProtocol ? declared.protocol : live.protocol,
    ...(fullRange && { portRangeMin: 1, portRangeMax: 65535 }),
    remoteIpPrefix: live.remoteIpPrefix === undefined ? undefined : canonicalCidr(live.remoteIpPrefix),
    description: rule.description ?? "",
    projectId: rule.project_id,
    createdAt: rule.created_at,
    updatedAt: rule.updated_at,
  };
}

async function identicalRules(ctx: OperationContext, inputs: Props): Promise<NeutronSecurityGroupRule[]> {
  const key = duplicateKey(inputs);
  const rules = await securityGroupRules.list(ctx.client, {
    security_group_id: inputs.securityGroupId as string,
  });
  return rules.filter((r) => duplicateKey(ruleInputs(r)) === key);
}

function someoneElses(inputs: Props, id: string, cause?: ConflictError): ConflictError {
  return new ConflictError(
    `security group ${String(inputs.securityGroupId)} already has rule ${id} with these attributes, ` +
      `which this stack does not track (Neutron refuses a duplicate; the description does not count): ` +
      `delete it (openstack security group rule delete ${id}), or set adoptId: "${id}" to manage it here`,
    { ...cause, cause },
  );
}

/** The id in Neutron's "Security group rule already exists. Rule id is <id>." */
function existingRuleId(error: unknown): string | undefined {
  if (!(error instanceof ConflictError)) return undefined;
  return /rule id is ([0-9a-f-]{36})/i.exec(error.serviceMessage ?? error.message)?.[1];
}

async function create(ctx: OperationContext, inputs: Props): Promise<{ id: string; outs: Props }> {
  const [existing] = await identicalRules(ctx, inputs);
  if (existing) throw someoneElses(inputs, existing.id);
  const body = ruleBody(inputs);
  let answerLost = false;
  const rule = await createOnce(ctx, {}, "", {
    what: "security group rule",
    async send() {
      try {
        return await securityGroupRules.create(ctx.client, body);
      } catch (error) {
        answerLost ||= isAmbiguous(error);
        const id = existingRuleId(error);
        if (id === undefined) throw error;
        // none existed before: after a lost answer, the duplicate is the one this create made
        const made = answerLost ? await securityGroupRules.get(ctx.client, id) : undefined;
        if (!made) throw someoneElses(inputs, id, error as ConflictError);
        ctx.log(`security group rule ${id} was made although the answer was lost: adopted`);
        return made;
      }
    },
    find: () => identicalRules(ctx, inputs),
    idOf: (r) => r.id,
  });
  return { id: rule.id, outs: outputs(rule, inputs) };
}

/** One rule of a Neutron security group; every change replaces it. */
export const SecurityGroupRule = defineResource({
  kind: "SecurityGroupRule",
  description:
    "One rule of a Neutron security group; Neutron cannot change a rule, so every change replaces it.",
  rules: [ruleProblems],
  // Neutron would refuse the new rule as a duplicate of the old one while both exist
  deleteBeforeReplace: (news, olds) => duplicateKey(news) === duplicateKey(olds),
  properties: {
    securityGroupId: {
      type: "string",
      change: "replace",
      field: "security_group_id",
      required: true,
      limits: REFERENCE,
      description: "Id of the security group the rule belongs to",
    },
    direction: {
      type: "string",
      change: "replace",
      field: "direction",
      required: true,
      oneOf: ["ingress", "egress"],
      description: "ingress (to the ports) or egress (from them)",
    },
    ethertype: {
      type: "string",
      change: "replace",
      field: "ethertype",
      default: "IPv4",
      oneOf: ["IPv4", "IPv6"],
      description: "IPv4 or IPv6",
    },
    protocol: shaped<string | number>()({
      type: "json",
      change: "replace",
      field: false,
      normalize: normalizeProtocol,
      validate: protocolProblem,
      description:
        'A protocol name (tcp, udp, icmp, ipv6-icmp, …), a number from 0 to 255, or "any"; default: any',
    }),
    portRangeMin: {
      type: "integer",
      change: "replace",
      field: false,
      limits: { min: 0, max: 65535 },
      description: "First port (1-65535) for tcp, udp, dccp, sctp, udplite; the ICMP type (0-255) for icmp",
    },
    portRangeMax: {
      type: "integer",
      change: "replace",
      field: false,
      limits: { min: 0, max: 65535 },
      description: "Last port, at least portRangeMin; the ICMP code (0-255) for icmp",
    },
    remoteIpPrefix: {
      type: "string",
      change: "replace",
      field: "remote_ip_prefix",
      normalize: canonicalCidr,
      validate: cidrProblem,
      description:
        "Addresses the rule matches, a CIDR of the ethertype's family; exclusive with remoteGroupId",
    },
    remoteGroupId: {
      type: "string",
      change: "replace",
      field: "remote_group_id",
      limits: REFERENCE,
      description: "Security group whose members the rule matches; exclusive with remoteIpPrefix",
    },
    description: { ...descriptionProperty, change: "replace" },
    projectId: {
      type: "string",
      change: "output",
      field: false,
      description: "Owning project (the group's)",
    },
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: {
    async prepare(ctx, inputs) {
      for (const name of ["securityGroupId", "remoteGroupId"]) {
        const id = inputs[name] as string | undefined;
        if (id !== undefined && !(await securityGroups.get(ctx.client, id)))
          throw new ConfigError(`${name} "${id}": no security group with this id is visible to this project`);
      }
    },
    create,
    async read(ctx, id, state) {
      const rule = await securityGroupRules.get(ctx.client, id);
      return rule && outputs(rule, state);
    },
    update(_ctx, id) {
      return Promise.reject(new ConflictError(`security group rule ${id} cannot change in place`));
    },
    async delete(ctx, id) {
      await securityGroupRules.delete(ctx.client, id);
    },
  },
});
export type SecurityGroupRule = InstanceType<typeof SecurityGroupRule>;
export type SecurityGroupRuleArgs = ResourceArgs<typeof SecurityGroupRule>;
