import { expect } from "chai";
import { describeConfig, describeConfigEntries, loadConfig } from "../../../provider/config";
import { dirs, sandbox, type Sandbox } from "./helpers";

describe("config: describeConfig", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());

  const SECRETS = [
    "opt-password-1",
    "pulumi-token-2",
    "env-appcred-secret-3",
    "yaml-auth-token-4",
    "api-key-5",
  ];

  function loadedWithSecrets() {
    box.write("project/clouds.yaml", "clouds:\n  c:\n    auth: {auth_url: 'https://keystone.example/v3'}\n");
    box.write("project/secure.yaml", `clouds:\n  c:\n    auth: {password: ${SECRETS[0]}}\n`);
    return loadConfig({
      ...dirs(box),
      // Every secret option at once, from one source so that none is set aside.
      options: {
        password: SECRETS[0],
        apiKey: SECRETS[4],
        token: SECRETS[1],
        authToken: SECRETS[3],
        applicationCredentialSecret: SECRETS[2],
        username: "alice",
        baseUrl: `https://user:${SECRETS[0]}@nova.example/v2.1`,
      },
      env: { OS_CLOUD: "c", OS_REGION_NAME: "RegionOne", OS_INSECURE: "1" },
    });
  }

  it("shows each option with its value and source, and never a secret", () => {
    const text = describeConfig(loadedWithSecrets());
    for (const secret of SECRETS) expect(text).not.to.include(secret);
    expect(text).to.include("***");
    expect(text).to.match(/username\s+= alice {2}\(options\)/);
    expect(text).to.match(/region\s+= RegionOne {2}\(env OS_REGION_NAME\)/);
    expect(text).to.match(/insecure\s+= true {2}\(env OS_INSECURE\)/);
    expect(text).to.match(
      /authUrl\s+= https:\/\/keystone\.example\/v3 {2}\(clouds\.yaml \(.*\) clouds\.c\.auth\.auth_url\)/,
    );
    expect(text).to.match(/password\s+= \*\*\* {2}\(options\)/);
    expect(text).to.include('cloud "c"');
    expect(text.split("\n").length).to.be.greaterThan(8);
  });

  it("masks secrets in the structured entries too", () => {
    const entries = describeConfigEntries(loadedWithSecrets());
    const json = JSON.stringify(entries);
    for (const secret of SECRETS) expect(json).not.to.include(secret);
    const byKey = Object.fromEntries(entries.map((e) => [e.key, e]));
    expect(byKey.password).to.deep.equal({ key: "password", value: "***", source: "options", secret: true });
    expect(byKey.username).to.include({ value: "alice", secret: false });
    expect(byKey.baseUrl?.value).to.equal("https://***@nova.example/v2.1");
    expect(entries.map((e) => e.key).slice(0, 2)).to.deep.equal(["authUrl", "username"]);
  });

  it("masks secrets from clouds.yaml, secure.yaml and the environment, and names those sources", () => {
    box.write("project/clouds.yaml", "clouds:\n  c:\n    auth: {username: alice}\n");
    const secure = box.write("project/secure.yaml", "clouds:\n  c:\n    auth: {password: yaml-pw-77}\n");
    const yaml = describeConfig(loadConfig({ ...dirs(box), env: { OS_CLOUD: "c" } }));
    expect(yaml).not.to.include("yaml-pw-77");
    expect(yaml).to.include(`password = ***  (secure.yaml (${secure}) clouds.c.auth.password)`);

    const env = describeConfig(
      loadConfig({
        ...dirs(box),
        env: { OS_AUTH_TYPE: "v3applicationcredential", OS_APPLICATION_CREDENTIAL_SECRET: "env-ac-88" },
      }),
    );
    expect(env).not.to.include("env-ac-88");
    expect(env).to.include("(env OS_APPLICATION_CREDENTIAL_SECRET)");
  });

  it("masks a secret that was also pasted into a non-secret option", () => {
    const text = describeConfig(
      loadConfig({ ...dirs(box), env: {}, options: { username: "same-as-pw", password: "same-as-pw" } }),
    );
    expect(text).not.to.include("same-as-pw");
  });

  it("lists credential sources that were set aside", () => {
    const text = describeConfig(
      loadConfig({
        ...dirs(box),
        options: { username: "alice", password: "a-pw" },
        env: { OS_USERNAME: "bob", OS_PASSWORD: "bob-pw-99" },
      }),
    );
    expect(text).to.include("ignored").and.include("env OS_USERNAME").and.include("env OS_PASSWORD");
    expect(text).not.to.include("bob-pw-99");
  });

  it("says when nothing is set", () => {
    expect(describeConfig(loadConfig({ ...dirs(box), env: {} }))).to.equal(
      "OpenStack configuration:\n  (nothing set)",
    );
  });
});
