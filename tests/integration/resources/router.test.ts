// Router through the real provider host against the cloud: a gateway on the external network named
// "public", read without diff, drift made with the openstack CLI (gateway removed, gateway added) and
// its correction, in-place update, gateway removal, replacement, delete waiting out an interface, and
// an unknown external network refused before anything is created. Without an L3 agent nothing is
// scheduled, so nothing here waits for agent-driven states.
import { expect } from "chai";
import { describeWithCloud, issueToken } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";
import { Rest } from "../../support/rest";

interface CliRouter {
  id: string;
  name: string;
  description: string;
  external_gateway_info: null | { network_id: string; enable_snat: boolean } | Record<string, never>;
}

describeWithCloud("Router resource", "admin", (use) => {
  let rh: ResourceHost;
  let routers: ResourceDriver;
  let rest: Rest;
  let neutron: string;
  let publicId: string;
  const states = new Map<string, ResourceState>();
  const cleanups: Array<() => Promise<unknown>> = [];
  const name = `it-router-${process.pid}`;
  const declared = { name, description: "first", externalNetworkId: "public", tags: ["b", "a"] };

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    routers = await rh.driver("Router");
    const { token, body } = await issueToken(use());
    rest = new Rest(token, body.token.catalog, use().region);
    neutron = `${rest.endpoint("network")}/v2.0`;
    const nets = await rest.expect<{ networks: Array<{ id: string }> }>(
      200,
      "GET",
      `${neutron}/networks?name=public`,
    );
    publicId = nets.networks[0]!.id;
  });

  after(async function () {
    this.timeout(60_000);
    for (const [key, state] of states) {
      // interfaces left by a failed test would keep the router busy: take them off first
      const ports = await rest.call<{ ports: Array<{ id: string; device_owner: string }> }>(
        "GET",
        `${neutron}/ports?device_id=${state.id}`,
      );
      for (const port of ports.body.ports ?? []) {
        if (port.device_owner === "network:router_interface")
          await rest.call("PUT", `${neutron}/routers/${state.id}/remove_router_interface`, {
            port_id: port.id,
          });
      }
      await routers.destroy(key, state).catch(() => undefined);
    }
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await rh?.stop();
  });

  const show = async (id: string) => (await openstackCli(use(), ["router", "show", id])) as CliRouter;

  it("creates a router with a gateway on the external network given by name", async () => {
    const state = await routers.up("r", declared);
    states.set("r", state);
    expect(state.id).to.match(/^[0-9a-f-]{36}$/);
    expect(state.outs).to.deep.include({
      name,
      description: "first",
      adminStateUp: true,
      externalNetworkId: "public",
      enableSnat: true,
      status: "ACTIVE",
      tags: ["a", "b"],
    });
    const fixedIps = state.outs.externalFixedIps as Array<{ subnetId: string; ipAddress: string }>;
    expect(fixedIps).to.have.length(1);
    expect(fixedIps[0]!.ipAddress).to.match(/^172\.24\.4\.\d+$/);
    const cli = await show(state.id);
    expect(cli).to.deep.include({ name, description: "first" });
    expect(cli.external_gateway_info).to.deep.include({ network_id: publicId });
  });

  it("reads back without a diff", async () => {
    const state = (await routers.refresh("r", states.get("r")!))!;
    states.set("r", state);
    expect(state.outs.externalNetworkId).to.equal("public");
    expect((await routers.update("r", state, declared)).action).to.equal("same");
    // the id of the same network is an in-place update that keeps the gateway port and its address
    const byId = await routers.update("r", state, { ...declared, externalNetworkId: publicId });
    expect(byId.action).to.equal("updated");
    expect(byId.diff.replaces).to.deep.equal([]);
    expect(byId.state.outs.externalNetworkId).to.equal(publicId);
    expect(byId.state.outs.externalFixedIps).to.deep.equal(state.outs.externalFixedIps);
    states.set("r", byId.state);
  });

  it("shows a gateway removed out of band, and puts it back", async function () {
    this.timeout(30_000);
    const id = states.get("r")!.id;
    await openstackCli(use(), ["--no-json", "router", "unset", "--external-gateway", id]);
    await openstackCli(use(), ["--no-json", "router", "set", "--description", "drifted", id]);
    const state = (await routers.refresh("r", states.get("r")!))!;
    expect(state.outs.description).to.equal("drifted");
    expect(state.outs.externalNetworkId).to.equal(undefined);
    expect(state.outs.externalFixedIps).to.deep.equal([]);
    const outcome = await routers.update("r", state, declared);
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    states.set("r", outcome.state);
    expect(outcome.state.outs.externalNetworkId).to.equal("public");
    const cli = await show(id);
    expect(cli.description).to.equal("first");
    expect(cli.external_gateway_info).to.deep.include({ network_id: publicId });
  });

  it("updates in place: name, state, SNAT, tags", async () => {
    const before = states.get("r")!;
    const outcome = await routers.update("r", before, {
      ...declared,
      name: `${name}-2`,
      adminStateUp: false,
      enableSnat: false,
      tags: ["c"],
    });
    expect(outcome.action).to.equal("updated");
    states.set("r", outcome.state);
    expect(outcome.state.id).to.equal(before.id);
    expect(outcome.state.outs).to.deep.include({
      name: `${name}-2`,
      adminStateUp: false,
      enableSnat: false,
      externalNetworkId: "public",
      tags: ["c"],
    });
  });

  it("clears the gateway when externalNetworkId is removed, and again after it is set out of band", async function () {
    this.timeout(30_000);
    const noGateway = { name, description: "first" };
    const outcome = await routers.update("r", states.get("r")!, noGateway);
    expect(outcome.action).to.equal("updated");
    states.set("r", outcome.state);
    expect(outcome.state.outs.externalNetworkId).to.equal(undefined);
    expect(outcome.state.outs.externalFixedIps).to.deep.equal([]);
    const id = outcome.state.id;
    await openstackCli(use(), ["--no-json", "router", "set", "--external-gateway", "public", id]);
    const drifted = (await routers.refresh("r", outcome.state))!;
    expect(drifted.outs.externalNetworkId).to.equal(publicId);
    const corrected = await routers.update("r", drifted, noGateway);
    expect(corrected.action).to.equal("updated");
    states.set("r", corrected.state);
    const cli = await show(id);
    expect(cli.external_gateway_info ?? {}).to.deep.equal({});
  });

  it("replaces on a project change", async function () {
    this.timeout(30_000);
    const demo = await rest.expect<{ projects: Array<{ id: string }> }>(
      200,
      "GET",
      `${rest.endpoint("identity").replace(/\/v3$/, "")}/v3/projects?name=demo`,
    );
    const before = states.get("r")!;
    const outcome = await routers.update("r", before, { ...declared, projectId: demo.projects[0]!.id });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["projectId"]);
    states.set("r", outcome.state);
    expect(outcome.state.id).not.to.equal(before.id);
    expect(outcome.state.outs).to.deep.include({
      projectId: demo.projects[0]!.id,
      externalNetworkId: "public",
    });
    expect(await routers.refresh("r", before)).to.equal(undefined, "old router deleted");
  });

  it("waits for an interface to be removed before deleting, then reads as gone", async function () {
    this.timeout(30_000);
    const state = states.get("r")!;
    const network = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name, project_id: state.outs.projectId },
    });
    cleanups.push(() => rest.call("DELETE", `${neutron}/networks/${network.network.id}`));
    const subnet = await rest.expect<{ subnet: { id: string } }>(201, "POST", `${neutron}/subnets`, {
      subnet: {
        network_id: network.network.id,
        cidr: "10.250.0.0/24",
        ip_version: 4,
        project_id: state.outs.projectId,
      },
    });
    const router = `${neutron}/routers/${state.id}`;
    await rest.expect(200, "PUT", `${router}/add_router_interface`, { subnet_id: subnet.subnet.id });
    // the first delete meets the interface (409); it goes away while the delete retries
    const destroyed = routers.destroy("r", state);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await rest.expect(200, "PUT", `${router}/remove_router_interface`, { subnet_id: subnet.subnet.id });
    await destroyed;
    states.delete("r");
    expect(await routers.refresh("r", state)).to.equal(undefined);
  });

  it("refuses an unknown or internal external network before creating anything", async function () {
    this.timeout(30_000);
    const bad = `${name}-bad`;
    const unknown = await routers
      .up("bad", { name: bad, externalNetworkId: "no-such-net" })
      .catch((e: Error) => e);
    expect((unknown as Error).message).to.include(
      `externalNetworkId "no-such-net": no network with this id or name; external networks: public (${publicId})`,
    );
    const internal = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name: bad },
    });
    cleanups.push(() => rest.call("DELETE", `${neutron}/networks/${internal.network.id}`));
    const err = await routers.up("bad", { name: bad, externalNetworkId: bad }).catch((e: Error) => e);
    expect((err as Error).message).to.include(
      `externalNetworkId "${bad}": network ${internal.network.id} is not external (router:external is false)`,
    );
    const cli = (await openstackCli(use(), ["router", "list", "--name", bad])) as unknown[];
    expect(cli).to.deep.equal([]);
  });
});
