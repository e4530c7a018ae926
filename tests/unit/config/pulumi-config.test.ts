import { expect } from "chai";
import { loadConfig } from "../../../provider/config";
import { ConfigError } from "../../../provider/errors";
import { dirs, sandbox, type Sandbox } from "./helpers";

describe("config: Pulumi stack config openstack:*", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (
    pulumiConfig: Record<string, string | undefined> | { get(key: string): string | undefined },
  ) => loadConfig({ pulumiConfig, env: {}, ...dirs(box) });

  const everyKey: Record<string, string> = {
    "openstack:authUrl": "https://k/v3",
    "openstack:userName": "alice",
    "openstack:userId": "u-1",
    "openstack:password": "pw",
    "openstack:tenantName": "web",
    "openstack:tenantId": "t-1",
    "openstack:projectDomainName": "pdn",
    "openstack:projectDomainId": "pdi",
    "openstack:userDomainName": "udn",
    "openstack:userDomainId": "udi",
    "openstack:domainName": "dn",
    "openstack:domainId": "di",
    "openstack:region": "RegionOne",
    "openstack:insecure": "false",
    "openstack:cacertFile": "/ca.pem",
    "openstack:endpointType": "publicURL",
    "openstack:endpointOverrides": '{"compute":"https://nova/v2.1","network":"https://neutron"}',
    "openstack:applicationCredentialId": "ac",
    "openstack:applicationCredentialName": "acn",
    "openstack:applicationCredentialSecret": "acs",
    "openstack:token": "tok",
    "openstack:authVersion": "3.x_password",
    "openstack:authToken": "atok",
    "openstack:baseUrl": "https://nova/v2.1/p",
    "openstack:serviceName": "nova",
    "openstack:timeoutMs": "30000",
    "openstack:maxRetries": "0",
  };
  const expected = {
    authUrl: "https://k/v3",
    username: "alice",
    userId: "u-1",
    password: "pw",
    tenantName: "web",
    tenantId: "t-1",
    projectDomainName: "pdn",
    projectDomainId: "pdi",
    userDomainName: "udn",
    userDomainId: "udi",
    domainName: "dn",
    domainId: "di",
    region: "RegionOne",
    insecure: false,
    caCertFile: "/ca.pem",
    interface: "public",
    endpointOverrides: { compute: "https://nova/v2.1", network: "https://neutron" },
    applicationCredentialId: "ac",
    applicationCredentialName: "acn",
    applicationCredentialSecret: "acs",
    token: "tok",
    authVersion: "3.x_password",
    authToken: "atok",
    baseUrl: "https://nova/v2.1/p",
    serviceName: "nova",
    timeoutMs: 30000,
    maxRetries: 0,
  };

  it("reads every key from a plain record, parsing strings into booleans, numbers and objects", () => {
    const loaded = load(everyKey);
    expect(loaded.options).to.deep.equal(expected);
    expect(loaded.sources.username).to.equal("pulumi config openstack:userName");
    expect(loaded.sources.caCertFile).to.equal("pulumi config openstack:cacertFile");
    expect(loaded.sources.interface).to.equal("pulumi config openstack:endpointType");
  });

  it("reads the same keys through a Config-like get(), with the full key", () => {
    const asked: string[] = [];
    const config = {
      values: everyKey,
      get(key: string) {
        asked.push(key);
        return this.values[key];
      },
    };
    expect(load(config).options).to.deep.equal(expected);
    expect(asked).to.include("openstack:authUrl").and.include("openstack:cloud");
  });

  it("ignores empty values and keys of other namespaces", () => {
    const loaded = load({ "openstack:password": "", "openstack:region": "  ", "aws:region": "us-east-1" });
    expect(loaded.options).to.deep.equal({});
  });

  it("accepts true/false spellings for insecure", () => {
    expect(load({ "openstack:insecure": "true" }).options.insecure).to.equal(true);
    expect(load({ "openstack:insecure": "False" }).options.insecure).to.equal(false);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["insecure", "maybe", /openstack:insecure must be true or false.*"maybe"/],
    ["endpointType", "private", /openstack:endpointType must be one of public, internal, admin/],
    ["authVersion", "4", /openstack:authVersion must be one of 1\.0, .*3\.x_password.*3\.x_token, got "4"/],
    ["endpointOverrides", "compute=https://x", /openstack:endpointOverrides must be a JSON object/],
    ["endpointOverrides", '["https://x"]', /openstack:endpointOverrides must be a JSON object/],
    ["endpointOverrides", '{"compute": 5}', /openstack:endpointOverrides\.compute must be a URL string/],
    ["timeoutMs", "10s", /openstack:timeoutMs must be a whole number >= 1/],
    ["timeoutMs", "0", /openstack:timeoutMs must be a whole number >= 1/],
    ["maxRetries", "-1", /openstack:maxRetries must be a whole number >= 0/],
    ["maxRetries", "1.5", /openstack:maxRetries must be a whole number >= 0/],
  ];
  for (const [key, value, message] of bad) {
    it(`rejects openstack:${key} = ${value} with a ConfigError naming the key and the valid values`, () => {
      expect(() => load({ [`openstack:${key}`]: value })).to.throw(ConfigError, message);
    });
  }
});
