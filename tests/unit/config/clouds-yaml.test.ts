import { expect } from "chai";
import path from "node:path";
import { loadConfig, type LoadConfigInput } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { dirs, sandbox, type Sandbox } from "./helpers";

const CLOUDS = `
clouds:
  mycloud:
    auth:
      auth_url: https://keystone.example:5000/v3
      username: alice
      project_name: web
      user_domain_name: corp
      project_domain_id: pd-1
    region_name: RegionOne
    interface: internal
    identity_api_version: 3
  other:
    auth:
      auth_url: https://other/v3
`;
const SECURE = `
clouds:
  mycloud:
    auth:
      password: yaml-secret
`;

describe("config: clouds.yaml and secure.yaml", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (input: LoadConfigInput) => loadConfig({ ...dirs(box), env: {}, ...input });

  it("reads the cloud named by OS_CLOUD and deep-merges its secure.yaml entry", () => {
    const clouds = box.write("project/clouds.yaml", CLOUDS);
    const secure = box.write("project/secure.yaml", SECURE);
    const loaded = load({ env: { OS_CLOUD: "mycloud" } });
    expect(loaded.options).to.deep.equal({
      authUrl: "https://keystone.example:5000/v3",
      username: "alice",
      password: "yaml-secret",
      tenantName: "web",
      userDomainName: "corp",
      projectDomainId: "pd-1",
      region: "RegionOne",
      interface: "internal",
    });
    expect(loaded.cloudName).to.equal("mycloud");
    expect(loaded.files).to.deep.equal([clouds, secure]);
    expect(loaded.sources.password).to.equal(`secure.yaml (${secure}) clouds.mycloud.auth.password`);
    expect(loaded.sources.username).to.equal(`clouds.yaml (${clouds}) clouds.mycloud.auth.username`);
  });

  it("lets secure.yaml win over clouds.yaml for the same key", () => {
    box.write(
      "project/clouds.yaml",
      CLOUDS.replace("username: alice", "username: alice\n      password: old"),
    );
    box.write("project/secure.yaml", SECURE);
    expect(load({ env: { OS_CLOUD: "mycloud" } }).options.password).to.equal("yaml-secret");
  });

  it("maps the other clouds.yaml keys", () => {
    box.write(
      "project/clouds.yaml",
      `clouds:
  full:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://k/v3
      application_credential_id: ac-1
      application_credential_secret: ac-secret
      project_id: 12345
      system_scope: all
    endpoint_type: adminURL
    cacert: /etc/ssl/ca.pem
    verify: false
    profile: vexxhost
    compute_endpoint_override: https://nova.example/v2.1
    block_storage_endpoint_override: https://cinder.example/v3
`,
    );
    const loaded = load({ cloud: "full" });
    expect(loaded.options).to.deep.equal({
      authVersion: "3.x_appcred",
      authUrl: "https://k/v3",
      applicationCredentialId: "ac-1",
      applicationCredentialSecret: "ac-secret",
      tenantId: "12345",
      system: "all",
      interface: "admin",
      caCertFile: "/etc/ssl/ca.pem",
      insecure: true,
      endpointOverrides: {
        compute: "https://nova.example/v2.1",
        "block-storage": "https://cinder.example/v3",
      },
    });
    expect(loaded.sources.insecure).to.match(/clouds\.full\.verify$/);
    expect(loaded.sources.endpointOverrides).to.include("clouds.full.compute_endpoint_override");
  });

  it("reads verify as a boolean or a quoted boolean, insecure being its opposite", () => {
    box.write(
      "project/clouds.yaml",
      "clouds:\n  yes: {verify: true}\n  quoted: {verify: 'false'}\n  num: {verify: 0}\n",
    );
    expect(load({ cloud: "yes" }).options).to.deep.equal({ insecure: false });
    expect(load({ cloud: "quoted" }).options).to.deep.equal({ insecure: true });
    expect(load({ cloud: "num" }).options).to.deep.equal({ insecure: true });
  });

  it("applies the OS_DOMAIN_* rule to auth.domain_name", () => {
    box.write(
      "project/clouds.yaml",
      "clouds:\n  p:\n    auth: {project_name: web, domain_name: corp}\n  d:\n    auth: {domain_name: corp}\n",
    );
    expect(load({ cloud: "p" }).options).to.deep.equal({
      tenantName: "web",
      userDomainName: "corp",
      projectDomainName: "corp",
    });
    expect(load({ cloud: "d" }).options).to.deep.equal({ domainName: "corp" });
  });

  describe("file search", () => {
    const one = (url: string) => `clouds:\n  c:\n    auth:\n      auth_url: ${url}\n`;

    it("prefers ./clouds.yaml, then ~/.config/openstack, then the system directory", () => {
      box.write("etc/clouds.yaml", one("https://etc"));
      expect(load({ cloud: "c" }).options.authUrl).to.equal("https://etc");
      const home = box.write("home/.config/openstack/clouds.yaml", one("https://home"));
      expect(load({ cloud: "c" }).files).to.deep.equal([home]);
      box.write("project/clouds.yaml", one("https://cwd"));
      expect(load({ cloud: "c" }).options.authUrl).to.equal("https://cwd");
    });

    it("puts OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE first", () => {
      box.write("project/clouds.yaml", one("https://cwd"));
      box.write("project/secure.yaml", "clouds:\n  c:\n    auth:\n      password: cwd-pw\n");
      const named = box.write("elsewhere/my-clouds.yml", one("https://named"));
      const secure = box.write(
        "elsewhere/my-secure.yml",
        "clouds:\n  c:\n    auth:\n      password: named-pw\n",
      );
      const loaded = load({
        cloud: "c",
        env: { OS_CLIENT_CONFIG_FILE: named, OS_CLIENT_SECURE_FILE: secure },
      });
      expect(loaded.options).to.deep.equal({ authUrl: "https://named", password: "named-pw" });
      expect(loaded.files).to.deep.equal([named, secure]);
    });

    it("goes on searching when OS_CLIENT_CONFIG_FILE does not exist", () => {
      box.write("project/clouds.yaml", one("https://cwd"));
      const env = { OS_CLIENT_CONFIG_FILE: path.join(box.root, "missing.yaml") };
      expect(load({ cloud: "c", env }).options.authUrl).to.equal("https://cwd");
    });
  });

  describe("regions", () => {
    const regions = "clouds:\n  r:\n    regions:\n      - RegionOne\n      - name: RegionTwo\n";

    it("takes the first of a regions list when region_name is unset", () => {
      const file = box.write("project/clouds.yaml", regions);
      const loaded = load({ cloud: "r" });
      expect(loaded.options.region).to.equal("RegionOne");
      expect(loaded.sources.region).to.equal(`clouds.yaml (${file}) clouds.r.regions[0]`);
    });

    it("picks the region argument when it is in the list, and rejects one that is not", () => {
      box.write("project/clouds.yaml", regions);
      const loaded = load({ cloud: "r", region: "RegionTwo" });
      expect(loaded.options.region).to.equal("RegionTwo");
      expect(loaded.sources.region).to.equal("region argument");
      expect(() => load({ cloud: "r", region: "RegionNine" })).to.throw(
        ConfigError,
        /region "RegionNine" is not one of cloud "r"'s regions: RegionOne, RegionTwo/,
      );
    });

    it("prefers region_name over the list", () => {
      box.write(
        "project/clouds.yaml",
        regions.replace("    regions:", "    region_name: RegionTwo\n    regions:"),
      );
      expect(load({ cloud: "r" }).options.region).to.equal("RegionTwo");
    });
  });
});
