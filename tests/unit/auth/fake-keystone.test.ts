import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import { AuthenticationError } from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

describe("fake Keystone (test support)", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  beforeEach(async () => {
    ks = await startFakeKeystone();
  });
  afterEach(async () => {
    await ks.stop();
  });

  const login = () =>
    createAuthPlugin({ authUrl: ks.url, username: "a", password: "p", projectName: "demo" }).authenticate(
      session,
    );

  it("serves a test's routes, answering 401 once the token is no longer current", async () => {
    ks.route("GET", "/compute/v2.1/servers/detail", () => ({ body: { servers: [{ id: "s-1" }] } }), {
      requireToken: true,
    });
    const auth = await login();
    const url = `${auth.catalog.endpointFor({ serviceType: "compute" })}/servers/detail`;
    const ok = await session.send({ method: "GET", url, headers: { "X-Auth-Token": auth.token } });
    expect(ok.data).to.deep.equal({ servers: [{ id: "s-1" }] });
    ks.revokeTokens();
    let refused: unknown;
    try {
      await session.send({ method: "GET", url, headers: { "X-Auth-Token": auth.token } });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(AuthenticationError);
    const again = await login();
    expect(again.token).not.to.equal(auth.token);
    expect(ks.isValidToken(again.token)).to.equal(true);
    expect(ks.isValidToken(auth.token)).to.equal(false);
    expect(ks.authCount).to.equal(2);
    expect(ks.issuedTokens).to.deep.equal(["fake-token-1", "fake-token-2"]);
    expect(ks.requestsTo("/servers/detail")).to.have.length(2);
  });

  it("routes match a RegExp, see the request, and can be removed", async () => {
    const remove = ks.route("POST", /^\/network\/v2\.0\/ports$/, (request) => ({
      status: 201,
      body: { port: { name: (request.body as { port: { name: string } }).port.name } },
    }));
    const created = await session.send({
      method: "POST",
      url: `${ks.origin}/network/v2.0/ports`,
      body: { port: { name: "p1" } },
    });
    expect(created.status).to.equal(201);
    expect(created.data).to.deep.equal({ port: { name: "p1" } });
    remove();
    let status: number | undefined;
    try {
      await session.send({ method: "POST", url: `${ks.origin}/network/v2.0/ports`, body: {} });
    } catch (error) {
      status = (error as { status?: number }).status;
    }
    expect(status).to.equal(404);
  });

  it("answers version discovery with 300 and the versions served", async () => {
    const response = await session.send<{ versions: { values: Array<{ id: string }> } }>({
      method: "GET",
      url: `${ks.url}/`,
      acceptStatuses: [300],
    });
    expect(response.status).to.equal(300);
    expect(response.data.versions.values.map((v) => v.id)).to.deep.equal(["v3.14", "v2.0"]);
  });

  it("delays its answers when asked", async () => {
    ks.options.delayMs = 120;
    const started = Date.now();
    await login();
    expect(Date.now() - started).to.be.at.least(100);
  });

  it("counts failed attempts apart from issued tokens and forgets them on reset", async () => {
    ks.failNext("unauthorized", 2);
    for (let i = 0; i < 2; i++) {
      try {
        await login();
      } catch {
        // expected
      }
    }
    await login();
    expect(ks.authAttempts).to.equal(3);
    expect(ks.authCount).to.equal(1);
    ks.reset();
    expect(ks.requests).to.have.length(0);
    expect(ks.authAttempts).to.equal(0);
  });
});
