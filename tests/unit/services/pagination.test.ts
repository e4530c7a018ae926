import { expect } from "chai";
import { listFlavors } from "../../../provider/services/compute";
import { listImages } from "../../../provider/services/image";
import { networks } from "../../../provider/services/network";
import { useFakeCloud } from "../../support/fake-client";

// Lists follow the services' next links to the last page, in each service's own style.
describe("pagination", () => {
  const cloud = useFakeCloud();

  const ids = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => ({ id: `i-${from + i}` }));

  it("Glance: `next` below the endpoint, 25 a page, the query kept by the link", async () => {
    cloud.ks.route("GET", "/image/v2/images", (req) => {
      const start = Number(req.query.marker?.slice(2) ?? -1) + 1;
      const end = Math.min(start + 25, 60);
      const page: Record<string, unknown> = { images: ids(start, end) };
      if (end < 60) page.next = `/v2/images?name=cirros&marker=i-${end - 1}`;
      expect(req.query.name).to.equal("cirros");
      return { body: page };
    });
    const all = await listImages(cloud.client, { name: "cirros" });
    expect(all.map((i) => i.id)).to.deep.equal(ids(0, 60).map((i) => i.id));
    expect(cloud.ks.requestsTo("/image/v2/images")).to.have.length(3);
  });

  it("Neutron: `<key>_links` rel next, an absolute URL", async () => {
    cloud.ks.route("GET", "/network/v2.0/networks", (req) => {
      const start = req.query.marker ? Number(req.query.marker.slice(2)) + 1 : 0;
      const end = Math.min(start + 2, 5);
      const links =
        end < 5
          ? [{ rel: "next", href: `${cloud.ks.origin}/network/v2.0/networks?limit=2&marker=i-${end - 1}` }]
          : [];
      return {
        body: { networks: ids(start, end), networks_links: [...links, { rel: "previous", href: "x" }] },
      };
    });
    const all = await networks.list(cloud.client, {});
    expect(all.map((n) => n.id)).to.deep.equal(["i-0", "i-1", "i-2", "i-3", "i-4"]);
  });

  it("Nova: flavors_links, and a link seen before ends the walk", async () => {
    cloud.ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.79", min_version: "2.1" } },
    }));
    cloud.ks.route("GET", "/compute/v2.1/flavors/detail", (req) => {
      const second = req.query.marker === "f-1";
      return {
        body: {
          flavors: second ? [{ id: "f-2", name: "m1.small" }] : [{ id: "f-1", name: "m1.tiny" }],
          // a broken server pointing back at the same page forever
          flavors_links: [{ rel: "next", href: `${cloud.ks.origin}/compute/v2.1/flavors/detail?marker=f-1` }],
        },
      };
    });
    const all = await listFlavors(cloud.client);
    expect(all.map((f) => f.name)).to.deep.equal(["m1.tiny", "m1.small"]);
    expect(cloud.ks.requestsTo("/compute/v2.1/flavors/detail")).to.have.length(2);
  });
});
