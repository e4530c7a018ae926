// Port through the real provider host against the cloud, on a network with an IPv4 and an IPv6 subnet:
// subnet-only fixed IPs read back without a diff, in-place updates, drift made with the openstack CLI
// and its correction, port security off; then a server placed on the port, replaced (deleting first)
// onto the same port, the port detached out of band, and the port outliving the server; a server with
// an IPv4 and an IPv6 fixed address on one network; and the port's delete.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliPort {
  id: string;
  name: string;
  device_id: string;
  fixed_ips: Array<{ subnet_id: string; ip_address: string }>;
  allowed_address_pairs: Array<{ ip_address: string; mac_address: string }>;
  port_security_enabled: boolean;
  security_group_ids: string[];
  mac_address: string;
}

describeWithCloud("Port resource", "admin", (use) => {
  let rh: ResourceHost;
  let drivers: Record<"Network" | "Subnet" | "Port" | "Server", ResourceDriver>;
  const states = new Map<string, { kind: keyof typeof drivers; state: ResourceState }>();
  const name = `it-port-${process.pid}`;
  let networkId: string;
  let v4: string;
  let v6: string;

  const cliPort = async (id: string) => (await openstackCli(use(), ["port", "show", id])) as CliPort;
  const up = async (key: string, kind: keyof typeof drivers, inputs: Record<string, unknown>) => {
    const state = await drivers[kind].up(key, inputs);
    states.set(key, { kind, state });
    return state;
  };
  const port = () => states.get("port")!.state;

  before(async function () {
    this.timeout(120_000);
    rh = await startResourceHost(use());
    // a server's create waits for ACTIVE, slow on a busy machine
    rh.host.rpcTimeoutMs = 120_000;
    drivers = {
      Network: await rh.driver("Network"),
      Subnet: await rh.driver("Subnet"),
      Port: await rh.driver("Port"),
      Server: await rh.driver("Server", { additionalSecretOutputs: ["adminPass"] }),
    };
    networkId = (await up("net", "Network", { name })).id;
    v4 = (await up("v4", "Subnet", { name: `${name}-v4`, networkId, cidr: "10.91.0.0/24" })).id;
    v6 = (await up("v6", "Subnet", { name: `${name}-v6`, networkId, cidr: "fd91::/64" })).id;
  });

  after(async function () {
    this.timeout(180_000);
    // servers first, then ports, then subnets and the network they keep busy
    const order: Array<keyof typeof drivers> = ["Server", "Port", "Subnet", "Network"];
    for (const kind of order)
      for (const [key, entry] of states)
        if (entry.kind === kind) await drivers[kind].destroy(key, entry.state).catch(() => undefined);
    await rh?.stop();
  });

  const declared = () => ({
    name,
    networkId,
    fixedIps: [{ subnetId: v4 }, { subnetId: v6 }],
    allowedAddressPairs: [{ ipAddress: "10.91.1.0/24" }],
    tags: ["b", "a"],
  });

  it("creates a port with an address from each subnet, as the CLI sees it", async function () {
    this.timeout(60_000);
    const state = await up("port", "Port", declared());
    expect(state.outs).to.include({ name, networkId, deviceId: "", portSecurityEnabled: true });
    const cli = await cliPort(state.id);
    const live = cli.fixed_ips.map((ip) => ({ subnetId: ip.subnet_id, ipAddress: ip.ip_address }));
    expect(state.outs.fixedIps).to.have.deep.members(live);
    expect(live.map((ip) => ip.subnetId)).to.have.members([v4, v6]);
    expect(state.outs.allFixedIps).to.have.members(live.map((ip) => ip.ipAddress));
    expect(state.outs.macAddress).to.equal(cli.mac_address);
    // Neutron fills in the port's own MAC for the pair: the outputs keep the declared form
    expect(cli.allowed_address_pairs).to.deep.equal([
      { ip_address: "10.91.1.0/24", mac_address: cli.mac_address },
    ]);
    expect(state.outs.allowedAddressPairs).to.deep.equal([{ ipAddress: "10.91.1.0/24" }]);
    expect(state.outs.securityGroups).to.deep.equal(cli.security_group_ids);
  });

  it("reads back without a diff: the addresses Neutron picked are not drift", async function () {
    this.timeout(60_000);
    const refreshed = (await drivers.Port.refresh("port", port()))!;
    const outcome = await drivers.Port.update("port", refreshed, declared());
    expect(outcome.action).to.equal("same");
    states.set("port", { kind: "Port", state: outcome.state });
  });

  it("updates addresses in place, keeping the address a subnet-only entry holds", async function () {
    this.timeout(60_000);
    const before = await cliPort(port().id);
    const v6Address = before.fixed_ips.find((ip) => ip.subnet_id === v6)!.ip_address;
    const outcome = await drivers.Port.update("port", port(), {
      ...declared(),
      fixedIps: [{ subnetId: v4, ipAddress: "10.91.0.77" }, { subnetId: v6 }],
      allowedAddressPairs: [{ ipAddress: "10.91.2.5", macAddress: "fa:16:3e:91:00:01" }],
    });
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    states.set("port", { kind: "Port", state: outcome.state });
    const cli = await cliPort(port().id);
    expect(cli.id).to.equal(before.id);
    expect(cli.fixed_ips).to.have.deep.members([
      { subnet_id: v4, ip_address: "10.91.0.77" },
      { subnet_id: v6, ip_address: v6Address },
    ]);
    expect(cli.allowed_address_pairs).to.deep.equal([
      { ip_address: "10.91.2.5", mac_address: "fa:16:3e:91:00:01" },
    ]);
  });

  it("shows addresses and pairs removed out of band, and puts them back", async function () {
    this.timeout(60_000);
    const inputs = {
      ...declared(),
      fixedIps: [{ subnetId: v4, ipAddress: "10.91.0.77" }, { subnetId: v6 }],
      allowedAddressPairs: [{ ipAddress: "10.91.2.5", macAddress: "fa:16:3e:91:00:01" }],
    };
    await openstackCli(use(), [
      "--no-json",
      "port",
      "unset",
      "--fixed-ip",
      `subnet=${v4},ip-address=10.91.0.77`,
      "--allowed-address",
      "ip-address=10.91.2.5,mac-address=fa:16:3e:91:00:01",
      port().id,
    ]);
    const refreshed = (await drivers.Port.refresh("port", port()))!;
    expect((refreshed.outs.fixedIps as Array<{ subnetId: string }>).map((ip) => ip.subnetId)).to.deep.equal([
      v6,
    ]);
    expect(refreshed.outs.allowedAddressPairs).to.deep.equal([]);
    const outcome = await drivers.Port.update("port", refreshed, inputs);
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    expect(outcome.state.outs.allowedAddressPairs).to.deep.equal(inputs.allowedAddressPairs);
    states.set("port", { kind: "Port", state: outcome.state });
    const cli = await cliPort(port().id);
    expect(cli.fixed_ips.map((ip) => ip.ip_address)).to.include("10.91.0.77");
    expect(cli.allowed_address_pairs).to.have.length(1);
  });

  it("turns port security off, taking the security groups off in the same request", async function () {
    this.timeout(60_000);
    const outcome = await drivers.Port.update("port", port(), {
      name,
      networkId,
      fixedIps: [{ subnetId: v4, ipAddress: "10.91.0.77" }, { subnetId: v6 }],
      portSecurityEnabled: false,
      tags: ["a", "b"],
    });
    expect(outcome.action).to.equal("updated");
    states.set("port", { kind: "Port", state: outcome.state });
    const cli = await cliPort(port().id);
    expect(cli).to.include({ port_security_enabled: false });
    expect(cli.security_group_ids).to.deep.equal([]);
    expect(cli.allowed_address_pairs).to.deep.equal([]);
    expect(outcome.state.outs.securityGroups).to.deep.equal([]);
  });

  const serverInputs = (extra: Record<string, unknown> = {}) => ({
    name: `${name}-srv`,
    flavor: "m1.nano",
    image: "cirros",
    networks: [{ port: port().id }],
    ...extra,
  });

  it("places a server on the port", async function () {
    this.timeout(120_000);
    const server = await up("srv", "Server", serverInputs());
    expect((await cliPort(port().id)).device_id).to.equal(server.id);
    const refreshed = (await drivers.Port.refresh("port", port()))!;
    expect(refreshed.outs).to.include({ deviceId: server.id, deviceOwner: "compute:nova" });
  });

  it("replaces the server by deleting it first, and the port survives to carry the new one", async function () {
    this.timeout(180_000);
    const old = states.get("srv")!.state;
    const outcome = await drivers.Server.update("srv", old, serverInputs({ configDrive: true }));
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.deleteBeforeReplace).to.equal(true);
    expect(outcome.deletedBeforeCreate).to.equal(true);
    states.set("srv", { kind: "Server", state: outcome.state });
    expect(outcome.state.id).not.to.equal(old.id);
    const cli = await cliPort(port().id);
    expect(cli.device_id).to.equal(outcome.state.id);
    expect(cli.fixed_ips.map((ip) => ip.ip_address)).to.include("10.91.0.77");
  });

  it("shows the port detached out of band on refresh, and puts the server back on it", async function () {
    this.timeout(180_000);
    const server = states.get("srv")!.state;
    await openstackCli(use(), ["--no-json", "server", "remove", "port", server.id, port().id]);
    for (let i = 0; i < 40 && (await cliPort(port().id)).device_id !== ""; i++)
      await new Promise((resolve) => setTimeout(resolve, 500));
    const refreshed = (await drivers.Server.refresh("srv", server))!;
    expect(refreshed.outs.networks).to.deep.equal([]);
    const outcome = await drivers.Server.update("srv", refreshed, serverInputs({ configDrive: true }));
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["networks"]);
    states.set("srv", { kind: "Server", state: outcome.state });
    expect((await cliPort(port().id)).device_id).to.equal(outcome.state.id);
  });

  it("keeps the port when the server is deleted", async function () {
    this.timeout(120_000);
    await drivers.Server.destroy("srv", states.get("srv")!.state);
    states.delete("srv");
    const cli = await cliPort(port().id);
    expect(cli.device_id).to.equal("");
    expect(cli.fixed_ips.map((ip) => ip.ip_address)).to.include("10.91.0.77");
  });

  it("gives a server an IPv4 and an IPv6 fixed address on one network", async function () {
    this.timeout(120_000);
    const server = await up("dual", "Server", {
      name: `${name}-dual`,
      flavor: "m1.nano",
      image: "cirros",
      networks: [{ uuid: networkId, fixedIp: "10.91.0.60", fixedIpV6: "fd91::60" }],
    });
    const cli = (await openstackCli(use(), ["server", "show", server.id])) as {
      addresses: Record<string, string[]>;
    };
    expect(cli.addresses[name]).to.have.members(["10.91.0.60", "fd91::60"]);
    const addresses = server.outs.addresses as Record<string, Array<{ addr: string }>>;
    expect(addresses[name]!.map((a) => a.addr)).to.have.members(["10.91.0.60", "fd91::60"]);
    const refreshed = (await drivers.Server.refresh("dual", server))!;
    const outcome = await drivers.Server.update("dual", refreshed, {
      name: `${name}-dual`,
      flavor: "m1.nano",
      image: "cirros",
      networks: [{ uuid: networkId, fixedIp: "10.91.0.60", fixedIpV6: "fd91::60" }],
    });
    expect(outcome.action).to.equal("same");
    await drivers.Server.destroy("dual", server);
    states.delete("dual");
  });

  it("deletes the port", async function () {
    this.timeout(60_000);
    const state = port();
    await drivers.Port.destroy("port", state);
    states.delete("port");
    expect(await drivers.Port.refresh("port", state)).to.equal(undefined);
    await openstackCli(use(), ["port", "show", state.id]).then(
      () => expect.fail("the CLI still finds the port"),
      (error: Error) => expect(error.message).to.match(/No Port found|not found/i),
    );
  });
});
