import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { requestBody } from "../../../provider/resources/framework/host/mapping";
import { Network } from "../../../provider/resources/network/network";

const schema = withCommonProperties(Network.definition.schema);
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;

describe("Network schema", () => {
  it("defaults admin state, sharing and external, and maps inputs to Neutron fields", () => {
    const inputs = checked({ name: "n", external: true, portSecurityEnabled: false, tags: ["b", "a"] });
    expect(inputs).to.include({ adminStateUp: true, shared: false, external: true });
    expect(requestBody(Network.definition.schema, inputs)).to.deep.equal({
      name: "n",
      admin_state_up: true,
      shared: false,
      "router:external": true,
      port_security_enabled: false,
    });
  });

  it("refuses wrong types and unknown properties, naming them", () => {
    const failures = checkInputs(schema, {
      name: "n",
      mtu: "1500",
      colour: "red",
      timeouts: { create: "soon" },
    }).failures;
    expect(failures.map((f) => f.property)).to.have.members(["mtu", "colour", "timeouts"]);
    expect(failures.find((f) => f.property === "mtu")!.reason).to.equal(
      'mtu must be a whole number, got "1500"',
    );
    expect(failures.find((f) => f.property === "timeouts")!.reason).to.include(
      'timeouts.create "soon" is not a duration',
    );
  });

  it("updates everything in place but the project and availability-zone hints, and region or cloud", () => {
    const state = {
      ...checked({ name: "n" }),
      mtu: 1450,
      portSecurityEnabled: true,
      projectId: "p1",
      region: "RegionOne",
    };
    const inPlace = diffState(
      schema,
      state,
      checked({ name: "m", description: "d", shared: true, tags: ["x"] }),
    );
    expect(inPlace).to.deep.include({ replaces: [], updates: ["name", "description", "shared", "tags"] });
    const replaced = diffState(schema, state, checked({ name: "n", projectId: "p2", region: "RegionTwo" }));
    expect(replaced.replaces).to.deep.equal(["projectId", "region"]);
    expect(
      diffState(schema, state, checked({ name: "n", adoptId: "x", timeouts: { delete: "5m" } })).changes,
    ).to.equal(false);
  });
});
