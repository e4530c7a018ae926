import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { FloatingIp } from "../../../provider/resources/floating-ip/floating-ip";

const schema = withCommonProperties(FloatingIp.definition.schema);

describe("FloatingIp schema", () => {
  it("needs a pool and accepts one association", () => {
    expect(checkInputs(schema, {}).failures.map((f) => f.property)).to.deep.equal(["pool"]);
    expect(
      checkInputs(schema, { pool: "public", serverId: "s", serverNetwork: "private", fixedIp: "10.0.0.5" })
        .failures,
    ).to.deep.equal([]);
  });

  it("refuses conflicting or incomplete associations and bad addresses, naming the field", () => {
    const failures = (inputs: Record<string, unknown>) =>
      checkInputs(schema, { pool: "public", ...inputs }).failures;
    expect(failures({ portId: "p", serverId: "s" })).to.deep.equal([
      { property: "serverId", reason: "set portId or serverId, not both" },
    ]);
    expect(failures({ fixedIp: "10.0.0.5" })).to.deep.equal([
      { property: "fixedIp", reason: "fixedIp needs portId or serverId" },
    ]);
    expect(failures({ serverNetwork: "private" })[0]!.property).to.equal("serverNetwork");
    expect(failures({ address: "172.24.4.300" })[0]!.reason).to.include("is not an IPv4 or IPv6 address");
  });

  it("moves in place, replaces on allocation changes, and deletes first when associated", () => {
    const state = { pool: "public", address: "172.24.4.10", serverId: "a", associatedPortId: "pa" };
    expect(diffState(schema, state, { pool: "public", serverId: "b" })).to.deep.include({
      replaces: [],
      updates: ["serverId"],
    });
    const associated = diffState(schema, state, { pool: "public", address: "172.24.4.11", serverId: "a" });
    expect(associated).to.deep.include({ replaces: ["address"], deleteBeforeReplace: true });
    const free = diffState(
      schema,
      { pool: "public", address: "172.24.4.10" },
      { pool: "public", address: "172.24.4.11" },
    );
    expect(free).to.deep.include({ replaces: ["address"], deleteBeforeReplace: false });
  });

  it("treats an association made out of band as drift when none is declared", () => {
    const d = diffState(schema, { pool: "public", address: "172.24.4.10", portId: "px" }, { pool: "public" });
    expect(d.updates).to.deep.equal(["portId"]);
  });
});
