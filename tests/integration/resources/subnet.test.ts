// Subnet through the real provider host against the cloud: create with Neutron's gateway and pools,
// read without diff (IPv6 included, in Neutron's own address forms), drift made with the openstack CLI
// and its correction, in-place update, replacement, delete waiting out a port, bad input refused.
import { expect } from "chai";
import { userTags } from "../../../provider/resources/framework/host/creation";
import { describeWithCloud, issueToken } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import { CheckFailedError, type ResourceDriver, type ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";
import { Rest } from "../../support/rest";

interface CliSubnet {
  id: string;
  name: string;
  description: string;
  cidr: string;
  gateway_ip: string | null;
  dns_nameservers: string[];
  host_routes: Array<{ destination: string; nexthop: string }>;
  allocation_pools: Array<{ start: string; end: string }>;
  tags: string[];
}

describeWithCloud("Subnet resource", "admin", (use) => {
  let rh: ResourceHost;
  let subnets: ResourceDriver;
  let rest: Rest;
  let neutron: string;
  let networkId: string;
  const states = new Map<string, ResourceState>();
  const name = `it-subnet-${process.pid}`;
  // the last octet pair from the pid keeps parallel runs on different ranges
  const net = `10.${100 + (process.pid % 100)}`;
  const routes = [
    { destination: "192.168.10.0/24", nexthop: `${net}.1.5` },
    { destination: "192.168.20.0/24", nexthop: `${net}.1.6` },
  ];
  const declared = () => ({
    networkId,
    name,
    cidr: `${net}.1.0/24`,
    description: "first",
    dnsNameservers: ["8.8.8.8", "1.1.1.1"],
    hostRoutes: routes,
    tags: ["b", "a"],
    timeouts: { delete: "10s" },
  });

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    subnets = await rh.driver("Subnet");
    const { token, body } = await issueToken(use());
    rest = new Rest(token, body.token.catalog, use().region);
    neutron = `${rest.endpoint("network")}/v2.0`;
    const created = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name },
    });
    networkId = created.network.id;
  });

  after(async function () {
    this.timeout(60_000);
    for (const [key, state] of states) await subnets.destroy(key, state).catch(() => undefined);
    // deleting the network takes its subnets and plain ports with it
    if (networkId) {
      const ports = await rest.call<{ ports: Array<{ id: string }> }>(
        "GET",
        `${neutron}/ports?network_id=${networkId}`,
      );
      for (const port of ports.body.ports ?? []) await rest.call("DELETE", `${neutron}/ports/${port.id}`);
      await rest.call("DELETE", `${neutron}/networks/${networkId}`);
    }
    await rh?.stop();
  });

  it("creates a subnet with Neutron's gateway and pools, as the CLI sees it", async () => {
    const state = await subnets.up("v4", declared());
    states.set("v4", state);
    expect(state.id).to.match(/^[0-9a-f-]{36}$/);
    expect(state.outs).to.deep.include({
      networkId,
      name,
      description: "first",
      cidr: `${net}.1.0/24`,
      ipVersion: 4,
      gatewayIp: `${net}.1.1`,
      noGateway: false,
      enableDhcp: true,
      allocationPools: [{ start: `${net}.1.2`, end: `${net}.1.254` }],
      dnsNameservers: ["8.8.8.8", "1.1.1.1"],
      tags: ["a", "b"],
    });
    expect(state.outs.createdAt).to.be.a("string");
    const cli = (await openstackCli(use(), ["subnet", "show", state.id])) as CliSubnet;
    expect(cli).to.deep.include({ name, description: "first", gateway_ip: `${net}.1.1` });
    expect(cli.dns_nameservers).to.deep.equal(["8.8.8.8", "1.1.1.1"]);
    expect(cli.host_routes).to.have.deep.members(routes);
    expect(userTags(cli.tags)).to.deep.equal(["a", "b"]);
  });

  it("reads back without a diff, host routes in any order", async () => {
    const state = (await subnets.refresh("v4", states.get("v4")!))!;
    states.set("v4", state);
    const outcome = await subnets.update("v4", state, { ...declared(), hostRoutes: [...routes].reverse() });
    expect(outcome.action).to.equal("same", JSON.stringify(outcome.diff));
  });

  it("shows drift made out of band, and puts it back", async function () {
    this.timeout(30_000);
    const id = states.get("v4")!.id;
    await openstackCli(use(), [
      "--no-json",
      "subnet",
      "set",
      "--description",
      "drifted",
      "--gateway",
      "none",
      "--no-dns-nameservers",
      "--dns-nameserver",
      "1.1.1.1",
      id,
    ]);
    const state = (await subnets.refresh("v4", states.get("v4")!))!;
    expect(state.outs).to.deep.include({
      description: "drifted",
      noGateway: true,
      dnsNameservers: ["1.1.1.1"],
    });
    expect(state.outs.gatewayIp).to.equal(undefined);
    const outcome = await subnets.update("v4", state, declared());
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    states.set("v4", outcome.state);
    const cli = (await openstackCli(use(), ["subnet", "show", id])) as CliSubnet;
    expect(cli).to.deep.include({ description: "first", gateway_ip: `${net}.1.1` });
    expect(cli.dns_nameservers).to.deep.equal(["8.8.8.8", "1.1.1.1"]);
  });

  it("updates in place: gateway, pools, DHCP, routes, name", async () => {
    const before = states.get("v4")!;
    const outcome = await subnets.update("v4", before, {
      ...declared(),
      name: `${name}-2`,
      gatewayIp: `${net}.1.254`,
      allocationPools: [
        { start: `${net}.1.100`, end: `${net}.1.149` },
        { start: `${net}.1.10`, end: `${net}.1.19` },
      ],
      enableDhcp: false,
      hostRoutes: [routes[0]!],
      dnsNameservers: ["1.1.1.1", "8.8.8.8"],
    });
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    const state = outcome.state;
    states.set("v4", state);
    expect(state.id).to.equal(before.id);
    expect(state.outs).to.deep.include({
      name: `${name}-2`,
      gatewayIp: `${net}.1.254`,
      enableDhcp: false,
      hostRoutes: [routes[0]],
      dnsNameservers: ["1.1.1.1", "8.8.8.8"],
    });
    expect(state.outs.allocationPools).to.have.deep.members([
      { start: `${net}.1.10`, end: `${net}.1.19` },
      { start: `${net}.1.100`, end: `${net}.1.149` },
    ]);
    // and turns the gateway off
    const off = await subnets.update("v4", state, { ...declared(), noGateway: true });
    expect(off.action).to.equal("updated");
    states.set("v4", off.state);
    expect(off.state.outs).to.include({ noGateway: true });
    expect(off.state.outs.gatewayIp).to.equal(undefined);
  });

  it("replaces on a cidr change, creating the new subnet first", async () => {
    const before = states.get("v4")!;
    const outcome = await subnets.update("v4", before, {
      ...declared(),
      cidr: `${net}.2.0/24`,
      hostRoutes: [],
    });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["cidr"]);
    expect(outcome.deletedBeforeCreate).to.equal(false);
    states.set("v4", outcome.state);
    expect(outcome.state.id).not.to.equal(before.id);
    expect(outcome.state.outs).to.include({ cidr: `${net}.2.0/24`, gatewayIp: `${net}.2.1` });
    expect(await subnets.refresh("v4", before)).to.equal(undefined, "old subnet deleted");
  });

  it("waits for a port on the subnet to go before deleting, then reads as gone", async function () {
    this.timeout(30_000);
    const state = states.get("v4")!;
    const port = await rest.expect<{ port: { id: string } }>(201, "POST", `${neutron}/ports`, {
      port: { network_id: networkId, fixed_ips: [{ subnet_id: state.id }] },
    });
    // the first delete meets the port (409); the port goes away while the delete retries
    const destroyed = subnets.destroy("v4", state);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await rest.expect(204, "DELETE", `${neutron}/ports/${port.port.id}`);
    await destroyed;
    states.delete("v4");
    expect(await subnets.refresh("v4", state)).to.equal(undefined);
  });

  it("gives a subnet made without gateway Neutron's default one, out of its pools", async () => {
    const inputs = { networkId, name: `${name}-nogw`, cidr: `${net}.3.0/24`, timeouts: { delete: "10s" } };
    const state = await subnets.up("nogw", { ...inputs, noGateway: true });
    states.set("nogw", state);
    expect(state.outs).to.deep.include({
      noGateway: true,
      allocationPools: [{ start: `${net}.3.1`, end: `${net}.3.254` }],
    });
    const outcome = await subnets.update("nogw", state, inputs);
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    states.set("nogw", outcome.state);
    expect(outcome.state.outs).to.deep.include({
      noGateway: false,
      gatewayIp: `${net}.3.1`,
      allocationPools: [{ start: `${net}.3.2`, end: `${net}.3.254` }],
    });
    await subnets.destroy("nogw", outcome.state);
    states.delete("nogw");
  });

  it("keeps IPv6 addresses in Neutron's form: no diff for differently written input", async () => {
    const v6 = {
      networkId,
      name: `${name}-v6`,
      cidr: `fd${(process.pid % 256).toString(16).padStart(2, "0")}:0:0:0::/64`,
      dnsNameservers: ["2001:4860:0:0::8888"],
      timeouts: { delete: "10s" },
    };
    const state = await subnets.up("v6", v6);
    states.set("v6", state);
    const prefix = v6.cidr.split(":")[0]!;
    expect(state.outs).to.deep.include({
      cidr: `${prefix}::/64`,
      ipVersion: 6,
      gatewayIp: `${prefix}::`,
      dnsNameservers: ["2001:4860::8888"],
    });
    const read = (await subnets.refresh("v6", state))!;
    expect((await subnets.update("v6", read, v6)).action).to.equal("same");
    await subnets.destroy("v6", read);
    states.delete("v6");
  });

  it("refuses bad input at check and an unknown network before creating anything", async () => {
    const bad = await subnets.up("bad", { ...declared(), gatewayIp: "192.168.0.1" }).catch((e: unknown) => e);
    expect(bad).to.be.instanceOf(CheckFailedError);
    expect((bad as CheckFailedError).failures).to.deep.equal([
      {
        property: "gatewayIp",
        reason: `gatewayIp 192.168.0.1 is outside cidr ${net}.1.0/24: use an address from ${net}.1.1 to ${net}.1.254, or noGateway: true`,
      },
    ]);
    const missing = "00000000-0000-4000-8000-000000000000";
    const err = await subnets.up("bad", { ...declared(), networkId: missing }).catch((e: Error) => e);
    expect((err as Error).message).to.include(`networkId "${missing}": no network with this id`);
  });
});
