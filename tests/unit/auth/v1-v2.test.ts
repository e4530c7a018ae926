import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";
import {
  AuthenticationError,
  ConfigError,
  EmptyCatalogError,
  EndpointNotFoundError,
  MalformedResponseError,
} from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, type FakeServiceSpec, startFakeKeystone } from "../../support/fake-keystone";
import { rejection } from "../../support/rejection";

// A catalog in the style of a Rackspace 1.x/2.0 cloud: service names, no region on the first compute.
const RAX_CATALOG: FakeServiceSpec[] = [
  { type: "compute", name: "cloudServers", endpoints: [{ interface: "public", url: "{origin}/v1.0/acme" }] },
  {
    type: "object-store",
    name: "cloudFiles",
    endpoints: [
      { interface: "public", region: "ORD", url: "{origin}/files/ord" },
      { interface: "internal", region: "ORD", url: "{origin}/snet/files/ord" },
    ],
  },
  {
    type: "rax:object-cdn",
    name: "cloudFilesCDN",
    endpoints: [{ interface: "public", region: "ORD", url: "{origin}/cdn" }],
  },
];

describe("auth 1.0", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  beforeEach(async () => {
    ks = await startFakeKeystone({ tokens: ["v1-token"], catalog: RAX_CATALOG });
  });
  afterEach(() => ks.stop());

  it("GETs /v1.0 with X-Auth-User and X-Auth-Key, reads the token and endpoints from headers", async () => {
    const result = await createAuthPlugin({
      authUrl: `${ks.url}/v1.0`,
      username: "bob",
      apiKey: "key-1",
    }).authenticate(session);
    const request = ks.requests[0]!;
    expect(request.method).to.equal("GET");
    expect(request.path).to.equal("/v1.0");
    expect(request.headers["x-auth-user"]).to.equal("bob");
    expect(request.headers["x-auth-key"]).to.equal("key-1");
    expect(request.body).to.equal(undefined);
    expect(result).to.deep.include({ token: "v1-token", authVersion: "1.0", user: { name: "bob" } });
    expect(result.expiresAt).to.equal(undefined);
    expect(result.catalog.entries).to.deep.equal([
      {
        serviceType: "compute",
        catalogKey: "cloudServers",
        interface: "public",
        url: `${ks.origin}/v1.0/acme`,
      },
      {
        serviceType: "object-store",
        catalogKey: "cloudFiles",
        interface: "public",
        url: `${ks.origin}/files/ord`,
      },
      { serviceType: "cdn", catalogKey: "cloudFilesCDN", interface: "public", url: `${ks.origin}/cdn` },
    ]);
  });

  it("sends the password as the key when there is no apiKey", async () => {
    await createAuthPlugin({
      authVersion: "1.0",
      authUrl: ks.url,
      username: "bob",
      password: "pw",
    }).authenticate(session);
    expect(ks.requests[0]!.headers["x-auth-key"]).to.equal("pw");
  });

  it("a response without X-Auth-Token is a MalformedResponseError", async () => {
    ks.failNext("no-token");
    const error = await rejection(
      createAuthPlugin({ authUrl: `${ks.url}/v1.0`, username: "bob", apiKey: "k" }).authenticate(session),
    );
    expect(error).to.be.instanceOf(MalformedResponseError);
    // Libcloud's words first, so that searches for them find this
    expect(error.message).to.match(/^Missing X-Auth-Token in response headers\. Keystone at /);
    expect(error.message).to.include("authVersion 1.0").and.include("Check that authUrl");
  });

  it("a response without endpoint headers gives an empty catalog that says why", async () => {
    ks.options.omitCatalog = true;
    const result = await createAuthPlugin({
      authUrl: `${ks.url}/v1.0`,
      username: "b",
      apiKey: "k",
    }).authenticate(session);
    expect(() => result.catalog.endpointFor({ serviceType: "compute" })).to.throw(
      EmptyCatalogError,
      "X-Server-Management-Url",
    );
  });
});

describe("auth 1.1", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  beforeEach(async () => {
    ks = await startFakeKeystone({ tokens: ["v11-token"], catalog: RAX_CATALOG });
  });
  afterEach(() => ks.stop());
  const plugin = (options: OpenStackClientOptions = {}) =>
    createAuthPlugin({ authUrl: `${ks.url}/v1.1`, username: "bob", apiKey: "key-1", ...options });

  it("POSTs credentials to /v1.1/auth and reads the catalog keyed by service name", async () => {
    ks.options.expires = "2031-10-29T17:39:28.000-05:00";
    const result = await plugin().authenticate(session);
    const request = ks.requests[0]!;
    expect(request.method).to.equal("POST");
    expect(request.path).to.equal("/v1.1/auth");
    expect(request.body).to.deep.equal({ credentials: { username: "bob", key: "key-1" } });
    expect(result.token).to.equal("v11-token");
    expect(result.authVersion).to.equal("1.1");
    expect(result.expiresAt!.toISOString()).to.equal("2031-10-29T22:39:28.000Z");
    expect(result.catalog.endpointFor({ serviceType: "compute" })).to.equal(`${ks.origin}/v1.0/acme`);
    expect(
      result.catalog.endpointFor({ serviceType: "object-store", region: "ORD", interface: "internalURL" }),
    ).to.equal(`${ks.origin}/snet/files/ord`);
    expect(result.catalog.endpointFor({ serviceType: "cdn", serviceName: "cloudFilesCDN" })).to.equal(
      `${ks.origin}/cdn`,
    );
  });

  it("maps OpenStack service names of a 1.1 catalog to their types", async () => {
    ks.options.catalog = undefined; // the default catalog: nova, glance, neutron, cinderv3, swift
    const result = await plugin().authenticate(session);
    expect(result.catalog.endpointFor({ serviceType: "compute" })).to.equal(`${ks.origin}/compute/v2.1`);
    expect(result.catalog.endpointFor({ serviceType: "block-storage" })).to.match(/\/volume\/v3\//);
  });

  it("a token without id is a MalformedResponseError; a 401 names the user", async () => {
    ks.failNext("no-token");
    const malformed = await rejection(plugin().authenticate(session));
    expect(malformed).to.be.instanceOf(MalformedResponseError);
    expect(malformed.message).to.match(
      /^Auth JSON response is missing required elements: auth\.token\.id\. Keystone at /,
    );
    ks.options.secret = "the-right-key";
    const refused = await rejection(plugin().authenticate(session));
    expect(refused).to.be.instanceOf(AuthenticationError);
    expect(refused.message).to.include('user "bob"').and.include("Username or api key is invalid");
    expect(refused.message).not.to.include("key-1");
  });

  it("a 1.1 catalog answers its keys as service types (cloudServers, cloudFiles, cloudFilesCDN)", async () => {
    const result = await plugin().authenticate(session);
    expect(result.catalog.endpointFor({ serviceType: "cloudServers" })).to.equal(`${ks.origin}/v1.0/acme`);
    expect(result.catalog.endpointFor({ serviceType: "cloudFiles", region: "ORD" })).to.equal(
      `${ks.origin}/files/ord`,
    );
    expect(result.catalog.endpointFor({ serviceType: "cloudFilesCDN" })).to.equal(`${ks.origin}/cdn`);
  });

  it("300 Multiple Choices is an ambiguous version, never a token", async () => {
    ks.failNext({
      status: 300,
      headers: { "X-Auth-Token": "not-a-token" },
      body: {
        versions: {
          values: [
            { id: "v3.14", status: "stable", links: [{ rel: "self", href: "https://ks.example/v3/" }] },
            { id: "v2.0", status: "deprecated", links: [{ rel: "self", href: "https://ks.example/v2.0/" }] },
          ],
        },
      },
    });
    const error = await rejection(plugin().authenticate(session));
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.message)
      .to.include("300 Multiple Choices (ambiguous version)")
      .and.include("v3.14 at https://ks.example/v3/")
      .and.include("v2.0 at https://ks.example/v2.0/");
  });
});

describe("Keystone v2.0", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  beforeEach(async () => {
    ks = await startFakeKeystone({ tokens: ["v2-token-1", "v2-token-2"] });
  });
  afterEach(() => ks.stop());

  it("password with tenantName: request shape and parsed access", async () => {
    ks.options.expires = "2031-01-02T03:04:05Z";
    const result = await createAuthPlugin({
      authUrl: `${ks.url}/v2.0`,
      username: "alice",
      password: "pw",
      tenantName: "web",
    }).authenticate(session);
    const request = ks.requests[0]!;
    expect(request.method).to.equal("POST");
    expect(request.path).to.equal("/v2.0/tokens");
    expect(request.body).to.deep.equal({
      auth: { passwordCredentials: { username: "alice", password: "pw" }, tenantName: "web" },
    });
    expect(result.token).to.equal("v2-token-1");
    expect(result.authVersion).to.equal("2.0_password");
    expect(result.expiresAt!.toISOString()).to.equal("2031-01-02T03:04:05.000Z");
    expect(result.user).to.deep.equal({ id: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69", name: "alice" });
    expect(result.project).to.deep.equal({ id: "9c4693dce56b493b9b83197d900f7fba", name: "web" });
    expect(result.catalog.endpointFor({ serviceType: "compute", interface: "adminURL" })).to.equal(
      `${ks.origin}/admin/compute/v2.1`,
    );
  });

  it("API key (RAX-KSKEY) with tenantId, from authVersion 2.0", async () => {
    const result = await createAuthPlugin({
      authUrl: ks.url,
      authVersion: "2.0",
      username: "alice",
      apiKey: "rax-key",
      tenantId: "t-1",
    }).authenticate(session);
    expect(ks.requests[0]!.body).to.deep.equal({
      auth: { "RAX-KSKEY:apiKeyCredentials": { username: "alice", apiKey: "rax-key" }, tenantId: "t-1" },
    });
    expect(result.authVersion).to.equal("2.0_apikey");
    expect(result.project?.id).to.equal("t-1");
  });

  it("userId, and no tenant: unscoped token whose empty catalog explains itself", async () => {
    const result = await createAuthPlugin({
      authUrl: `${ks.url}/v2.0`,
      userId: "u-1",
      password: "pw",
    }).authenticate(session);
    expect(ks.requests[0]!.body).to.deep.equal({
      auth: { passwordCredentials: { userId: "u-1", password: "pw" } },
    });
    expect(result.project).to.equal(undefined);
    expect(() => result.catalog.endpointFor({ serviceType: "compute" })).to.throw(
      EndpointNotFoundError,
      "without a tenant",
    );
  });

  it("v2 catalogs without region are usable", async () => {
    ks.options.catalog = [
      { type: "compute", name: "nova", endpoints: [{ interface: "public", url: "{origin}/nova" }] },
    ];
    const result = await createAuthPlugin({
      authUrl: `${ks.url}/v2.0`,
      username: "a",
      password: "p",
      tenantName: "t",
    }).authenticate(session);
    expect(result.catalog.entries).to.deep.equal([
      { serviceType: "compute", serviceName: "nova", interface: "public", url: `${ks.origin}/nova` },
    ]);
  });

  it("an access without token id, or a body of another shape, is a MalformedResponseError", async () => {
    const plugin = createAuthPlugin({
      authUrl: `${ks.url}/v2.0`,
      username: "a",
      password: "p",
      tenantName: "t",
    });
    ks.failNext("no-token");
    expect((await rejection(plugin.authenticate(session))).message).to.include("access.token.id");
    ks.failNext("malformed-body");
    expect(await rejection(plugin.authenticate(session))).to.be.instanceOf(MalformedResponseError);
    ks.failNext("html-body");
    expect(await rejection(plugin.authenticate(session))).to.be.instanceOf(MalformedResponseError);
  });
});
