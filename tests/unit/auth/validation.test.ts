import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import type { OpenStackClientOptions } from "../../../provider/client/options";
import { ConfigError } from "../../../provider/errors";

function configError(options: OpenStackClientOptions): ConfigError {
  try {
    createAuthPlugin(options);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const V3 = "https://keystone.example.com:5000/v3";
const V2 = "https://keystone.example.com:5000/v2.0";

describe("createAuthPlugin validation (before any request)", () => {
  it("3.x_password needs a user and a password", () => {
    const error = configError({ authUrl: V3 });
    expect(error.message).to.include("authVersion 3.x_password needs username or userId, and password");
    expect(error.message).to.include("missing: username (or userId), password");
    expect(configError({ authUrl: V3, username: "u" }).message).to.include("missing: password");
    expect(configError({ authUrl: V3, password: "p" }).message).to.include("missing: username (or userId)");
  });

  it("3.x_password hints at the protocol the other credentials belong to", () => {
    expect(
      configError({
        authUrl: V3,
        authVersion: "3.x_password",
        applicationCredentialId: "a",
        applicationCredentialSecret: "s",
      }).message,
    ).to.include("use authVersion 3.x_appcred");
    expect(configError({ authUrl: V3, authVersion: "3.x_password", token: "t" }).message).to.include(
      "use authVersion 3.x_token",
    );
    expect(configError({ authUrl: V3, username: "u", apiKey: "k" }).message).to.include(
      "apiKey is only used by authVersion 1.0, 1.1 and 2.0_apikey",
    );
  });

  it("a token has one scope: project with domain or system is a ConfigError naming the fields", () => {
    const both = configError({
      authUrl: V3,
      username: "u",
      password: "p",
      projectName: "demo",
      domainName: "Eng",
    });
    expect(both.message).to.include("projectName and domainName were given");
    expect(both.message).to.include("userDomainName/userDomainId");
    const system = configError({ authUrl: V3, username: "u", password: "p", tenantId: "t", system: "all" });
    expect(system.message).to.include("tenantId and system were given");
    const domainSystem = configError({
      authUrl: V3,
      username: "u",
      password: "p",
      domainId: "d",
      system: "all",
    });
    expect(domainSystem.message).to.include("domainId and system were given");
  });

  it("only the system scope Keystone knows is accepted", () => {
    expect(configError({ authUrl: V3, username: "u", password: "p", system: "compute" }).message).to.include(
      'the only one is "all"',
    );
  });

  it("project aliases must agree", () => {
    expect(
      configError({ authUrl: V3, username: "u", password: "p", tenantName: "a", projectName: "b" }).message,
    ).to.include('tenantName "a" and projectName "b" name different projects');
    expect(
      configError({ authUrl: V3, username: "u", password: "p", tenantId: "1", projectId: "2" }).message,
    ).to.include("tenantId");
    expect(() =>
      createAuthPlugin({ authUrl: V3, username: "u", password: "p", tenantName: "a", projectName: "a" }),
    ).not.to.throw();
  });

  it("3.x_appcred needs a secret and an id or a name", () => {
    const error = configError({ authUrl: V3, authVersion: "3.x_appcred" });
    expect(error.message).to.include("authVersion 3.x_appcred needs applicationCredentialSecret");
    expect(error.message).to.include("missing: applicationCredentialId, applicationCredentialSecret");
    expect(configError({ authUrl: V3, applicationCredentialId: "a" }).message).to.include(
      "missing: applicationCredentialSecret",
    );
  });

  it("3.x_appcred by name needs its user", () => {
    const error = configError({
      authUrl: V3,
      applicationCredentialName: "ci",
      applicationCredentialSecret: "s",
    });
    expect(error.message).to.include("userId, or username");
    expect(error.message).to.include("applicationCredentialId instead");
  });

  it("3.x_appcred refuses a scope", () => {
    const error = configError({
      authUrl: V3,
      applicationCredentialId: "a",
      applicationCredentialSecret: "s",
      projectName: "demo",
    });
    expect(error.message).to.include("projectName is given: remove it");
  });

  it("3.x_token needs a token, and says authToken is something else", () => {
    expect(configError({ authUrl: V3, authVersion: "3.x_token" }).message).to.include(
      "authVersion 3.x_token needs token",
    );
    expect(configError({ authUrl: V3, authVersion: "3.x_token", authToken: "x" }).message).to.include(
      "authToken is used as it is",
    );
  });

  it("2.0_password needs a user and a password; 2.0 alone means an API key", () => {
    expect(configError({ authUrl: V2, username: "u" }).message).to.include(
      "authVersion 2.0_password needs username or userId, and password; missing: password",
    );
    const apikey = configError({ authUrl: V2, authVersion: "2.0", username: "u", password: "p" });
    expect(apikey.message).to.include("authVersion 2.0_apikey needs username and apiKey; missing: apiKey");
    expect(apikey.message).to.include("for a password use 2.0_password");
  });

  it("2.0 has no domain or system scope", () => {
    expect(configError({ authUrl: V2, username: "u", password: "p", domainName: "Eng" }).message).to.include(
      "Keystone v2.0 has no domain or system scope, but domainName is given",
    );
  });

  it("1.0 and 1.1 need a username and a key", () => {
    expect(configError({ authUrl: "https://a/v1.0" }).message).to.include(
      "authVersion 1.0 needs username, and apiKey (or password); missing: username, apiKey",
    );
    expect(configError({ authUrl: "https://a/v1.1", username: "u" }).message).to.include(
      "authVersion 1.1 needs username, and apiKey (or password); missing: apiKey",
    );
  });

  it("never puts a secret in a validation message", () => {
    const error = configError({ authUrl: V3, password: "hunter2-secret", projectName: "a", tenantName: "b" });
    expect(error.message).not.to.include("hunter2-secret");
  });

  it("accepts complete options of every protocol", () => {
    const ok: OpenStackClientOptions[] = [
      { authUrl: "https://a/v1.0", username: "u", apiKey: "k" },
      { authUrl: "https://a/v1.1", username: "u", password: "p" },
      { authUrl: V2, username: "u", password: "p", tenantName: "t" },
      { authUrl: V2, userId: "u", password: "p" },
      { authUrl: V2, username: "u", apiKey: "k" },
      { authUrl: V3, username: "u", password: "p" },
      { authUrl: V3, userId: "u", password: "p", domainName: "Eng" },
      { authUrl: V3, applicationCredentialId: "a", applicationCredentialSecret: "s" },
      { authUrl: V3, applicationCredentialName: "a", applicationCredentialSecret: "s", userId: "u" },
      { authUrl: V3, token: "t", projectId: "p" },
    ];
    for (const options of ok) expect(() => createAuthPlugin(options), JSON.stringify(options)).not.to.throw();
  });
});
