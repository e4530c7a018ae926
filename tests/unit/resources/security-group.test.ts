// SecurityGroup without a cloud: the reserved name, what updates in place, and deleteDefaultRules
// against a stand-in Neutron (the rules go right after the create; a failure on the way still reports
// the group, recorded so that the next update replaces it).
import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { ServiceError } from "../../../provider/errors";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { PartialCreateError } from "../../../provider/resources/framework/host/partial";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { SecurityGroup } from "../../../provider/resources/security-group/security-group";

const schema = withCommonProperties(SecurityGroup.definition.schema);
const checked = (inputs: Props) => {
  const result = checkInputs(schema, inputs);
  expect(result.failures).to.deep.equal([]);
  return result.inputs;
};

describe("SecurityGroup: check and diff", () => {
  it("refuses the name of the project's default group", () => {
    expect(checkInputs(schema, { name: "DEFAULT" }).failures).to.deep.equal([
      {
        property: "name",
        reason: 'name "DEFAULT" is reserved for the project\'s default group: choose another name',
      },
    ]);
    checked({ name: "default-web" });
  });

  it("updates name, description, tags and statefulness in place; deleteDefaultRules replaces", () => {
    const state = { ...checked({ name: "web" }), stateful: true, projectId: "p-1", ruleIds: ["r-1"] };
    expect(diffState(schema, state, checked({ name: "web" })).changes).to.equal(false);
    const inPlace = diffState(
      schema,
      state,
      checked({ name: "api", description: "d", tags: ["x"], stateful: false }),
    );
    expect(inPlace).to.deep.include({ replaces: [], updates: ["name", "description", "stateful", "tags"] });
    expect(
      diffState(schema, state, checked({ name: "web", deleteDefaultRules: true })).replaces,
    ).to.deep.equal(["deleteDefaultRules"]);
  });
});

/** A stand-in Neutron with one group made by the POST and its two default rules. */
function fakeNeutron(failRuleDelete = false) {
  const rules = [
    { id: "r-4", direction: "egress", ethertype: "IPv4" },
    { id: "r-6", direction: "egress", ethertype: "IPv6" },
  ];
  const deleted: string[] = [];
  const group = () => ({
    id: "sg-1",
    name: "web",
    description: "",
    stateful: true,
    tags: ["pulumi-create-0123456789abcdef"],
    security_group_rules: rules.filter((r) => !deleted.includes(r.id)),
  });
  const client = {
    request(_service: string, req: { method?: string; path: string }) {
      const method = req.method ?? "GET";
      const ok = (data: unknown) => Promise.resolve({ status: 200, headers: {}, data });
      if (req.path === "/v2.0/security-groups" || req.path === "/v2.0/security-groups/sg-1")
        return ok({ security_group: group() });
      if (method === "GET" && req.path === "/v2.0/security-group-rules")
        return ok({ security_group_rules: group().security_group_rules });
      const rule = /^\/v2\.0\/security-group-rules\/(.+)$/.exec(req.path);
      if (method === "DELETE" && rule) {
        if (failRuleDelete) return Promise.reject(new ServiceError("500", { status: 500, method }));
        deleted.push(rule[1]!);
        return ok({});
      }
      return Promise.reject(new Error(`unexpected ${method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const ctx: OperationContext = { client, deadline: new Deadline("test", 30), log: () => undefined };
  return { ctx, deleted };
}

describe("SecurityGroup: deleteDefaultRules", () => {
  const create = (ctx: OperationContext, inputs: Props) => SecurityGroup.definition.create(ctx, inputs);

  it("keeps Neutron's rules unless asked", async () => {
    const n = fakeNeutron();
    const made = await create(n.ctx, checked({ name: "web" }));
    expect(n.deleted).to.deep.equal([]);
    expect(made.outs).to.deep.include({ ruleIds: ["r-4", "r-6"], deleteDefaultRules: false, tags: [] });
  });

  it("deletes them right after the create, and reads the group back without them", async () => {
    const n = fakeNeutron();
    const made = await create(n.ctx, checked({ name: "web", deleteDefaultRules: true }));
    expect(n.deleted).to.deep.equal(["r-4", "r-6"]);
    expect(made.outs).to.deep.include({ ruleIds: [], deleteDefaultRules: true });
  });

  it("reports the group when deleting them fails, recorded as made with them: the next update replaces it", async () => {
    const n = fakeNeutron(true);
    const inputs = checked({ name: "web", deleteDefaultRules: true });
    const error = await create(n.ctx, inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(PartialCreateError);
    const partial = error as PartialCreateError;
    expect(partial.id).to.equal("sg-1");
    expect(partial.outs.deleteDefaultRules).to.equal(false);
    expect(diffState(schema, partial.outs, inputs).replaces).to.deep.equal(["deleteDefaultRules"]);
  });
});
