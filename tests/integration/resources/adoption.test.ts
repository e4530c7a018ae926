// Adoption instead of `pulumi import`: an existing resource named by adoptId is read and brought to the
// declared state rather than created, and refused when what differs cannot change in place.
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

describeWithCloud("adoption with adoptId", "admin", (use) => {
  let rh: ResourceHost;
  let networks: ResourceDriver;
  const made: string[] = [];
  const name = `it-adopt-${process.pid}`;

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    networks = await rh.driver("Network");
  });
  after(async function () {
    this.timeout(60_000);
    for (const id of made)
      await openstackCli(use(), ["--no-json", "network", "delete", id]).catch(() => undefined);
    await rh?.stop();
  });

  it("brings an existing network to the declared state instead of creating one", async function () {
    this.timeout(60_000);
    const existing = (await openstackCli(use(), [
      "network",
      "create",
      "--description",
      "made by hand",
      name,
    ])) as {
      id: string;
    };
    made.push(existing.id);
    const state = await networks.up("adopted", {
      name,
      description: "managed",
      tags: ["pulumi"],
      adoptId: existing.id,
    });
    expect(state.id).to.equal(existing.id);
    expect(state.outs).to.include({ description: "managed", adoptId: existing.id });
    const cli = (await openstackCli(use(), ["network", "show", existing.id])) as {
      description: string;
      tags: string[];
    };
    expect(cli.description).to.equal("managed");
    expect(cli.tags).to.deep.equal(["pulumi"]);
    const listed = (await openstackCli(use(), ["network", "list", "--name", name])) as unknown[];
    expect(listed, "no second network was created").to.have.length(1);

    await networks.destroy("adopted", state);
    expect(await networks.refresh("adopted", state)).to.equal(undefined);
    made.pop();
  });

  it("refuses an id that does not exist, and a resource that differs where only a replacement could change it", async function () {
    this.timeout(60_000);
    const missing = (await networks
      .up("missing", { name, adoptId: "00000000-0000-0000-0000-000000000000" })
      .catch((e: unknown) => e)) as Error;
    expect(missing.message).to.include(
      "adoptId 00000000-0000-0000-0000-000000000000: no openstack:Network with this id",
    );

    const project = (await openstackCli(use(), ["project", "show", "demo"])) as { id: string };
    const existing = (await openstackCli(use(), ["network", "create", name])) as { id: string };
    made.push(existing.id);
    const err = (await networks
      .up("other-project", { name, projectId: project.id, adoptId: existing.id })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).to.include("differs in projectId, which cannot change in place");
  });
});
