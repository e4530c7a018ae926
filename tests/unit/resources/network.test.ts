import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
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

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** A client that records requests and answers every one with `network`. */
function recording(network: Props): { ctx: OperationContext; calls: Call[] } {
  const calls: Call[] = [];
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown }) {
      calls.push({ method: req.method ?? "GET", path: req.path, body: req.body });
      return Promise.resolve({ status: 200, headers: {}, data: { network, networks: [network] } });
    },
  } as unknown as OpenStackClient;
  return { ctx: { client, deadline: new Deadline("test", 5), log: () => undefined }, calls };
}

const neutronNetwork: Props = {
  id: "n-1",
  name: "n",
  description: "",
  admin_state_up: true,
  shared: false,
  "router:external": false,
  status: "ACTIVE",
  subnets: [],
  tags: [],
  qos_policy_id: null,
  dns_domain: "",
  "provider:network_type": "vxlan",
  "provider:physical_network": null,
  "provider:segmentation_id": 172,
};

describe("Network: QoS policy and DNS domain", () => {
  const failure = (inputs: Record<string, unknown>) =>
    checkInputs(schema, { name: "n", ...inputs }).failures[0];

  it("judges dnsDomain as Neutron does", () => {
    expect(failure({ dnsDomain: "example.org." })).to.equal(undefined);
    expect(failure({ dnsDomain: "example.org" })!.reason).to.include("must end with a dot");
    expect(failure({ dnsDomain: "Example.org." })!.reason).to.include("lower-case");
    expect(failure({ dnsDomain: "a..org." })!.reason).to.include("empty label");
    expect(failure({ dnsDomain: "-a.org." })!.reason).to.include("hyphen");
    expect(failure({ dnsDomain: "example.123." })!.reason).to.include("all-numeric");
    expect(failure({ dnsDomain: `${"a".repeat(64)}.org.` })!.reason).to.include("1 to 63");
    expect(failure({ dnsDomain: `${"abcdefg.".repeat(32)}` })!.reason).to.include("limit is 253");
  });

  it("sends the policy at create, clears it with null, and reads null as none", async () => {
    const made = recording({ ...neutronNetwork, qos_policy_id: "qos-1", dns_domain: "example.org." });
    const inputs = checked({ name: "n", qosPolicyId: "qos-1", dnsDomain: "example.org." });
    const { outs } = await Network.definition.create(made.ctx, inputs);
    const post = made.calls.find((c) => c.method === "POST")!.body as { network: Props };
    expect(post.network).to.include({ qos_policy_id: "qos-1", dns_domain: "example.org." });
    expect(outs).to.include({ qosPolicyId: "qos-1", dnsDomain: "example.org." });
    expect(diffState(schema, outs, inputs).changes).to.equal(false);

    const cleared = recording(neutronNetwork);
    const news = checked({ name: "n" });
    const after = await Network.definition.update(
      cleared.ctx,
      "n-1",
      outs,
      news,
      diffState(schema, outs, news),
    );
    const put = cleared.calls.find((c) => c.method === "PUT")!.body as { network: Props };
    expect(put.network).to.deep.equal({ qos_policy_id: null, dns_domain: "" });
    expect(after.qosPolicyId).to.equal(undefined);
    expect(diffState(schema, after, news).changes).to.equal(false);
  });
});

describe("Network: provider segments", () => {
  const failure = (segments: unknown) => checkInputs(schema, { name: "n", segments }).failures[0]?.reason;

  it("refuses segments Neutron's type drivers refuse, naming the segment", () => {
    expect(failure([{ networkType: "vxlan" }])).to.equal(undefined);
    expect(failure([{ networkType: "flat", physicalNetwork: "physnet1" }])).to.equal(undefined);
    expect(failure([])).to.include("at least one");
    expect(failure([{ networkType: "ovs" }])).to.include("use one of flat, local, vlan, vxlan, geneve, gre");
    expect(failure([{ networkType: "vlan", physicalNetwork: "physnet1", segmentationId: 4095 }])).to.include(
      "segments[0].segmentationId 4095 is out of range for vlan: use 1 to 4094",
    );
    expect(failure([{ networkType: "vxlan", segmentationId: 2 ** 24 }])).to.include("1 to 16777215");
    expect(failure([{ networkType: "flat" }])).to.include("needs physicalNetwork");
    expect(failure([{ networkType: "flat", physicalNetwork: "p", segmentationId: 5 }])).to.include(
      "has no segmentationId",
    );
    expect(failure([{ networkType: "vxlan", physicalNetwork: "physnet1" }])).to.include(
      "has no physicalNetwork",
    );
    expect(failure([{ networkType: "vlan", segmentationId: 100 }])).to.include("needs physicalNetwork");
    expect(failure([{ networkType: "vxlan" }, { networkType: "vlan", vlan: 3 }])).to.include(
      "segments[1] has no property vlan",
    );
  });

  it("sends them as segments, reads one segment from the provider fields, and fills in Neutron's choices", async () => {
    const made = recording(neutronNetwork);
    const inputs = checked({ name: "n", segments: [{ networkType: "vxlan" }] });
    const { outs } = await Network.definition.create(made.ctx, inputs);
    const post = made.calls.find((c) => c.method === "POST")!.body as { network: Props };
    expect(post.network.segments).to.deep.equal([{ "provider:network_type": "vxlan" }]);
    expect(outs.segments).to.deep.equal([{ networkType: "vxlan", segmentationId: 172 }]);
    expect(diffState(schema, outs, inputs).changes).to.equal(false);
    // no segments declared: whatever the cloud chose is no drift
    expect(diffState(schema, outs, checked({ name: "n" })).changes).to.equal(false);
  });

  it("reads several segments, and replaces the network when they change", async () => {
    const multi = {
      ...neutronNetwork,
      "provider:network_type": undefined,
      segments: [
        {
          "provider:network_type": "vlan",
          "provider:physical_network": "physnet1",
          "provider:segmentation_id": 120,
        },
        {
          "provider:network_type": "vxlan",
          "provider:physical_network": null,
          "provider:segmentation_id": 9,
        },
      ],
    };
    const outs = (await Network.definition.read(recording(multi).ctx, "n-1", {}))!;
    expect(outs.segments).to.deep.equal([
      { networkType: "vlan", physicalNetwork: "physnet1", segmentationId: 120 },
      { networkType: "vxlan", segmentationId: 9 },
    ]);
    const same = checked({
      name: "n",
      segments: [{ networkType: "vlan", physicalNetwork: "physnet1" }, { networkType: "vxlan" }],
    });
    expect(diffState(schema, outs, same).changes).to.equal(false);
    const other = checked({
      name: "n",
      segments: [{ networkType: "vlan", physicalNetwork: "physnet1", segmentationId: 121 }],
    });
    expect(diffState(schema, outs, other).replaces).to.deep.equal(["segments"]);
  });

  it("shows no segments to a project that may not see them", async () => {
    const hidden = {
      ...neutronNetwork,
      "provider:network_type": undefined,
      "provider:segmentation_id": undefined,
    };
    const outs = (await Network.definition.read(recording(hidden).ctx, "n-1", {}))!;
    expect(outs.segments).to.equal(undefined);
  });
});
