import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { Server } from "../../../provider/resources/server/server";
import { userDataDigest } from "../../../provider/resources/server/schema";

const schema = withCommonProperties(Server.definition.schema);
const base = { name: "web", flavor: "m1.tiny", image: "cirros" };
/** Inputs with defaults applied: what a state made from them holds. */
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;

describe("Server schema", () => {
  it("defaults networks to auto, power to active, and requires flavor and image", () => {
    const ok = checkInputs(schema, base);
    expect(ok.failures).to.deep.equal([]);
    expect(ok.inputs).to.include({ networks: "auto", powerState: "active", configDrive: false });
    const missing = checkInputs(schema, { name: "web" }).failures.map((f) => f.property);
    expect(missing).to.deep.equal(["flavor"]);
    const noImage = checkInputs(schema, { name: "web", flavor: "m1.nano" }).failures.map((f) => f.property);
    expect(noImage).to.deep.equal(["image"]);
  });

  it("validates networks, power state and security groups without a network", () => {
    const reasons = (inputs: Record<string, unknown>) =>
      checkInputs(schema, { ...base, ...inputs }).failures.map((f) => f.reason);
    expect(reasons({ networks: "some" })).to.deep.equal([
      'networks must be "none", "auto" or a list of { uuid | name | port, fixedIp?, fixedIpV6? }',
    ]);
    expect(reasons({ networks: [{ uuid: "a", name: "b" }] })).to.deep.equal([
      "networks[0] needs exactly one of uuid, name or port",
    ]);
    expect(reasons({ networks: [{ name: "private", fixedIp: "10.0.0.300" }] })[0]).to.include(
      "networks[0].fixedIp",
    );
    expect(reasons({ networks: [{ name: "private", vlan: 3 }] })[0]).to.include("unknown keys vlan");
    expect(reasons({ powerState: "paused" })).to.deep.equal([
      'powerState "paused" is not valid: use one of active, shutoff',
    ]);
    expect(reasons({ networks: "none", securityGroups: ["default"] })).to.deep.equal([
      'securityGroups need a network: networks is "none"',
    ]);
    expect(reasons({ networks: [{ uuid: UNKNOWN }] })).to.deep.equal([]);
  });

  it("keeps user data as a digest and replaces the server when it changes", () => {
    const state = checked({ ...base, userData: userDataDigest("#cloud-config\n") });
    const same = diffState(schema, state, checked({ ...base, userData: "#cloud-config\n" }));
    expect(same.changes).to.equal(false);
    const other = diffState(schema, state, checked({ ...base, userData: "#cloud-config\nx: 1\n" }));
    expect(other.replaces).to.deep.equal(["userData"]);
  });

  it("replaces a server recorded in ERROR, with or without other changes: Nova cannot resize it", () => {
    const state = { ...checked(base), status: "ERROR" };
    expect(diffState(schema, state, checked(base))).to.deep.include({ changes: true, replaces: ["status"] });
    const resized = diffState(schema, state, checked({ ...base, flavor: "m1.small" }));
    expect(resized.replaces).to.deep.equal(["status"]);
    expect(diffState(schema, { ...state, status: "ACTIVE" }, checked(base)).changes).to.equal(false);
  });

  it("the README says where user data is kept: outputs as its sha256, recorded inputs whole (secret)", () => {
    // check's result is what Pulumi records as the resource's inputs: the user data stays whole there
    expect(checked({ ...base, userData: "#cloud-config\n" }).userData).to.equal("#cloud-config\n");
    const readme = readFileSync(join(__dirname, "../../../README.md"), "utf8").replace(/\s+/g, " ");
    expect(readme).not.to.match(/state keeps only its sha256/);
    expect(readme).to.include("the inputs Pulumi records for the next diff keep it whole");
  });

  it("replaces on an image change unless rebuild is opted into", () => {
    const state = checked(base);
    expect(diffState(schema, state, { ...state, image: "ubuntu" }).replaces).to.deep.equal(["image"]);
    const rebuild = diffState(schema, state, { ...state, image: "ubuntu", rebuildOnImageChange: true });
    expect(rebuild.replaces).to.deep.equal([]);
    expect(rebuild.updates).to.deep.equal(["image", "rebuildOnImageChange"]);
  });

  it("updates flavor, metadata, tags, security groups, password and power in place", () => {
    const state = checked({ ...base, securityGroups: ["default"], adminPass: "x" });
    const d = diffState(schema, state, {
      ...state,
      flavor: "m1.small",
      metadata: { a: "1" },
      tags: ["t"],
      securityGroups: ["default", "web"],
      adminPass: "y",
      powerState: "shutoff",
    });
    expect(d.replaces).to.deep.equal([]);
    expect(d.updates).to.deep.equal([
      "flavor",
      "securityGroups",
      "metadata",
      "tags",
      "adminPass",
      "powerState",
    ]);
    const generated = diffState(schema, state, checked(base));
    expect(generated.changes, "a generated password and the default groups are not drift").to.equal(false);
  });
  it("takes an IPv4 and an IPv6 fixed address on one network, each of its version", () => {
    const reasons = (networks: unknown) =>
      checkInputs(schema, { ...base, networks }).failures.map((f) => f.reason);
    expect(reasons([{ name: "private", fixedIp: "10.0.0.5", fixedIpV6: "fd00::5" }])).to.deep.equal([]);
    expect(reasons([{ name: "private", fixedIp: "fd00::5" }])).to.deep.equal([]);
    expect(reasons([{ name: "private", fixedIpV6: "10.0.0.5" }])).to.deep.equal([
      'networks[0].fixedIpV6: "10.0.0.5" is not an IPv6 address: put an IPv4 address in fixedIp',
    ]);
    expect(reasons([{ name: "private", fixedIp: "fd00::6", fixedIpV6: "fd00::5" }])[0]).to.include(
      'networks[0].fixedIp: "fd00::6" must be IPv4 when fixedIpV6 is given',
    );
    expect(reasons([{ port: "p-1", fixedIp: "10.0.0.5" }])[0]).to.include(
      "networks[0].fixedIp: a port brings its own addresses",
    );
  });

  it("deletes the old server first when the replacement takes its port or a declared address", () => {
    const onPort = checked({ ...base, networks: [{ port: "p-1" }] });
    const replaced = diffState(schema, onPort, { ...onPort, image: "ubuntu" });
    expect(replaced).to.deep.include({ replaces: ["image"], deleteBeforeReplace: true });
    const fixed = checked({ ...base, networks: [{ name: "private", fixedIpV6: "fd00::5" }] });
    expect(diffState(schema, fixed, { ...fixed, image: "ubuntu" }).deleteBeforeReplace).to.equal(true);
    const auto = checked(base);
    expect(diffState(schema, auto, { ...auto, image: "ubuntu" }).deleteBeforeReplace).to.equal(false);
  });
});
