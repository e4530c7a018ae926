import { expect } from "chai";
import { createAuthPlugin, parseVersionDocument } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";
import {
  AuthenticationError,
  ConfigError,
  MalformedResponseError,
  ServiceError,
} from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";
import { rejection } from "../../support/rejection";

const PASSWORD = "correct-horse-battery-staple";

describe("authentication failures", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  afterEach(async () => {
    await ks.stop();
  });

  const auth = (options: OpenStackClientOptions) => createAuthPlugin(options).authenticate(session);

  describe("401", () => {
    beforeEach(async () => {
      ks = await startFakeKeystone({ secret: "the-real-password" });
    });

    it("v3: names URL, version, user and project, never the password", async () => {
      const error = await rejection(
        auth({ authUrl: `${ks.url}/v3`, username: "alice", password: PASSWORD, projectName: "web" }),
      );
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error.status).to.equal(401);
      expect(error.message).to.include(`Keystone at ${ks.url}/v3/auth/tokens rejected the credentials for`);
      expect(error.message).to.include('user "alice" (domain id "default")');
      expect(error.message).to.include('(project "web" in domain id "default")');
      expect(error.message).to.include("authVersion 3.x_password");
      expect(error.message).to.include("The request you have made requires authentication.");
      expect(error.message).not.to.include(PASSWORD);
      expect(JSON.stringify(error)).not.to.include(PASSWORD);
    });

    it("v3 application credential and token: named without their secret", async () => {
      const appcred = await rejection(
        auth({
          authUrl: `${ks.url}/v3`,
          applicationCredentialId: "ac-1",
          applicationCredentialSecret: "ac-secret-x",
        }),
      );
      expect(appcred.message).to.include('application credential id "ac-1"');
      expect(appcred.message).to.include("the application credential's own project");
      expect(appcred.message).not.to.include("ac-secret-x");
      const token = await rejection(
        auth({ authUrl: `${ks.url}/v3`, token: "gAAAAA-old-token", domainId: "d" }),
      );
      expect(token).to.be.instanceOf(AuthenticationError);
      expect(token.message).to.match(/token sha256 [0-9a-f]{16}/);
      expect(token.message).to.include('(domain id "d" scope)');
      expect(token.message).not.to.include("gAAAAA-old-token");
    });

    it("v2.0: names the user and tenant", async () => {
      const error = await rejection(
        auth({ authUrl: `${ks.url}/v2.0`, username: "bob", password: PASSWORD, tenantId: "t-9" }),
      );
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error.message).to.include(`${ks.url}/v2.0/tokens`);
      expect(error.message).to.include('user "bob" (tenant id "t-9"), authVersion 2.0_password');
      expect(error.message).not.to.include(PASSWORD);
    });

    it("masks a secret that Keystone echoes in its message", async () => {
      ks.failNext({
        status: 401,
        body: { error: { code: 401, message: `Invalid password ${PASSWORD} for user` } },
      });
      const error = await rejection(auth({ authUrl: `${ks.url}/v3`, userId: "u", password: PASSWORD }));
      expect(error.message).to.include("Invalid password *** for user");
      expect(error.message).not.to.include(PASSWORD);
      expect((error as AuthenticationError).serviceMessage).not.to.include(PASSWORD);
    });

    it("counts the attempt but issues no token", async () => {
      await rejection(auth({ authUrl: `${ks.url}/v3`, userId: "u", password: "wrong" }));
      expect(ks.authAttempts).to.equal(1);
      expect(ks.authCount).to.equal(0);
    });
  });

  describe("404: the version is not served", () => {
    it("v2.0 on a Keystone that only serves v3 suggests the v3 URL it lists", async () => {
      ks = await startFakeKeystone({ versions: ["3"] });
      const error = await rejection(
        auth({ authUrl: `${ks.url}/v2.0`, username: "a", password: "p", tenantName: "t" }),
      );
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.status).to.equal(404);
      expect(error.message).to.include(`Keystone at ${ks.url} does not serve identity v2.0`);
      expect(error.message).to.include(`POST ${ks.url}/v2.0/tokens returned 404`);
      expect(error.message).to.include("authVersion 2.0_password");
      expect(error.message).to.include("It serves v3.14");
      expect(error.message).to.include(`Use authUrl ${ks.url}/v3 with authVersion 3.x_password`);
      expect(error.message).to.include("Queens");
      // the version document was asked for
      expect(ks.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(["POST /v2.0/tokens", "GET /"]);
    });

    it("v3 on a Keystone that only serves v2.0 suggests 2.0_password", async () => {
      ks = await startFakeKeystone({ versions: ["2.0"] });
      const error = await rejection(auth({ authUrl: ks.url, username: "a", password: "p" }));
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message).to.include("does not serve identity v3");
      expect(error.message).to.include(`Use authUrl ${ks.url}/v2.0 with authVersion 2.0_password`);
    });

    it("a web server's 404 page on v3 asks to check the URL's path", async () => {
      ks = await startFakeKeystone();
      ks.failNext("not-found-html");
      ks.route("GET", "/", () => ({ status: 404, body: "<html><body>nothing here</body></html>" }));
      const error = await rejection(auth({ authUrl: `${ks.url}/v3`, username: "a", password: "p" }));
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message).to.include("does not serve identity v3");
      expect(error.message).to.include("Check authUrl").and.include("https://HOST/identity/v3");
    });

    it("Keystone's own 404 for a thing it cannot find is a credentials problem, not a version one", async () => {
      ks = await startFakeKeystone();
      ks.failNext({
        status: 404,
        body: {
          error: {
            code: 404,
            title: "Not Found",
            message: "Could not find Application Credential: ac-0123.",
          },
        },
      });
      const error = await rejection(
        auth({
          authUrl: `${ks.url}/v3`,
          applicationCredentialId: "ac-0123",
          applicationCredentialSecret: "s3cr3t-x",
        }),
      );
      expect(error).to.be.instanceOf(AuthenticationError);
      expect(error.message)
        .to.include("Could not find Application Credential: ac-0123")
        .and.include('application credential id "ac-0123"')
        .and.not.include("does not serve")
        .and.not.include("s3cr3t-x");
    });

    it("1.x on an OpenStack Keystone points to v3", async () => {
      ks = await startFakeKeystone({ versions: ["3", "2.0"] });
      const error = await rejection(auth({ authUrl: `${ks.url}/v1.1`, username: "a", apiKey: "k" }));
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message).to.include("does not serve identity v1.1");
      expect(error.message).to.include("It serves v3.14, v2.0");
      expect(error.message).to.include("authVersion 3.x_password");
    });
  });

  describe("other failures", () => {
    beforeEach(async () => {
      ks = await startFakeKeystone();
    });

    it("a 500 stays a ServiceError carrying Keystone's message", async () => {
      ks.failNext("server-error");
      const error = await rejection(auth({ authUrl: `${ks.url}/v3`, username: "a", password: PASSWORD }));
      expect(error).to.be.instanceOf(ServiceError);
      expect(error.status).to.equal(500);
      expect(error.message).to.include("An unexpected error prevented the server");
      expect(error.message).not.to.include(PASSWORD);
    });

    it("a 503 is retried by the session, then succeeds", async () => {
      ks.failNext("service-unavailable");
      const retrying = new HttpSession({ maxRetries: 2, sleep: async () => {} });
      const result = await createAuthPlugin({
        authUrl: `${ks.url}/v3`,
        username: "a",
        password: "p",
        projectName: "demo",
      }).authenticate(retrying);
      expect(result.token).to.equal("fake-token-1");
      expect(ks.authAttempts).to.equal(2);
    });

    it("a 200 HTML login page on v2.0 is a MalformedResponseError", async () => {
      ks.failNext("html-body");
      const error = await rejection(auth({ authUrl: `${ks.url}/v2.0`, username: "a", password: "p" }));
      expect(error).to.be.instanceOf(MalformedResponseError);
      expect(error.message).to.include(`${ks.url}/v2.0/tokens`);
    });
  });
});

describe("parseVersionDocument", () => {
  it("reads both shapes of version document", () => {
    expect(
      parseVersionDocument({
        versions: {
          values: [{ id: "v3.14", status: "stable", links: [{ rel: "self", href: "https://k/v3/" }] }],
        },
      }),
    ).to.deep.equal([{ id: "v3.14", status: "stable", href: "https://k/v3/" }]);
    expect(parseVersionDocument({ version: { id: "v2.0", links: [] } })).to.deep.equal([{ id: "v2.0" }]);
    expect(parseVersionDocument("<html>")).to.deep.equal([]);
  });
});
