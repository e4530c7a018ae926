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
