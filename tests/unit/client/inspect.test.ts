import { format, inspect } from "node:util";
import { expect } from "chai";
import { createAuthPlugin } from "../../../provider/auth";
import { OpenStackClient } from "../../../provider/client/client";
import type { OpenStackClientOptions } from "../../../provider/client/options";

// What console.log shows of a client, its options and its plugin: the cloud, identity and scope, no secret.
describe("inspection forms without secrets", () => {
  const SECRETS = ["pw-4f3e2d1c", "key-8a7b6c5d", "acs-1a2b3c4d", "tok-9f8e7d6c", "forced-5e6f7a8b"];
  const shown = (value: unknown) => [inspect(value, { depth: 10 }), format("%o", value)].join("\n");
  const expectClean = (text: string) => {
    for (const secret of SECRETS) expect(text).not.to.include(secret);
  };

  const cases: Array<[string, OpenStackClientOptions]> = [
    [
      "password",
      {
        authUrl: "https://keystone.example:5000/v3",
        username: "alice",
        password: SECRETS[0],
        projectName: "demo",
      },
    ],
    ["API key", { authUrl: "https://keystone.example/v2.0", username: "alice", apiKey: SECRETS[1] }],
    [
      "application credential",
      {
        authUrl: "https://keystone.example/v3",
        applicationCredentialId: "ac-1",
        applicationCredentialSecret: SECRETS[2],
      },
    ],
    ["token", { authUrl: "https://keystone.example/v3", token: SECRETS[3], projectId: "p1" }],
    ["forced token", { authToken: SECRETS[4], baseUrl: "https://nova.example/v2.1" }],
  ];
  for (const [label, options] of cases) {
    it(`${label}: the client and its options print who and where, not the secret`, () => {
      const client = new OpenStackClient(options);
      const text = shown(client) + shown(client.options);
      expectClean(text);
      expect(text).to.include("***").and.include("OpenStackClient");
      if (options.authUrl) expect(text).to.include(options.authUrl);
      // the options keep their values for code that reads them
      expect(Object.values(client.options)).to.include.members(
        Object.values(options).filter((v) => SECRETS.includes(v as string)),
      );
    });
  }

  it("an auth plugin prints its version, URL, identity and scope", () => {
    const plugin = createAuthPlugin(cases[0]![1]);
    const text = shown(plugin);
    expectClean(text);
    expect(text).to.include("V3AuthPlugin").and.include("alice").and.include("demo");
  });
});
