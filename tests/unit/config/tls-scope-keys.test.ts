import { expect } from "chai";
import { OpenStackClient } from "../../../provider/client/client";
import { describeConfig, loadConfig, unknownKeyWarnings } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { warnOnce } from "../../../provider/runtime/warn-once";
import { dirs, sandbox, type Sandbox } from "./helpers";

const KEY_PEM =
  "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIKeyMaterialNotReal\n-----END PRIVATE KEY-----\n";

describe("config: keys @pulumi/openstack users bring (cert, key, systemScope, defaultDomain)", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());

  it("cert and key from Pulumi config, OS_CERT/OS_KEY and clouds.yaml; the key is masked", () => {
    const fromPulumi = loadConfig({
      pulumiConfig: { "openstack:cert": "/tls/client.pem", "openstack:key": KEY_PEM },
      env: {},
      ...dirs(box),
    });
    expect(fromPulumi.options).to.include({ clientCert: "/tls/client.pem", clientKey: KEY_PEM });
    const text = describeConfig(fromPulumi);
    expect(text).to.include("clientCert").and.include("/tls/client.pem").and.not.include("KeyMaterial");

    const fromEnv = loadConfig({ env: { OS_CERT: "/e/c.pem", OS_KEY: "/e/k.pem" }, ...dirs(box) });
    expect(fromEnv.sources).to.include({ clientCert: "env OS_CERT", clientKey: "env OS_KEY" });

    box.write(
      "project/clouds.yaml",
      "clouds:\n  c:\n    auth: {auth_url: https://k/v3}\n    cert: /y/c.pem\n    key: /y/k.pem\n",
    );
    const fromYaml = loadConfig({ env: { OS_CLOUD: "c" }, ...dirs(box) });
    expect(fromYaml.options).to.include({ clientCert: "/y/c.pem", clientKey: "/y/k.pem" });
  });

  it("a certificate without its key (or the reverse) is refused at construction, naming both", () => {
    for (const [given, missing] of [
      ["clientCert", "clientKey"],
      ["clientKey", "clientCert"],
    ] as const) {
      expect(
        () =>
          new OpenStackClient({ authUrl: "https://k/v3", username: "u", password: "p", [given]: "/x.pem" }),
      ).to.throw(ConfigError, `${given} is given without ${missing}`);
    }
  });

  it("an unreadable certificate file is a ConfigError that names the option", () => {
    expect(
      () =>
        new OpenStackClient({
          authUrl: "https://k/v3",
          username: "u",
          password: "p",
          clientCert: "/nonexistent/client.pem",
          clientKey: KEY_PEM,
        }),
    ).to.throw(ConfigError, "clientCert file /nonexistent/client.pem cannot be read");
  });

  it("systemScope true asks for the system scope; defaultDomain is the default user and project domain", () => {
    const loaded = loadConfig({
      pulumiConfig: {
        "openstack:userName": "admin",
        "openstack:password": "pw",
        "openstack:systemScope": "true",
        "openstack:defaultDomain": "d-corp",
      },
      env: {},
      ...dirs(box),
    });
    expect(loaded.options).to.include({ system: "all", userDomainId: "d-corp" });
    const project = loadConfig({
      pulumiConfig: {
        "openstack:tenantName": "web",
        "openstack:defaultDomain": "d-corp",
        "openstack:systemScope": "false",
      },
      env: {},
      ...dirs(box),
    });
    expect(project.options).to.deep.include({ tenantName: "web", projectDomainId: "d-corp" });
    expect(project.options.system).to.equal(undefined);
    expect(() =>
      loadConfig({ pulumiConfig: { "openstack:systemScope": "maybe" }, env: {}, ...dirs(box) }),
    ).to.throw(ConfigError, "openstack:systemScope");
  });
});

describe("config: unknown openstack:* keys", () => {
  it("are warned about, each naming the nearest known key; other namespaces are not", () => {
    const warnings = unknownKeyWarnings({
      "openstack:tenantname": "web",
      "openstack:regoin": "RegionOne",
      "openstack:authURL": "https://k",
      "openstack:region": "RegionOne",
      "aws:region": "us-east-1",
    });
    expect(warnings).to.have.length(3);
    expect(warnings[0]).to.include("openstack:tenantname").and.include("did you mean openstack:tenantName?");
    expect(warnings[1]).to.include("did you mean openstack:region?");
    expect(warnings[2]).to.include("did you mean openstack:authUrl?");
    // describeConfig repeats them
    const loaded = loadConfig({ pulumiConfig: { "openstack:usrName": "u" }, env: {}, cwd: "/nonexistent" });
    expect(describeConfig(loaded)).to.include("warning: Unknown configuration key openstack:usrName");
  });

  it("the provider host's Config (keys in rawConfig) is read too, and each key is warned once per process", () => {
    const rawConfig = { "openstack:pasword": "pw", "openstack:authUrl": "https://k/v3" };
    const config = { rawConfig, get: (k: string) => (rawConfig as Record<string, string>)[k] };
    const seen: string[] = [];
    // as configure() does for each resource kind's provider
    warnOnce(unknownKeyWarnings(config), (m) => seen.push(m));
    warnOnce(unknownKeyWarnings(config), (m) => seen.push(m));
    const mine = seen.filter((s) => s.includes("openstack:pasword"));
    expect(mine).to.have.length(1);
    expect(mine[0]).to.include("did you mean openstack:password?").and.not.include(": pw");
  });
});
