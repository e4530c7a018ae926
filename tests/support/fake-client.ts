// A client of the fake Keystone's cloud (tests/support/fake-keystone.ts) for resource tests that answer
// a service's calls with the fake's own routes.
import { OpenStackClient } from "../../provider/client/client";
import { clearTokenCache } from "../../provider/client/token-cache";
import { type FakeKeystone, startFakeKeystone } from "./fake-keystone";

export function fakeCloudClient(ks: FakeKeystone, password: string): OpenStackClient {
  return new OpenStackClient({
    authUrl: `${ks.url}/v3`,
    username: "admin",
    password,
    userDomainName: "Default",
    projectName: "demo",
    projectDomainName: "Default",
    maxRetries: 0,
  });
}

/**
 * A fresh fake Keystone and a client of it for each test of the calling suite (token cache cleared
 * first): `cloud.ks` and `cloud.client` are set in beforeEach.
 */
export function useFakeCloud(password = "pw"): { ks: FakeKeystone; client: OpenStackClient } {
  const cloud = {} as { ks: FakeKeystone; client: OpenStackClient };
  beforeEach(async () => {
    clearTokenCache();
    cloud.ks = await startFakeKeystone({ secret: password });
    cloud.client = fakeCloudClient(cloud.ks, password);
  });
  afterEach(() => cloud.ks.stop());
  return cloud;
}
