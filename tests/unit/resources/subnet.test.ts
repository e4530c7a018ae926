// Subnet without a cloud: the schema's check and diff, the address arithmetic behind its rules, and the
// request bodies of update against a recording stand-in for the client.
import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { NotFoundError } from "../../../provider/errors";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { canonicalIp, formatIp, parseIp, rangesWithout } from "../../../provider/resources/subnet/addresses";
import { Subnet } from "../../../provider/resources/subnet/subnet";

const schema = withCommonProperties(Subnet.definition.schema);
const base = { networkId: "net-1", name: "s", cidr: "10.0.0.0/24" };

function check(inputs: Props) {
  return checkInputs(schema, { ...base, ...inputs });
}

function reasons(inputs: Props): Record<string, string> {
  return Object.fromEntries(check(inputs).failures.map((f) => [f.property, f.reason]));
}

/** What read returns for a subnet created from `base` with Neutron's defaults. */
const live: Props = {
  networkId: "net-1",
  name: "s",
  description: "",
  cidr: "10.0.0.0/24",
  ipVersion: 4,
  gatewayIp: "10.0.0.1",
  noGateway: false,
  enableDhcp: true,
  allocationPools: [{ start: "10.0.0.2", end: "10.0.0.254" }],
  dnsNameservers: [],
  hostRoutes: [],
  tags: [],
  projectId: "p-1",
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
};

function diff(inputs: Props, state: Props = live) {
  const checked = check(inputs);
  expect(checked.failures).to.deep.equal([]);
  return diffState(schema, state, checked.inputs);
}

describe("Subnet: addresses", () => {
  it("writes IPv6 addresses as Neutron does (inet_ntop)", () => {
    expect(canonicalIp("FD00:0:0:0::1")).to.equal("fd00::1");
    expect(canonicalIp("fd00:0:0:0:1:0:2:3")).to.equal("fd00::1:0:2:3");
    expect(canonicalIp("2001:db8:0:1:0:0:0:1")).to.equal("2001:db8:0:1::1");
    expect(canonicalIp("1:0:0:2:0:0:0:3")).to.equal("1:0:0:2::3");
    expect(canonicalIp("0:0:0:0:0:0:0:0")).to.equal("::");
    expect(canonicalIp("::ffff:10.0.0.1")).to.equal("::ffff:10.0.0.1");
    expect(canonicalIp("010.0.0.1")).to.equal("010.0.0.1", "not an address: left for check to report");
  });

  it("parses and formats both families to the same value", () => {
    for (const text of ["10.0.0.255", "fd00::ffff:ffff:ffff:ffff", "::1", "fe80::1:2"]) {
      expect(formatIp(parseIp(text)!)).to.equal(text);
    }
    expect(parseIp("fe80::1%eth0")).to.equal(undefined);
  });

  it("splits ranges around an address", () => {
    const pools = [
      { start: "10.0.0.2", end: "10.0.0.9" },
      { start: "10.0.0.20", end: "10.0.0.30" },
    ];
    expect(rangesWithout(pools, parseIp("10.0.0.25")!)).to.deep.equal([
      { start: "10.0.0.2", end: "10.0.0.9" },
      { start: "10.0.0.20", end: "10.0.0.24" },
      { start: "10.0.0.26", end: "10.0.0.30" },
    ]);
    expect(rangesWithout(pools, parseIp("10.0.0.2")!)).to.deep.equal([
      { start: "10.0.0.3", end: "10.0.0.9" },
      { start: "10.0.0.20", end: "10.0.0.30" },
    ]);
    expect(rangesWithout([{ start: "10.0.0.5", end: "10.0.0.5" }], parseIp("10.0.0.5")!)).to.deep.equal([]);
    expect(rangesWithout(pools, parseIp("10.0.0.15")!)).to.equal(undefined);
  });
});

describe("Subnet: check", () => {
  it("applies the defaults and leaves Neutron's choices absent", () => {
    const r = check({});
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs).to.deep.equal({
      ...base,
      noGateway: false,
      enableDhcp: true,
      dnsNameservers: [],
      hostRoutes: [],
    });
  });

  it("requires networkId and name, and cidr unless a subnet pool gives the range", () => {
    expect(checkInputs(schema, {}).failures.map((f) => f.property)).to.deep.equal(["networkId", "name"]);
    const r = checkInputs(schema, { networkId: "n", name: "s" });
    expect(r.failures.map((f) => f.property)).to.deep.equal(["cidr"]);
    expect(r.failures[0]!.reason).to.include("subnetPoolId");
  });

  it("puts addresses in Neutron's form", () => {
    const r = check({
      cidr: "FD00:0:0:0::/64",
      gatewayIp: "fd00:0::0:1",
      allocationPools: [{ start: "fd00::0:10", end: "FD00::00ff" }],
      dnsNameservers: ["2001:4860:0:0::8888", "8.8.8.8"],
      hostRoutes: [{ destination: "fd01:0::/64", nexthop: "fd00::0:5" }],
    });
    expect(r.failures).to.deep.equal([]);
    expect(r.inputs).to.deep.include({
      cidr: "fd00::/64",
      gatewayIp: "fd00::1",
      allocationPools: [{ start: "fd00::10", end: "fd00::ff" }],
      dnsNameservers: ["2001:4860::8888", "8.8.8.8"],
      hostRoutes: [{ destination: "fd01::/64", nexthop: "fd00::5" }],
    });
  });

  it("refuses bad ranges and addresses, naming the property and what is valid", () => {
    expect(reasons({ cidr: "10.0.0.0/33" }).cidr).to.match(
      /^cidr: "10.0.0.0\/33" is not a CIDR: use address\/prefix/,
    );
    expect(reasons({ cidr: "10.0.0.5/24" }).cidr).to.equal(
      'cidr: "10.0.0.5/24" has host bits set: did you mean 10.0.0.0/24?',
    );
    expect(reasons({ cidr: "fd00::1/64" }).cidr).to.equal(
      'cidr: "fd00::1/64" has host bits set: did you mean fd00::/64?',
    );
    expect(reasons({ cidr: "fe80::%eth0/64" }).cidr).to.match(/is not a CIDR/);
    expect(reasons({ ipVersion: 5 }).ipVersion).to.equal("ipVersion must be 4 or 6, got 5");
    expect(reasons({ gatewayIp: "10.0.0.300" }).gatewayIp).to.equal(
      'gatewayIp: "10.0.0.300" is not an IPv4 or IPv6 address',
    );
    expect(reasons({ dnsNameservers: ["8.8.8.8", "dns.example"] }).dnsNameservers).to.equal(
      'dnsNameservers[1]: "dns.example" is not an IPv4 or IPv6 address',
    );
    expect(reasons({ dnsNameservers: ["8.8.8.8", "8.8.8.8"] }).dnsNameservers).to.equal(
      "dnsNameservers lists 8.8.8.8 twice",
    );
    expect(reasons({ allocationPools: [{ start: "10.0.0.9", end: "10.0.0.5" }] }).allocationPools).to.equal(
      "allocationPools[0]: start 10.0.0.9 comes after end 10.0.0.5",
    );
    expect(reasons({ allocationPools: [{ start: "10.0.0.9" }] }).allocationPools).to.match(
      /^allocationPools\[0\] needs start and end, both IP addresses/,
    );
    expect(
      reasons({ allocationPools: [{ first: "10.0.0.9", start: "10.0.0.9", end: "10.0.0.10" }] })
        .allocationPools,
    ).to.equal("allocationPools[0] has no property first: a pool is { start, end }");
    expect(reasons({ hostRoutes: [{ destination: "10.1.0.0/16", nexthop: "x" }] }).hostRoutes).to.equal(
      'hostRoutes[0]: "x" is not an IPv4 or IPv6 address',
    );
    expect(
      reasons({ hostRoutes: [{ destination: "10.1.0.1/16", nexthop: "10.0.0.5" }] }).hostRoutes,
    ).to.match(/^hostRoutes\[0\]: "10.1.0.1\/16" has host bits set/);
  });

  it("checks the gateway against the range", () => {
    expect(reasons({ gatewayIp: "10.0.1.1" }).gatewayIp).to.equal(
      "gatewayIp 10.0.1.1 is outside cidr 10.0.0.0/24: use an address from 10.0.0.1 to 10.0.0.254, or noGateway: true",
    );
    expect(reasons({ gatewayIp: "10.0.0.255" }).gatewayIp).to.match(
      /is the broadcast address of 10.0.0.0\/24/,
    );
    expect(reasons({ gatewayIp: "10.0.0.0" }).gatewayIp).to.match(/is the network address of 10.0.0.0\/24/);
    expect(reasons({ gatewayIp: "fd00::1" }).gatewayIp).to.match(/is outside cidr 10.0.0.0\/24/);
    // IPv6 allows the network address, Neutron's own default there
    expect(check({ cidr: "fd00::/64", gatewayIp: "fd00::" }).failures).to.deep.equal([]);
    expect(check({ gatewayIp: "10.0.0.254" }).failures).to.deep.equal([]);
  });

  it("keeps noGateway and gatewayIp exclusive", () => {
    expect(reasons({ noGateway: true, gatewayIp: "10.0.0.1" }).gatewayIp).to.equal(
      "gatewayIp and noGateway: true are exclusive: drop gatewayIp, or drop noGateway",
    );
    expect(check({ noGateway: true }).failures).to.deep.equal([]);
  });

  it("checks ipVersion against the cidr", () => {
    expect(reasons({ ipVersion: 6 }).ipVersion).to.equal(
      "ipVersion 6 contradicts cidr 10.0.0.0/24, an IPv4 range: use 4 or leave ipVersion out",
    );
    expect(check({ ipVersion: 4 }).failures).to.deep.equal([]);
    expect(check({ cidr: "fd00::/64", ipVersion: 6 }).failures).to.deep.equal([]);
  });

  it("checks the pools against the range, each other and the gateway", () => {
    const pools = (...p: Array<[string, string]>) => p.map(([start, end]) => ({ start, end }));
    expect(reasons({ allocationPools: pools(["10.0.0.0", "10.0.0.10"]) }).allocationPools).to.equal(
      "allocationPools[0] 10.0.0.0-10.0.0.10 is not inside cidr 10.0.0.0/24: pools may use 10.0.0.1 to 10.0.0.254",
    );
    expect(reasons({ allocationPools: pools(["10.0.0.200", "10.0.0.255"]) }).allocationPools).to.match(
      /is not inside cidr/,
    );
    expect(
      reasons({ allocationPools: pools(["10.0.0.10", "10.0.0.20"], ["10.0.0.20", "10.0.0.30"]) })
        .allocationPools,
    ).to.equal("allocationPools[1] 10.0.0.20-10.0.0.30 overlaps allocationPools[0] 10.0.0.10-10.0.0.20");
    expect(reasons({ allocationPools: pools(["fd00::2", "fd00::9"]) }).allocationPools).to.equal(
      "allocationPools[0] fd00::2-fd00::9 is IPv6 but cidr 10.0.0.0/24 is IPv4",
    );
    expect(
      reasons({ gatewayIp: "10.0.0.15", allocationPools: pools(["10.0.0.10", "10.0.0.20"]) }).allocationPools,
    ).to.match(/^allocationPools\[0\] 10.0.0.10-10.0.0.20 contains the gateway 10.0.0.15/);
    // without gatewayIp, Neutron takes the first address: a pool holding it is refused at create
    expect(reasons({ allocationPools: pools(["10.0.0.1", "10.0.0.20"]) }).allocationPools).to.match(
      /contains 10.0.0.1, Neutron's default gateway when gatewayIp is absent/,
    );
    expect(
      check({ noGateway: true, allocationPools: pools(["10.0.0.1", "10.0.0.20"]) }).failures,
    ).to.deep.equal([]);
    expect(
      check({
        gatewayIp: "10.0.0.254",
        allocationPools: pools(["10.0.0.1", "10.0.0.99"], ["10.0.0.100", "10.0.0.200"]),
      }).failures,
    ).to.deep.equal([]);
  });

  it("checks host routes against the subnet's family", () => {
    expect(reasons({ hostRoutes: [{ destination: "fd01::/64", nexthop: "fd00::5" }] }).hostRoutes).to.equal(
      "hostRoutes[0] must be IPv4 like the subnet's cidr",
    );
  });

  it("does not judge values not known yet", () => {
    expect(check({ cidr: UNKNOWN, gatewayIp: "192.168.0.1", ipVersion: 6 }).failures).to.deep.equal([]);
    expect(
      check({
        gatewayIp: UNKNOWN,
        noGateway: true,
        allocationPools: [{ start: "10.0.0.1", end: "10.0.0.9" }],
      }).failures,
    ).to.deep.equal([]);
    expect(check({ allocationPools: [{ start: UNKNOWN, end: "10.0.0.9" }] }).failures).to.deep.equal([]);
  });
});

describe("Subnet: diff", () => {
  it("finds no change against what Neutron filled in", () => {
    const d = diff({});
    expect(d.changes).to.equal(false, JSON.stringify(d));
  });

  it("finds no change when addresses are written differently or routes reordered", () => {
    const state = {
      ...live,
      cidr: "fd00::/64",
      ipVersion: 6,
      gatewayIp: "fd00::1",
      allocationPools: [{ start: "fd00::2", end: "fd00::ffff:ffff:ffff:ffff" }],
      dnsNameservers: ["2001:4860::8888"],
      hostRoutes: [
        { destination: "fd01::/64", nexthop: "fd00::5" },
        { destination: "fd02::/64", nexthop: "fd00::6" },
      ],
    };
    const d = diff(
      {
        cidr: "fd00:0::/64",
        gatewayIp: "fd00::0001",
        dnsNameservers: ["2001:4860:0:0::8888"],
        hostRoutes: [
          { destination: "fd02::/64", nexthop: "fd00::6" },
          { destination: "fd01:0::/64", nexthop: "fd00::5" },
        ],
      },
      state,
    );
    expect(d.changes).to.equal(false, JSON.stringify(d));
  });

  it("updates in place what Neutron can change", () => {
    const d = diff({
      name: "t",
      description: "d",
      gatewayIp: "10.0.0.254",
      enableDhcp: false,
      allocationPools: [{ start: "10.0.0.10", end: "10.0.0.20" }],
      dnsNameservers: ["8.8.8.8"],
      hostRoutes: [{ destination: "10.1.0.0/16", nexthop: "10.0.0.5" }],
      tags: ["a"],
    });
    expect(d.replaces).to.deep.equal([]);
    expect(d.updates).to.deep.equal([
      "name",
      "description",
      "gatewayIp",
      "enableDhcp",
      "allocationPools",
      "dnsNameservers",
      "hostRoutes",
      "tags",
    ]);
  });

  it("sees drift back to the defaults: a gateway removed, nameservers reordered, DHCP off", () => {
    const drifted = {
      ...live,
      noGateway: true,
      gatewayIp: undefined,
      dnsNameservers: ["1.1.1.1", "8.8.8.8"],
      enableDhcp: false,
    };
    const d = diff({ dnsNameservers: ["8.8.8.8", "1.1.1.1"] }, drifted);
    expect(d.updates).to.deep.equal(["noGateway", "enableDhcp", "dnsNameservers"]);
    expect(diff({ noGateway: true }).updates).to.deep.equal(["noGateway"]);
  });

  it("replaces on network, range, version and project, deleting first only when the range stays", () => {
    expect(diff({ networkId: "net-2" })).to.deep.include({
      replaces: ["networkId"],
      deleteBeforeReplace: true,
    });
    expect(diff({ projectId: "p-2" })).to.deep.include({
      replaces: ["projectId"],
      deleteBeforeReplace: true,
    });
    expect(diff({ cidr: "10.0.1.0/24" })).to.deep.include({ replaces: ["cidr"], deleteBeforeReplace: false });
    expect(diff({ cidr: "fd00::/64", ipVersion: 6 }).replaces).to.deep.equal(["cidr", "ipVersion"]);
  });
});

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** A client whose requests are recorded and answered by `answer`. */
function recordingContext(answer: (call: Call) => unknown): { ctx: OperationContext; calls: Call[] } {
  const calls: Call[] = [];
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown }) {
      const call = { method: req.method ?? "GET", path: req.path, body: req.body };
      calls.push(call);
      return Promise.resolve({ status: 200, headers: {}, data: answer(call) });
    },
  } as unknown as OpenStackClient;
  return { ctx: { client, deadline: new Deadline("test", 5), log: () => undefined }, calls };
}

describe("Subnet: update requests", () => {
  const neutron = {
    id: "sub-1",
    name: "s",
    description: "",
    network_id: "net-1",
    cidr: "10.0.0.0/24",
    ip_version: 4,
    gateway_ip: "10.0.0.1",
    enable_dhcp: true,
    allocation_pools: [{ start: "10.0.0.2", end: "10.0.0.254" }],
    dns_nameservers: [],
    host_routes: [],
    tags: [],
  };

  async function update(olds: Props, inputs: Props): Promise<Call[]> {
    const { ctx, calls } = recordingContext(() => ({ subnet: neutron }));
    const news = check(inputs).inputs;
    await Subnet.definition.update(ctx, "sub-1", olds, news, diffState(schema, olds, news));
    return calls.filter((c) => c.method !== "GET");
  }

  it("sends gateway_ip null for noGateway", async () => {
    expect(await update(live, { noGateway: true })).to.deep.equal([
      { method: "PUT", path: "/v2.0/subnets/sub-1", body: { subnet: { gateway_ip: null } } },
    ]);
  });

  it("gives a gateway back at Neutron's default address when none is declared", async () => {
    const olds = { ...live, noGateway: true, gatewayIp: undefined };
    expect(await update(olds, {})).to.deep.equal([
      { method: "PUT", path: "/v2.0/subnets/sub-1", body: { subnet: { gateway_ip: "10.0.0.1" } } },
    ]);
    const v6 = { ...olds, cidr: "fd00::/64", ipVersion: 6, allocationPools: [] };
    expect(await update(v6, { cidr: "fd00::/64" })).to.deep.equal([
      { method: "PUT", path: "/v2.0/subnets/sub-1", body: { subnet: { gateway_ip: "fd00::" } } },
    ]);
  });

  it("takes the restored gateway out of pools that hold it, unless pools are declared", async () => {
    const olds = {
      ...live,
      noGateway: true,
      gatewayIp: undefined,
      allocationPools: [{ start: "10.0.0.1", end: "10.0.0.254" }],
    };
    expect(await update(olds, {})).to.deep.equal([
      {
        method: "PUT",
        path: "/v2.0/subnets/sub-1",
        body: {
          subnet: { gateway_ip: "10.0.0.1", allocation_pools: [{ start: "10.0.0.2", end: "10.0.0.254" }] },
        },
      },
    ]);
    const declared = await update(olds, { allocationPools: [{ start: "10.0.0.50", end: "10.0.0.60" }] });
    expect(declared[0]!.body).to.deep.equal({
      subnet: { gateway_ip: "10.0.0.1", allocation_pools: [{ start: "10.0.0.50", end: "10.0.0.60" }] },
    });
  });

  it("clears a removed description and sends the changed lists and tags", async () => {
    const olds = { ...live, description: "old", tags: ["x"] };
    const calls = await update(olds, { dnsNameservers: ["8.8.8.8"], hostRoutes: [] });
    expect(calls).to.deep.equal([
      {
        method: "PUT",
        path: "/v2.0/subnets/sub-1",
        body: { subnet: { dns_nameservers: ["8.8.8.8"], description: "" } },
      },
      { method: "PUT", path: "/v2.0/subnets/sub-1/tags", body: { tags: [] } },
    ]);
  });
});

describe("Subnet: IPv6 modes", () => {
  const v6 = { cidr: "fd00::/64" };

  it("takes slaac, dhcpv6-stateful and dhcpv6-stateless on an IPv6 subnet", () => {
    for (const mode of ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"])
      expect(check({ ...v6, ipv6AddressMode: mode, ipv6RaMode: mode }).failures).to.deep.equal([]);
    expect(check({ ...v6, ipv6RaMode: "slaac" }).failures).to.deep.equal([]);
  });

  it("refuses a mode that does not exist, listing the valid ones", () => {
    expect(reasons({ ...v6, ipv6AddressMode: "dhcpv6" }).ipv6AddressMode).to.include(
      "slaac, dhcpv6-stateful, dhcpv6-stateless",
    );
  });

  it("refuses the modes on an IPv4 subnet, naming each", () => {
    const r = reasons({ ipv6AddressMode: "slaac", ipv6RaMode: "slaac" });
    expect(r.ipv6AddressMode).to.include("IPv6 subnets only");
    expect(r.ipv6RaMode).to.include("IPv6 subnets only");
  });

  it("refuses two different modes, DHCP off, and EUI-64 modes on a range that is not a /64", () => {
    expect(reasons({ ...v6, ipv6AddressMode: "slaac", ipv6RaMode: "dhcpv6-stateful" }).ipv6RaMode).to.include(
      "must be the same",
    );
    expect(reasons({ ...v6, ipv6AddressMode: "dhcpv6-stateful", enableDhcp: false }).enableDhcp).to.include(
      "DHCP enabled",
    );
    expect(reasons({ cidr: "fd00::/56", ipv6RaMode: "dhcpv6-stateless" }).cidr).to.include("/64");
    // stateful DHCPv6 hands out addresses itself: any prefix
    expect(check({ cidr: "fd00::/56", ipv6AddressMode: "dhcpv6-stateful" }).failures).to.deep.equal([]);
  });

  it("replaces the subnet when a mode changes (Neutron does not update them)", () => {
    const olds = { ...live, ...v6, ipVersion: 6, ipv6AddressMode: "slaac", ipv6RaMode: "slaac" };
    const d = diff({ ...v6, ipv6AddressMode: "dhcpv6-stateless", ipv6RaMode: "dhcpv6-stateless" }, olds);
    expect(d.replaces).to.have.members(["ipv6AddressMode", "ipv6RaMode"]);
    // a subnet read without modes (null) is no drift when none are declared
    expect(diff(v6, { ...olds, ipv6AddressMode: null, ipv6RaMode: null }).changes).to.equal(false);
  });
});

describe("Subnet: a range from a subnet pool", () => {
  const pooled = { cidr: undefined, subnetPoolId: "pool-1" };

  it("needs no cidr with subnetPoolId, and takes prefixLength", () => {
    expect(check(pooled).failures).to.deep.equal([]);
    expect(check({ ...pooled, prefixLength: 26 }).failures).to.deep.equal([]);
    expect(check({ subnetPoolId: "pool-1" }).failures, "a cidr inside the pool").to.deep.equal([]);
  });

  it("refuses prefixLength with cidr, or without a pool", () => {
    expect(reasons({ subnetPoolId: "pool-1", prefixLength: 26 }).prefixLength).to.include("exclusive");
    expect(reasons({ cidr: undefined, prefixLength: 26 }).cidr).to.include("subnetPoolId");
    expect(reasons({ cidr: undefined, prefixLength: 26 }).prefixLength).to.equal(undefined);
  });

  it("bounds prefixLength by the IP version and DHCP", () => {
    expect(reasons({ ...pooled, ipVersion: 4, prefixLength: 31 }).prefixLength).to.include("1 to 30");
    expect(check({ ...pooled, ipVersion: 4, prefixLength: 31, enableDhcp: false }).failures).to.deep.equal(
      [],
    );
    expect(reasons({ ...pooled, ipVersion: 6, prefixLength: 127 }).prefixLength).to.include("1 to 126");
    expect(reasons({ ...pooled, prefixLength: 129 }).prefixLength).to.include("128");
    expect(reasons({ ...pooled, prefixLength: 0 }).prefixLength).to.include("1");
    expect(
      reasons({ ...pooled, ipVersion: 6, prefixLength: 60, ipv6AddressMode: "slaac" }).prefixLength,
    ).to.include("/64");
  });

  it("refuses allocationPools when Neutron picks the range", () => {
    expect(
      reasons({ ...pooled, allocationPools: [{ start: "10.0.0.2", end: "10.0.0.9" }] }).allocationPools,
    ).to.include("need cidr");
  });

  it("shows no drift for the range Neutron allocated, and replaces on a pool or size change", () => {
    const olds = { ...live, cidr: "10.9.0.64/26", subnetPoolId: "pool-1", prefixLength: 26 };
    expect(diff({ ...pooled, prefixLength: 26 }, olds).changes).to.equal(false);
    expect(diff(pooled, olds).changes).to.equal(false);
    expect(diff({ ...pooled, prefixLength: 27 }, olds).replaces).to.deep.equal(["prefixLength"]);
    expect(diff({ ...pooled, subnetPoolId: "pool-2" }, olds).replaces).to.deep.equal(["subnetPoolId"]);
  });

  it("creates with prefixlen and the pool's IP version, and reports the allocated prefix", async () => {
    const made = {
      id: "sub-9",
      name: "s",
      network_id: "net-1",
      cidr: "10.9.0.64/26",
      ip_version: 4,
      gateway_ip: "10.9.0.65",
      subnetpool_id: "pool-1",
      tags: [],
    };
    const { ctx, calls } = recordingContext((call) => {
      if (call.path.startsWith("/v2.0/subnetpools/")) return { subnetpool: { id: "pool-1", ip_version: 4 } };
      if (call.path.startsWith("/v2.0/networks/")) return { network: { id: "net-1" } };
      return { subnet: made };
    });
    const inputs = check({ ...pooled, prefixLength: 26 }).inputs;
    await Subnet.definition.prepare?.(ctx, inputs);
    const result = await Subnet.definition.create(ctx, inputs);
    const post = calls.find((c) => c.method === "POST")!;
    const body = (post.body as { subnet: Props }).subnet;
    expect(body).to.include({ subnetpool_id: "pool-1", prefixlen: 26, ip_version: 4 });
    expect(body).not.to.have.property("cidr");
    expect(result.outs).to.include({ cidr: "10.9.0.64/26", subnetPoolId: "pool-1", prefixLength: 26 });
  });

  it("names subnetPoolId when the pool does not exist", async () => {
    const client = {
      request: (_service: string, req: { path: string }) =>
        req.path.startsWith("/v2.0/subnetpools/")
          ? Promise.reject(new NotFoundError(`GET ${req.path} returned 404`, { status: 404 }))
          : Promise.reject(new Error(`unexpected ${req.path}`)),
    } as unknown as OpenStackClient;
    const ctx: OperationContext = { client, deadline: new Deadline("test", 5), log: () => undefined };
    const failure = await Subnet.definition.create(ctx, check(pooled).inputs).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).to.include('subnetPoolId "pool-1"');
  });
});
