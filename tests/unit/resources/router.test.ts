// Router without a cloud: check and diff from the schema, and the gateway handling (name resolution,
// its errors before any change, clearing, the declared form kept in state) against a stand-in client.
import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { NotFoundError } from "../../../provider/errors";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { Router } from "../../../provider/resources/router/router";

const schema = withCommonProperties(Router.definition.schema);

const PUBLIC = "11111111-1111-1111-1111-111111111111";
const PRIVATE = "22222222-2222-2222-2222-222222222222";

const live: Props = {
  name: "r",
  description: "",
  adminStateUp: true,
  externalNetworkId: PUBLIC,
  enableSnat: true,
  tags: [],
  projectId: "p-1",
  status: "ACTIVE",
  externalFixedIps: [{ subnetId: "s-pub", ipAddress: "172.24.4.10" }],
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

function check(inputs: Props) {
  return checkInputs(schema, { name: "r", ...inputs });
}

function diff(inputs: Props, state: Props = live) {
  const checked = check(inputs);
  expect(checked.failures).to.deep.equal([]);
  return diffState(schema, state, checked.inputs);
}

describe("Router: check", () => {
  it("applies the defaults", () => {
    expect(check({})).to.deep.equal({ inputs: { name: "r", adminStateUp: true }, failures: [] });
  });

  it("refuses enableSnat without a gateway", () => {
    expect(check({ enableSnat: false }).failures).to.deep.equal([
      {
        property: "enableSnat",
        reason: "enableSnat applies to the external gateway: set externalNetworkId too, or drop enableSnat",
      },
    ]);
    expect(check({ enableSnat: false, externalNetworkId: "public" }).failures).to.deep.equal([]);
    expect(check({ enableSnat: false, externalNetworkId: UNKNOWN }).failures).to.deep.equal([]);
  });

  it("refuses outputs as inputs", () => {
    expect(check({ status: "ACTIVE" }).failures[0]!.reason).to.equal(
      "status is an output of openstack:Router and cannot be set",
    );
  });
});

describe("Router: diff", () => {
  it("finds no change against the live router", () => {
    expect(diff({ externalNetworkId: PUBLIC }).changes).to.equal(false);
    // enableSnat and projectId are Neutron's when absent
    expect(diff({ externalNetworkId: PUBLIC, tags: [] }).changes).to.equal(false);
  });

  it("updates the gateway in place, and clears it when removed", () => {
    expect(diff({ externalNetworkId: PRIVATE })).to.deep.include({
      updates: ["externalNetworkId"],
      replaces: [],
    });
    expect(diff({}).updates).to.deep.equal(["externalNetworkId"]);
    expect(diff({ externalNetworkId: PUBLIC, enableSnat: false }).updates).to.deep.equal(["enableSnat"]);
    const noGateway = { ...live, externalNetworkId: undefined, enableSnat: undefined, externalFixedIps: [] };
    expect(diff({}, noGateway).changes).to.equal(false);
  });

  it("updates the rest in place, and replaces only on a project change", () => {
    const d = diff({
      externalNetworkId: PUBLIC,
      name: "r2",
      description: "d",
      adminStateUp: false,
      tags: ["b", "a"],
    });
    expect(d.updates).to.deep.equal(["name", "description", "adminStateUp", "tags"]);
    expect(d.replaces).to.deep.equal([]);
    expect(diff({ externalNetworkId: PUBLIC, projectId: "p-2" })).to.deep.include({
      replaces: ["projectId"],
      deleteBeforeReplace: false,
    });
  });
});

interface Call {
  method: string;
  path: string;
  query?: unknown;
  body?: unknown;
}

const networksById: Record<string, Props> = {
  [PUBLIC]: { id: PUBLIC, name: "public", "router:external": true },
  [PRIVATE]: { id: PRIVATE, name: "private", "router:external": false },
};

/** A small Neutron: networks by id and name, one router. */
function fakeNeutron(router: Props): { ctx: OperationContext; calls: Call[] } {
  const calls: Call[] = [];
  const client = {
    request(
      _service: string,
      req: { method?: string; path: string; query?: Record<string, unknown>; body?: unknown },
    ) {
      const call: Call = { method: req.method ?? "GET", path: req.path, query: req.query, body: req.body };
      calls.push(call);
      const ok = (data: unknown) => Promise.resolve({ status: 200, headers: {}, data });
      const network = /^\/v2\.0\/networks\/(.+)$/.exec(req.path);
      if (network) {
        const found = networksById[decodeURIComponent(network[1]!)];
        return found ? ok({ network: found }) : Promise.reject(new NotFoundError("404"));
      }
      if (req.path === "/v2.0/networks") {
        const all = Object.values(networksById);
        const q = req.query ?? {};
        return ok({
          networks: all.filter(
            (n) =>
              (q.name === undefined || n.name === q.name) &&
              (q["router:external"] === undefined || n["router:external"] === q["router:external"]),
          ),
        });
      }
      if (req.path.startsWith("/v2.0/routers")) return ok({ router });
      return Promise.reject(new Error(`unexpected ${call.method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  return { ctx: { client, deadline: new Deadline("test", 5), log: () => undefined }, calls };
}

const neutronRouter = (networkId: string | undefined): Props => ({
  id: "r-1",
  name: "r",
  description: "",
  admin_state_up: true,
  status: "ACTIVE",
  external_gateway_info: networkId
    ? {
        network_id: networkId,
        enable_snat: true,
        external_fixed_ips: [{ subnet_id: "s-pub", ip_address: "172.24.4.10" }],
      }
    : null,
  tags: [],
  project_id: "p-1",
});

const mutating = (calls: Call[]) => calls.filter((c) => c.method !== "GET");

describe("Router: the gateway network", () => {
  it("takes a name, sends its id, and keeps the name in state while it designates the live network", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(PUBLIC));
    const inputs = check({ externalNetworkId: "public" }).inputs;
    await Router.definition.prepare!(ctx, inputs);
    const { outs } = await Router.definition.create(ctx, inputs);
    const [post, ...others] = mutating(calls);
    expect(others).to.deep.equal([]);
    // the creation tag goes with the create, so a lost answer can be looked up by it
    const { tags, ...router } = (post!.body as { router: { tags: string[] } }).router;
    expect(post).to.deep.include({ method: "POST", path: "/v2.0/routers" });
    expect(router).to.deep.equal({
      name: "r",
      admin_state_up: true,
      external_gateway_info: { network_id: PUBLIC },
    });
    expect(tags)
      .to.have.length(1)
      .and.satisfy((t: string[]) => t[0]!.startsWith("pulumi-create-"));
    expect(outs).to.deep.include({
      externalNetworkId: "public",
      enableSnat: true,
      externalFixedIps: [{ subnetId: "s-pub", ipAddress: "172.24.4.10" }],
    });
    expect(diffState(schema, outs, inputs).changes).to.equal(false);
  });

  it("shows the live id when the gateway moved to another network out of band", async () => {
    const { ctx } = fakeNeutron(neutronRouter(PRIVATE));
    const read = await Router.definition.read(ctx, "r-1", { ...live, externalNetworkId: "public" });
    expect(read!.externalNetworkId).to.equal(PRIVATE);
  });

  it("fails in prepare, naming the field and the external networks, for a missing or internal network", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(undefined));
    const err1 = await Router.definition.prepare!(ctx, { externalNetworkId: "nope" }).catch((e: Error) => e);
    expect((err1 as Error).message).to.equal(
      `externalNetworkId "nope": no network with this id or name; external networks: public (${PUBLIC})`,
    );
    const err2 = await Router.definition.prepare!(ctx, { externalNetworkId: "private" }).catch(
      (e: Error) => e,
    );
    expect((err2 as Error).message).to.equal(
      `externalNetworkId "private": network ${PRIVATE} is not external (router:external is false); ` +
        `external networks: public (${PUBLIC})`,
    );
    expect(mutating(calls)).to.deep.equal([]);
  });

  it("changes nothing in an update whose network does not resolve", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(PUBLIC));
    const news = check({ name: "renamed", externalNetworkId: "private" }).inputs;
    const err = await Router.definition
      .update(ctx, "r-1", live, news, diffState(schema, live, news))
      .catch((e: Error) => e);
    expect((err as Error).message).to.match(/^externalNetworkId "private": network .* is not external/);
    expect(mutating(calls)).to.deep.equal([]);
  });

  it("clears the gateway when externalNetworkId is removed, and a removed description", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(undefined));
    const olds = { ...live, description: "old" };
    const news = check({}).inputs;
    const outs = await Router.definition.update(ctx, "r-1", olds, news, diffState(schema, olds, news));
    expect(mutating(calls)).to.deep.equal([
      {
        method: "PUT",
        path: "/v2.0/routers/r-1",
        query: undefined,
        body: { router: { description: "", external_gateway_info: {} } },
      },
    ]);
    expect(outs.externalNetworkId).to.equal(undefined);
    expect(outs.externalFixedIps).to.deep.equal([]);
  });

  it("sends enableSnat with the gateway network", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(PUBLIC));
    const news = check({ externalNetworkId: PUBLIC, enableSnat: false }).inputs;
    await Router.definition.update(ctx, "r-1", live, news, diffState(schema, live, news));
    expect(mutating(calls)[0]!.body).to.deep.equal({
      router: { external_gateway_info: { network_id: PUBLIC, enable_snat: false } },
    });
  });
});

describe("Router: gateway addresses", () => {
  const gw = { externalNetworkId: PUBLIC };
  const twoAddresses = {
    ...live,
    externalFixedIps: [
      { subnetId: "s-pub", ipAddress: "172.24.4.10" },
      { subnetId: "s-pub6", ipAddress: "2001:db8::5" },
    ],
    externalSubnetIds: ["s-pub", "s-pub6"],
  };

  it("needs externalNetworkId, and takes one of externalFixedIps and externalSubnetIds", () => {
    const r = check({ externalFixedIps: [{ subnetId: "s-pub" }] }).failures;
    expect(r).to.have.length(1);
    expect(r[0]).to.deep.include({ property: "externalFixedIps" });
    expect(r[0]!.reason).to.include("set externalNetworkId");
    expect(check({ externalSubnetIds: ["s-pub"] }).failures[0]!.property).to.equal("externalSubnetIds");
    const both = check({ ...gw, externalSubnetIds: ["s-pub"], externalFixedIps: [{ subnetId: "s-pub" }] });
    expect(both.failures[0]!.reason).to.include("exclusive");
    expect(check({ ...gw, externalSubnetIds: ["s-pub"] }).failures).to.deep.equal([]);
  });

  it("refuses malformed entries, naming the entry", () => {
    const reason = (inputs: Props) => check({ ...gw, ...inputs }).failures[0]?.reason;
    expect(reason({ externalFixedIps: [{}] })).to.include(
      "externalFixedIps[0] needs subnetId, ipAddress or both",
    );
    expect(reason({ externalFixedIps: [{ subnetId: "s", ip: "1.2.3.4" }] })).to.include("no property ip");
    expect(reason({ externalFixedIps: [{ ipAddress: "1.2.3.400" }] })).to.include(
      "externalFixedIps[0].ipAddress",
    );
    expect(reason({ externalSubnetIds: ["a", "a"] })).to.include("twice");
    expect(reason({ externalSubnetIds: [] })).to.include("at least one");
  });

  it("accepts what Neutron filled in: the address picked, in any order", () => {
    expect(diff({ ...gw, externalFixedIps: [{ subnetId: "s-pub" }] }).changes).to.equal(false);
    expect(diff({ ...gw, externalFixedIps: [{ ipAddress: "172.24.4.10" }] }).changes).to.equal(false);
    const both = [{ subnetId: "s-pub6" }, { ipAddress: "172.24.4.10" }];
    expect(diff({ ...gw, externalFixedIps: both }, twoAddresses).changes).to.equal(false);
    expect(diff({ ...gw, externalSubnetIds: ["s-pub6", "s-pub"] }, twoAddresses).changes).to.equal(false);
    // the address in another form is the same address
    const v6 = [{ ipAddress: "2001:DB8:0::5" }, { subnetId: "s-pub" }];
    expect(diff({ ...gw, externalFixedIps: v6 }, twoAddresses).changes).to.equal(false);
  });

  it("updates in place when the addresses differ", () => {
    expect(diff({ ...gw, externalFixedIps: [{ ipAddress: "172.24.4.11" }] }).updates).to.deep.equal([
      "externalFixedIps",
    ]);
    expect(diff({ ...gw, externalFixedIps: [{ subnetId: "s-pub" }] }, twoAddresses).updates).to.deep.equal([
      "externalFixedIps",
    ]);
    expect(diff({ ...gw, externalSubnetIds: ["s-pub"] }, twoAddresses)).to.deep.include({
      updates: ["externalSubnetIds"],
      replaces: [],
    });
  });

  it("sends them as external_fixed_ips with the gateway network", async () => {
    const { ctx, calls } = fakeNeutron(neutronRouter(PUBLIC));
    const news = check({ ...gw, externalFixedIps: [{ subnetId: "s-pub", ipAddress: "172.24.4.20" }] }).inputs;
    await Router.definition.update(ctx, "r-1", live, news, diffState(schema, live, news));
    expect(mutating(calls)[0]!.body).to.deep.equal({
      router: {
        external_gateway_info: {
          network_id: PUBLIC,
          external_fixed_ips: [{ subnet_id: "s-pub", ip_address: "172.24.4.20" }],
        },
      },
    });
    const bySubnet = fakeNeutron(neutronRouter(PUBLIC));
    const subnets = check({ ...gw, externalSubnetIds: ["s-pub", "s-pub6"] }).inputs;
    await Router.definition.update(bySubnet.ctx, "r-1", live, subnets, diffState(schema, live, subnets));
    expect(mutating(bySubnet.calls)[0]!.body).to.deep.equal({
      router: {
        external_gateway_info: {
          network_id: PUBLIC,
          external_fixed_ips: [{ subnet_id: "s-pub" }, { subnet_id: "s-pub6" }],
        },
      },
    });
  });

  it("reads the subnets of the gateway's addresses as externalSubnetIds", async () => {
    const { ctx } = fakeNeutron(neutronRouter(PUBLIC));
    const read = await Router.definition.read(ctx, "r-1", live);
    expect(read!.externalSubnetIds).to.deep.equal(["s-pub"]);
  });
});
