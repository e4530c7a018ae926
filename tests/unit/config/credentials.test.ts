import { expect } from "chai";
import { loadConfig, type LoadConfigInput } from "../../../provider/config";
import { dirs, sandbox, type Sandbox } from "./helpers";

describe("config: credentials stay together", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (input: LoadConfigInput) => loadConfig({ ...dirs(box), env: {}, ...input });

  it("does not mix an application credential from OS_* into explicit username+password", () => {
    const loaded = load({
      options: { authUrl: "https://k/v3", username: "alice", password: "alice-pw" },
      env: {
        OS_AUTH_TYPE: "v3applicationcredential",
        OS_APPLICATION_CREDENTIAL_ID: "ac-1",
        OS_APPLICATION_CREDENTIAL_SECRET: "ac-secret",
        OS_USER_DOMAIN_NAME: "corp",
        OS_PROJECT_NAME: "web",
        OS_REGION_NAME: "RegionOne",
      },
    });
    expect(loaded.options).to.deep.equal({
      authUrl: "https://k/v3",
      username: "alice",
      password: "alice-pw",
      // Scope and region are not credentials: they still come from the environment.
      tenantName: "web",
      region: "RegionOne",
    });
    expect(loaded.ignored).to.have.members([
      "env OS_AUTH_TYPE",
      "env OS_APPLICATION_CREDENTIAL_ID",
      "env OS_APPLICATION_CREDENTIAL_SECRET",
      "env OS_USER_DOMAIN_NAME",
    ]);
  });

  it("does not take the password of another user", () => {
    const loaded = load({
      pulumiConfig: { "openstack:userName": "alice" },
      env: { OS_USERNAME: "bob", OS_PASSWORD: "bob-pw" },
    });
    expect(loaded.options).to.deep.equal({ username: "alice" });
    expect(loaded.ignored).to.have.members(["env OS_USERNAME", "env OS_PASSWORD"]);
  });

  it("does not take a user named another way (userId under a username)", () => {
    const loaded = load({
      options: { username: "alice" },
      env: { OS_USER_ID: "u-bob", OS_PASSWORD: "bob-pw" },
    });
    expect(loaded.options).to.deep.equal({ username: "alice" });
  });

  it("does not take the same user name in another domain", () => {
    const loaded = load({
      options: { username: "alice", userDomainName: "corp" },
      env: { OS_USERNAME: "alice", OS_USER_DOMAIN_NAME: "partners", OS_PASSWORD: "other-pw" },
    });
    expect(loaded.options).to.deep.equal({ username: "alice", userDomainName: "corp" });
  });

  it("completes a username with a password from a lower source that names no other user", () => {
    const loaded = load({
      pulumiConfig: { "openstack:userName": "alice" },
      env: { OS_PASSWORD: "alice-pw", OS_USER_DOMAIN_NAME: "corp" },
    });
    expect(loaded.options).to.deep.equal({ username: "alice", password: "alice-pw", userDomainName: "corp" });
    expect(loaded.sources.password).to.equal("env OS_PASSWORD");
    expect(loaded.ignored).to.deep.equal([]);
  });

  it("lets OS_PASSWORD complete the user of the OS_CLOUD entry, as the CLI does", () => {
    box.write("project/clouds.yaml", "clouds:\n  c:\n    auth: {username: alice, auth_url: https://k}\n");
    const loaded = load({ env: { OS_CLOUD: "c", OS_PASSWORD: "typed-pw" } });
    expect(loaded.options).to.deep.equal({ username: "alice", password: "typed-pw", authUrl: "https://k" });
  });

  it("keeps the same user when a lower source repeats the name", () => {
    const loaded = load({
      options: { username: "alice" },
      env: { OS_USERNAME: "alice", OS_PASSWORD: "alice-pw" },
    });
    expect(loaded.options).to.deep.equal({ username: "alice", password: "alice-pw" });
  });

  it("lets an authVersion set high decide which lower credentials fit", () => {
    const pulumiConfig = { "openstack:authVersion": "3.x_appcred" };
    const appcred = load({
      pulumiConfig,
      env: { OS_APPLICATION_CREDENTIAL_ID: "ac-1", OS_APPLICATION_CREDENTIAL_SECRET: "s" },
    });
    expect(appcred.options).to.deep.equal({
      authVersion: "3.x_appcred",
      applicationCredentialId: "ac-1",
      applicationCredentialSecret: "s",
    });
    const password = load({ pulumiConfig, env: { OS_USERNAME: "bob", OS_PASSWORD: "pw" } });
    expect(password.options).to.deep.equal({ authVersion: "3.x_appcred" });
  });

  it("does not add a lower authVersion of another method to a higher identity", () => {
    box.write(
      "project/clouds.yaml",
      "clouds:\n  c:\n    auth_type: v3applicationcredential\n    auth: {application_credential_id: ac, application_credential_secret: s}\n",
    );
    const loaded = load({ options: { username: "alice", password: "pw" }, env: { OS_CLOUD: "c" } });
    expect(loaded.options).to.deep.equal({ username: "alice", password: "pw" });
    expect(loaded.ignored).to.have.length(3);
  });

  it("uses nothing else for authentication under an authToken", () => {
    const loaded = load({
      options: { authToken: "ready-token", baseUrl: "https://nova/v2.1" },
      env: { OS_USERNAME: "bob", OS_PASSWORD: "pw", OS_TOKEN: "t" },
    });
    expect(loaded.options).to.deep.equal({ authToken: "ready-token", baseUrl: "https://nova/v2.1" });
  });

  it("does not take a different token from a lower source", () => {
    const loaded = load({
      pulumiConfig: { "openstack:token": "t1" },
      env: { OS_TOKEN: "t2", OS_AUTH_TYPE: "token" },
    });
    expect(loaded.options).to.deep.equal({ token: "t1" });
  });

  it("does not let a set-aside source name the user's domain through OS_DOMAIN_* or OS_DEFAULT_DOMAIN", () => {
    const loaded = load({
      options: { username: "alice", password: "pw", tenantName: "web" },
      env: { OS_USERNAME: "bob", OS_DOMAIN_ID: "d-bob", OS_DEFAULT_DOMAIN: "default" },
    });
    // nor the project's: the scope comes whole from the options
    expect(loaded.options).to.deep.equal({ username: "alice", password: "pw", tenantName: "web" });
  });
});
