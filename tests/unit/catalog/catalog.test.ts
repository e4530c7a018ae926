import { expect } from "chai";
import {
  AmbiguousEndpointError,
  ServiceCatalog,
  normaliseInterface,
  type EndpointQuery,
} from "../../../provider/catalog/catalog";
import {
  ConfigError,
  EmptyCatalogError,
  EndpointNotFoundError,
  MalformedResponseError,
} from "../../../provider/errors";
import v3Token from "../../fixtures/keystone/v3-token-multiregion.json";
import v2Access from "../../fixtures/keystone/v2-access-rackspace.json";
import v11Auth from "../../fixtures/keystone/v1_1-auth.json";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

const v3 = () => ServiceCatalog.fromV3(v3Token.token.catalog);
const v2 = () => ServiceCatalog.fromV2(v2Access.access.serviceCatalog);
const v11 = () => ServiceCatalog.fromV1_1(v11Auth.auth.serviceCatalog);

describe("ServiceCatalog construction", () => {
  it("fromV3 keeps type, name, region, region_id, interface and url of each endpoint", () => {
    const catalog = v3();
    expect(catalog.entries).to.have.length(14);
    expect(catalog.entries[3]).to.deep.equal({
      serviceType: "compute",
      serviceName: "nova",
      region: "RegionOne",
      regionId: "RegionOne",
      interface: "internal",
      url: "http://nova.one.internal:8774/v2.1",
    });
    // region_id only: the region is taken from it
    const two = catalog.entries.find((e) => e.url === "https://nova.two.example.com/v2.1");
    expect(two).to.deep.include({ region: "RegionTwo", regionId: "RegionTwo" });
    expect(catalog.serviceTypes()).to.deep.equal([
      "identity",
      "compute",
      "volumev2",
      "volumev3",
      "network",
      "image",
      "sharev2",
    ]);
    expect(catalog.regions()).to.deep.equal(["RegionOne", "RegionTwo"]);
  });

  it("fromV2 splits publicURL/internalURL/adminURL into three entries and allows a missing region", () => {
    const catalog = v2();
    const identity = catalog.endpointsOf("identity");
    expect(identity.map((e) => [e.interface, e.url])).to.deep.equal([
      ["public", "https://identity.example.net/v2.0"],
      ["internal", "https://identity.internal/v2.0"],
      ["admin", "https://identity.admin/v2.0"],
    ]);
    const regionless = catalog.entries.find((e) => e.serviceName === "cloudServers");
    expect(regionless).to.deep.equal({
      serviceType: "compute",
      serviceName: "cloudServers",
      interface: "public",
      url: "https://servers.example.net/v1.0/t-42",
    });
  });

  it("fromV1_1 reads a catalog keyed by service name, typing known names and keeping the name", () => {
    const catalog = v11();
    expect(catalog.entries.find((e) => e.serviceName === "cloudServers")).to.deep.equal({
      serviceType: "compute",
      serviceName: "cloudServers",
      catalogKey: "cloudServers",
      interface: "public",
      url: "https://servers.example.net/v1.0/acme",
    });
    expect(
      catalog.endpointFor({ serviceType: "object-store", region: "LON", interface: "internalURL" }),
    ).to.equal("https://snet-storage.lon.example.net/v1/acme");
    expect(catalog.endpointFor({ serviceType: "cdn" })).to.equal("https://cdn.example.net/v1/acme");
    // an unknown name is its own type
    expect(catalog.endpointFor({ serviceType: "someNewService" })).to.equal("https://new.example.net");
    expect(catalog.endpointFor({ serviceType: "compute" })).to.equal("https://servers.example.net/v1.0/acme");
  });

  it("a 1.x catalog key is a service type too, as Libcloud reads it", () => {
    const catalog = v11();
    expect(catalog.endpointFor({ serviceType: "cloudServers" })).to.equal(
      "https://servers.example.net/v1.0/acme",
    );
    expect(catalog.endpointFor({ serviceType: "cloudFilesCDN" })).to.equal("https://cdn.example.net/v1/acme");
    expect(catalog.endpointsOf("cloudFiles").length).to.be.greaterThan(0);
    expect(catalog.endpointsOf("cloudFiles")).to.deep.equal(catalog.endpointsOf("object-store"));
    const headers = ServiceCatalog.fromV1Headers({
      "X-Storage-Url": "https://storage.example.net/v1/AUTH_1",
    });
    expect(headers.endpointFor({ serviceType: "cloudFiles" })).to.equal(
      "https://storage.example.net/v1/AUTH_1",
    );
  });

  it("fromV1Headers reads the endpoint headers in any case", () => {
    const catalog = ServiceCatalog.fromV1Headers({
      "X-Server-Management-URL": "https://servers.example.net/v1.0/1",
      "x-storage-url": "https://storage.example.net/v1/AUTH_1",
      "X-CDN-Management-Url": "https://cdn.example.net/v1/AUTH_1",
      "x-auth-token": "secret-token",
    });
    expect(catalog.entries).to.deep.equal([
      {
        serviceType: "compute",
        catalogKey: "cloudServers",
        interface: "public",
        url: "https://servers.example.net/v1.0/1",
      },
      {
        serviceType: "object-store",
        catalogKey: "cloudFiles",
        interface: "public",
        url: "https://storage.example.net/v1/AUTH_1",
      },
      {
        serviceType: "cdn",
        catalogKey: "cloudFilesCDN",
        interface: "public",
        url: "https://cdn.example.net/v1/AUTH_1",
      },
    ]);
  });

  it("skips services without type and endpoints without url or with an unknown interface", () => {
    const catalog = ServiceCatalog.fromV3([
      { name: "typeless", endpoints: [{ interface: "public", url: "https://x" }] },
      "not an object",
      {
        type: "compute",
        endpoints: [
          { interface: "public" },
          { interface: "sideways", url: "https://bad" },
          { interface: "PUBLIC", url: "https://ok" },
        ],
      },
      { type: "image" },
    ]);
    expect(catalog.entries).to.deep.equal([
      { serviceType: "compute", interface: "public", url: "https://ok" },
    ]);
  });

  it("rejects a catalog of the wrong JSON type with MalformedResponseError", () => {
    expect(thrown(() => ServiceCatalog.fromV3({ compute: [] })))
      .to.be.instanceOf(MalformedResponseError)
      .with.property("message")
      .that.includes("token.catalog is an object");
    expect(thrown(() => ServiceCatalog.fromV2("catalog"))).to.be.instanceOf(MalformedResponseError);
    expect(thrown(() => ServiceCatalog.fromV1_1([]))).to.be.instanceOf(MalformedResponseError);
  });
});

describe("ServiceCatalog without entries", () => {
  for (const [label, make] of [
    ["v3 missing", () => ServiceCatalog.fromV3(undefined)],
    ["v3 null", () => ServiceCatalog.fromV3(null)],
    ["v3 empty", () => ServiceCatalog.fromV3([])],
    ["v2 empty", () => ServiceCatalog.fromV2([])],
    ["v1.1 null", () => ServiceCatalog.fromV1_1(null)],
    ["v1.1 empty", () => ServiceCatalog.fromV1_1({})],
    ["v1.0 no headers", () => ServiceCatalog.fromV1Headers({})],
  ] as Array<[string, () => ServiceCatalog]>) {
    it(`${label}: endpointFor explains that the token has no catalog and how to scope it`, () => {
      const catalog = make();
      expect(catalog.isEmpty).to.equal(true);
      const error = thrown(() => catalog.endpointFor({ serviceType: "compute" }));
      // keystoneauth's EmptyCatalog: still an endpoint-not-found, for callers that catch that
      expect(error).to.be.instanceOf(EmptyCatalogError).and.instanceOf(EndpointNotFoundError);
      expect(error.message).to.include("no service catalog");
      expect(error.message).to.include('"compute"');
      expect(error.message).to.include("unscoped");
      expect(error.message).to.include("projectName");
      expect(error.message).to.include("endpointOverrides");
    });
  }

  it("tells the reason it was given", () => {
    const error = thrown(() =>
      ServiceCatalog.empty("Keystone returned an unscoped token").endpointFor({ serviceType: "image" }),
    );
    expect(error.message).to.include("(Keystone returned an unscoped token)");
  });
});

describe("ServiceCatalog.endpointFor", () => {
  it("matches the type, a region given as region or region_id, and the public interface by default", () => {
    const catalog = v3();
    expect(
      catalog.endpointFor({ serviceType: "compute", serviceName: "nova", region: "RegionOne" }),
    ).to.equal("https://nova.one.example.com/v2.1");
    // RegionTwo's compute endpoint only has region_id
    expect(catalog.endpointFor({ serviceType: "compute", region: "RegionTwo" })).to.equal(
      "https://nova.two.example.com/v2.1",
    );
  });

  it("accepts every interface spelling", () => {
    const catalog = v3();
    const q = (iface?: string): EndpointQuery => ({
      serviceType: "compute",
      serviceName: "nova",
      region: "RegionOne",
      interface: iface,
    });
    expect(catalog.endpointFor(q(undefined))).to.equal("https://nova.one.example.com/v2.1");
    expect(catalog.endpointFor(q("public"))).to.equal("https://nova.one.example.com/v2.1");
    expect(catalog.endpointFor(q("publicURL"))).to.equal("https://nova.one.example.com/v2.1");
    expect(catalog.endpointFor(q("internal"))).to.equal("http://nova.one.internal:8774/v2.1");
    expect(catalog.endpointFor(q("internalURL"))).to.equal("http://nova.one.internal:8774/v2.1");
    expect(catalog.endpointFor(q("admin"))).to.equal("http://nova.one.admin:8774/v2.1");
    expect(catalog.endpointFor(q("adminURL"))).to.equal("http://nova.one.admin:8774/v2.1");
    expect(normaliseInterface("InternalURL")).to.equal("internal");
    expect(thrown(() => catalog.endpointFor(q("private"))))
      .to.be.instanceOf(ConfigError)
      .with.property("message")
      .that.includes('interface "private"');
  });

  it("finds a service through an alias, preferring the exact type, then the official type, then the newest alias", () => {
    const catalog = v3();
    expect(catalog.endpointFor({ serviceType: "block-storage", region: "RegionOne" })).to.equal(
      "https://cinder.one.example.com/v3/p-1",
    );
    expect(catalog.endpointFor({ serviceType: "volume", region: "RegionOne" })).to.equal(
      "https://cinder.one.example.com/v3/p-1",
    );
    expect(catalog.endpointFor({ serviceType: "volumev2", region: "RegionOne" })).to.equal(
      "https://cinder.one.example.com/v2/p-1",
    );
    expect(catalog.endpointFor({ serviceType: "shared-file-system" })).to.equal(
      "https://manila.example.com/v2",
    );
    const official = new ServiceCatalog([
      { serviceType: "volumev3", interface: "public", url: "https://v3" },
      { serviceType: "block-storage", interface: "public", url: "https://official" },
    ]);
    expect(official.endpointFor({ serviceType: "volume" })).to.equal("https://official");
  });

  it("uses serviceName to pick between two services of one type", () => {
    const catalog = v3();
    expect(
      catalog.endpointFor({ serviceType: "compute", region: "RegionOne", serviceName: "nova-legacy" }),
    ).to.equal("https://nova-legacy.one.example.com/v2");
    expect(
      catalog.endpointFor({ serviceType: "compute", region: "RegionOne", serviceName: "nova" }),
    ).to.equal("https://nova.one.example.com/v2.1");
  });

  it("ignores serviceName when no service of the type has a name (v3 catalogs before 3.3)", () => {
    const catalog = ServiceCatalog.fromV3([
      { type: "compute", endpoints: [{ interface: "public", region: "R", url: "https://nova" }] },
    ]);
    expect(catalog.endpointFor({ serviceType: "compute", serviceName: "nova" })).to.equal("https://nova");
  });

  it("counts endpoints with one URL as one: identical URLs in two regions need no region", () => {
    expect(v3().endpointFor({ serviceType: "image" })).to.equal("https://glance.example.com");
    expect(v3().endpointFor({ serviceType: "identity" })).to.equal("https://keystone.example.com/v3");
  });

  it("refuses to choose a region: different URLs in several regions and no region asked", () => {
    const error = thrown(() => v3().endpointFor({ serviceType: "compute", serviceName: "nova" }));
    expect(error).to.be.instanceOf(AmbiguousEndpointError).and.instanceOf(EndpointNotFoundError);
    expect(error.message).to.include("2 regions");
    expect(error.message).to.include(
      '`region` (Pulumi config openstack:region) to one of "RegionOne", "RegionTwo"',
    );
    expect(error.message).to.include("https://nova.one.example.com/v2.1");
    expect(error.message).to.include("https://nova.two.example.com/v2.1");
  });

  it("refuses to choose a service: two names in one region and no serviceName asked", () => {
    const error = thrown(() => v3().endpointFor({ serviceType: "compute", region: "RegionOne" }));
    expect(error).to.be.instanceOf(AmbiguousEndpointError);
    expect(error.message).to.include('`serviceName` to one of "nova", "nova-legacy"');
  });

  it("takes the first in catalog order for several URLs of one service in one region", () => {
    expect(v3().endpointFor({ serviceType: "network", region: "RegionOne" })).to.equal(
      "https://neutron.one.example.com",
    );
    expect(v3().endpointFor({ serviceType: "network" })).to.equal("https://neutron.one.example.com");
  });

  it("v2 Rackspace catalog: region picks the regional compute; no region is ambiguous between services", () => {
    const catalog = v2();
    expect(catalog.endpointFor({ serviceType: "compute", region: "ORD" })).to.equal(
      "https://ord.servers.example.net/v2/t-42",
    );
    expect(catalog.endpointFor({ serviceType: "compute", serviceName: "cloudServers" })).to.equal(
      "https://servers.example.net/v1.0/t-42",
    );
    const error = thrown(() => catalog.endpointFor({ serviceType: "compute" }));
    expect(error).to.be.instanceOf(AmbiguousEndpointError);
    expect(error.message).to.include('"DFW", "ORD"').and.include('"cloudServers", "cloudServersOpenStack"');
    expect(catalog.endpointFor({ serviceType: "cdn" })).to.equal("https://cdn.example.net/v1/acme");
    expect(catalog.endpointFor({ serviceType: "object-store", interface: "internalURL" })).to.equal(
      "https://snet-storage.ord.example.net/v1/acme",
    );
  });

  it("an endpoint without region does not answer a query for a region", () => {
    const catalog = ServiceCatalog.fromV2([
      { type: "compute", name: "nova", endpoints: [{ publicURL: "https://nova" }] },
    ]);
    expect(catalog.endpointFor({ serviceType: "compute" })).to.equal("https://nova");
    const error = thrown(() => catalog.endpointFor({ serviceType: "compute", region: "RegionOne" }));
    expect(error).to.be.instanceOf(EndpointNotFoundError);
    expect(error.message).to.include("(no region)").and.include("leave it unset");
  });
});

describe("EndpointNotFoundError messages", () => {
  it("unknown type: says what was asked, what the catalog has, and how to bypass it", () => {
    const error = thrown(() => v3().endpointFor({ serviceType: "dns", region: "RegionOne" }));
    expect(error).to.be.instanceOf(EndpointNotFoundError).and.not.instanceOf(AmbiguousEndpointError);
    expect(error.message.startsWith("Could not find specified endpoint")).to.equal(true);
    expect(error.message).to.include('service type "dns", region "RegionOne", interface public');
    expect(error.message).to.include('no service of type "dns"');
    expect(error.message).to.include('compute "nova" in RegionOne public/internal/admin');
    expect(error.message).to.include('compute "nova" in RegionTwo public');
    expect(error.message).to.include('volumev3 "cinderv3" in RegionOne public');
    expect(error.message).to.include("endpointOverrides").and.include("baseUrl");
    // deduplicated: one line per service and region
    expect(error.message.split('image "glance" in RegionOne').length).to.equal(2);
  });

  it("alias types name the aliases", () => {
    const catalog = new ServiceCatalog([{ serviceType: "compute", interface: "public", url: "https://c" }]);
    const error = thrown(() => catalog.endpointFor({ serviceType: "volume" }));
    expect(error.message).to.include(
      'no service of type "block-storage" (or volumev3, volumev2, volume, block-store)',
    );
  });

  it("wrong region: lists the regions and names the region option", () => {
    const error = thrown(() =>
      v3().endpointFor({ serviceType: "compute", serviceName: "nova", region: "RegionThree" }),
    );
    expect(error).to.be.instanceOf(EndpointNotFoundError);
    expect(error.message).to.include('name "nova", region "RegionThree", interface public');
    expect(error.message).to.include('no public endpoint in region "RegionThree"');
    expect(error.message).to.include(
      '`region` (Pulumi config openstack:region) to one of "RegionOne", "RegionTwo"',
    );
  });

  it("wrong interface: lists the interfaces and names the interface option", () => {
    const error = thrown(() =>
      v3().endpointFor({ serviceType: "compute", serviceName: "nova-legacy", interface: "adminURL" }),
    );
    expect(error.message).to.include("interface admin");
    expect(error.message).to.include("no admin endpoint");
    expect(error.message).to.include("set `interface` to one of public.");
  });

  it("wrong name: lists the names and names the serviceName option", () => {
    const error = thrown(() => v3().endpointFor({ serviceType: "compute", serviceName: "zun" }));
    expect(error.message).to.include('No such service is named "zun"');
    expect(error.message).to.include("`serviceName` to one of nova, nova-legacy");
  });
});
