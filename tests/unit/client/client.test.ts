import { expect } from "chai";
import { OpenStackClient } from "../../../provider/client/client";
import { authenticationCount, clearTokenCache } from "../../../provider/client/token-cache";
import {
  AuthenticationError,
  ConfigError,
  EmptyCatalogError,
  EndpointNotFoundError,
  NotFoundError,
} from "../../../provider/errors";
import { DEFAULT_PROJECT, type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

const SECRET = "correct horse battery staple";

describe("OpenStackClient", () => {
  let ks: FakeKeystone;
  const password = (extra: Record<string, unknown> = {}) =>
    new OpenStackClient({
      authUrl: `${ks.url}/v3`,
      username: "admin",
      password: SECRET,
      userDomainName: "Default",
      projectName: "demo",
      projectDomainName: "Default",
      maxRetries: 0,
      ...extra,
    });

  beforeEach(async () => {
    clearTokenCache();
    ks = await startFakeKeystone({ secret: SECRET });
    ks.route("GET", "/compute/v2.1/servers/detail", () => ({ body: { servers: [] } }), {
      requireToken: true,
    });
    ks.route("GET", "/internal/compute/v2.1/servers/detail", () => ({ body: { servers: ["internal"] } }), {
      requireToken: true,
    });
  });
  afterEach(() => ks.stop());

  it("validates options before sending anything", () => {
    expect(() => new OpenStackClient({})).to.throw(ConfigError, /authUrl is required/);
    expect(() => new OpenStackClient({ authUrl: "keystone:5000" })).to.throw(
      ConfigError,
      /authUrl "keystone:5000" is not an http\(s\) URL/,
    );
    expect(
      () =>
        new OpenStackClient({
          authUrl: "http://k/v3",
          username: "u",
          password: "p",
          interface: "private" as never,
        }),
    ).to.throw(ConfigError, /interface "private" is not valid: use public, internal or admin/);
    expect(() => new OpenStackClient({ authToken: "tok" })).to.throw(
      ConfigError,
      /baseUrl.*endpointOverrides.*authUrl/,
    );
    expect(ks.requests).to.have.length(0);
  });

  it("authenticates once and reuses the token across clients with the same identity", async () => {
    const before = authenticationCount();
    const a = await password().authenticate();
    const b = await password().authenticate();
    await password().request("compute", { path: "/servers/detail" });
    expect(a.token).to.equal(b.token);
    expect(ks.authCount).to.equal(1);
    expect(authenticationCount() - before).to.equal(1);
  });

  it("shares one in-flight authentication among 100 parallel requests", async () => {
    ks.options.delayMs = 50;
    const client = password();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        client.request<{ servers: unknown[] }>("compute", { path: "/servers/detail" }),
      ),
    );
    expect(results.every((r) => r.status === 200)).to.equal(true);
    expect(ks.authCount).to.equal(1);
  });

  it("renews a token within the refresh margin of its expiry, and keeps it otherwise", async () => {
    ks.options.tokenLifetimeSeconds = 100;
    await password({ tokenRefreshMarginSeconds: 120 }).authenticate();
    await password({ tokenRefreshMarginSeconds: 120 }).authenticate();
    expect(ks.authCount).to.equal(2, "100 s left is inside a 120 s margin");
    clearTokenCache();
    ks.reset();
    await password({ tokenRefreshMarginSeconds: 60 }).authenticate();
    await password({ tokenRefreshMarginSeconds: 60 }).authenticate();
    expect(ks.authCount).to.equal(1);
  });

  it("does not cache a failed authentication", async () => {
    ks.failNext("server-error");
    const client = password();
    await client.authenticate().then(
      () => expect.fail("should fail"),
      (e: Error) => expect(e.message).not.to.include(SECRET),
    );
    expect((await client.authenticate()).token).to.be.a("string");
  });

  it("re-authenticates once when a service answers 401, then gives up", async () => {
    const client = password();
    await client.request("compute", { path: "/servers/detail" });
    ks.revokeTokens();
    const res = await client.request("compute", { path: "/servers/detail" });
    expect(res.status).to.equal(200);
    expect(ks.authCount).to.equal(2);

    const stop = ks.route("GET", "/compute/v2.1/os-always-401", () => ({
      status: 401,
      body: { error: { message: "no" } },
    }));
    const err = await client.request("compute", { path: "/os-always-401" }).catch((e: unknown) => e);
    stop();
    expect(err).to.be.instanceOf(AuthenticationError);
    expect(ks.authCount).to.equal(3, "exactly one re-authentication per request");
  });

  it("selects endpoints by region and interface, and says what the catalog has when none matches", async () => {
    expect(await password().endpoint({ serviceType: "compute" })).to.equal(`${ks.origin}/compute/v2.1`);
    expect(await password({ interface: "internalURL" }).endpoint({ serviceType: "compute" })).to.equal(
      `${ks.origin}/internal/compute/v2.1`,
    );
    const res = await password({ interface: "internal" }).request<{ servers: string[] }>("compute", {
      path: "/servers/detail",
    });
    expect(res.data.servers).to.deep.equal(["internal"]);
    const err = (await password({ region: "Mars" })
      .endpoint({ serviceType: "compute" })
      .catch((e: unknown) => e)) as Error;
    expect(err).to.be.instanceOf(EndpointNotFoundError);
    expect(err.message)
      .to.match(/^Could not find specified endpoint/)
      .and.include("Mars")
      .and.include("RegionOne");
  });

  it("uses a forced base URL for compute and overrides for other services without the catalog", async () => {
    ks.route("GET", "/elsewhere/servers/detail", () => ({ body: { servers: ["forced"] } }));
    ks.route("GET", "/net-override/v2.0/networks", () => ({ body: { networks: ["override"] } }));
    const client = password({
      baseUrl: `${ks.origin}/elsewhere`,
      endpointOverrides: { network: `${ks.origin}/net-override` },
    });
    expect(await client.endpoint({ serviceType: "compute" })).to.equal(`${ks.origin}/elsewhere`);
    const servers = await client.request<{ servers: string[] }>("compute", { path: "/servers/detail" });
    const nets = await client.request<{ networks: string[] }>("network", { path: "/v2.0/networks" });
    expect(servers.data.servers).to.deep.equal(["forced"]);
    expect(nets.data.networks).to.deep.equal(["override"]);
  });

  it("explains a 404 from a forced base URL that may point at Keystone", async () => {
    const client = password({ baseUrl: `${ks.url}/v3` });
    const err = (await client
      .request("compute", { path: "/servers/detail" })
      .catch((e: unknown) => e)) as Error;
    expect(err).to.be.instanceOf(NotFoundError);
    expect(err.message).to.include("Resource not found").and.include("not at Keystone");
  });

  it("uses a forced token without asking Keystone for one, and reads its catalog from a v3 authUrl", async () => {
    ks.addToken("forced-token-value");
    const withBase = new OpenStackClient({
      authToken: "forced-token-value",
      baseUrl: `${ks.origin}/compute/v2.1`,
    });
    await withBase.request("compute", { path: "/servers/detail" });
    expect(ks.authAttempts).to.equal(0);
    expect(ks.requestsTo("/auth/tokens")).to.have.length(0);

    const withCatalog = new OpenStackClient({ authToken: "forced-token-value", authUrl: `${ks.url}/v3` });
    expect(await withCatalog.endpoint({ serviceType: "network" })).to.equal(`${ks.origin}/network`);
    const lookup = ks.requestsTo("/v3/auth/tokens")[0]!;
    expect(lookup.method).to.equal("GET");
    expect(lookup.headers["x-subject-token"]).to.equal("forced-token-value");
    expect(ks.authCount).to.equal(0);
  });

  it("a forced token with a base URL sends nothing to Keystone, even with a v3 authUrl", async () => {
    ks.addToken("forced-token-value");
    const client = new OpenStackClient({
      authToken: "forced-token-value",
      baseUrl: `${ks.origin}/compute/v2.1`,
      authUrl: `${ks.url}/v3`,
    });
    const seen: string[] = [];
    ks.route(
      "GET",
      "/compute/v2.1/flavors",
      (req) => {
        seen.push(req.headers["x-auth-token"] ?? "");
        return { body: { flavors: [] } };
      },
      { requireToken: true },
    );
    await client.request("compute", { path: "/flavors" });
    expect(seen).to.deep.equal(["forced-token-value"]);
    expect(ks.requests.filter((r) => !r.path.startsWith("/compute/"))).to.deep.equal([]);
    // other services have no catalog to come from: an endpoint error that says what to set
    const err = await client.endpoint({ serviceType: "network" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(EmptyCatalogError).and.instanceOf(EndpointNotFoundError);
    expect((err as Error).message)
      .to.include("endpointOverrides")
      .and.include("baseUrl");
    ks.revokeTokens();
    const refused = await client.request("compute", { path: "/flavors" }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(AuthenticationError);
    expect(ks.requests.filter((r) => !r.path.startsWith("/compute/"))).to.deep.equal([]);
  });

  it("a forced token with an explicit authVersion 2.0 is not looked up in Keystone v3", async () => {
    ks.addToken("forced-token-value");
    const client = new OpenStackClient({
      authToken: "forced-token-value",
      authUrl: ks.url,
      authVersion: "2.0",
      endpointOverrides: { image: `${ks.origin}/image` },
    });
    const err = await client.endpoint({ serviceType: "network" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(EmptyCatalogError);
    expect(ks.requests).to.deep.equal([]);
  });

  it("does not re-authenticate a forced token on 401", async () => {
    ks.addToken("forced-token-value");
    const client = new OpenStackClient({
      authToken: "forced-token-value",
      baseUrl: `${ks.origin}/compute/v2.1`,
    });
    ks.revokeTokens();
    const err = await client.request("compute", { path: "/servers/detail" }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AuthenticationError);
    expect((err as Error).message)
      .to.include("cannot be renewed")
      .and.not.include("forced-token-value");
    expect(ks.authAttempts).to.equal(0);
  });

  it("negotiates compute microversions once per endpoint, capped at the server's maximum", async () => {
    ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.60", min_version: "2.1" } },
    }));
    const seen: Array<Record<string, string>> = [];
    ks.route("GET", "/compute/v2.1/flavors", (req) => {
      seen.push(req.headers);
      return { body: { flavors: [] } };
    });
    const client = password();
    await client.request("compute", { path: "/flavors", microversion: "2.79" });
    await client.request("compute", { path: "/flavors", microversion: "2.40" });
    expect(seen[0]!["openstack-api-version"]).to.equal("compute 2.60");
    expect(seen[0]!["x-openstack-nova-api-version"]).to.equal("2.60");
    expect(seen[1]!["openstack-api-version"]).to.equal("compute 2.40");
    expect(ks.requests.filter((r) => r.path === "/compute/v2.1/")).to.have.length(1);
    await client.request("compute", { path: "/flavors", microversion: "latest" }).then(
      () => expect.fail("should fail"),
      (e: Error) => expect(e).to.be.instanceOf(ConfigError),
    );
  });

  it("negotiates block-storage microversions from Cinder's version list, with Cinder's header name", async () => {
    ks.route("GET", `/volume/v3/${DEFAULT_PROJECT.id}/`, () => ({
      body: { versions: [{ id: "v3.0", status: "CURRENT", version: "3.70", min_version: "3.0" }] },
    }));
    const seen: Array<Record<string, string>> = [];
    ks.route("GET", `/volume/v3/${DEFAULT_PROJECT.id}/volumes`, (req) => {
      seen.push(req.headers);
      return { body: { volumes: [] } };
    });
    const client = password();
    await client.request("block-storage", { path: "/volumes", microversion: "3.60" });
    await client.request("volumev3", { path: "/volumes", microversion: "3.99" });
    expect(seen[0]!["openstack-api-version"]).to.equal("volume 3.60");
    expect(seen[1]!["openstack-api-version"]).to.equal("volume 3.70");
  });
});
