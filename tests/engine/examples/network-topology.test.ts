// examples/network-topology with the real Pulumi CLI against the cloud, installed as its README says:
// network, two subnets, a router with its gateway on the external network and an interface on each subnet,
// a server at a fixed address of each subnet and a floating IP on the first; preview changes nothing; then
// IPv6 and new DNS servers (subnets updated in place, servers untouched); DNS servers changed out of band
// are reported as drift and put back by `up --refresh`; then destroy. Neutron and Nova, read over plain
// REST, are the witnesses.
import { expect } from "chai";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram, type StackResource } from "../../support/pulumi-cli";
import {
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectNoPlaintextSecrets,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

const resource = (resources: StackResource[], kind: string, name: string) => {
  const found = resources.find((r) => r.kind === kind && r.name === name);
  if (!found)
    throw new Error(`no ${kind} ${name} in ${resources.map((r) => `${r.kind} ${r.name}`).join(", ")}`);
  return found;
};

describeWithEngine("example network-topology (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("network-topology");
  const prefix = `openstack-network-topology-${STACK}`;
  const config = { flavor: "m1.nano", cidrA: "10.62.1.0/24", cidrB: "10.62.2.0/24", cidrV6: "fd00:62::/64" };
  const second = { ...config, ipv6: "true", dnsNameservers: '["9.9.9.9", "149.112.112.112"]' };
  let program: CliProgram | undefined;
  let witness: Witness;
  let publicId: string;
  let first: StackResource[] = [];

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    const networks = await witness.get<Array<{ id: string }>>(
      `${witness.neutron}/networks?name=public`,
      "networks",
    );
    publicId = networks![0]!.id;
    program = await CliProgram.open({
      programDir: dir,
      stack: STACK,
      cloud: use(),
      config: { ...config, dnsNameservers: '["9.9.9.9"]' },
    });
  });

  after(async function () {
    this.timeout(300_000);
    await tearDown(program, "network-topology", () => witness?.sweep(prefix));
  });

  it("preview plans the nine resources without a single mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    for (const [kind, name] of [
      ["Network", "net"],
      ["Subnet", "subnet-a"],
      ["Subnet", "subnet-b"],
      ["Router", "router"],
      ["RouterInterface", "interface-a"],
      ["RouterInterface", "interface-b"],
      ["Server", "server-a"],
      ["Server", "server-b"],
      ["FloatingIp", "floating-ip-a"],
    ]) {
      expect(stdout).to.match(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/openstack:${kind} ${name} create`));
    }
  });

  it("builds the topology: subnets on the router, a server on each subnet, the floating IP on server a; nothing changes after", async function () {
    this.timeout(300_000);
    const result = await program!.up({ ...config, dnsNameservers: '["9.9.9.9"]' });
    first = program!.state;
    expect(first.map((r) => `${r.kind} ${r.name} ${r.action}`).sort()).to.deep.equal(
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

    await expectNoChanges(program!);
    await expectNoPlaintextSecrets(program!, [
      ...first.map((r) => (r.outs.adminPass as string | undefined) ?? ""),
      use().auth.password ?? "",
    ]);
  });

  it("preview --diff shows the DNS servers as an update; up adds the IPv6 subnet and updates the others in place", async function () {
    this.timeout(300_000);
    await expectPreviewDiff(program!, second, {
      resource: "subnet-a",
      property: "dnsNameservers",
      op: "update",
    });
    const result = await program!.up(second);
    const actions = Object.fromEntries(program!.state.map((r) => [`${r.kind} ${r.name}`, r.action]));
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
    for (const r of first) expect(resource(program!.state, r.kind, r.name).id).to.equal(r.id);

    const v6 = resource(program!.state, "Subnet", "subnet-v6");
    expect(await witness.subnet(v6.id)).to.deep.include({ cidr: config.cidrV6, ip_version: 6 });
    expect((await witness.subnet(resource(first, "Subnet", "subnet-a").id))?.dns_nameservers).to.deep.equal([
      "9.9.9.9",
      "149.112.112.112",
    ]);
    const router = resource(first, "Router", "router");
    const interfaces = await witness.ports(`device_id=${router.id}&device_owner=network:router_interface`);
    expect(interfaces.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id))).to.include(v6.id);
    expect(result.outputs.subnetIds).to.deep.include({ v6: v6.id });

    await expectNoChanges(program!);
  });

  it("DNS servers changed out of band are reported by refresh --preview-only --expect-no-changes; up --refresh puts them back", async function () {
    this.timeout(240_000);
    const subnetA = resource(program!.state, "Subnet", "subnet-a").id;
    await openstackCli(use(), [
      "--no-json",
      "subnet",
      "set",
      "--no-dns-nameservers",
      "--dns-nameserver",
      "1.1.1.1",
      subnetA,
    ]);
    expect((await witness.subnet(subnetA))?.dns_nameservers).to.deep.equal(["1.1.1.1"]);
    await expectDrift(program!, "subnet-a", "dnsNameservers");
    await program!.up(undefined, ["--refresh"]);
    expect(resource(program!.state, "Subnet", "subnet-a").action).to.equal("updated");
    expect((await witness.subnet(subnetA))?.dns_nameservers).to.deep.equal(["9.9.9.9", "149.112.112.112"]);
    await expectNoChanges(program!);
  });

  it("destroy deletes all of it", async function () {
    this.timeout(240_000);
    const state = program!.state;
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    for (const r of state.filter((r) => r.kind === "Server")) await witness.serverGone(r.id);
    expect(await witness.floatingIp(resource(state, "FloatingIp", "floating-ip-a").id)).to.equal(undefined);
    expect(await witness.router(resource(state, "Router", "router").id)).to.equal(undefined);
    for (const name of ["subnet-a", "subnet-b", "subnet-v6"]) {
      expect(await witness.subnet(resource(state, "Subnet", name).id), `subnet ${name}`).to.equal(undefined);
    }
    expect(await witness.network(resource(state, "Network", "net").id)).to.equal(undefined);
  });
});
