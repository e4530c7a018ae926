// ServerGroup and Server.schedulerHints through the real provider host against the cloud (one compute
// host): servers join an affinity group; a second server of an anti-affinity group has nowhere to go.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import {
  ResourceInitFailedError,
  type ResourceDriver,
  type ResourceState,
} from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliGroup {
  id: string;
  name: string;
  policy: string;
  members: string[] | string;
}

describeWithCloud("ServerGroup resource", "member", (use) => {
  let rh: ResourceHost;
  let groups: ResourceDriver;
  let servers: ResourceDriver;
  const groupStates = new Map<string, ResourceState>();
  const serverStates = new Map<string, ResourceState>();
  const tag = `it-sg-${process.pid}`;
  const server = (name: string, group: string) => ({
    name: `${tag}-${name}`,
    flavor: "m1.nano",
    image: "cirros",
    networks: "none",
    schedulerHints: { group },
  });

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    groups = await rh.driver("ServerGroup");
    servers = await rh.driver("Server", { additionalSecretOutputs: ["adminPass"] });
  });

  after(async function () {
    this.timeout(180_000);
    for (const [name, state] of serverStates) await servers.destroy(name, state).catch(() => undefined);
    for (const [name, state] of groupStates) await groups.destroy(name, state).catch(() => undefined);
    await rh?.stop();
  });

  it("creates an affinity group that the CLI sees, and servers join it through the hint", async function () {
    this.timeout(180_000);
    const group = await groups.up("aff", { name: `${tag}-aff`, policy: "affinity" });
    groupStates.set("aff", group);
    expect(group.outs).to.deep.include({ name: `${tag}-aff`, policy: "affinity", members: [] });
    const cli = (await openstackCli(use(), ["server", "group", "show", group.id])) as CliGroup;
    expect(cli).to.include({ name: `${tag}-aff`, policy: "affinity" });

    for (const name of ["a1", "a2"]) serverStates.set(name, await servers.up(name, server(name, group.id)));
    const read = (await groups.refresh("aff", group))!;
    expect(read.outs.members).to.deep.equal([serverStates.get("a1")!.id, serverStates.get("a2")!.id].sort());
    const outcome = await servers.update("a1", serverStates.get("a1")!, server("a1", group.id));
    expect(outcome.action, JSON.stringify(outcome.diff)).to.equal("same");
  });

  it("keeps a second anti-affinity server off the only host: it ends in ERROR with Nova's reason", async function () {
    this.timeout(180_000);
    const group = await groups.up("anti", { name: `${tag}-anti`, policy: "anti-affinity" });
    groupStates.set("anti", group);
    serverStates.set("b1", await servers.up("b1", server("b1", group.id)));
    const error = await servers.up("b2", server("b2", group.id)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ResourceInitFailedError);
    const failed = error as ResourceInitFailedError;
    serverStates.set("b2", failed.state);
    expect(failed.message).to.include("No valid host");
  });

  it("refuses a bad policy and a rule the policy does not take, naming them", async () => {
    const bad = await groups.up("bad", { name: `${tag}-bad`, policy: "spread" }).catch((e: unknown) => e);
    expect(String(bad)).to.include(
      'policy "spread" is not valid: use one of affinity, anti-affinity, soft-affinity, soft-anti-affinity',
    );
    const rule = await groups
      .up("bad", { name: `${tag}-bad`, policy: "affinity", maxServerPerHost: 2 })
      .catch((e: unknown) => e);
    expect(String(rule)).to.include(
      "maxServerPerHost applies to the anti-affinity policy only, not affinity",
    );
  });

  it("replaces the group on a policy change, and deletes", async function () {
    this.timeout(180_000);
    for (const [name, state] of [...serverStates].filter(([n]) => n.startsWith("b"))) {
      await servers.destroy(name, state);
      serverStates.delete(name);
    }
    const before = groupStates.get("anti")!;
    const outcome = await groups.update("anti", before, {
      name: `${tag}-anti`,
      policy: "anti-affinity",
      maxServerPerHost: 2,
    });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.state.outs).to.include({ maxServerPerHost: 2 });
    groupStates.set("anti", outcome.state);
    expect(await groups.refresh("anti", before)).to.equal(undefined);
    await groups.destroy("anti", outcome.state);
    groupStates.delete("anti");
    const gone = await openstackCli(use(), ["server", "group", "show", outcome.state.id]).catch(
      (e: Error) => e,
    );
    expect(gone).to.be.instanceOf(Error);
  });
});
