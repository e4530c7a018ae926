import { expect } from "chai";
import { normaliseAuthUrl, parseAuthUrl, resolveAuthVersion } from "../../../provider/auth";
import type { AuthVersion, OpenStackClientOptions } from "../../../provider/client/options";
import { ConfigError } from "../../../provider/errors";

describe("normaliseAuthUrl", () => {
  const table: Array<[string, AuthVersion, string, string]> = [
    // [given, version, base, tokensUrl]
    [
      "https://ks.example.com:5000/v3",
      "3.x_password",
      "https://ks.example.com:5000",
      "https://ks.example.com:5000/v3/auth/tokens",
    ],
    [
      "https://ks.example.com:5000/v3/",
      "3.x_password",
      "https://ks.example.com:5000",
      "https://ks.example.com:5000/v3/auth/tokens",
    ],
    [
      "https://ks.example.com:5000/v3/auth/tokens",
      "3.x_token",
      "https://ks.example.com:5000",
      "https://ks.example.com:5000/v3/auth/tokens",
    ],
    [
      "https://ks.example.com:5000",
      "3.x_appcred",
      "https://ks.example.com:5000",
      "https://ks.example.com:5000/v3/auth/tokens",
    ],
    [
      "https://ks.example.com:5000/",
      "3.x_password",
      "https://ks.example.com:5000",
      "https://ks.example.com:5000/v3/auth/tokens",
    ],
    [
      "https://cloud.example.com/identity",
      "3.x_password",
      "https://cloud.example.com/identity",
      "https://cloud.example.com/identity/v3/auth/tokens",
    ],
    [
      "https://cloud.example.com/identity/v3",
      "3.x_password",
      "https://cloud.example.com/identity",
      "https://cloud.example.com/identity/v3/auth/tokens",
    ],
    [
      "https://ks.example.com/v2.0",
      "2.0_password",
      "https://ks.example.com",
      "https://ks.example.com/v2.0/tokens",
    ],
    [
      "https://ks.example.com/v2.0/tokens",
      "2.0_apikey",
      "https://ks.example.com",
      "https://ks.example.com/v2.0/tokens",
    ],
    [
      "https://ks.example.com/V2.0/",
      "2.0_password",
      "https://ks.example.com",
      "https://ks.example.com/v2.0/tokens",
    ],
    ["https://ks.example.com", "2.0_apikey", "https://ks.example.com", "https://ks.example.com/v2.0/tokens"],
    ["https://auth.example.net/v1.0", "1.0", "https://auth.example.net", "https://auth.example.net/v1.0"],
    ["https://auth.example.net", "1.0", "https://auth.example.net", "https://auth.example.net/v1.0"],
    [
      "https://auth.example.net/v1.1",
      "1.1",
      "https://auth.example.net",
      "https://auth.example.net/v1.1/auth",
    ],
    [
      "https://auth.example.net/v1.1/auth",
      "1.1",
      "https://auth.example.net",
      "https://auth.example.net/v1.1/auth",
    ],
    ["https://auth.example.net/", "1.1", "https://auth.example.net", "https://auth.example.net/v1.1/auth"],
  ];
  for (const [given, version, base, tokensUrl] of table) {
    it(`${given} with ${version}`, () => {
      const url = normaliseAuthUrl(given, version);
      expect(url.base).to.equal(base);
      expect(url.tokensUrl).to.equal(tokensUrl);
      expect(url.root).to.equal(tokensUrl.replace(/\/(auth\/tokens|tokens|auth)$/, ""));
    });
  }

  it("keeps the version its path named, and none for a base URL", () => {
    expect(parseAuthUrl("https://h/identity/v3/auth/tokens").pathVersion).to.equal("3");
    expect(parseAuthUrl("https://h/v2.0").pathVersion).to.equal("2.0");
    expect(parseAuthUrl("https://h/identity").pathVersion).to.equal(undefined);
    // a path that only looks like a version is part of the base
    expect(parseAuthUrl("https://h/v3x").pathVersion).to.equal(undefined);
  });

  it("rejects a URL of another version than authVersion, suggesting the right one", () => {
    expect(() => normaliseAuthUrl("https://ks.example.com/v2.0", "3.x_password")).to.throw(
      ConfigError,
      "use authUrl https://ks.example.com/v3 (or https://ks.example.com)",
    );
    expect(() => normaliseAuthUrl("https://ks.example.com/v3", "2.0_password")).to.throw(
      ConfigError,
      "v3 URL",
    );
  });

  it("rejects missing, relative, non-http and credential-bearing URLs", () => {
    expect(() => normaliseAuthUrl(undefined, "3.x_password")).to.throw(ConfigError, "authUrl is required");
    expect(() => normaliseAuthUrl("  ", "3.x_password")).to.throw(ConfigError, "authUrl is required");
    expect(() => normaliseAuthUrl("keystone:5000/v3", "3.x_password")).to.throw(ConfigError, "http or https");
    expect(() => normaliseAuthUrl("/v3", "3.x_password")).to.throw(ConfigError, "is not a URL");
    expect(() => normaliseAuthUrl("ftp://h/v3", "3.x_password")).to.throw(ConfigError, "http or https");
    const error = (() => {
      try {
        normaliseAuthUrl("https://admin:hunter2@h/v3", "3.x_password");
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).to.be.instanceOf(ConfigError);
    expect(error!.message).to.include("must not contain credentials").and.not.include("hunter2");
    expect(() => normaliseAuthUrl("https://h/v3?x=1", "3.x_password")).to.throw(ConfigError, "query string");
  });
});

describe("resolveAuthVersion", () => {
  const table: Array<[string, OpenStackClientOptions, AuthVersion]> = [
    ["explicit wins over the path", { authUrl: "https://h/v3", authVersion: "3.x_token" }, "3.x_token"],
    ['"2.0" means 2.0_apikey', { authVersion: "2.0" }, "2.0_apikey"],
    ["explicit 2.0_password", { authVersion: "2.0_password" }, "2.0_password"],
    ["explicit 1.1", { authVersion: "1.1" }, "1.1"],
    ["v1.0 path", { authUrl: "https://h/v1.0", apiKey: "k" }, "1.0"],
    ["v1.1 path", { authUrl: "https://h/v1.1/", password: "p" }, "1.1"],
    ["v2.0 path with password", { authUrl: "https://h/v2.0", password: "p" }, "2.0_password"],
    ["v2.0/tokens path with apiKey", { authUrl: "https://h/v2.0/tokens", apiKey: "k" }, "2.0_apikey"],
    ["v2.0 path with nothing", { authUrl: "https://h/v2.0" }, "2.0_password"],
    ["v3 path with password", { authUrl: "https://h/v3", password: "p" }, "3.x_password"],
    [
      "v3 path with app credential id",
      { authUrl: "https://h/v3", applicationCredentialId: "a" },
      "3.x_appcred",
    ],
    [
      "v3 path with app credential name",
      { authUrl: "https://h/v3", applicationCredentialName: "a" },
      "3.x_appcred",
    ],
    ["v3 path with token only", { authUrl: "https://h/v3/auth/tokens", token: "t" }, "3.x_token"],
    [
      "v3 path with token and password",
      { authUrl: "https://h/v3", token: "t", password: "p" },
      "3.x_password",
    ],
    ["base URL, nothing else", { authUrl: "https://h" }, "3.x_password"],
    [
      "base URL with app credential",
      { authUrl: "https://h/identity", applicationCredentialSecret: "s" },
      "3.x_appcred",
    ],
    ["base URL with token", { authUrl: "https://h", token: "t" }, "3.x_token"],
    ["base URL with apiKey stays v3", { authUrl: "https://h", apiKey: "k" }, "3.x_password"],
    ["no URL", {}, "3.x_password"],
    [
      "empty strings are unset",
      { authUrl: "https://h/v3", applicationCredentialId: "", token: "" },
      "3.x_password",
    ],
  ];
  for (const [label, options, version] of table) {
    it(`${label} → ${version}`, () => {
      expect(resolveAuthVersion(options)).to.equal(version);
    });
  }

  it("rejects an unknown authVersion, listing the valid ones", () => {
    expect(() => resolveAuthVersion({ authVersion: "3" as AuthVersion })).to.throw(
      ConfigError,
      'authVersion "3" is not one of 1.0, 1.1, 2.0, 2.0_apikey, 2.0_password, 3.x_password, 3.x_appcred, 3.x_token',
    );
  });

  it("asks to choose when a v2.0 URL comes with both an apiKey and a password", () => {
    expect(() => resolveAuthVersion({ authUrl: "https://h/v2.0", apiKey: "k", password: "p" })).to.throw(
      ConfigError,
      "set authVersion to 2.0_apikey or 2.0_password",
    );
  });
});
