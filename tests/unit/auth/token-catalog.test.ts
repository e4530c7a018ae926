import { expect } from "chai";
import { fetchTokenCatalog, normaliseAuthUrl } from "../../../provider/auth";
import { AuthenticationError, ConfigError } from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";
import { rejection } from "../../support/rejection";

describe("fetchTokenCatalog (a token given as it is)", () => {
  let ks: FakeKeystone;
  const session = new HttpSession({ maxRetries: 0 });
  beforeEach(async () => {
    ks = await startFakeKeystone();
  });
  afterEach(() => ks.stop());

  it("GETs /v3/auth/tokens with the token as X-Auth-Token and X-Subject-Token, and reads its catalog", async () => {
    const expiresAt = new Date("2031-02-03T04:05:06.000Z");
    ks.addToken("forced-token", { expiresAt });
    const result = await fetchTokenCatalog(session, `${ks.url}/v3`, "forced-token");
    const request = ks.requests[0]!;
    expect(request.method).to.equal("GET");
    expect(request.url).to.equal("/v3/auth/tokens");
    expect(request.headers["x-auth-token"]).to.equal("forced-token");
    expect(request.headers["x-subject-token"]).to.equal("forced-token");
    expect(result.token).to.equal("forced-token");
    expect(result.authVersion).to.equal("3.x_token");
    expect(result.expiresAt!.toISOString()).to.equal("2031-02-03T04:05:06.000Z");
    expect(result.project).to.deep.equal({
      id: "9c4693dce56b493b9b83197d900f7fba",
      name: "demo",
      domainId: "default",
    });
    expect(result.user?.name).to.equal("admin");
    expect(result.catalog.endpointFor({ serviceType: "image" })).to.equal(`${ks.origin}/image`);
    expect(ks.authCount).to.equal(0);
  });

  it("accepts a base URL, a full tokens URL, or normaliseAuthUrl's result", async () => {
    ks.addToken("t-1");
    await fetchTokenCatalog(session, ks.url, "t-1");
    await fetchTokenCatalog(session, `${ks.url}/v3/auth/tokens`, "t-1");
    await fetchTokenCatalog(session, normaliseAuthUrl(ks.url, "3.x_token"), "t-1");
    expect(ks.requests.map((r) => r.path)).to.deep.equal([
      "/v3/auth/tokens",
      "/v3/auth/tokens",
      "/v3/auth/tokens",
    ]);
  });

  it("an expired or revoked token is an AuthenticationError that does not repeat the token", async () => {
    ks.addToken("still-valid");
    ks.route("GET", "/v3/auth/tokens", (request) => ({
      status: 404,
      body: {
        error: {
          code: 404,
          title: "Not Found",
          message: `Could not find token: ${request.headers["x-subject-token"]}.`,
        },
      },
    }));
    const error = await rejection(fetchTokenCatalog(session, `${ks.url}/v3`, "revoked-token-value"));
    expect(error).to.be.instanceOf(AuthenticationError);
    expect(error.message).to.include("has expired or been revoked");
    expect(error.message).not.to.include("revoked-token-value");
  });

  it("a token Keystone refuses as caller is an AuthenticationError without the token", async () => {
    const error = await rejection(fetchTokenCatalog(session, `${ks.url}/v3`, "unknown-token-value"));
    expect(error).to.be.instanceOf(AuthenticationError);
    expect(error.message).to.include(`${ks.url}/v3/auth/tokens`).and.include("the token given as authToken");
    expect(error.message).not.to.include("unknown-token-value");
  });

  it("needs a v3 URL", async () => {
    const error = await rejection(fetchTokenCatalog(session, `${ks.url}/v2.0`, "t"));
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.message).to.include("needs Keystone v3").and.include("endpointOverrides");
    expect(ks.requests).to.have.length(0);
  });
});
