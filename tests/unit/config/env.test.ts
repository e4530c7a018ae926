import { expect } from "chai";
import { loadConfig } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { dirs, sandbox, type Sandbox } from "./helpers";

describe("config: OS_* environment variables", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (env: NodeJS.ProcessEnv) => loadConfig({ env, ...dirs(box) });

  it("reads the CLI's variables and names each as the source", () => {
    const loaded = load({
      OS_AUTH_URL: "https://keystone.example:5000/v3",
      OS_USERNAME: "alice",
      OS_PASSWORD: "pw-env",
      OS_PROJECT_NAME: "web",
      OS_PROJECT_ID: "p-1",
      OS_USER_DOMAIN_NAME: "corp",
      OS_PROJECT_DOMAIN_ID: "pd-1",
      OS_REGION_NAME: "RegionTwo",
      OS_INTERFACE: "internal",
      OS_CACERT: "/certs/ca.pem",
      OS_INSECURE: "true",
      OS_SYSTEM_SCOPE: "all",
    });
    expect(loaded.options).to.deep.equal({
      authUrl: "https://keystone.example:5000/v3",
      username: "alice",
      password: "pw-env",
      tenantName: "web",
      tenantId: "p-1",
      userDomainName: "corp",
      projectDomainId: "pd-1",
      region: "RegionTwo",
      interface: "internal",
      caCertFile: "/certs/ca.pem",
      insecure: true,
      system: "all",
    });
    expect(loaded.sources.password).to.equal("env OS_PASSWORD");
    expect(loaded.sources.tenantName).to.equal("env OS_PROJECT_NAME");
    expect(loaded.files).to.deep.equal([]);
    expect(loaded.cloudName).to.equal(undefined);
  });

  it("uses the older aliases only when the newer name is unset", () => {
    const old = load({
      OS_TENANT_NAME: "t",
      OS_TENANT_ID: "tid",
      OS_ENDPOINT_TYPE: "adminURL",
      OS_AUTH_TOKEN: "tok",
    });
    expect(old.options).to.include({ tenantName: "t", tenantId: "tid", interface: "admin", token: "tok" });
    expect(old.sources.token).to.equal("env OS_AUTH_TOKEN");
    expect(old.options.authToken).to.equal(undefined);
    const both = load({ OS_PROJECT_NAME: "p", OS_TENANT_NAME: "t", OS_TOKEN: "new", OS_AUTH_TOKEN: "old" });
    expect(both.options).to.include({ tenantName: "p", token: "new" });
    expect(both.sources.token).to.equal("env OS_TOKEN");
  });

  it("treats empty and blank variables as unset", () => {
    const loaded = load({ OS_USERNAME: "", OS_PASSWORD: "  ", OS_REGION_NAME: "r" });
    expect(loaded.options).to.deep.equal({ region: "r" });
  });

  it("maps OS_AUTH_TYPE and OS_IDENTITY_API_VERSION to authVersion", () => {
    const cases: Array<[NodeJS.ProcessEnv, string | undefined]> = [
      [{ OS_AUTH_TYPE: "v3applicationcredential" }, "3.x_appcred"],
      [{ OS_AUTH_TYPE: "token" }, "3.x_token"],
      [{ OS_AUTH_TYPE: "v3token" }, "3.x_token"],
      [{ OS_AUTH_TYPE: "v2password" }, "2.0_password"],
      [{ OS_AUTH_TYPE: "password" }, undefined],
      [{ OS_AUTH_TYPE: "v3password" }, undefined],
      [{ OS_AUTH_TYPE: "password", OS_IDENTITY_API_VERSION: "2.0" }, "2.0_password"],
      [{ OS_IDENTITY_API_VERSION: "2" }, "2.0_password"],
      [{ OS_IDENTITY_API_VERSION: "3" }, undefined],
    ];
    for (const [env, expected] of cases) {
      expect(load(env).options.authVersion, JSON.stringify(env)).to.equal(expected);
    }
    expect(load({ OS_AUTH_TYPE: "v3applicationcredential" }).sources.authVersion).to.equal(
      "env OS_AUTH_TYPE",
    );
    expect(load({ OS_IDENTITY_API_VERSION: "2" }).sources.authVersion).to.equal(
      "env OS_IDENTITY_API_VERSION",
    );
  });

  it("rejects an unsupported OS_AUTH_TYPE, naming the supported ones", () => {
    expect(() => load({ OS_AUTH_TYPE: "v3oidcpassword" }))
      .to.throw(ConfigError, /OS_AUTH_TYPE/)
      .with.property("message")
      .that.includes("v3applicationcredential")
      .and.includes("v2password")
      .and.includes("v3oidcpassword");
  });

  it("rejects bad OS_IDENTITY_API_VERSION, OS_INSECURE and OS_INTERFACE values", () => {
    expect(() => load({ OS_IDENTITY_API_VERSION: "4" })).to.throw(
      ConfigError,
      /OS_IDENTITY_API_VERSION.*2, 2\.0, 3/,
    );
    expect(() => load({ OS_INSECURE: "maybe" })).to.throw(ConfigError, /OS_INSECURE must be true or false/);
    expect(() => load({ OS_INTERFACE: "private" })).to.throw(
      ConfigError,
      /OS_INTERFACE.*public, internal, admin/,
    );
    expect(() => load({ OS_ENDPOINT_TYPE: "private" })).to.throw(ConfigError, /OS_ENDPOINT_TYPE/);
  });

  it("reads the application credential and token variables", () => {
    const loaded = load({
      OS_AUTH_TYPE: "v3applicationcredential",
      OS_APPLICATION_CREDENTIAL_ID: "ac-1",
      OS_APPLICATION_CREDENTIAL_NAME: "ci",
      OS_APPLICATION_CREDENTIAL_SECRET: "ac-secret",
    });
    expect(loaded.options).to.deep.equal({
      authVersion: "3.x_appcred",
      applicationCredentialId: "ac-1",
      applicationCredentialName: "ci",
      applicationCredentialSecret: "ac-secret",
    });
    expect(loaded.sources.applicationCredentialSecret).to.equal("env OS_APPLICATION_CREDENTIAL_SECRET");
  });

  describe("OS_DOMAIN_* (the CLI's rule)", () => {
    it("is the default user and project domain when a project is given", () => {
      const loaded = load({ OS_PROJECT_NAME: "web", OS_DOMAIN_NAME: "corp", OS_DOMAIN_ID: "d-1" });
      expect(loaded.options).to.deep.equal({
        tenantName: "web",
        userDomainName: "corp",
        userDomainId: "d-1",
        projectDomainName: "corp",
        projectDomainId: "d-1",
      });
      expect(loaded.sources.projectDomainName).to.equal("env OS_DOMAIN_NAME");
    });

    it("does not replace a user or project domain that is set", () => {
      const loaded = load({ OS_PROJECT_ID: "p", OS_DOMAIN_NAME: "corp", OS_USER_DOMAIN_ID: "u-d" });
      expect(loaded.options).to.deep.equal({ tenantId: "p", userDomainId: "u-d", projectDomainName: "corp" });
    });

    it("is the domain scope when no project is given", () => {
      const loaded = load({ OS_USERNAME: "admin", OS_DOMAIN_NAME: "corp" });
      expect(loaded.options).to.deep.equal({ username: "admin", domainName: "corp" });
      expect(loaded.sources.domainName).to.equal("env OS_DOMAIN_NAME");
    });

    it("counts a project from another source, whose scope it does not complete", () => {
      const loaded = loadConfig({
        options: { tenantName: "web" },
        env: { OS_DOMAIN_ID: "d-1" },
        ...dirs(box),
      });
      // the user's domain is the identity's business; the project's domain comes with the project
      expect(loaded.options).to.deep.equal({ tenantName: "web", userDomainId: "d-1" });
    });
  });

  it("uses OS_DEFAULT_DOMAIN as user and project domain id only when nothing names them", () => {
    expect(load({ OS_PROJECT_NAME: "p", OS_DEFAULT_DOMAIN: "default" }).options).to.deep.equal({
      tenantName: "p",
      userDomainId: "default",
      projectDomainId: "default",
    });
    const named = load({ OS_PROJECT_NAME: "p", OS_DEFAULT_DOMAIN: "default", OS_USER_DOMAIN_NAME: "corp" });
    expect(named.options).to.deep.equal({
      tenantName: "p",
      userDomainName: "corp",
      projectDomainId: "default",
    });
    expect(named.sources.projectDomainId).to.equal("env OS_DEFAULT_DOMAIN");
  });
});
