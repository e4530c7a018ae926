// RouterInterface through the real provider host against the cloud: by subnet and by port, read without
// diff, removal out of band seen as gone, adoption of an existing interface, replacement adding first
// (new subnet) or removing first (new router), delete, and bad input refused before anything changes.
import { expect } from "chai";
import { describeWithCloud, issueToken } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import { CheckFailedError, type ResourceDriver, type ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";
import { Rest } from "../../support/rest";

interface CliPort {
  id: string;
  device_id: string;
  device_owner: string;
}

describeWithCloud("RouterInterface resource", "admin", (use) => {
  let rh: ResourceHost;
  let interfaces: ResourceDriver;
  let rest: Rest;
  let neutron: string;
  const states = new Map<string, ResourceState>();
  const name = `it-rif-${process.pid}`;
  const net = `10.${100 + (process.pid % 100)}`;
  let networkId: string;
  const subnet: Record<"a" | "b" | "c" | "none", string> = { a: "", b: "", c: "", none: "" };
  let routerId: string;
  let router2Id: string;
  let portId: string;
  const timeouts = { delete: "10s" };

  async function post<T>(collection: string, singular: string, body: object): Promise<T> {
    const res = await rest.expect<Record<string, T>>(201, "POST", `${neutron}/${collection}`, {
      [singular]: body,
    });
    return res[singular]!;
  }

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    interfaces = await rh.driver("RouterInterface");
    const { token, body } = await issueToken(use());
    rest = new Rest(token, body.token.catalog, use().region);
    neutron = `${rest.endpoint("network")}/v2.0`;
    networkId = (await post<{ id: string }>("networks", "network", { name })).id;
    const makeSubnet = async (third: number, extra: object = {}) =>
      (
        await post<{ id: string }>("subnets", "subnet", {
          network_id: networkId,
          name,
          cidr: `${net}.${third}.0/24`,
          ip_version: 4,
          ...extra,
        })
      ).id;
    subnet.a = await makeSubnet(1);
    subnet.b = await makeSubnet(2);
    subnet.c = await makeSubnet(3);
    subnet.none = await makeSubnet(4, { gateway_ip: null });
    routerId = (await post<{ id: string }>("routers", "router", { name })).id;
    router2Id = (await post<{ id: string }>("routers", "router", { name: `${name}-2` })).id;
    portId = (
      await post<{ id: string }>("ports", "port", {
        network_id: networkId,
        name,
        fixed_ips: [{ subnet_id: subnet.b, ip_address: `${net}.2.7` }],
      })
    ).id;
  });

  after(async function () {
    this.timeout(60_000);
    for (const [key, state] of states) await interfaces.destroy(key, state).catch(() => undefined);
    // whatever a failed test left: interfaces, then routers, ports and the network with its subnets
    for (const router of [routerId, router2Id].filter(Boolean)) {
      const ports = await rest.call<{ ports: Array<{ id: string }> }>(
        "GET",
        `${neutron}/ports?device_id=${router}`,
      );
      for (const port of ports.body.ports ?? [])
        await rest.call("PUT", `${neutron}/routers/${router}/remove_router_interface`, { port_id: port.id });
      await rest.call("DELETE", `${neutron}/routers/${router}`);
    }
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

  it("adds an interface by subnet: a router port with the subnet's gateway address", async () => {
    const state = await interfaces.up("by-subnet", { routerId, subnetId: subnet.a, timeouts });
    states.set("by-subnet", state);
    expect(state.id).to.match(/^[0-9a-f-]{36}$/);
    expect(state.outs).to.deep.include({
      routerId,
      subnetId: subnet.a,
      portId: state.id,
      ipAddress: `${net}.1.1`,
      attachedBy: "subnet",
    });
    const cli = (await openstackCli(use(), ["port", "show", state.id])) as CliPort;
    expect(cli).to.include({ device_id: routerId, device_owner: "network:router_interface" });
  });

  it("reads back without a diff", async () => {
    const state = (await interfaces.refresh("by-subnet", states.get("by-subnet")!))!;
    states.set("by-subnet", state);
    const outcome = await interfaces.update("by-subnet", state, { routerId, subnetId: subnet.a, timeouts });
    expect(outcome.action).to.equal("same");
  });

  it("adds an interface by port, keeping the port's address", async () => {
    const state = await interfaces.up("by-port", { routerId, portId, timeouts });
    states.set("by-port", state);
    expect(state.id).to.equal(portId);
    expect(state.outs).to.deep.include({
      routerId,
      subnetId: subnet.b,
      portId,
      ipAddress: `${net}.2.7`,
      attachedBy: "port",
    });
    const read = (await interfaces.refresh("by-port", state))!;
    expect((await interfaces.update("by-port", read, { routerId, portId, timeouts })).action).to.equal(
      "same",
    );
  });

  it("shows an interface removed out of band as gone", async function () {
    this.timeout(30_000);
    await openstackCli(use(), ["--no-json", "router", "remove", "subnet", routerId, subnet.a]);
    expect(await interfaces.refresh("by-subnet", states.get("by-subnet")!)).to.equal(undefined);
    states.delete("by-subnet");
  });

  it("adopts an existing interface by its port id", async () => {
    const added = await rest.expect<{ port_id: string }>(
      200,
      "PUT",
      `${neutron}/routers/${routerId}/add_router_interface`,
      {
        subnet_id: subnet.a,
      },
    );
    const state = await interfaces.up("adopted", {
      routerId,
      subnetId: subnet.a,
      adoptId: added.port_id,
      timeouts,
    });
    states.set("adopted", state);
    expect(state.id).to.equal(added.port_id);
    expect(state.outs).to.deep.include({ subnetId: subnet.a, ipAddress: `${net}.1.1`, attachedBy: "subnet" });
  });

  it("replaces on a subnet change, adding the new interface first", async () => {
    const before = states.get("adopted")!;
    const outcome = await interfaces.update("adopted", before, { routerId, subnetId: subnet.c, timeouts });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["subnetId"]);
    expect(outcome.deletedBeforeCreate).to.equal(false);
    states.set("adopted", outcome.state);
    expect(outcome.state.outs).to.deep.include({ subnetId: subnet.c, ipAddress: `${net}.3.1` });
    expect(await interfaces.refresh("adopted", before)).to.equal(undefined, "old interface removed");
  });

  it("replaces on a router change, removing the old interface first (the gateway address moves)", async () => {
    const before = states.get("adopted")!;
    const outcome = await interfaces.update("adopted", before, {
      routerId: router2Id,
      subnetId: subnet.c,
      timeouts,
    });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["routerId"]);
    expect(outcome.deletedBeforeCreate).to.equal(true);
    states.set("adopted", outcome.state);
    expect(outcome.state.outs).to.deep.include({ routerId: router2Id, ipAddress: `${net}.3.1` });
  });

  it("destroys both, and they read as gone", async function () {
    this.timeout(30_000);
    for (const key of ["adopted", "by-port"]) {
      const state = states.get(key)!;
      await interfaces.destroy(key, state);
      states.delete(key);
      expect(await interfaces.refresh(key, state)).to.equal(undefined, key);
    }
    const left = (await openstackCli(use(), [
      "port",
      "list",
      "--network",
      networkId,
      "--device-owner",
      "network:router_interface",
    ])) as unknown[];
    expect(left).to.deep.equal([]);
  });

  it("refuses both subnet and port at check, and a subnet without gateway before adding anything", async () => {
    const both = await interfaces
      .up("bad", { routerId, subnetId: subnet.a, portId, timeouts })
      .catch((e: unknown) => e);
    expect(both).to.be.instanceOf(CheckFailedError);
    expect((both as CheckFailedError).failures).to.deep.equal([
      { property: "portId", reason: "subnetId and portId are exclusive: give one of them" },
    ]);
    const err = await interfaces
      .up("bad", { routerId, subnetId: subnet.none, timeouts })
      .catch((e: Error) => e);
    expect((err as Error).message).to.include(`subnetId "${subnet.none}" has no gateway address`);
    const ports = await rest.expect<{ ports: unknown[] }>(
      200,
      "GET",
      `${neutron}/ports?device_id=${routerId}`,
    );
    expect(ports.ports).to.deep.equal([]);
  });
});
