// What Pulumi stores for every resource: the serialized provider object. It must hold no credential
// and no path of this machine, and reach the implementation only through require.
import { homedir } from "node:os";
import { expect } from "chai";
import { providerFor } from "../../../provider/resources/framework/program/resource-class";
import { definitions } from "../../../provider/resources/registry";
import { serializeProvider } from "../../support/provider-host";

describe("serialized providers", () => {
  const secrets = {
    OS_PASSWORD: "env-password-123",
    OS_APPLICATION_CREDENTIAL_SECRET: "env-appcred-secret-456",
    OS_TOKEN: "env-token-789",
  };
  const saved: Record<string, string | undefined> = {};
  before(() => {
    for (const [k, v] of Object.entries(secrets)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  after(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  for (const kind of Object.keys(definitions)) {
    it(`${kind}: no credential, no absolute path, no captured client`, async () => {
      const text = await serializeProvider(providerFor(kind));
      for (const secret of Object.values(secrets)) expect(text).not.to.include(secret);
      for (const path of [process.cwd(), homedir(), "/work/", "/tmp/", "/root/"])
        expect(text).not.to.include(path);
      expect(text).to.include(`"${kind}"`);
      expect(text).to.include("pulumi-openstack-dynamic");
      expect(text).not.to.match(/OpenStackClient|LRUCache|axios/);
      // the only module it loads is the runtime, at call time
      expect(text.match(/require\(/g)).to.have.length(2);
    });
  }
});
