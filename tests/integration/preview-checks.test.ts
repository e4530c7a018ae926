// What a preview learns from the cloud, through the real provider host: check authenticates once (the
// token is shared by every check of the process) and looks up the flavor, image and networks a resource
// names with read-only requests, so a preview fails on wrong credentials or a name that does not exist.
// Malformed inputs still reach nothing.
import { expect } from "chai";
import { providerFor } from "../../provider/resources/framework/program/resource-class";
import { ensureBuilt } from "../support/build";
import { describeWithCloud, PROJECT_DIR } from "../support/cloud";
import { type FakeKeystone, startFakeKeystone } from "../support/fake-keystone";
import {
  CheckFailedError,
  type ProviderHost,
  ResourceDriver,
  serializeProvider,
  startProviderHost,
} from "../support/provider-host";
import { rejection } from "../support/rejection";

async function hostWith(config: Record<string, string>): Promise<ProviderHost> {
  ensureBuilt();
  // no OS_* or clouds.yaml of the machine: only the stack config speaks
  const host = await startProviderHost({
    cwd: PROJECT_DIR,
    env: { OS_CLOUD: "", OS_CLIENT_CONFIG_FILE: "/nonexistent" },
  });
  await host.configure(config);
  return host;
}

const driver = async (host: ProviderHost, kind: string) =>
  new ResourceDriver(host, await serializeProvider(providerFor(kind)));

describe("preview checks against a fake Keystone, through the provider host", function () {
  this.timeout(120_000);
  let ks: FakeKeystone;
  let host: ProviderHost | undefined;
  beforeEach(async () => {
    ks = await startFakeKeystone({ secret: "the-right-password" });
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await ks.stop();
  });
  const config = (password: string) => ({
    "openstack:authUrl": `${ks.url}/v3`,
    "openstack:userName": "admin",
    "openstack:password": password,
    "openstack:tenantName": "demo",
    "openstack:usrName": "typo",
  });

  it("a wrong password fails the preview, after one authentication and nothing else", async () => {
    host = await hostWith(config("a-wrong-password"));
    const keys = await driver(host, "KeyPair");
    const error = await rejection(keys.preview("kp", { name: "preview-kp" }));
    expect(error.message).to.include("rejected the credentials").and.not.include("a-wrong-password");
    expect(ks.authAttempts).to.equal(1);
    expect(ks.requests.filter((r) => r.path !== "/v3/auth/tokens")).to.deep.equal([]);
  });

  it("right credentials: one authentication for every check of the process, no mutating call", async () => {
    host = await hostWith(config("the-right-password"));
    const keys = await driver(host, "KeyPair");
    const nets = await driver(host, "Network");
    expect((await keys.preview("kp", { name: "preview-kp" })).action).to.equal("create");
    expect((await nets.preview("net", { name: "preview-net" })).action).to.equal("create");
    expect((await keys.preview("kp2", { name: "preview-kp2" })).action).to.equal("create");
    expect(ks.authAttempts).to.equal(1);
    const mutating = ks.requests.filter((r) => r.method !== "GET" && r.path !== "/v3/auth/tokens");
    expect(mutating).to.deep.equal([]);
    // the misspelt key was warned about once, with the key it resembles
    const warnings = host
      .stderrText()
      .split("\n")
      .filter((l) => l.includes("openstack:usrName"));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include("did you mean openstack:userName?");
  });

  it("malformed inputs are refused without a request", async () => {
    host = await hostWith(config("the-right-password"));
    const nets = await driver(host, "Network");
    const error = await rejection(nets.preview("net", { name: "x".repeat(300) }));
    expect(error).to.be.instanceOf(CheckFailedError);
    expect(ks.requests).to.deep.equal([]);
  });
});

describeWithCloud("preview checks against the cloud, through the provider host", "admin", (use) => {
  let host: ProviderHost | undefined;
  afterEach(async () => {
    await host?.stop();
    host = undefined;
  });
  const stack = (password?: string) => {
    const a = use().auth;
    return {
      "openstack:authUrl": a.auth_url,
      "openstack:userName": a.username ?? "",
      "openstack:password": password ?? a.password ?? "",
      "openstack:tenantName": a.project_name ?? "",
      "openstack:userDomainName": a.user_domain_name ?? "Default",
      "openstack:projectDomainName": a.project_domain_name ?? "Default",
      ...(use().region ? { "openstack:region": use().region! } : {}),
    };
  };

  it("a wrong password fails the preview of a server", async function () {
    this.timeout(120_000);
    host = await hostWith(stack("not-the-password"));
    const servers = await driver(host, "Server");
    const error = await rejection(
      servers.preview("web", { name: "preview-web", flavor: "m1.nano", image: "cirros" }),
    );
    expect(error.message).to.include("rejected the credentials").and.not.include("not-the-password");
  });

  it("a flavor, image or network that does not exist fails the preview; existing ones pass", async function () {
    this.timeout(120_000);
    host = await hostWith(stack());
    const servers = await driver(host, "Server");
    const missing = await rejection(
      servers.preview("web", {
        name: "preview-web",
        flavor: "m1.enormous",
        image: "no-such-image",
        networks: [{ name: "no-such-network" }],
      }),
    );
    expect(missing).to.be.instanceOf(CheckFailedError);
    const failures = (missing as CheckFailedError).failures;
    expect(failures.map((f) => f.property)).to.deep.equal(["flavor", "image", "networks"]);
    expect(failures[0]!.reason).to.include('flavor "m1.enormous" does not exist').and.include("m1.nano");
    expect(failures[2]!.reason).to.include("networks[0]");
    const fine = await servers.preview("web", {
      name: "preview-web",
      flavor: "m1.nano",
      image: "cirros",
      networks: [{ name: "public" }],
    });
    expect(fine.action).to.equal("create");
    const ips = await driver(host, "FloatingIp");
    const pool = await rejection(ips.preview("ip", { pool: "no-such-pool" }));
    expect((pool as CheckFailedError).failures.map((f) => f.property)).to.deep.equal(["pool"]);
  });
});
