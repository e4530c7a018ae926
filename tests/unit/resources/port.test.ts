// Port: check-time validation of addresses, pairs, MACs and port security, and a diff of fixed IPs
// that does not take the addresses Neutron fills in for subnet-only entries as drift.
import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { fixedIpsBody, pairsFromApi } from "../../../provider/resources/port/addresses";
import { Port } from "../../../provider/resources/port/port";

const schema = withCommonProperties(Port.definition.schema);
const SG = "0f4c1e0a-8d55-4d6e-9a3e-2b1d7a7c9f10";
const base = { name: "p", networkId: "net-1" };
const check = (inputs: Record<string, unknown>) => checkInputs(schema, { ...base, ...inputs });
const reasons = (inputs: Record<string, unknown>) => check(inputs).failures.map((f) => f.reason);

/** What a state holds: the inputs checked, with the live fixed IPs as the read-back gives them. */
const stateOf = (inputs: Record<string, unknown>, live: Array<{ subnetId: string; ipAddress: string }>) => ({
  ...check(inputs).inputs,
  fixedIps: live,
});

describe("Port schema", () => {
  it("takes subnet-only, address-only and full fixed IPs, in canonical form", () => {
    const ok = check({
      fixedIps: [{ subnetId: "s4" }, { ipAddress: "FD00:0:0::5" }, { subnetId: "s4", ipAddress: "10.0.0.7" }],
      macAddress: "FA-16-3E-00-00-01",
      allowedAddressPairs: [
        { ipAddress: "10.0.1.0/24" },
        { ipAddress: "fd00::10", macAddress: "FA:16:3E:00:00:02" },
      ],
      securityGroups: [SG],
    });
    expect(ok.failures).to.deep.equal([]);
    expect(ok.inputs.fixedIps).to.deep.equal([
      { subnetId: "s4" },
      { ipAddress: "fd00::5" },
      { subnetId: "s4", ipAddress: "10.0.0.7" },
    ]);
    expect(ok.inputs.macAddress).to.equal("fa:16:3e:00:00:01");
    expect(ok.inputs.allowedAddressPairs).to.deep.equal([
      { ipAddress: "10.0.1.0/24" },
      { ipAddress: "fd00::10", macAddress: "fa:16:3e:00:00:02" },
    ]);
  });

  it("refuses malformed fixed IPs, naming the entry and what is valid", () => {
    expect(reasons({ fixedIps: [{}] })[0]).to.include("fixedIps[0] needs subnetId, ipAddress or both");
    expect(reasons({ fixedIps: [{ ipAddress: "10.0.0.256" }] })[0]).to.include(
      'fixedIps[0].ipAddress: "10.0.0.256" is not an IPv4 or IPv6 address',
    );
    expect(reasons({ fixedIps: [{ subnet: "s" }] })[0]).to.include("has no property subnet");
    expect(reasons({ fixedIps: [{ ipAddress: "10.0.0.5" }, { ipAddress: "10.0.0.5" }] })[0]).to.include(
      "fixedIps[1].ipAddress 10.0.0.5 is already fixedIps[0]",
    );
  });

  it("refuses malformed address pairs and MACs", () => {
    expect(reasons({ allowedAddressPairs: [{ ipAddress: "10.0.0.1/24" }] })[0]).to.include(
      'allowedAddressPairs[0].ipAddress: "10.0.0.1/24" has host bits set: did you mean 10.0.0.0/24?',
    );
    expect(reasons({ allowedAddressPairs: [{ macAddress: "fa:16:3e:00:00:01" }] })[0]).to.include(
      "allowedAddressPairs[0] needs ipAddress",
    );
    expect(
      reasons({ allowedAddressPairs: [{ ipAddress: "10.0.0.9", macAddress: "fa:16:3e" }] })[0],
    ).to.include('allowedAddressPairs[0].macAddress: "fa:16:3e" is not a MAC address');
    expect(
      reasons({ allowedAddressPairs: [{ ipAddress: "10.0.0.9" }, { ipAddress: "10.0.0.9" }] })[0],
    ).to.include("allowedAddressPairs[1] repeats allowedAddressPairs[0]");
    expect(reasons({ macAddress: "00:00:00:00:00:00" })[0]).to.include("reserved");
    expect(reasons({ macAddress: "fa:16:3e:00:00:0g" })[0]).to.include("six hex pairs");
  });

  it("takes security group ids only", () => {
    expect(reasons({ securityGroups: ["default"] })[0]).to.include(
      'securityGroups[0] "default" is not a security group id',
    );
  });

  it("refuses security groups and address pairs without port security, but not values not known yet", () => {
    const failures = check({
      portSecurityEnabled: false,
      securityGroups: [SG],
      allowedAddressPairs: [{ ipAddress: "10.0.0.9" }],
    }).failures;
    expect(failures.map((f) => f.property)).to.deep.equal(["securityGroups", "allowedAddressPairs"]);
    expect(failures[0]!.reason).to.include("must be empty when portSecurityEnabled is false");
    expect(check({ portSecurityEnabled: false, securityGroups: [] }).failures).to.deep.equal([]);
    expect(check({ portSecurityEnabled: false, securityGroups: [UNKNOWN] }).failures).to.deep.equal([]);
  });
});

describe("Port diff", () => {
  const live = [
    { subnetId: "s4", ipAddress: "10.0.0.13" },
    { subnetId: "s6", ipAddress: "fd00::31d" },
  ];

  it("does not see Neutron's addresses for subnet-only entries as drift", () => {
    const inputs = { fixedIps: [{ subnetId: "s6" }, { subnetId: "s4" }] };
    expect(diffState(schema, stateOf(inputs, live), check(inputs).inputs).changes).to.equal(false);
    const mixed = { fixedIps: [{ subnetId: "s4" }, { ipAddress: "fd00::31d" }] };
    expect(diffState(schema, stateOf(mixed, live), check(mixed).inputs).changes).to.equal(false);
  });

  it("sees an address gone, an extra address or a different address, and updates in place", () => {
    const inputs = { fixedIps: [{ subnetId: "s4" }, { subnetId: "s6" }] };
    const fewer = diffState(schema, stateOf(inputs, live.slice(0, 1)), check(inputs).inputs);
    expect(fewer).to.deep.include({ updates: ["fixedIps"], replaces: [] });
    const onlyV4 = { fixedIps: [{ subnetId: "s4" }] };
    expect(diffState(schema, stateOf(onlyV4, live), check(onlyV4).inputs).updates).to.deep.equal([
      "fixedIps",
    ]);
    const moved = { fixedIps: [{ subnetId: "s4", ipAddress: "10.0.0.50" }, { subnetId: "s6" }] };
    expect(diffState(schema, stateOf(moved, live), check(moved).inputs).updates).to.deep.equal(["fixedIps"]);
  });

  it("leaves fixed IPs to Neutron when absent", () => {
    expect(diffState(schema, stateOf({}, live), check({}).inputs).changes).to.equal(false);
  });

  it("replaces on a network or MAC change, deleting first when it keeps a declared address or MAC", () => {
    const state = stateOf({}, live);
    const network = diffState(schema, state, check({ networkId: "net-2" }).inputs);
    expect(network).to.deep.include({ replaces: ["networkId"], deleteBeforeReplace: false });
    const kept = check({ networkId: "net-2", fixedIps: [{ ipAddress: "10.0.0.13" }] }).inputs;
    expect(diffState(schema, state, kept).deleteBeforeReplace).to.equal(true);
    const mac = diffState(
      schema,
      { ...state, macAddress: "fa:16:3e:00:00:01" },
      check({ macAddress: "fa:16:3e:00:00:02" }).inputs,
    );
    expect(mac).to.deep.include({ replaces: ["macAddress"], deleteBeforeReplace: true });
  });

  it("compares address pairs as a set and ignores the MAC Neutron fills in", () => {
    const pairs = { allowedAddressPairs: [{ ipAddress: "10.0.0.9" }, { ipAddress: "10.0.1.0/24" }] };
    const stateForm = pairsFromApi(
      [
        { ip_address: "10.0.1.0/24", mac_address: "fa:16:3e:00:00:01" },
        { ip_address: "10.0.0.9", mac_address: "fa:16:3e:00:00:01" },
      ],
      "fa:16:3e:00:00:01",
      pairs.allowedAddressPairs,
    );
    expect(stateForm).to.deep.equal([{ ipAddress: "10.0.1.0/24" }, { ipAddress: "10.0.0.9" }]);
    const state = { ...stateOf(pairs, live), allowedAddressPairs: stateForm };
    expect(diffState(schema, state, check(pairs).inputs).changes).to.equal(false);
    // a MAC declared equal to the port's own is kept, so that it does not show as a change either
    const declaredMac = [{ ipAddress: "10.0.0.9", macAddress: "fa:16:3e:00:00:01" }];
    expect(
      pairsFromApi(
        [{ ip_address: "10.0.0.9", mac_address: "fa:16:3e:00:00:01" }],
        "fa:16:3e:00:00:01",
        declaredMac,
      ),
    ).to.deep.equal(declaredMac);
  });
});

describe("Port request bodies", () => {
  it("keeps the address a subnet-only entry holds when another entry changes", () => {
    const live = [
      { subnetId: "s4", ipAddress: "10.0.0.13" },
      { subnetId: "s6", ipAddress: "fd00::31d" },
    ];
    expect(fixedIpsBody([{ subnetId: "s4" }, { subnetId: "s6", ipAddress: "fd00::99" }], live)).to.deep.equal(
      [
        { subnet_id: "s4", ip_address: "10.0.0.13" },
        { subnet_id: "s6", ip_address: "fd00::99" },
      ],
    );
    // at create there is nothing live: the subnet alone
    expect(fixedIpsBody([{ subnetId: "s4" }, { ipAddress: "10.0.0.5" }])).to.deep.equal([
      { subnet_id: "s4" },
      { ip_address: "10.0.0.5" },
    ]);
  });
});
