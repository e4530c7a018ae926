import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";

const base: OpenStackClientOptions = {
  authUrl: "https://keystone.example.com:5000/v3",
  username: "alice",
  password: "correct horse battery staple",
  projectName: "web",
};
const key = (options: OpenStackClientOptions) => createAuthPlugin(options).cacheKey();

describe("cacheKey", () => {
  it("is stable for equal options, whatever form the auth URL takes", () => {
    expect(key(base)).to.equal(key({ ...base }));
    expect(key(base)).to.equal(key({ ...base, authUrl: "https://keystone.example.com:5000/v3/auth/tokens" }));
    expect(key(base)).to.equal(key({ ...base, authUrl: "https://keystone.example.com:5000" }));
    expect(key(base)).to.equal(key({ ...base, tenantName: "web", projectName: undefined }));
  });

  it("differs by auth URL, version, user, user domain, scope and secret", () => {
    const variants: OpenStackClientOptions[] = [
      { ...base, authUrl: "https://other.example.com:5000/v3" },
      { ...base, username: "bob" },
      { ...base, userDomainName: "Engineering" },
      { ...base, userDomainId: "eng" },
      { ...base, projectName: "db" },
      { ...base, projectDomainName: "Engineering" },
      { ...base, projectName: undefined, projectId: "p-1" },
      { ...base, projectName: undefined, domainName: "Engineering" },
      { ...base, projectName: undefined, system: "all" },
      { ...base, projectName: undefined },
      { ...base, password: "a new password" },
      { ...base, username: undefined, userId: "u-1" },
    ];
    const keys = new Set([key(base), ...variants.map(key)]);
    expect(keys.size).to.equal(variants.length + 1);
  });

  it("distinguishes protocols, application credentials and tokens", () => {
    const keys = [
      key({ authUrl: "https://h/v2.0", username: "u", password: "p" }),
      key({ authUrl: "https://h/v2.0", username: "u", apiKey: "p" }),
      key({ authUrl: "https://h/v1.1", username: "u", apiKey: "p" }),
      key({ authUrl: "https://h/v1.0", username: "u", apiKey: "p" }),
      key({ authUrl: "https://h/v3", applicationCredentialId: "a1", applicationCredentialSecret: "s" }),
      key({ authUrl: "https://h/v3", applicationCredentialId: "a2", applicationCredentialSecret: "s" }),
      key({ authUrl: "https://h/v3", applicationCredentialId: "a1", applicationCredentialSecret: "s2" }),
      key({ authUrl: "https://h/v3", token: "token-one" }),
      key({ authUrl: "https://h/v3", token: "token-two" }),
      key({ authUrl: "https://h/v3", token: "token-one", projectId: "p" }),
    ];
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it("contains no secret in clear", () => {
    const secrets: Array<[OpenStackClientOptions, string]> = [
      [base, "correct horse battery staple"],
      [
        {
          authUrl: "https://h/v3",
          applicationCredentialId: "a",
          applicationCredentialSecret: "appcred-s3cret",
        },
        "appcred-s3cret",
      ],
      [{ authUrl: "https://h/v3", token: "gAAAAABtokenvalue" }, "gAAAAABtokenvalue"],
      [{ authUrl: "https://h/v2.0", username: "u", apiKey: "rax-api-key-123" }, "rax-api-key-123"],
      [{ authUrl: "https://h/v1.0", username: "u", password: "v1-password" }, "v1-password"],
    ];
    for (const [options, secret] of secrets) {
      const k = key(options);
      expect(k).not.to.include(secret);
      expect(k).to.match(/"secret":"[0-9a-f]{16}"/);
    }
  });

  it("names the identity and scope it stands for", () => {
    const parsed = JSON.parse(key(base)) as Record<string, string>;
    expect(parsed).to.include({
      authUrl: "https://keystone.example.com:5000/v3",
      authVersion: "3.x_password",
      userName: "alice",
      userDomainId: "default",
      projectName: "web",
      projectDomainId: "default",
    });
  });
});
