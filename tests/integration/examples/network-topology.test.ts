// examples/network-topology through the engine stand-in against the cloud: network, two subnets, a router
// with its gateway on the external network and an interface on each subnet, a server at a fixed address
// of each subnet and a floating IP on the first; then IPv6 and new DNS servers (subnets updated in place,
// servers untouched); then destroy. Neutron and Nova, read over plain REST, are the witnesses.
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { describeWithCloud } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun } from "../../support/engine";
import { exampleDir, linkPackage, STACK, Witness } from "./support";

const resource = (resources: EngineResource[], kind: string, name: string) => {
  const found = resources.find((r) => r.kind === kind && r.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${resources.map((r) => `${r.kind} ${r.name}`).join(", ")}`);
  return found;
};

describeWithCloud("example network-topology", "member", (use) => {
  const dir = exampleDir("network-topology");
  const prefix = `openstack-network-topology-${STACK}`;
  const config = { flavor: "m1.nano", cidrA: "10.62.1.0/24", cidrB: "10.62.2.0/24", cidrV6: "fd00:62::/64" };
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let witness: Witness;
  let publicId: string;
  let first: EngineResource[] = [];

  before(async function () {
    this.timeout(60_000);
    ensureBuilt();
    unlink = linkPackage(dir);
    witness = await Witness.of(use());
    const networks = await witness.get<Array<{ id: string }>>(
      `${witness.neutron}/networks?name=public`,
      "networks",
    );
    publicId = networks![0]!.id;
    run = await openProgram({ programDir: dir, stack: STACK, cloud: use() });
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  network-topology: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    await witness?.sweep(prefix);
    unlink?.();
  });

  it("builds the topology: subnets on the router, a server on each subnet, the floating IP on server a", async function () {
    this.timeout(240_000);
    const result = await run!.up({ ...config, dnsNameservers: '["9.9.9.9"]' });
    first = result.resources;
    expect(result.resources.map((r) => `${r.kind} ${r.name} ${r.action}`).sort()).to.deep.equal(
      [
        "FloatingIp floating-ip-a created",
        "Network net created",
        "Router router created",
        "RouterInterface interface-a created",
        "RouterInterface interface-b created",
        "Server server-a created",
        "Server server-b created",
        "Subnet subnet-a created",
        "Subnet subnet-b created",
      ].sort(),
    );
    const net = resource(first, "Network", "net");
    const subnetA = resource(first, "Subnet", "subnet-a");
    const subnetB = resource(first, "Subnet", "subnet-b");
    const router = resource(first, "Router", "router");

    for (const [subnet, cidr] of [
      [subnetA, config.cidrA],
      [subnetB, config.cidrB],
    ] as const) {
      const live = await witness.subnet(subnet.id);
      expect(live).to.deep.include({ network_id: net.id, cidr, ip_version: 4, dns_nameservers: ["9.9.9.9"] });
    }
    const liveRouter = await witness.router(router.id);
    expect((liveRouter?.external_gateway_info as { network_id: string }).network_id).to.equal(publicId);
    const interfaces = await witness.ports(`device_id=${router.id}&device_owner=network:router_interface`);
    expect(interfaces.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id)).sort()).to.deep.equal(
      [subnetA.id, subnetB.id].sort(),
    );

    const serverPorts: Record<string, string> = {};
    for (const [name, subnet, address] of [
      ["server-a", subnetA, "10.62.1.10"],
      ["server-b", subnetB, "10.62.2.10"],
    ] as const) {
      const server = resource(first, "Server", name);
      expect((await witness.server(server.id))?.status).to.equal("ACTIVE");
      const ports = await witness.ports(`device_id=${server.id}`);
      expect(ports).to.have.length(1);
      expect(ports[0]!.fixed_ips).to.deep.equal([{ subnet_id: subnet.id, ip_address: address }]);
      serverPorts[name] = ports[0]!.id;
    }

    const fip = await witness.floatingIp(resource(first, "FloatingIp", "floating-ip-a").id);
    expect(fip).to.deep.include({
      floating_network_id: publicId,
      port_id: serverPorts["server-a"],
      fixed_ip_address: "10.62.1.10",
      floating_ip_address: result.outputs.floatingIpAddress,
      router_id: router.id,
    });
    expect(result.outputs.routerId).to.equal(router.id);
  });

  it("adds the IPv6 subnet and updates the DNS servers in place, leaving servers and floating IP alone", async function () {
    this.timeout(240_000);
    const result = await run!.up({
      ...config,
      ipv6: "true",
      dnsNameservers: '["9.9.9.9", "149.112.112.112"]',
    });
    const actions = Object.fromEntries(result.resources.map((r) => [`${r.kind} ${r.name}`, r.action]));
    expect(actions).to.deep.equal({
      "Network net": "same",
      "Subnet subnet-a": "updated",
      "Subnet subnet-b": "updated",
      "Subnet subnet-v6": "created",
      "Router router": "same",
      "RouterInterface interface-a": "same",
      "RouterInterface interface-b": "same",
      "RouterInterface interface-v6": "created",
      "Server server-a": "same",
      "Server server-b": "same",
      "FloatingIp floating-ip-a": "same",
    });
    for (const r of first) expect(resource(result.resources, r.kind, r.name).id).to.equal(r.id);

    const v6 = resource(result.resources, "Subnet", "subnet-v6");
    expect(await witness.subnet(v6.id)).to.deep.include({ cidr: config.cidrV6, ip_version: 6 });
    expect((await witness.subnet(resource(first, "Subnet", "subnet-a").id))?.dns_nameservers).to.deep.equal([
      "9.9.9.9",
      "149.112.112.112",
    ]);
    const router = resource(first, "Router", "router");
    const interfaces = await witness.ports(`device_id=${router.id}&device_owner=network:router_interface`);
    expect(interfaces.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id))).to.include(v6.id);
    expect(result.outputs.subnetIds).to.deep.include({ v6: v6.id });

    // Nothing drifted: after a refresh, an `up` of the same program changes nothing (the engine computes
    // refresh diffs this way; outputs such as the network's subnetIds or updatedAt may move on their own).
    await run!.refresh();
    const again = await run!.up();
    expect(
      again.resources.filter((r) => r.action !== "same").map((r) => `${r.kind} ${r.name} ${r.action}`),
    ).to.deep.equal([]);
  });

  it("destroy deletes all of it", async function () {
    this.timeout(240_000);
    const state = run!.state;
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    for (const r of state.filter((r) => r.kind === "Server")) await witness.serverGone(r.id);
    expect(await witness.floatingIp(resource(state, "FloatingIp", "floating-ip-a").id)).to.equal(undefined);
    expect(await witness.router(resource(state, "Router", "router").id)).to.equal(undefined);
    for (const name of ["subnet-a", "subnet-b", "subnet-v6"]) {
      expect(await witness.subnet(resource(state, "Subnet", name).id), `subnet ${name}`).to.equal(undefined);
    }
    expect(await witness.network(resource(state, "Network", "net").id)).to.equal(undefined);
  });
});
