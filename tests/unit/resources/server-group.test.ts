import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { ServerGroup } from "../../../provider/resources/server-group/server-group";

const schema = withCommonProperties(ServerGroup.definition.schema);
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;

describe("ServerGroup schema", () => {
  it("takes the four policies and a host limit for anti-affinity only", () => {
    for (const policy of ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"])
      expect(checkInputs(schema, { name: "g", policy }).failures).to.deep.equal([]);
    expect(
      checkInputs(schema, { name: "g", policy: "anti-affinity", maxServerPerHost: 2 }).failures,
    ).to.deep.equal([]);
    expect(
      checkInputs(schema, { name: "g", policy: "soft-affinity", maxServerPerHost: 2 }).failures,
    ).to.deep.equal([
      {
        property: "maxServerPerHost",
        reason: "maxServerPerHost applies to the anti-affinity policy only, not soft-affinity",
      },
    ]);
    expect(checkInputs(schema, { name: "g" }).failures.map((f) => f.property)).to.deep.equal(["policy"]);
  });

  it("replaces on any change, and its members are no change", () => {
    const state = { ...checked({ name: "g", policy: "affinity" }), members: ["s1"] };
    expect(diffState(schema, state, checked({ name: "g", policy: "affinity" })).changes).to.equal(false);
    expect(diffState(schema, state, checked({ name: "h", policy: "anti-affinity" })).replaces).to.deep.equal([
      "name",
      "policy",
    ]);
  });
});
