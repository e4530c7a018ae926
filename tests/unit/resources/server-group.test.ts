import { randomBytes } from "node:crypto";
import { expect } from "chai";
import { clearTokenCache } from "../../../provider/client/token-cache";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { ServerGroup } from "../../../provider/resources/server-group/server-group";
import type { NovaServerGroup } from "../../../provider/services/compute";
import { fakeCloudClient } from "../../support/fake-client";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

const schema = withCommonProperties(ServerGroup.definition.schema);
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;

describe("ServerGroup schema", () => {
  it("takes the four policies and a host limit for anti-affinity only", () => {
    for (const policy of ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"])
      expect(checkInputs(schema, { name: "g", policy }).failures).to.deep.equal([]);
    expect(
      checkInputs(schema, { name: "g", policy: "anti-affinity", maxServerPerHost: 2 }).failures,
    ).to.deep.equal([]);
    expect(
      checkInputs(schema, { name: "g", policy: "soft-affinity", maxServerPerHost: 2 }).failures,
    ).to.deep.equal([
      {
        property: "maxServerPerHost",
        reason: "maxServerPerHost applies to the anti-affinity policy only, not soft-affinity",
      },
    ]);
    expect(checkInputs(schema, { name: "g" }).failures.map((f) => f.property)).to.deep.equal(["policy"]);
  });

  it("replaces on any change, and its members are no change", () => {
    const state = { ...checked({ name: "g", policy: "affinity" }), members: ["s1"] };
    expect(diffState(schema, state, checked({ name: "g", policy: "affinity" })).changes).to.equal(false);
    expect(diffState(schema, state, checked({ name: "h", policy: "anti-affinity" })).replaces).to.deep.equal([
      "name",
      "policy",
    ]);
  });
});

describe("ServerGroup create against a fake Nova", () => {
  let ks: FakeKeystone;
  let groups: NovaServerGroup[];
  const ctx = () => ({
    client: fakeCloudClient(ks, "secret"),
    deadline: new Deadline("ServerGroup create", 30),
    log: () => undefined,
  });
  const token = () => randomBytes(16).toString("hex");

  beforeEach(async () => {
    clearTokenCache();
    ks = await startFakeKeystone({ secret: "secret" });
    ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.90", min_version: "2.1" } },
    }));
    // a look-alike group that was there before: never this create's
    groups = [{ id: "g-old", name: "web", policy: "anti-affinity", rules: {}, members: [] }];
    ks.route("GET", "/compute/v2.1/os-server-groups", (req) => {
      const offset = Number(req.query.offset ?? 0);
      return { body: { server_groups: groups.slice(offset, offset + Number(req.query.limit ?? 1000)) } };
    });
    // every create is made, and every answer lost behind a gateway
    ks.route("POST", "/compute/v2.1/os-server-groups", (req) => {
      const { name, policy } = (req.body as { server_group: { name: string; policy: string } }).server_group;
      groups.push({ id: `g-${groups.length}`, name, policy, rules: {}, members: [] });
      return { status: 503, body: "upstream connect error or disconnect/reset before headers" };
    });
  });
  afterEach(() => ks.stop());

  it("adopts the group a lost answer made, not a look-alike that was there before, and sends no second create", async () => {
    const inputs = checked({ name: "web", policy: "anti-affinity", creationToken: token() });
    const { id } = await ServerGroup.definition.create(ctx(), inputs);
    expect(id).to.equal("g-1");
    expect(
      ks.requests.filter((r) => r.method === "POST" && r.path.endsWith("/os-server-groups")),
    ).to.have.length(1);
  });

  it("gives look-alike creates running side by side a group each", async () => {
    const created = await Promise.all(
      [1, 2, 3].map(() =>
        ServerGroup.definition.create(
          ctx(),
          checked({ name: "web", policy: "anti-affinity", creationToken: token() }),
        ),
      ),
    );
    expect(created.map((c) => c.id).sort()).to.deep.equal(["g-1", "g-2", "g-3"]);
    expect(
      ks.requests.filter((r) => r.method === "POST" && r.path.endsWith("/os-server-groups")),
    ).to.have.length(3);
  });
});
