// Every kind of resource, through the real provider host, with the fault proxy between it and the cloud:
// a create (for a router interface, its PUT; for a volume attachment, the attach) whose answer is lost,
// a gateway's 503 after the service acted, a reset before anything was forwarded, and a burst of 429s
// beyond the retry count. Each ends with exactly one object in the cloud (counted straight from the
// cloud, not through the proxy), the one the state tracks, and none after destroy. Kinds run one after
// another within a fault, each with its own rule.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import type { Fault } from "../../support/fault-proxy";
import type { PropertyMap, ResourceState } from "../../support/provider-host";
import type { ResourceHost } from "../../support/resource-host";
import { type FaultyCloud, liveIds, startFaultyCloud, sweep, uniqueName, withToken } from "./support";

interface Kind {
  kind: string;
  /** The create request's method and upstream path. */
  method: string;
  path: RegExp;
  inputs(name: string): PropertyMap;
  /** What liveIds lists by, when not the resource's name (a router interface: its router). */
  listedBy?: () => string;
}

const FAULTS: Array<{ title: string; fault: Fault; times?: number }> = [
  { title: "the create's answer is lost after the service acted", fault: { kind: "lose-response" } },
  { title: "a gateway answers 503 after the service acted", fault: { kind: "gateway-after" } },
  { title: "the connection is reset before anything is forwarded", fault: { kind: "reset-before" } },
  {
    title: "five 429s in a row with Retry-After: 1",
    fault: { kind: "answer", status: 429, headers: { "retry-after": "1" }, body: '{"message":"slow down"}' },
    times: 5,
  },
];

describeWithCloud("Faults on create, per resource kind", "admin", (use) => {
  let faulty: FaultyCloud;
  let rh: ResourceHost;
  let dir: string;
  let networkId: string;
  let routerId: string;
  let interfaceSubnetId: string;
  let serverId: string;
  const attachVolumes: string[] = [];
  let nextVolume = 0;
  let attachedVolume = "";
  let ruleGroupId: string;
  let portNetworkId: string;
  const netName = uniqueName("subnet-parent");
  const routerName = uniqueName("interface-router");
  const ruleGroupName = uniqueName("rule-group");

  const kinds: Kind[] = [
    { kind: "Network", method: "POST", path: /^\/v2\.0\/networks$/, inputs: (name) => ({ name }) },
    {
      kind: "Subnet",
      method: "POST",
      path: /^\/v2\.0\/subnets$/,
      inputs: (name) => ({ name, networkId, cidr: `10.${100 + Math.floor(Math.random() * 100)}.0.0/24` }),
    },
    { kind: "Router", method: "POST", path: /^\/v2\.0\/routers$/, inputs: (name) => ({ name }) },
    {
      kind: "FloatingIp",
      method: "POST",
      path: /^\/v2\.0\/floatingips$/,
      inputs: (name) => ({ pool: "public", description: name }),
    },
    {
      kind: "Server",
      method: "POST",
      path: /\/servers$/,
      inputs: (name) => ({ name, flavor: "m1.nano", image: "cirros", networks: "none" }),
    },
    {
      kind: "Image",
      method: "POST",
      path: /^\/v2\/images$/,
      inputs: (name) => ({ name, diskFormat: "raw", file: join(dir, "disk.raw") }),
    },
    { kind: "KeyPair", method: "POST", path: /\/os-keypairs$/, inputs: (name) => ({ name }) },
    {
      kind: "Volume",
      method: "POST",
      path: /^\/v3(\/[^/]+)?\/volumes$/,
      inputs: (name) => ({ name, size: 1 }),
    },
    {
      kind: "ServerGroup",
      method: "POST",
      path: /\/os-server-groups$/,
      inputs: (name) => ({ name, policy: "anti-affinity" }),
    },
    {
      kind: "VolumeAttachment",
      method: "POST",
      path: /\/servers\/[^/]+\/os-volume_attachments$/,
      // a volume of its own per fault: one that a failed case left attached spoils no other
      inputs: () => ({ serverId, volumeId: (attachedVolume = attachVolumes[nextVolume++]!) }),
      listedBy: () => `${serverId}/${attachedVolume}`,
    },
    {
      kind: "RouterInterface",
      method: "PUT",
      path: /^\/v2\.0\/routers\/[^/]+\/add_router_interface$/,
      inputs: () => ({ routerId, subnetId: interfaceSubnetId }),
      listedBy: () => routerId,
    },
    {
      kind: "SecurityGroup",
      method: "POST",
      path: /^\/v2\.0\/security-groups$/,
      inputs: (name) => ({ name }),
    },
    {
      kind: "SecurityGroupRule",
      method: "POST",
      path: /^\/v2\.0\/security-group-rules$/,
      inputs: () => ({
        securityGroupId: ruleGroupId,
        direction: "ingress",
        protocol: "tcp",
        portRangeMin: 22,
        portRangeMax: 22,
      }),
      listedBy: () => ruleGroupId,
    },
    // a network of its own: port creates beside the router interface's gateway port on one network
    // can make Neutron refuse one of them for a moment, which would read as a fault's effect
    {
      kind: "Port",
      method: "POST",
      path: /^\/v2\.0\/ports$/,
      inputs: (name) => ({ name, networkId: portNetworkId }),
    },
  ];
  const made: Array<{ kind: string; name: string }> = [];

  before(async function () {
    this.timeout(120_000);
    faulty = await startFaultyCloud(use());
    rh = await faulty.startHost();
    dir = mkdtempSync(join(tmpdir(), "faults-img-"));
    writeFileSync(join(dir, "disk.raw"), randomBytes(64 * 1024));
    const net = await faulty.rest.expect<{ network: { id: string } }>(
      201,
      "POST",
      `${faulty.rest.endpoint("network")}/v2.0/networks`,
      { network: { name: netName } },
    );
    networkId = net.network.id;
    made.push({ kind: "Network", name: netName });
    const portNetName = uniqueName("port-parent");
    const portNet = await faulty.rest.expect<{ network: { id: string } }>(
      201,
      "POST",
      `${faulty.rest.endpoint("network")}/v2.0/networks`,
      { network: { name: portNetName } },
    );
    portNetworkId = portNet.network.id;
    made.push({ kind: "Network", name: portNetName });
    const neutron = `${faulty.rest.endpoint("network")}/v2.0`;
    const subnet = await faulty.rest.expect<{ subnet: { id: string } }>(201, "POST", `${neutron}/subnets`, {
      subnet: { network_id: networkId, cidr: "10.251.9.0/24", ip_version: 4, name: netName },
    });
    interfaceSubnetId = subnet.subnet.id;
    made.push({ kind: "Subnet", name: netName });
    const router = await faulty.rest.expect<{ router: { id: string } }>(201, "POST", `${neutron}/routers`, {
      router: { name: routerName },
    });
    routerId = router.router.id;
    made.push({ kind: "Router", name: routerName });
    // a group for the rules, without Neutron's default rules: the ones listed are the test's
    const group = await faulty.rest.expect<{ security_group: { id: string } }>(
      201,
      "POST",
      `${neutron}/security-groups`,
      { security_group: { name: ruleGroupName } },
    );
    ruleGroupId = group.security_group.id;
    made.push({ kind: "SecurityGroup", name: ruleGroupName });
    await sweep(faulty.rest, "SecurityGroupRule", ruleGroupId);
    // one create first: a Neutron without tag-creation refuses tags in a POST once, and the faults
    // below must hit the create the service acts on
    const warmName = uniqueName("warm-up");
    made.push({ kind: "Network", name: warmName });
    const networks = await rh.driver("Network");
    await networks.destroy(warmName, await networks.up(warmName, withToken({ name: warmName })));
    // what the volume attachments attach: one server, and one volume per fault
    const serverName = uniqueName("attach-server");
    made.push({ kind: "Server", name: serverName });
    const server = await (
      await rh.driver("Server")
    ).up(serverName, withToken({ name: serverName, flavor: "m1.nano", image: "cirros", networks: "none" }));
    serverId = server.id;
    const volumes = await rh.driver("Volume");
    for (const _ of FAULTS) {
      const volumeName = uniqueName("attach-volume");
      made.push({ kind: "Volume", name: volumeName });
      attachVolumes.push((await volumes.up(volumeName, withToken({ name: volumeName, size: 1 }))).id);
    }
  });

  after(async function () {
    this.timeout(120_000);
    await rh?.stop();
    // anything a failed test left, subnets before their network
    const order = [
      "Server",
      "Port",
      "FloatingIp",
      "Router",
      "Subnet",
      "Image",
      "KeyPair",
      "ServerGroup",
      "Volume",
      "Network",
      "SecurityGroup",
    ];
    if (routerId) await sweep(faulty.rest, "RouterInterface", routerId);
    for (const volumeId of serverId ? attachVolumes : []) {
      await sweep(faulty.rest, "VolumeAttachment", `${serverId}/${volumeId}`);
    }
    made.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    for (const { kind, name } of made) await sweep(faulty.rest, kind, name);
    await faulty?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One kind through one fault: the outcome, or what went wrong. */
  async function scenario(k: Kind, fault: Fault, times: number): Promise<string | undefined> {
    const name = uniqueName(k.kind.toLowerCase());
    made.push({ kind: k.kind, name });
    faulty.proxy.inject({ method: k.method, path: k.path, fault, times });
    const driver = await rh.driver(k.kind);
    let state: ResourceState;
    try {
      state = await driver.up(name, withToken(k.inputs(name)));
    } catch (error) {
      const live = await liveIds(faulty.rest, k.kind, k.listedBy?.() ?? name);
      return `${k.kind}: create failed, the cloud has ${live.length}: ${(error as Error).message}`;
    }
    const applied = faulty.proxy.requests.filter((r) => k.path.test(r.path) && r.outcome === fault.kind);
    const acted = applied.filter((r) => r.upstream !== undefined && r.upstream < 300);
    const problem =
      applied.length !== times
        ? `${k.kind}: the fault was applied ${applied.length} times, not ${times}`
        : acted.length !== (fault.kind === "lose-response" || fault.kind === "gateway-after" ? times : 0)
          ? `${k.kind}: the service acted on ${acted.length} of the faulted requests ` +
            `(it answered ${applied.map((r) => r.upstream ?? "nothing").join(", ")})`
          : undefined;
    if (problem) {
      // what this create made must not be adopted by the next fault's create
      await driver.destroy(name, state).catch(() => undefined);
      return problem;
    }
    const listed = k.listedBy?.() ?? name;
    const live = await liveIds(faulty.rest, k.kind, listed);
    if (live.length !== 1 || live[0] !== state.id)
      return `${k.kind}: the cloud has ${JSON.stringify(live)}, the state tracks ${state.id}`;
    await driver.destroy(name, state);
    const left = await liveIds(faulty.rest, k.kind, listed);
    if (left.length > 0) return `${k.kind}: ${JSON.stringify(left)} left after destroy`;
    return undefined;
  }

  for (const { title, fault, times = 1 } of FAULTS) {
    it(`${title}: one object per resource, tracked by the state, none after destroy`, async function () {
      this.timeout(400_000);
      try {
        // one kind after another: concurrent creates on one Neutron are refused for a moment now and
        // then (seen in CI), which this table would misread as the fault's effect; creates at once
        // under faults are other-faults.test.ts's "ten creates at once"
        const problems: Array<string | undefined> = [];
        for (const k of kinds) problems.push(await scenario(k, fault, times));
        expect(problems.filter(Boolean)).to.deep.equal([]);
      } finally {
        faulty.proxy.clear();
      }
    });
  }
});
