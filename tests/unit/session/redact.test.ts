import { expect } from "chai";
import { redactBody, redactHeaders, redactText, redactUrl } from "../../../provider/session/redact";

describe("redact", () => {
  it("masks secret-named fields at any depth and leaves the rest", () => {
    const body = {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "admin", password: "hunter2" } },
          application_credential: { id: "abc", secret: "s3cr3t" },
        },
      },
      server: { name: "web", adminPass: "p", user_data: "IyEvYmluL3No" },
      keypair: { name: "k", private_key: "-----BEGIN" },
    };
    const out = JSON.stringify(redactBody(body));
    for (const secret of ["hunter2", "s3cr3t", '"p"', "IyEvYmluL3No", "BEGIN"])
      expect(out).not.to.include(secret);
    expect(out).to.include('"name":"admin"').and.include('"name":"web"').and.include('"id":"abc"');
  });

  it("masks token headers, credentials in URLs and given strings in text", () => {
    expect(redactHeaders({ "X-Auth-Token": "gAAAA", Accept: "x" })).to.deep.equal({
      "X-Auth-Token": "***",
      Accept: "x",
    });
    expect(redactUrl("https://u:pw@h/v3?token=abc&limit=2")).to.equal(
      "https://***:***@h/v3?token=***&limit=2",
    );
    expect(redactText("bad token gAAAAxyz here", ["gAAAAxyz"])).to.equal("bad token *** here");
  });
});

describe("redact by structure", () => {
  const TOKEN = "gAAAAABnTokenValue0123456789abcdefXYZ";

  it("masks the id of a token object at any depth: v3 token exchange, v2.0 and v1.1 responses", () => {
    const bodies = [
      { auth: { identity: { methods: ["token"], token: { id: TOKEN } } } },
      {
        access: { token: { id: TOKEN, expires: "2030-01-01T00:00:00Z", tenant: { id: "t1", name: "demo" } } },
      },
      { auth: { token: { id: TOKEN, expires: "2030-01-01T00:00:00Z" } } },
      { deep: [{ nested: { subject_token: { id: TOKEN } } }] },
    ];
    for (const body of bodies) {
      const out = JSON.stringify(redactBody(body));
      expect(out).not.to.include(TOKEN);
      expect(out).to.include("***");
    }
    // the token's neighbours stay readable for debugging
    expect(JSON.stringify(redactBody(bodies[1])))
      .to.include('"name":"demo"')
      .and.include("2030-01-01");
  });

  it("masks tokens echoed in free text, credentials inside URLs in bodies, and secret-named headers", () => {
    const body = {
      error: { message: `Could not find token: ${TOKEN}.`, code: 404 },
      links: [{ href: "https://user:hunter2@glance.example/v2/images" }],
    };
    const out = JSON.stringify(redactBody(body));
    expect(out).not.to.include(TOKEN).and.not.include("hunter2");
    expect(out).to.include("Could not find token").and.include("glance.example");
    expect(
      redactHeaders({ "X-Service-Token": "svc", "OpenStack-Auth-Receipt-Secret": "r", Vary: "x" }),
    ).to.deep.equal({ "X-Service-Token": "***", "OpenStack-Auth-Receipt-Secret": "***", Vary: "x" });
  });

  it("masks user data a service echoes back", () => {
    const out = JSON.stringify(
      redactBody({ server: { id: "s1", "OS-EXT-SRV-ATTR:user_data": "I2Nsb3VkLWNvbmZpZw==" } }),
    );
    expect(out).not.to.include("I2Nsb3VkLWNvbmZpZw==");
    expect(out).to.include('"id":"s1"');
  });
});
