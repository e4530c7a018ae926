// The client against a real Keystone and real services: every v3 method and scope, the real catalog,
// token reuse and recovery from a revoked token.
import { expect } from "chai";
import { OpenStackClient } from "../../provider/client/client";
import { authenticationCount, clearTokenCache } from "../../provider/client/token-cache";
import type { OpenStackClientOptions } from "../../provider/client/options";
import { loadConfig } from "../../provider/config";
import { AuthenticationError, EndpointNotFoundError } from "../../provider/errors";
import { describeWithCloud, issueToken, type TestCloud } from "../support/cloud";

/** The cloud's options through the project's own clouds.yaml loader. */
function optionsOf(cloud: TestCloud): OpenStackClientOptions {
  return loadConfig({ cloud: cloud.name, env: { OS_CLIENT_CONFIG_FILE: cloud.file }, cwd: "/nonexistent" })
    .options;
}

describeWithCloud("OpenStackClient against the cloud", "admin", (use) => {
  let admin: OpenStackClient;
  let base: OpenStackClientOptions;
  beforeEach(() => {
    clearTokenCache();
    base = optionsOf(use());
    admin = new OpenStackClient(base);
  });

  it("authenticates with 3.x_password, project-scoped, and calls compute, network and image", async () => {
    const auth = await admin.authenticate();
    expect(auth.authVersion).to.match(/^3/);
    expect(auth.project?.name).to.equal(base.tenantName);
    expect(auth.expiresAt!.getTime()).to.be.greaterThan(Date.now());
    const types = auth.catalog.entries.map((e) => e.serviceType);
    expect(types).to.include.members(["identity", "compute", "network", "image", "placement"]);
    const servers = await admin.request<{ servers: unknown[] }>("compute", { path: "/servers/detail" });
    const networks = await admin.request<{ networks: Array<{ name: string }> }>("network", {
      path: "/v2.0/networks",
    });
    const images = await admin.request<{ images: unknown[] }>("image", { path: "/v2/images" });
    expect(servers.data.servers).to.be.an("array");
    expect(networks.data.networks.map((n) => n.name)).to.include("public");
    expect(images.data.images).to.be.an("array");
  });

  it("reuses one token for every client of the same identity, and re-authenticates after revocation", async () => {
    const before = authenticationCount();
    const first = await admin.authenticate();
    await new OpenStackClient(base).request("compute", { path: "/flavors" });
    expect(authenticationCount() - before).to.equal(1);

    // revoke the cached token through Keystone itself (with a token of its own): the next request
    // to Keystone gets 401, renews the token once and succeeds
    const revoker = await issueToken(use());
    await fetch(`${base.authUrl!.replace(/\/+$/, "")}/auth/tokens`, {
      method: "DELETE",
      headers: { "X-Auth-Token": revoker.token, "X-Subject-Token": first.token },
    }).then((r) => expect(r.status).to.equal(204));
    // Keystone checks revocations itself; the other services cache token validations for minutes
    const res = await admin.request("identity", { path: "/auth/projects" });
    expect(res.status).to.equal(200);
    expect(authenticationCount() - before).to.equal(2);
    expect((await admin.authenticate()).token).not.to.equal(first.token);
  });

  it("selects endpoints from the real catalog by interface and region", async () => {
    expect(await admin.endpoint({ serviceType: "compute" })).to.match(/:8774\/v2\.1$|compute/);
    expect(await admin.endpoint({ serviceType: "compute", interface: "internal" })).to.be.a("string");
    // Cinder is listed as block-storage and volumev3: an alias finds it
    expect(await admin.endpoint({ serviceType: "volume" })).to.match(/:8776\/v3$/);
    expect(await admin.endpoint({ serviceType: "object-store" }).catch((e: unknown) => e)).to.be.instanceOf(
      EndpointNotFoundError,
    );
    const err = (await new OpenStackClient({ ...base, region: "NoSuchRegion" })
      .endpoint({ serviceType: "compute" })
      .catch((e: unknown) => e)) as Error;
    expect(err).to.be.instanceOf(EndpointNotFoundError);
    expect(err.message).to.include("NoSuchRegion");
  });

  it("authenticates domain-scoped and system-scoped", async () => {
    const auth = await admin.authenticate();
    const userId = auth.user!.id!;
    const roles = await admin.request<{ roles: Array<{ id: string }> }>("identity", {
      path: "/roles",
      query: { name: "admin" },
    });
    await admin.request("identity", {
      method: "PUT",
      path: `/domains/default/users/${userId}/roles/${roles.data.roles[0]!.id}`,
    });
    const { tenantName: _t, tenantId: _i, projectDomainName: _d, projectDomainId: _di, ...unscoped } = base;
    const domainScoped = new OpenStackClient({ ...unscoped, domainName: "Default" });
    const domainAuth = await domainScoped.authenticate();
    expect(domainAuth.project).to.equal(undefined);
    const users = await domainScoped.request<{ users: unknown[] }>("identity", { path: "/users" });
    expect(users.data.users.length).to.be.greaterThan(0);

    const systemScoped = new OpenStackClient({ ...unscoped, system: "all" });
    expect((await systemScoped.authenticate()).token).to.not.equal(domainAuth.token);
  });

  it("authenticates with an application credential it creates, by id and by name, then deletes it", async () => {
    const auth = await admin.authenticate();
    const userId = auth.user!.id!;
    const name = `it-appcred-${process.pid}-${Date.now()}`;
    const created = await admin.request<{ application_credential: { id: string; secret: string } }>(
      "identity",
      {
        method: "POST",
        path: `/users/${userId}/application_credentials`,
        body: { application_credential: { name, description: "integration test" } },
      },
    );
    const { id, secret } = created.data.application_credential;
    try {
      const byId = new OpenStackClient({
        authUrl: base.authUrl,
        authVersion: "3.x_appcred",
        applicationCredentialId: id,
        applicationCredentialSecret: secret,
      });
      const byIdAuth = await byId.authenticate();
      expect(byIdAuth.project?.name).to.equal(base.tenantName);
      await byId.request("compute", { path: "/servers/detail" });

      const byName = new OpenStackClient({
        authUrl: base.authUrl,
        applicationCredentialName: name,
        applicationCredentialSecret: secret,
        userId,
      });
      expect((await byName.authenticate()).project?.name).to.equal(base.tenantName);

      const wrong = new OpenStackClient({
        authUrl: base.authUrl,
        applicationCredentialId: id,
        applicationCredentialSecret: "not-the-secret",
      });
      const err = (await wrong.authenticate().catch((e: unknown) => e)) as Error;
      expect(err).to.be.instanceOf(AuthenticationError);
      expect(err.message).not.to.include("not-the-secret");
    } finally {
      await admin.request("identity", {
        method: "DELETE",
        path: `/users/${userId}/application_credentials/${id}`,
      });
    }
  });

  it("exchanges a token with 3.x_token, and uses a forced token with the catalog read from Keystone", async () => {
    const { token } = await admin.authenticate();
    const exchanged = new OpenStackClient({
      authUrl: base.authUrl,
      authVersion: "3.x_token",
      token,
      tenantName: base.tenantName,
      projectDomainName: base.projectDomainName ?? "Default",
    });
    const auth = await exchanged.authenticate();
    expect(auth.token).not.to.equal(token);
    expect(auth.project?.name).to.equal(base.tenantName);

    const forced = new OpenStackClient({ authUrl: base.authUrl, authToken: token });
    expect((await forced.authenticate()).token).to.equal(token);
    const flavors = await forced.request<{ flavors: Array<{ name: string }> }>("compute", {
      path: "/flavors",
    });
    expect(flavors.data.flavors.map((f) => f.name)).to.include("m1.tiny");
  });

  it("negotiates the compute microversion with the real Nova", async () => {
    const res = await admin.request<{ servers: unknown[] }>("compute", {
      path: "/servers/detail",
      microversion: "2.79",
    });
    expect(res.headers["openstack-api-version"]).to.equal("compute 2.79");
  });
});
