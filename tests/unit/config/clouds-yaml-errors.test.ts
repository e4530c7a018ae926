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

describe("config: clouds.yaml errors", () => {
  let box: Sandbox;
  beforeEach(() => (box = sandbox()));
  afterEach(() => box.remove());
  const load = (input: LoadConfigInput) => loadConfig({ ...dirs(box), env: {}, ...input });

  it("fails for a named cloud that no file defines, listing the files searched and the clouds found", () => {
    box.write("project/clouds.yaml", CLOUDS);
    const err = (() => {
      try {
        load({ env: { OS_CLOUD: "nope" } });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).to.be.instanceOf(ConfigError);
    expect(err?.message).to.include('cloud "nope"');
    for (const file of [
      path.join(box.cwd, "clouds.yaml"),
      path.join(box.homeDir, ".config", "openstack", "clouds.yaml"),
      path.join(box.systemConfigDir, "clouds.yaml"),
      path.join(box.cwd, "secure.yaml"),
    ]) {
      expect(err?.message).to.include(file);
    }
    expect(err?.message).to.include("clouds found: mycloud, other");
  });

  it("fails when no clouds.yaml exists at all and a cloud is named", () => {
    expect(() => load({ cloud: "c" })).to.throw(ConfigError, /cloud "c" is not defined.*no clouds found/);
  });

  describe("bad files and values", () => {
    it("reports invalid YAML by position only, never quoting secure.yaml's text", () => {
      box.write("project/clouds.yaml", CLOUDS);
      box.write("project/secure.yaml", "clouds:\n  mycloud:\n    auth:\n      password: [hunter2-leak\n");
      expect(() => load({ cloud: "mycloud" }))
        .to.throw(ConfigError, /secure\.yaml is not valid YAML \(\w+ at line \d+, column \d+\)/)
        .with.property("message")
        .that.does.not.include("hunter2");
    });

    it("rejects a file without a clouds mapping", () => {
      box.write("project/clouds.yaml", "clouds: [a, b]\n");
      expect(() => load({ cloud: "a" })).to.throw(ConfigError, /must hold a "clouds:" mapping/);
    });

    it("rejects a non-string password without quoting it", () => {
      box.write("project/clouds.yaml", "clouds:\n  c:\n    auth:\n      password: [s3cret-list]\n");
      expect(() => load({ cloud: "c" }))
        .to.throw(ConfigError, /clouds\.c\.auth\.password must be a string/)
        .with.property("message")
        .that.does.not.include("s3cret");
    });

    it("rejects bad interface, verify, auth_type and identity_api_version values naming the key", () => {
      const cases: Array<[string, RegExp]> = [
        ["interface: private", /clouds\.c\.interface must be one of public, internal, admin/],
        ["verify: maybe", /clouds\.c\.verify must be true or false/],
        ["auth_type: v3oidcpassword", /clouds\.c\.auth_type must be one of password, v3password/],
        ["identity_api_version: 4", /clouds\.c\.identity_api_version must be one of 2, 2\.0, 3/],
      ];
      for (const [line, message] of cases) {
        box.write("project/clouds.yaml", `clouds:\n  c:\n    ${line}\n`);
        expect(() => load({ cloud: "c" }), line).to.throw(ConfigError, message);
      }
    });
  });
});
