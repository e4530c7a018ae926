// The less common options of Network, Subnet and Router through the real provider host against the
// cloud, with the openstack CLI as witness: a network with a QoS policy and a DNS domain (drift and its
// correction), provider segments (admin), a SLAAC subnet, a subnet whose range a subnet pool picks, and
// a router's gateway addresses given by subnet and by address on an external network of the test's own.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliNetwork {
  id: string;
  qos_policy_id: string | null;
  dns_domain: string;
  "provider:network_type": string;
  "provider:physical_network": string | null;
  "provider:segmentation_id": number | null;
}

interface CliSubnet {
  id: string;
  cidr: string;
  subnetpool_id: string | null;
  ipv6_address_mode: string | null;
  ipv6_ra_mode: string | null;
}

interface CliRouter {
  external_gateway_info: { external_fixed_ips: Array<{ subnet_id: string; ip_address: string }> } | null;
}

describeWithCloud("Network, Subnet and Router options", "admin", (use) => {
  let rh: ResourceHost;
  let networks: ResourceDriver;
  let subnets: ResourceDriver;
  let routers: ResourceDriver;
  const made: Array<{ driver: () => ResourceDriver; key: string; state: ResourceState }> = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  const tag = `it-opts-${process.pid}`;
  // a /16 of 10.x and an IPv6 /48 of the test's own, so that concurrent runs do not overlap
  const octet = 100 + (process.pid % 100);
  const v6 = `fd${(process.pid % 256).toString(16).padStart(2, "0")}:${(process.pid % 65536).toString(16)}`;

  const cli = (args: string[]) => openstackCli(use(), args);
  const keep = (driver: () => ResourceDriver, key: string, state: ResourceState) => {
    made.push({ driver, key, state });
    return state;
  };
  /** A network made with the CLI (removed after the suite), for the subnets under test. */
  const cliNetwork = async (name: string, ...flags: string[]) => {
    const net = (await cli(["network", "create", ...flags, name])) as { id: string };
    cleanups.push(() => cli(["--no-json", "network", "delete", net.id]));
    return net.id;
  };

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    networks = await rh.driver("Network");
    subnets = await rh.driver("Subnet");
    routers = await rh.driver("Router");
  });

  after(async function () {
    this.timeout(120_000);
    for (const { driver, key, state } of made.reverse())
      await driver()
        .destroy(key, state)
        .catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rh?.stop();
  });

  describe("a network with a QoS policy and a DNS domain", () => {
    let state: ResourceState;
    let policy: string;

    it("creates it as declared, with a policy that has a rule", async function () {
      this.timeout(60_000);
      policy = ((await cli(["network", "qos", "policy", "create", `${tag}-qos`])) as { id: string }).id;
      cleanups.push(() => cli(["--no-json", "network", "qos", "policy", "delete", policy]));
      await cli([
        "network",
        "qos",
        "rule",
        "create",
        "--type",
        "bandwidth-limit",
        "--max-kbps",
        "1000",
        policy,
      ]);
      const declared = { name: `${tag}-qos-net`, qosPolicyId: policy, dnsDomain: "opts.example.org." };
      state = keep(() => networks, "qos", await networks.up("qos", declared));
      expect(state.outs).to.include({ qosPolicyId: policy, dnsDomain: "opts.example.org." });
      const shown = (await cli(["network", "show", state.id])) as CliNetwork;
      expect(shown).to.include({ qos_policy_id: policy, dns_domain: "opts.example.org." });
      state = (await networks.refresh("qos", state))!;
      expect((await networks.update("qos", state, declared)).action).to.equal("same");
    });

    it("shows a policy removed out of band as drift, and puts it back", async function () {
      this.timeout(60_000);
      await cli(["--no-json", "network", "set", "--no-qos-policy", state.id]);
      state = (await networks.refresh("qos", state))!;
      expect(state.outs.qosPolicyId).to.equal(undefined);
      const declared = { name: `${tag}-qos-net`, qosPolicyId: policy, dnsDomain: "opts.example.org." };
      const outcome = await networks.update("qos", state, declared);
      expect(outcome.action).to.equal("updated");
      expect(outcome.diff.replaces).to.deep.equal([]);
      state = keep(() => networks, "qos", outcome.state);
      expect(((await cli(["network", "show", state.id])) as CliNetwork).qos_policy_id).to.equal(policy);
    });

    it("removes the policy and the domain in place when they are dropped", async function () {
      this.timeout(60_000);
      const outcome = await networks.update("qos", state, { name: `${tag}-qos-net` });
      expect(outcome.action).to.equal("updated");
      state = keep(() => networks, "qos", outcome.state);
      const shown = (await cli(["network", "show", state.id])) as CliNetwork;
      expect(shown.qos_policy_id).to.equal(null);
      expect(shown.dns_domain).to.equal("");
    });
  });

  describe("a network with provider segments (admin)", () => {
    it("creates a VLAN network on the declared physical network, takes Neutron's id, replaces on change", async function () {
      this.timeout(90_000);
      const declared = {
        name: `${tag}-vlan`,
        segments: [{ networkType: "vlan", physicalNetwork: "physnet1" }],
      };
      let state = keep(() => networks, "vlan", await networks.up("vlan", declared));
      const shown = (await cli(["network", "show", state.id])) as CliNetwork;
      expect(shown).to.include({ "provider:network_type": "vlan", "provider:physical_network": "physnet1" });
      expect(shown["provider:segmentation_id"]).to.be.within(100, 200);
      expect(state.outs.segments).to.deep.equal([
        {
          networkType: "vlan",
          physicalNetwork: "physnet1",
          segmentationId: shown["provider:segmentation_id"],
        },
      ]);
      state = (await networks.refresh("vlan", state))!;
      expect((await networks.update("vlan", state, declared)).action).to.equal("same");

      const before = state.id;
      const outcome = await networks.update("vlan", state, {
        ...declared,
        segments: [{ networkType: "vxlan" }],
      });
      expect(outcome.action).to.equal("replaced");
      expect(outcome.diff.replaces).to.deep.equal(["segments"]);
      keep(() => networks, "vlan", outcome.state);
      expect(
        ((await cli(["network", "show", outcome.state.id])) as CliNetwork)["provider:network_type"],
      ).to.equal("vxlan");
      expect(await networks.refresh("vlan", { ...state, id: before })).to.equal(undefined, "old one deleted");
    });
  });

  describe("subnets", () => {
    it("makes a SLAAC subnet, reads it back without a diff, and replaces it when the mode changes", async function () {
      this.timeout(90_000);
      const networkId = await cliNetwork(`${tag}-v6`);
      const declared = {
        name: `${tag}-slaac`,
        networkId,
        cidr: `${v6}::/64`,
        ipv6AddressMode: "slaac",
        ipv6RaMode: "slaac",
      };
      let state = keep(() => subnets, "slaac", await subnets.up("slaac", declared));
      const shown = (await cli(["subnet", "show", state.id])) as CliSubnet;
      expect(shown).to.include({ ipv6_address_mode: "slaac", ipv6_ra_mode: "slaac" });
      expect(state.outs).to.include({ ipVersion: 6, ipv6AddressMode: "slaac" });
      state = (await subnets.refresh("slaac", state))!;
      expect((await subnets.update("slaac", state, declared)).action).to.equal("same");

      const stateless = { ...declared, ipv6AddressMode: "dhcpv6-stateless", ipv6RaMode: "dhcpv6-stateless" };
      const outcome = await subnets.update("slaac", state, stateless);
      expect(outcome.action).to.equal("replaced");
      keep(() => subnets, "slaac", outcome.state);
      expect(((await cli(["subnet", "show", outcome.state.id])) as CliSubnet).ipv6_address_mode).to.equal(
        "dhcpv6-stateless",
      );
    });

    it("takes a range of the declared size from a subnet pool, with no drift on the cidr Neutron picked", async function () {
      this.timeout(90_000);
      const networkId = await cliNetwork(`${tag}-pooled`);
      const pool = (await cli([
        "subnet",
        "pool",
        "create",
        "--pool-prefix",
        `10.${octet}.0.0/16`,
        "--default-prefix-length",
        "24",
        `${tag}-pool`,
      ])) as { id: string };
      cleanups.push(() => cli(["--no-json", "subnet", "pool", "delete", pool.id]));

      const declared = { name: `${tag}-from-pool`, networkId, subnetPoolId: pool.id, prefixLength: 26 };
      let state = keep(() => subnets, "pooled", await subnets.up("pooled", declared));
      const shown = (await cli(["subnet", "show", state.id])) as CliSubnet;
      expect(shown.subnetpool_id).to.equal(pool.id);
      expect(shown.cidr).to.match(new RegExp(`^10\\.${octet}\\.\\d+\\.\\d+/26$`));
      expect(state.outs).to.include({
        cidr: shown.cidr,
        subnetPoolId: pool.id,
        prefixLength: 26,
        ipVersion: 4,
      });
      state = (await subnets.refresh("pooled", state))!;
      expect((await subnets.update("pooled", state, declared)).action).to.equal("same");
      // the pool's default size, when none is declared
      const other = keep(
        () => subnets,
        "pooled-default",
        await subnets.up("pooled-default", {
          name: `${tag}-from-pool-2`,
          networkId,
          subnetPoolId: pool.id,
        }),
      );
      expect(other.outs.cidr).to.match(/\/24$/);
      expect(other.outs.prefixLength).to.equal(24);
    });
  });

  describe("a router's gateway addresses", () => {
    let externalId: string;
    let first: string;
    let second: string;
    let state: ResourceState;
    const show = async (id: string) =>
      ((await cli(["router", "show", id])) as CliRouter).external_gateway_info?.external_fixed_ips ?? [];

    before(async function () {
      this.timeout(60_000);
      externalId = await cliNetwork(`${tag}-ext`, "--external");
      const subnet = async (name: string, cidr: string) =>
        (
          (await cli(["subnet", "create", "--network", externalId, "--subnet-range", cidr, name])) as {
            id: string;
          }
        ).id;
      first = await subnet(`${tag}-ext-a`, `10.${octet}.250.0/24`);
      second = await subnet(`${tag}-ext-b`, `10.${octet}.251.0/24`);
    });

    it("takes one address from each of externalSubnetIds, and moves them in place", async function () {
      this.timeout(60_000);
      const declared = {
        name: `${tag}-router`,
        externalNetworkId: externalId,
        externalSubnetIds: [first, second],
      };
      state = keep(() => routers, "r", await routers.up("r", declared));
      const ips = await show(state.id);
      expect(ips.map((ip) => ip.subnet_id)).to.have.members([first, second]);
      expect(state.outs.externalSubnetIds).to.have.members([first, second]);
      state = (await routers.refresh("r", state))!;
      expect((await routers.update("r", state, declared)).action).to.equal("same");

      const outcome = await routers.update("r", state, { ...declared, externalSubnetIds: [second] });
      expect(outcome).to.deep.include({ action: "updated" });
      expect(outcome.state.id).to.equal(state.id);
      state = keep(() => routers, "r", outcome.state);
      expect((await show(state.id)).map((ip) => ip.subnet_id)).to.deep.equal([second]);
    });

    it("sets the declared address, accepts Neutron's for an entry without one, and puts drift back", async function () {
      this.timeout(60_000);
      const declared = {
        name: `${tag}-router`,
        externalNetworkId: externalId,
        externalFixedIps: [{ subnetId: first, ipAddress: `10.${octet}.250.77` }, { subnetId: second }],
      };
      const outcome = await routers.update("r", state, declared);
      expect(outcome.action).to.equal("updated");
      state = keep(() => routers, "r", outcome.state);
      const ips = await show(state.id);
      expect(ips).to.deep.include({ subnet_id: first, ip_address: `10.${octet}.250.77` });
      expect(ips.map((ip) => ip.subnet_id)).to.have.members([first, second]);
      state = (await routers.refresh("r", state))!;
      expect((await routers.update("r", state, declared)).action).to.equal("same");

      // drift: the gateway keeps only an address on the second subnet
      await cli([
        "--no-json",
        "router",
        "set",
        "--external-gateway",
        externalId,
        "--fixed-ip",
        `subnet=${second}`,
        state.id,
      ]);
      state = (await routers.refresh("r", state))!;
      expect((state.outs.externalFixedIps as unknown[]).length).to.equal(1);
      const fixed = await routers.update("r", state, declared);
      expect(fixed.action).to.equal("updated");
      state = keep(() => routers, "r", fixed.state);
      expect(await show(state.id)).to.deep.include({ subnet_id: first, ip_address: `10.${octet}.250.77` });
    });
  });
});
