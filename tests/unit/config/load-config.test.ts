import { expect } from "chai";
import { describeConfig, loadConfig, type LoadConfigInput } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { dirs, sandbox, type Sandbox } from "./helpers";

describe("config: loadConfig precedence", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (input: LoadConfigInput) => loadConfig({ ...dirs(box), env: {}, ...input });

  it("passes explicit options through, with source 'options'", () => {
    const loaded = load({
      options: {
        authUrl: "https://k/v3",
        username: "alice",
        password: "pw",
        timeoutMs: 5,
        insecure: false,
        debug: true,
      },
    });
    expect(loaded.options).to.deep.equal({
      authUrl: "https://k/v3",
      username: "alice",
      password: "pw",
      timeoutMs: 5,
      insecure: false,
      debug: true,
    });
    expect(loaded.sources).to.deep.equal({
      authUrl: "options",
      username: "options",
      password: "options",
      timeoutMs: "options",
      insecure: "options",
      debug: "options",
    });
    expect(loaded.ignored).to.deep.equal([]);
  });

  it("returns nothing set when no source says anything", () => {
    expect(load({})).to.deep.equal({
      options: {},
      sources: {},
      files: [],
      ignored: [],
      ignoredScope: [],
      warnings: [],
    });
  });

  it("folds projectName/projectId into tenantName/tenantId and rejects two different projects", () => {
    const loaded = load({
      options: { projectName: "web", projectId: "p-1" },
      env: { OS_TENANT_NAME: "other" },
    });
    expect(loaded.options).to.deep.equal({ tenantName: "web", tenantId: "p-1" });
    expect(() => load({ options: { projectName: "a", tenantName: "b" } })).to.throw(
      ConfigError,
      /options\.projectName and options\.tenantName/,
    );
  });

  it("takes the scope whole from the highest source that names one, and says which", () => {
    const loaded = load({
      pulumiConfig: { "openstack:tenantName": "prod" },
      env: { OS_PROJECT_ID: "p-shell", OS_PROJECT_DOMAIN_ID: "d-shell", OS_USERNAME: "u", OS_PASSWORD: "pw" },
    });
    expect(loaded.options).to.deep.equal({ tenantName: "prod", username: "u", password: "pw" });
    expect(loaded.ignoredScope).to.deep.equal(["env OS_PROJECT_ID", "env OS_PROJECT_DOMAIN_ID"]);
    const text = describeConfig(loaded);
    expect(text).to.include("scope from: pulumi config openstack:tenantName");
    expect(text).to.include("identity from: env OS_USERNAME, env OS_PASSWORD");
    expect(text).to.include("ignored, the scope is taken whole from another source: env OS_PROJECT_ID");
    // a domain scope in a higher source is a scope too: no project from below joins it
    const domain = load({ options: { domainName: "eng" }, env: { OS_PROJECT_NAME: "web" } });
    expect(domain.options).to.deep.equal({ domainName: "eng" });
  });

  it("takes each field from the highest source that sets it: options, pulumi, env, clouds.yaml", () => {
    const file = box.write(
      "project/clouds.yaml",
      `clouds:
  c:
    auth: {auth_url: https://yaml/v3, project_name: yaml-p, project_domain_name: yaml-pd, user_domain_name: yaml-ud}
    region_name: yaml-r
    cacert: /yaml.pem
`,
    );
    const loaded = load({
      options: { authUrl: "https://opt/v3" },
      pulumiConfig: { "openstack:authUrl": "https://pulumi/v3", "openstack:tenantName": "pulumi-p" },
      env: {
        OS_CLOUD: "c",
        OS_AUTH_URL: "https://env/v3",
        OS_PROJECT_NAME: "env-p",
        OS_REGION_NAME: "env-r",
        OS_PROJECT_DOMAIN_NAME: "",
      },
    });
    expect(loaded.options).to.deep.equal({
      authUrl: "https://opt/v3",
      tenantName: "pulumi-p",
      region: "env-r",
      userDomainName: "yaml-ud",
      caCertFile: "/yaml.pem",
    });
    expect(loaded.sources).to.deep.equal({
      authUrl: "options",
      tenantName: "pulumi config openstack:tenantName",
      region: "env OS_REGION_NAME",
      userDomainName: `clouds.yaml (${file}) clouds.c.auth.user_domain_name`,
      caCertFile: `clouds.yaml (${file}) clouds.c.cacert`,
    });
  });

  describe("cloud selection", () => {
    beforeEach(() => {
      box.write(
        "project/clouds.yaml",
        "clouds:\n  a: {region_name: ra, auth: {auth_url: https://a}}\n  b: {region_name: rb}\n  c: {region_name: rc}\n",
      );
    });

    it("reads the cloud named highest: argument, then options, then pulumi, then OS_CLOUD", () => {
      const pulumiConfig = { "openstack:cloud": "b" };
      const env = { OS_CLOUD: "c" };
      expect(load({ cloud: "a", options: { cloud: "b" }, pulumiConfig, env }).cloudName).to.equal("a");
      expect(load({ options: { cloud: "a" }, pulumiConfig, env }).cloudName).to.equal("a");
      expect(load({ pulumiConfig, env }).options.region).to.equal("rb");
      expect(load({ env }).options.region).to.equal("rc");
    });

    it("ranks a cloud named in Pulumi config above OS_* variables", () => {
      const loaded = load({ pulumiConfig: { "openstack:cloud": "b" }, env: { OS_REGION_NAME: "env-r" } });
      expect(loaded.options.region).to.equal("rb");
    });

    it("ranks a cloud named by OS_CLOUD below the other OS_* variables", () => {
      const loaded = load({ env: { OS_CLOUD: "a", OS_REGION_NAME: "env-r" } });
      expect(loaded.options).to.deep.equal({ region: "env-r", authUrl: "https://a" });
    });

    it("ranks a cloud named by options or the argument below explicit options only", () => {
      const pulumiConfig = { "openstack:region": "pulumi-r", "openstack:authUrl": "https://p" };
      const loaded = load({ cloud: "a", options: { authUrl: "https://opt" }, pulumiConfig });
      expect(loaded.options).to.deep.equal({ authUrl: "https://opt", region: "ra" });
      expect(loaded.sources.region).to.match(/^clouds\.yaml \(.*\) clouds\.a\.region_name$/);
    });
  });

  it("lets the region argument override every source", () => {
    const loaded = load({
      options: { region: "opt-r" },
      env: { OS_REGION_NAME: "env-r" },
      region: "per-resource",
    });
    expect(loaded.options.region).to.equal("per-resource");
    expect(loaded.sources.region).to.equal("region argument");
  });

  it("takes the whole endpointOverrides object from the highest source", () => {
    box.write("project/clouds.yaml", "clouds:\n  c:\n    network_endpoint_override: https://yaml-net\n");
    const loaded = load({
      env: { OS_CLOUD: "c" },
      pulumiConfig: { "openstack:endpointOverrides": '{"compute":"https://p-nova"}' },
    });
    expect(loaded.options.endpointOverrides).to.deep.equal({ compute: "https://p-nova" });
    expect(loaded.sources.endpointOverrides).to.equal("pulumi config openstack:endpointOverrides");
  });
});
