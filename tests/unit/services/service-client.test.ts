import { expect } from "chai";
import { AmbiguousNameError, OpenStackError, ServiceError } from "../../../provider/errors";
import { listServersTagged } from "../../../provider/services/compute";
import { getImage } from "../../../provider/services/image";
import { findNetwork, networks, securityGroupRules } from "../../../provider/services/network";
import { ServiceClient } from "../../../provider/services/service-client";
import { useFakeCloud } from "../../support/fake-client";

// The one client every service module uses: prefix and microversion set once, 404 meaning gone.
describe("ServiceClient", () => {
  const cloud = useFakeCloud();

  it("puts its prefix before every path and encodes each segment", async () => {
    cloud.ks.route("GET", "/network/v2.0/networks/a%2Fb", () => ({ body: { network: { id: "a/b" } } }));
    expect(await networks.get(cloud.client, "a/b")).to.deep.equal({ id: "a/b" });
    expect(cloud.ks.requestsTo("/network/v2.0/networks/a%2Fb")).to.have.length(1);
  });

  it("sends its microversion with every call", async () => {
    cloud.ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.90", min_version: "2.1" } },
    }));
    cloud.ks.route("GET", "/compute/v2.1/things", (req) => ({
      body: { things: [{ id: req.headers["openstack-api-version"] }] },
    }));
    const svc = new ServiceClient({ type: "compute", microversion: "2.79" });
    expect(await svc.list<{ id: string }>(cloud.client, svc.path("things"), "things")).to.deep.equal([
      { id: "compute 2.79" },
    ]);
  });

  it("get: undefined on 404, the service's error otherwise", async () => {
    cloud.ks.route("GET", "/image/v2/images/gone", () => ({ status: 404, body: "no such image" }));
    cloud.ks.route("GET", "/image/v2/images/broken", () => ({ status: 500, body: "boom" }));
    expect(await getImage(cloud.client, "gone")).to.equal(undefined);
    const error = await getImage(cloud.client, "broken").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ServiceError);
  });

  it("delete: an object already gone counts as deleted, and says it was not there", async () => {
    cloud.ks.route("DELETE", "/network/v2.0/things/gone", () => ({ status: 404, body: "gone" }));
    cloud.ks.route("DELETE", "/network/v2.0/things/here", () => ({ status: 204 }));
    const svc = new ServiceClient({ type: "network", prefix: "/v2.0" });
    expect(await svc.delete(cloud.client, svc.path("things", "gone"))).to.equal(false);
    expect(await svc.delete(cloud.client, svc.path("things", "here"))).to.equal(true);
  });

  it("lists Nova's servers by tag across every page", async () => {
    cloud.ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.79", min_version: "2.1" } },
    }));
    cloud.ks.route("GET", "/compute/v2.1/servers/detail", (req) => {
      expect(req.query.tags).to.equal("pulumi-create-x");
      if (req.query.marker === "s-1") return { body: { servers: [{ id: "s-2" }], servers_links: [] } };
      return {
        body: {
          servers: [{ id: "s-1" }],
          servers_links: [
            {
              rel: "next",
              href: `${cloud.ks.origin}/compute/v2.1/servers/detail?tags=pulumi-create-x&marker=s-1`,
            },
          ],
        },
      };
    });
    const all = await listServersTagged(cloud.client, ["pulumi-create-x"]);
    expect(all.map((s) => s.id)).to.deep.equal(["s-1", "s-2"]);
  });

  it("a network name matching several is an AmbiguousNameError naming their ids", async () => {
    cloud.ks.route("GET", "/network/v2.0/networks/shared-name", () => ({ status: 404, body: "none" }));
    cloud.ks.route("GET", "/network/v2.0/networks", () => ({
      body: { networks: [{ id: "n-1" }, { id: "n-2" }] },
    }));
    const error = await findNetwork(cloud.client, "shared-name").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(AmbiguousNameError).and.instanceOf(OpenStackError);
    expect((error as AmbiguousNameError).matches).to.deep.equal(["n-1", "n-2"]);
    expect((error as Error).message).to.include('network name "shared-name" matches 2 networks');
  });

  it("security group rules live under /v2.0/security-group-rules, wrapped in security_group_rule", async () => {
    cloud.ks.route("POST", "/network/v2.0/security-group-rules", (req) => ({
      status: 201,
      body: {
        security_group_rule: {
          id: "r-1",
          ...(req.body as { security_group_rule: object }).security_group_rule,
        },
      },
    }));
    const rule = await securityGroupRules.create(cloud.client, {
      security_group_id: "sg-1",
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: "0.0.0.0/0",
    });
    expect(rule).to.include({ id: "r-1", security_group_id: "sg-1", port_range_min: 22 });
  });
});
