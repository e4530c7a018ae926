// Network through the real provider host against the cloud: create, read without diff, drift made with
// the openstack CLI, correction, in-place update, replacement, delete.
import { expect } from "chai";
import { userTags } from "../../../provider/resources/framework/host/creation";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliNetwork {
  id: string;
  name: string;
  description: string;
  tags: string[];
  project_id: string;
}

describeWithCloud("Network resource", "admin", (use) => {
  let rh: ResourceHost;
  let networks: ResourceDriver;
  let state: ResourceState | undefined;
  const name = `it-net-${process.pid}`;

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    networks = await rh.driver("Network");
  });
  after(async function () {
    this.timeout(60_000);
    if (state) await networks.destroy("net", state).catch(() => undefined);
    await rh?.stop();
  });

  it("creates a network that the CLI sees as declared", async () => {
    state = await networks.up("net", { name, description: "first", tags: ["b", "a"] });
    expect(state.id).to.match(/^[0-9a-f-]{36}$/);
    expect(state.outs).to.include({ name, description: "first", adminStateUp: true, status: "ACTIVE" });
    expect(state.outs.tags).to.deep.equal(["a", "b"]);
    const cli = (await openstackCli(use(), ["network", "show", state.id])) as CliNetwork;
    expect(cli).to.include({ name, description: "first" });
    expect(userTags(cli.tags)).to.deep.equal(["a", "b"]);
    // and the creation tag, which the outputs leave out
    expect(cli.tags.filter((t) => t.startsWith("pulumi-create-"))).to.have.length(1);
  });

  it("reads back without a diff", async () => {
    state = (await networks.refresh("net", state!))!;
    const outcome = await networks.update("net", state, { name, description: "first", tags: ["a", "b"] });
    expect(outcome.action).to.equal("same");
  });

  it("shows drift made out of band, and puts it back", async () => {
    await openstackCli(use(), [
      "--no-json",
      "network",
      "set",
      "--description",
      "drifted",
      "--no-tag",
      state!.id,
    ]);
    state = (await networks.refresh("net", state!))!;
    expect(state.outs.description).to.equal("drifted");
    expect(state.outs.tags).to.deep.equal([]);
    const outcome = await networks.update("net", state, { name, description: "first", tags: ["a", "b"] });
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    state = outcome.state;
    const cli = (await openstackCli(use(), ["network", "show", state.id])) as CliNetwork;
    expect(cli.description).to.equal("first");
    expect(userTags(cli.tags)).to.deep.equal(["a", "b"]);
  });

  it("updates in place", async () => {
    const before = state!.id;
    const outcome = await networks.update("net", state!, {
      name: `${name}-2`,
      description: "second",
      adminStateUp: false,
    });
    expect(outcome.action).to.equal("updated");
    state = outcome.state;
    expect(state.id).to.equal(before);
    expect(state.outs).to.include({ name: `${name}-2`, description: "second", adminStateUp: false });
  });

  it("replaces on a project change, and deletes", async function () {
    this.timeout(60_000);
    const demo = (await openstackCli(use(), ["project", "show", "demo"])) as { id: string };
    const before = state!.id;
    const outcome = await networks.update("net", state!, { name, projectId: demo.id });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["projectId"]);
    state = outcome.state;
    expect(state.id).not.to.equal(before);
    expect(state.outs.projectId).to.equal(demo.id);
    expect(await networks.refresh("net", { ...state, id: before })).to.equal(
      undefined,
      "old network deleted",
    );

    await networks.destroy("net", state);
    expect(await networks.refresh("net", state)).to.equal(undefined);
    state = undefined;
  });
});
