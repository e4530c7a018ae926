import { readFileSync, rmSync } from "node:fs";
import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";
import { HttpSession } from "../../../provider/session/http";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

// The debug log of each authentication protocol, read back: the token Keystone hands out (or the token
// sent for exchange) and the credentials never appear in it, whatever field or header carries them.
describe("the debug log of every authentication protocol", () => {
  const TOKEN = "tok-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  const KEY = "key-9a8b7c6d5e4f";
  let ks: FakeKeystone;
  let file: string;
  beforeEach(async () => {
    ks = await startFakeKeystone({ tokens: [TOKEN] });
    file = `/tmp/openstack-debug-${process.pid}-${Date.now()}.log`;
  });
  afterEach(async () => {
    rmSync(file, { force: true });
    await ks.stop();
  });

  const cases: Array<[string, (url: string) => OpenStackClientOptions]> = [
    ["1.0", (url) => ({ authUrl: `${url}/v1.0`, username: "bob", apiKey: KEY })],
    ["1.1", (url) => ({ authUrl: `${url}/v1.1`, username: "bob", apiKey: KEY })],
    [
      "2.0_password",
      (url) => ({ authUrl: `${url}/v2.0`, username: "bob", password: KEY, tenantName: "demo" }),
    ],
    ["2.0_apikey", (url) => ({ authUrl: `${url}/v2.0`, username: "bob", apiKey: KEY, tenantName: "demo" })],
    [
      "3.x_password",
      (url) => ({ authUrl: `${url}/v3`, username: "bob", password: KEY, projectName: "demo" }),
    ],
  ];
  for (const [version, options] of cases) {
    it(`${version}: neither the key nor the token is written`, async () => {
      const session = new HttpSession({ maxRetries: 0, debug: file });
      const result = await createAuthPlugin(options(ks.url)).authenticate(session);
      expect(result.token).to.equal(TOKEN);
      const log = readFileSync(file, "utf8");
      expect(log).to.include("[openstack] -->");
      expect(log).not.to.include(TOKEN).and.not.include(KEY);
    });
  }

  it("3.x_token: the token sent for exchange (auth.identity.token.id) is not written", async () => {
    ks.addToken("exchanged-0123456789abcdef0123");
    const session = new HttpSession({ maxRetries: 0, debug: file });
    await createAuthPlugin({
      authUrl: `${ks.url}/v3`,
      token: "exchanged-0123456789abcdef0123",
      projectName: "demo",
    }).authenticate(session);
    const log = readFileSync(file, "utf8");
    expect(log).to.include('"methods":["token"]');
    expect(log).not.to.include("exchanged-0123456789abcdef0123").and.not.include(TOKEN);
  });
});
