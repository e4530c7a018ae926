// A client of the fake Keystone's cloud (tests/support/fake-keystone.ts) for resource tests that answer
// a service's calls with the fake's own routes.
import { OpenStackClient } from "../../provider/client/client";
import type { FakeKeystone } from "./fake-keystone";

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
