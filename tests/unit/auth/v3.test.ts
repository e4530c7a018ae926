import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";
import { ConfigError, EmptyCatalogError, MalformedResponseError } from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";
import { rejection } from "../../support/rejection";

describe("Keystone v3 authentication", () => {
  let ks: FakeKeystone;
  let session: HttpSession;
  beforeEach(async () => {
    ks = await startFakeKeystone({ tokens: ["subject-token-1", "subject-token-2"] });
    session = new HttpSession({ maxRetries: 0 });
  });
  afterEach(() => ks.stop());

  const auth = (options: OpenStackClientOptions) =>
    createAuthPlugin({ authUrl: `${ks.url}/v3`, ...options }).authenticate(session);

  function lastBody(): unknown {
    return ks.requests[ks.requests.length - 1]?.body;
  }

  it("password, user and project by name: default domain, token from X-Subject-Token, parsed token body", async () => {
    const result = await auth({ username: "alice", password: "s3cret", projectName: "web" });
    expect(ks.requests).to.have.length(1);
    const request = ks.requests[0]!;
    expect(request.method).to.equal("POST");
    expect(request.url).to.equal("/v3/auth/tokens");
    expect(request.query).to.deep.equal({});
    expect(request.headers["content-type"]).to.equal("application/json");
    expect(request.headers["x-auth-token"]).to.equal(undefined);
    expect(request.body).to.deep.equal({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { id: "default" }, password: "s3cret" } },
        },
        scope: { project: { name: "web", domain: { id: "default" } } },
      },
    });
    expect(result.token).to.equal("subject-token-1");
    expect(result.authVersion).to.equal("3.x_password");
    expect(result.user).to.deep.equal({
      id: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69",
      name: "alice",
      domainId: "default",
    });
    expect(result.project).to.deep.equal({
      id: "9c4693dce56b493b9b83197d900f7fba",
      name: "web",
      domainId: "default",
    });
    expect(result.expiresAt).to.be.instanceOf(Date);
    expect(result.expiresAt!.getTime() - Date.now()).to.be.within(3590_000, 3600_000);
    expect(result.catalog.endpointFor({ serviceType: "compute" })).to.equal(`${ks.origin}/compute/v2.1`);
    expect(result.catalog.endpointFor({ serviceType: "block-storage", region: "RegionOne" })).to.equal(
      `${ks.origin}/volume/v3/9c4693dce56b493b9b83197d900f7fba`,
    );
    expect(result.catalog.endpointFor({ serviceType: "identity", interface: "internal" })).to.equal(
      `${ks.url}/v3`,
    );
    expect(ks.authCount).to.equal(1);
  });

  it("user and project by id send no domain", async () => {
    await auth({ userId: "u-1", password: "p", projectId: "p-1", userDomainName: "ignored" });
    expect(lastBody()).to.deep.equal({
      auth: {
        identity: { methods: ["password"], password: { user: { id: "u-1", password: "p" } } },
        scope: { project: { id: "p-1" } },
      },
    });
  });

  it("a project by name takes the user's domain when no project domain is given", async () => {
    await auth({ username: "alice", password: "p", userDomainName: "Engineering", tenantName: "web" });
    expect(lastBody()).to.deep.equal({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { name: "Engineering" }, password: "p" } },
        },
        scope: { project: { name: "web", domain: { name: "Engineering" } } },
      },
    });
  });

  it("project and user domains are separate", async () => {
    await auth({
      username: "alice",
      password: "p",
      userDomainId: "d-users",
      projectName: "web",
      projectDomainId: "d-projects",
    });
    expect(lastBody()).to.deep.include({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", domain: { id: "d-users" }, password: "p" } },
        },
        scope: { project: { name: "web", domain: { id: "d-projects" } } },
      },
    });
  });

  it("an id and a name both given are sent as the id, and refused when the token shows they disagree", async () => {
    // Horizon's clouds.yaml gives project_id and project_name: when they agree, nothing is said
    const agreeing = await auth({
      userId: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69",
      username: "admin",
      password: "p",
      projectId: "9c4693dce56b493b9b83197d900f7fba",
      tenantName: "demo",
    });
    expect(agreeing.project).to.deep.include({ id: "9c4693dce56b493b9b83197d900f7fba", name: "demo" });
    expect(lastBody()).to.deep.include({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { id: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69", password: "p" } },
        },
        scope: { project: { id: "9c4693dce56b493b9b83197d900f7fba" } },
      },
    });
    const otherProject = await rejection(
      auth({
        username: "admin",
        password: "p",
        tenantId: "9c4693dce56b493b9b83197d900f7fba",
        tenantName: "prod",
      }),
    );
    expect(otherProject).to.be.instanceOf(ConfigError);
    expect(otherProject.message)
      .to.include('tenantId "9c4693dce56b493b9b83197d900f7fba" and tenantName "prod"')
      .and.include('is "demo"');
    const otherUser = await rejection(
      auth({
        userId: "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69",
        username: "bob",
        password: "p",
        projectName: "demo",
      }),
    );
    expect(otherUser.message).to.include('userId "5a4bd0a1e39f4b6d9a7f1e2c3d4b5a69" and username "bob"');
    const otherDomain = await rejection(
      auth({ username: "admin", password: "p", userDomainId: "default", userDomainName: "Engineering" }),
    );
    expect(otherDomain.message).to.include('userDomainId "default" and userDomainName "Engineering"');
  });

  it("a token to exchange together with a user's password is refused before anything is sent", () => {
    for (const extra of [{ username: "admin", password: "p" }, { userId: "u1" }, { password: "p" }]) {
      const error = (() => {
        try {
          createAuthPlugin({ authUrl: `${ks.url}/v3`, token: "tok-to-exchange", ...extra });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).to.be.instanceOf(ConfigError);
      expect(error!.message).to.match(/^token and (username|userId|password)/);
      expect(error!.message).not.to.include("tok-to-exchange");
    }
    expect(ks.requests).to.have.length(0);
  });

  it("domain scope by name and by id; system scope", async () => {
    await auth({ userId: "u", password: "p", domainName: "Engineering" });
    expect((lastBody() as { auth: { scope: unknown } }).auth.scope).to.deep.equal({
      domain: { name: "Engineering" },
    });
    await auth({ userId: "u", password: "p", domainId: "d-1" });
    expect((lastBody() as { auth: { scope: unknown } }).auth.scope).to.deep.equal({ domain: { id: "d-1" } });
    const system = await auth({ userId: "u", password: "p", system: "all" });
    expect((lastBody() as { auth: { scope: unknown } }).auth.scope).to.deep.equal({ system: { all: true } });
    expect(system.project).to.equal(undefined);
    expect(system.catalog.isEmpty).to.equal(false);
  });

  it("unscoped: no scope is sent, the token has no catalog, and asking for an endpoint says so", async () => {
    const result = await auth({ username: "alice", password: "p" });
    expect(lastBody()).not.to.have.nested.property("auth.scope");
    expect(result.token).to.equal("subject-token-1");
    expect(result.project).to.equal(undefined);
    expect(result.catalog.isEmpty).to.equal(true);
    const error = (() => {
      try {
        result.catalog.endpointFor({ serviceType: "compute" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).to.be.instanceOf(EmptyCatalogError);
    expect(error!.message).to.include("unscoped token").and.include("set a project");
  });

  it("application credential by id: no scope, whatever the token's project", async () => {
    const result = await auth({ applicationCredentialId: "ac-1", applicationCredentialSecret: "ac-secret" });
    expect(lastBody()).to.deep.equal({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: { id: "ac-1", secret: "ac-secret" },
        },
      },
    });
    expect(result.authVersion).to.equal("3.x_appcred");
    expect(result.project?.name).to.equal("demo");
    expect(result.catalog.endpointFor({ serviceType: "network" })).to.equal(`${ks.origin}/network`);
  });

  it("application credential by name with its user by name and domain", async () => {
    await auth({
      applicationCredentialName: "ci",
      applicationCredentialSecret: "ac-secret",
      username: "alice",
      userDomainName: "Engineering",
    });
    expect(lastBody()).to.deep.equal({
      auth: {
        identity: {
          methods: ["application_credential"],
          application_credential: {
            name: "ci",
            user: { name: "alice", domain: { name: "Engineering" } },
            secret: "ac-secret",
          },
        },
      },
    });
    await auth({ applicationCredentialName: "ci", applicationCredentialSecret: "s", userId: "u-9" });
    expect(lastBody())
      .to.have.nested.property("auth.identity.application_credential.user")
      .that.deep.equals({ id: "u-9" });
  });

  it("token method exchanges a token for a scoped one", async () => {
    const first = await auth({ username: "alice", password: "p" });
    const second = await auth({ token: first.token, projectName: "web", projectDomainName: "Default" });
    expect(lastBody()).to.deep.equal({
      auth: {
        identity: { methods: ["token"], token: { id: "subject-token-1" } },
        scope: { project: { name: "web", domain: { name: "Default" } } },
      },
    });
    expect(second.token).to.equal("subject-token-2");
    expect(second.authVersion).to.equal("3.x_token");
    expect(second.catalog.isEmpty).to.equal(false);
  });

  it("reads the token from the header, never from the body", async () => {
    ks.failNext({
      status: 201,
      headers: { "X-Subject-Token": "from-header" },
      body: { token: { id: "from-body", expires_at: "2031-01-01T00:00:00.000000Z", catalog: [] } },
    });
    const result = await auth({ username: "a", password: "p", projectId: "p" });
    expect(result.token).to.equal("from-header");
  });

  it("a 201 without X-Subject-Token is a MalformedResponseError, even with a token id in the body", async () => {
    ks.failNext("no-token");
    const error = await rejection(auth({ username: "a", password: "p", projectId: "p" }));
    expect(error).to.be.instanceOf(MalformedResponseError);
    expect(error.message).to.include("X-Subject-Token").and.include(`${ks.url}/v3/auth/tokens`);
    ks.failNext({ status: 201, body: { token: { id: "in-body", expires_at: "2031-01-01T00:00:00Z" } } });
    expect(await rejection(auth({ username: "a", password: "p" }))).to.be.instanceOf(MalformedResponseError);
  });

  it("a body without a token object, or an HTML page, is a MalformedResponseError", async () => {
    ks.failNext("malformed-body");
    const error = await rejection(auth({ username: "a", password: "p" }));
    expect(error).to.be.instanceOf(MalformedResponseError);
    expect(error.message).to.include("missing required elements: token");
    ks.failNext("html-body");
    expect(await rejection(auth({ username: "a", password: "p" }))).to.be.instanceOf(MalformedResponseError);
  });

  it("an unreadable expiry or a catalog that is not a list is a MalformedResponseError", async () => {
    ks.options.expires = "next tuesday";
    expect(await rejection(auth({ username: "a", password: "p", projectId: "p" }))).to.be.instanceOf(
      MalformedResponseError,
    );
    delete ks.options.expires;
    ks.options.rawCatalog = { compute: "https://nova" };
    expect(await rejection(auth({ username: "a", password: "p", projectId: "p" }))).to.be.instanceOf(
      MalformedResponseError,
    );
  });

  it("a scoped token whose catalog is null or missing has an empty catalog, with the reason told", async () => {
    ks.options.rawCatalog = null;
    const nullCatalog = await auth({ username: "a", password: "p", projectId: "p" });
    expect(nullCatalog.catalog.isEmpty).to.equal(true);
    delete ks.options.rawCatalog;
    ks.options.omitCatalog = true;
    const missing = await auth({ username: "a", password: "p", projectId: "p" });
    expect(() => missing.catalog.endpointFor({ serviceType: "image" })).to.throw(
      EmptyCatalogError,
      "scoped token without catalog entries",
    );
  });

  it("parses the expiry Keystone sends, microseconds and all", async () => {
    ks.options.expires = "2031-05-04T03:02:01.987654Z";
    const result = await auth({ username: "a", password: "p", projectId: "p" });
    expect(result.expiresAt!.toISOString()).to.equal("2031-05-04T03:02:01.987Z");
  });

  it("works with Keystone under a path prefix given without version", async () => {
    const prefixed = await startFakeKeystone({ pathPrefix: "/identity" });
    try {
      const result = await createAuthPlugin({
        authUrl: prefixed.url,
        username: "a",
        password: "p",
        projectName: "demo",
      }).authenticate(session);
      expect(prefixed.requests[0]!.path).to.equal("/identity/v3/auth/tokens");
      expect(result.catalog.endpointFor({ serviceType: "identity" })).to.equal(
        `${prefixed.origin}/identity/v3`,
      );
    } finally {
      await prefixed.stop();
    }
  });
});
