// FloatingIp through the real provider host: associated with a server, detached out of band and put
// back, moved between two servers, never taken from a port it was bound to behind the stack's back,
// replaced on an address change, deleted.
import { expect } from "chai";
import { describeWithCloud, issueToken } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";
import { Rest, waitFor } from "../../support/rest";

interface CliFloatingIp {
  id: string;
  floating_ip_address: string;
  port_id: string | null;
  description: string;
}

describeWithCloud("FloatingIp resource", "admin", (use) => {
  let rh: ResourceHost;
  let fips: ResourceDriver;
  let rest: Rest;
  let state: ResourceState | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  const tag = `it-fip-${process.pid}`;
  const server: Record<string, { id: string; port: string }> = {};

  before(async function () {
    this.timeout(120_000);
    rh = await startResourceHost(use());
    fips = await rh.driver("FloatingIp");
    const { token, body } = await issueToken(use());
    rest = new Rest(token, body.token.catalog, use().region);
    const neutron = `${rest.endpoint("network")}/v2.0`;
    const nova = rest.endpoint("compute");
    const { networks } = await rest.expect<{ networks: Array<{ id: string }> }>(
      200,
      "GET",
      `${neutron}/networks?name=public`,
    );
    const { network } = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name: `${tag}-net` },
    });
    cleanups.push(() => rest.call("DELETE", `${neutron}/networks/${network.id}`));
    const { subnet } = await rest.expect<{ subnet: { id: string } }>(201, "POST", `${neutron}/subnets`, {
      subnet: { network_id: network.id, cidr: "10.77.0.0/24", ip_version: 4, name: `${tag}-subnet` },
    });
    const { router } = await rest.expect<{ router: { id: string } }>(201, "POST", `${neutron}/routers`, {
      router: { name: `${tag}-router`, external_gateway_info: { network_id: networks[0]!.id } },
    });
    cleanups.push(() => rest.call("DELETE", `${neutron}/routers/${router.id}`));
    await rest.expect(200, "PUT", `${neutron}/routers/${router.id}/add_router_interface`, {
      subnet_id: subnet.id,
    });
    cleanups.push(() =>
      rest.call("PUT", `${neutron}/routers/${router.id}/remove_router_interface`, { subnet_id: subnet.id }),
    );
    const { images } = await rest.expect<{ images: Array<{ id: string }> }>(
      200,
      "GET",
      `${rest.endpoint("image")}/v2/images?name=cirros`,
    );
    const { flavors } = await rest.expect<{ flavors: Array<{ id: string; name: string }> }>(
      200,
      "GET",
      `${nova}/flavors`,
    );
    for (const name of ["one", "two"]) {
      const created = await rest.expect<{ server: { id: string } }>(202, "POST", `${nova}/servers`, {
        server: {
          name: `${tag}-${name}`,
          imageRef: images[0]!.id,
          flavorRef: flavors.find((f) => f.name === "m1.nano")!.id,
          networks: [{ uuid: network.id }],
        },
      });
      const id = created.server.id;
      cleanups.push(async () => {
        await rest.call("DELETE", `${nova}/servers/${id}`);
        await waitFor("server deletion", 60_000, async () =>
          (await rest.call("GET", `${nova}/servers/${id}`)).status === 404 ? true : undefined,
        );
      });
      const port = await waitFor(`server ${name} ACTIVE with a port`, 90_000, async () => {
        const s = await rest.expect<{ server: { status: string } }>(200, "GET", `${nova}/servers/${id}`);
        if (s.server.status === "ERROR") throw new Error(`server ${name} went to ERROR`);
        if (s.server.status !== "ACTIVE") return undefined;
        const res = await rest.expect<{ ports: Array<{ id: string }> }>(
          200,
          "GET",
          `${neutron}/ports?device_id=${id}`,
        );
        return res.ports[0]?.id;
      });
      server[name] = { id, port };
    }
  });

  after(async function () {
    this.timeout(180_000);
    if (state) await fips.destroy("fip", state).catch(() => undefined);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rh?.stop();
  });

  const show = async () =>
    (await openstackCli(
      use(),
      ["floating ip", "show", state!.id].flatMap((a) => a.split(" ")),
    )) as CliFloatingIp;

  it("allocates an address from the pool and associates it with a server's port", async () => {
    state = await fips.up("fip", { pool: "public", serverId: server.one!.id, description: "web" });
    expect(state.outs).to.include({
      pool: "public",
      serverId: server.one!.id,
      associatedPortId: server.one!.port,
    });
    expect(String(state.outs.address)).to.match(/^172\.24\.4\./);
    expect((await show()).port_id).to.equal(server.one!.port);
  });

  it("reads back without a diff", async () => {
    state = (await fips.refresh("fip", state!))!;
    expect(
      (await fips.update("fip", state, { pool: "public", serverId: server.one!.id, description: "web" }))
        .action,
    ).to.equal("same");
  });

  it("shows a detach made out of band as drift and re-associates", async () => {
    await openstackCli(use(), ["--no-json", "floating", "ip", "unset", "--port", state!.id]);
    state = (await fips.refresh("fip", state!))!;
    expect(state.outs.serverId).to.equal(undefined);
    expect(state.outs.associatedPortId).to.equal(undefined);
    const outcome = await fips.update("fip", state, {
      pool: "public",
      serverId: server.one!.id,
      description: "web",
    });
    expect(outcome.action).to.equal("updated");
    state = outcome.state;
    expect((await show()).port_id).to.equal(server.one!.port);
  });

  it("moves between servers in place", async () => {
    const before = state!.id;
    const outcome = await fips.update("fip", state!, {
      pool: "public",
      serverId: server.two!.id,
      description: "web",
    });
    expect(outcome.action).to.equal("updated");
    expect(outcome.state.id).to.equal(before);
    state = outcome.state;
    expect(state.outs.associatedPortId).to.equal(server.two!.port);
    expect((await show()).port_id).to.equal(server.two!.port);
  });

  it("refuses to take an address bound behind its back, and leaves it alone on unrelated updates", async function () {
    // four openstack CLI and provider calls in a row: 15 s on an idle machine, 30 s on a loaded one
    this.timeout(60_000);
    // bound to server one out of band; the stack's state still says server two
    await openstackCli(use(), ["--no-json", "floating", "ip", "set", "--port", server.one!.port, state!.id]);
    const err = (await fips
      .update("fip", state!, { pool: "public", portId: server.two!.port, description: "web" })
      .then(() => new Error("the update went through"))
      .catch((e: unknown) => e)) as Error;
    expect(err.message).to.include(`bound to port ${server.one!.port}`).and.include("pulumi refresh");
    expect((await show()).port_id).to.equal(server.one!.port);

    const described = await fips.update("fip", state!, {
      pool: "public",
      serverId: server.two!.id,
      description: "renamed",
    });
    expect(described.action).to.equal("updated");
    expect(await show()).to.include({ description: "renamed", port_id: server.one!.port });

    state = (await fips.refresh("fip", described.state))!;
    expect(state.outs.serverId).to.equal(server.one!.id);
    const accepted = await fips.update("fip", state, {
      pool: "public",
      portId: server.two!.port,
      description: "renamed",
    });
    expect(accepted.action).to.equal("updated");
    state = accepted.state;
    expect((await show()).port_id).to.equal(server.two!.port);
  });

  it("replaces on an address change, and deletes", async function () {
    this.timeout(60_000);
    const before = state!;
    const outcome = await fips.update("fip", before, {
      pool: "public",
      address: "172.24.4.200",
      portId: server.two!.port,
    });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["address"]);
    expect(outcome.deletedBeforeCreate, "the port can hold one floating IP: the old one goes first").to.equal(
      true,
    );
    state = outcome.state;
    expect(state.outs.address).to.equal("172.24.4.200");
    expect(await fips.refresh("fip", before)).to.equal(undefined);
    await fips.destroy("fip", state);
    expect(await fips.refresh("fip", state)).to.equal(undefined);
    state = undefined;
  });

  it("refuses a pool that is not an external network before allocating", async () => {
    const err = (await fips.up("bad", { pool: `${tag}-net` }).catch((e: unknown) => e)) as Error;
    expect(err.message).to.include("is not an external network");
  });
});
