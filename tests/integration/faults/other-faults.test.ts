// The faults that are not about one create request: a 401 in the middle of an upload, a stall beyond the
// deadline, Keystone failing twice, ten creates at once under random faults, a provider host killed in
// the middle of a server create, a delete blocked for good, and a service error far too long to repeat.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { describeWithCloud } from "../../support/cloud";
import type { Fault } from "../../support/fault-proxy";
import type { ResourceState } from "../../support/provider-host";
import type { ResourceHost } from "../../support/resource-host";
import { type FaultyCloud, liveIds, startFaultyCloud, sweep, uniqueName, withToken } from "./support";

describeWithCloud("Faults beyond one create request", "admin", (use) => {
  let faulty: FaultyCloud;
  let rh: ResourceHost;
  let dir: string;
  const made: Array<{ kind: string; name: string }> = [];
  const named = (kind: string) => {
    const name = uniqueName(kind.toLowerCase());
    made.push({ kind, name });
    return name;
  };

  before(async function () {
    this.timeout(60_000);
    faulty = await startFaultyCloud(use());
    rh = await faulty.startHost();
    dir = mkdtempSync(join(tmpdir(), "faults-other-"));
  });
  afterEach(() => faulty?.proxy.clear());
  after(async function () {
    this.timeout(120_000);
    await rh?.stop();
    const order = ["Server", "Router", "Image", "Network"];
    made.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    for (const { kind, name } of made) await sweep(faulty.rest, kind, name);
    await faulty?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a 401 during an image upload: one re-authentication, and the whole file sent again", async function () {
    this.timeout(60_000);
    const file = join(dir, "upload.raw");
    writeFileSync(file, randomBytes(64 * 1024));
    faulty.proxy.inject({
      method: "PUT",
      path: /\/v2\/images\/[^/]+\/file$/,
      fault: { kind: "answer", status: 401, body: '{"error":{"code":401,"message":"token revoked"}}' },
    });
    const images = await rh.driver("Image");
    const name = named("Image");
    const started = Date.now();
    const state = await images.up(name, withToken({ name, diskFormat: "raw", file }));
    expect(Date.now() - started).to.be.below(30_000);
    expect(state.outs).to.include({ status: "active", size: 64 * 1024 });
    const uploads = faulty.proxy.requests.filter((r) => /\/file$/.test(r.path));
    expect(uploads.map((r) => r.outcome)).to.deep.equal(["answer", 204]);
    expect(
      faulty.proxy.requests.filter((r) => r.service === "identity" && r.method === "POST"),
    ).to.have.length.of.at.most(2);
    expect(await liveIds(faulty.rest, "Image", name)).to.deep.equal([state.id]);
    await images.destroy(name, state);
    expect(await liveIds(faulty.rest, "Image", name)).to.deep.equal([]);
  });

  it("a stall beyond the deadline: a create with timeouts.create 10s ends within about 10 s", async function () {
    this.timeout(60_000);
    faulty.proxy.inject({
      method: "POST",
      path: /^\/v2\.0\/networks$/,
      fault: { kind: "stall", ms: 40_000 },
    });
    const networks = await rh.driver("Network");
    const name = named("Network");
    const started = Date.now();
    const error = await networks.up(name, withToken({ name, timeouts: { create: "10s" } })).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const took = Date.now() - started;
    expect(error, "the create fails").to.be.instanceOf(Error);
    expect(took).to.be.within(9_000, 17_000);
    expect(error!.message)
      .to.match(/timed out/)
      .and.include("Network create")
      .and.include("no network was made");
    expect(await liveIds(faulty.rest, "Network", name)).to.deep.equal([]);
  });

  it("a stall while a server boots: the create ends at its deadline, recorded, and destroy removes it", async function () {
    this.timeout(90_000);
    // every look at the booting server stalls: its own GET and the shared list of servers that changed
    faulty.proxy.inject({
      method: "GET",
      path: /\/servers\/(detail\?changes-since=|[0-9a-f-]{36}$)/,
      fault: { kind: "stall", ms: 40_000 },
      times: Infinity,
    });
    const servers = await rh.driver("Server");
    const name = named("Server");
    const started = Date.now();
    const error = await servers
      .up(
        name,
        withToken({
          name,
          flavor: "m1.nano",
          image: "cirros",
          networks: "none",
          timeouts: { create: "10s" },
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e as Error & { state?: ResourceState },
      );
    expect(Date.now() - started).to.be.within(9_000, 17_000);
    expect(error?.state?.id, "the server is recorded with its id").to.match(/^[0-9a-f-]{36}$/);
    expect(error!.message).to.include("timeouts: { create:");
    faulty.proxy.clear();
    expect(await liveIds(faulty.rest, "Server", name)).to.deep.equal([error!.state!.id]);
    await servers.destroy(name, error!.state!);
    expect(await liveIds(faulty.rest, "Server", name)).to.deep.equal([]);
  });

  it("Keystone answers 500 twice, then recovers: authentication is retried", async function () {
    this.timeout(60_000);
    // a fresh host has no token yet
    const host = await faulty.startHost();
    try {
      faulty.proxy.inject({
        method: "POST",
        path: /\/auth\/tokens$/,
        fault: { kind: "answer", status: 500, body: '{"error":{"code":500,"message":"database gone"}}' },
        times: 2,
      });
      const networks = await host.driver("Network");
      const name = named("Network");
      const state = await networks.up(name, withToken({ name }));
      const auths = faulty.proxy.requests.filter(
        (r) => r.service === "identity" && /auth\/tokens$/.test(r.path),
      );
      expect(auths.map((r) => r.outcome).slice(-3)).to.deep.equal(["answer", "answer", 201]);
      await networks.destroy(name, state);
    } finally {
      await host.stop();
    }
  });

  it("ten creates at once under random faults: exactly one network each", async function () {
    this.timeout(120_000);
    const faults: Fault[] = [{ kind: "lose-response" }, { kind: "gateway-after" }, { kind: "reset-before" }];
    for (const fault of faults) {
      faulty.proxy.inject({
        method: "POST",
        path: /^\/v2\.0\/networks$/,
        fault,
        times: Infinity,
        probability: 0.2,
      });
      faulty.proxy.inject({
        method: "GET",
        path: /^\/v2\.0\/networks/,
        fault,
        times: Infinity,
        probability: 0.1,
      });
    }
    const networks = await rh.driver("Network");
    const names = Array.from({ length: 10 }, () => named("Network"));
    const states = await Promise.all(
      names.map((name) => networks.up(name, withToken({ name, timeouts: { create: "60s" } }))),
    );
    faulty.proxy.clear();
    const injected = faulty.proxy.requests.filter((r) => typeof r.outcome === "string");
    expect(injected.length, "some faults were injected").to.be.above(0);
    for (const [i, name] of names.entries()) {
      expect(await liveIds(faulty.rest, "Network", name), name).to.deep.equal([states[i]!.id]);
    }
    await Promise.all(names.map((name, i) => networks.destroy(name, states[i]!)));
    for (const name of names) expect(await liveIds(faulty.rest, "Network", name)).to.deep.equal([]);
  });

  it("the provider host killed during a server create: the next up adopts the server", async function () {
    this.timeout(120_000);
    const name = named("Server");
    const inputs = withToken({ name, flavor: "m1.nano", image: "cirros", networks: "none" });
    // the wait for ACTIVE hangs, so the create is still running when the host dies
    faulty.proxy.inject({
      method: "GET",
      path: /\/servers\/[0-9a-f-]{36}$/,
      fault: { kind: "stall", ms: 60_000 },
      times: Infinity,
    });
    const first = await faulty.startHost();
    const seen = faulty.proxy.requests.length;
    const pending = (await first.driver("Server")).up(name, inputs).catch((e: unknown) => e);
    const posted = () =>
      faulty.proxy.requests
        .slice(seen)
        .some((r) => r.method === "POST" && /\/servers$/.test(r.path) && r.upstream === 202);
    for (let i = 0; i < 100 && !posted(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(posted(), "Nova accepted the create").to.equal(true);
    await first.stop();
    await pending;
    faulty.proxy.clear();
    const [made] = await liveIds(faulty.rest, "Server", name);
    expect(made).to.be.a("string");

    const servers = await rh.driver("Server");
    const state = await servers.up(name, inputs);
    expect(state.id, "the server of the killed run is adopted").to.equal(made);
    expect(await liveIds(faulty.rest, "Server", name)).to.deep.equal([made]);
    await servers.destroy(name, state);
    expect(await liveIds(faulty.rest, "Server", name)).to.deep.equal([]);
  });

  it("a replacement is created beside the object it replaces, never adopting it", async function () {
    this.timeout(60_000);
    const networks = await rh.driver("Network");
    const name = named("Network");
    const inputs = withToken({ name, description: "first" });
    const state = await networks.up(name, inputs);
    const demo = await faulty.rest.expect<{ projects: Array<{ id: string }> }>(
      200,
      "GET",
      `${faulty.rest.endpoint("identity")}/projects?name=demo`,
    );
    // the project replaces the network, create before delete; the token stays the resource's own
    const outcome = await networks.update(name, state, { ...inputs, projectId: demo.projects[0]!.id });
    expect(outcome.action).to.equal("replaced");
    expect(outcome.state.id).not.to.equal(state.id);
    expect(await liveIds(faulty.rest, "Network", name)).to.deep.equal([outcome.state.id]);
    await networks.destroy(name, outcome.state);
  });

  it("a key pair whose generated key was lost with a killed run is replaced, not left to fail with 409", async function () {
    this.timeout(60_000);
    const name = named("KeyPair");
    const inputs = withToken({ name });
    // the first run's answer never arrives, and the run ends there
    faulty.proxy.inject({
      method: "POST",
      path: /\/os-keypairs$/,
      fault: { kind: "lose-response" },
      times: Infinity,
    });
    const first = await faulty.startHost();
    await (await first.driver("KeyPair")).up(name, inputs).catch(() => undefined);
    await first.stop();
    faulty.proxy.clear();
    expect(await liveIds(faulty.rest, "KeyPair", name)).to.deep.equal([name]);

    const keyPairs = await rh.driver("KeyPair");
    const state = await keyPairs.up(name, inputs);
    const live = await faulty.rest.expect<{ keypair: { public_key: string } }>(
      200,
      "GET",
      `${faulty.rest.endpoint("compute")}/os-keypairs/${name}`,
    );
    expect(live.keypair.public_key.split(" ")[1]).to.equal(String(state.outs.publicKey).split(" ")[1]);
    await keyPairs.destroy(name, state);
    expect(await liveIds(faulty.rest, "KeyPair", name)).to.deep.equal([]);
  });

  it("a router whose interface is not going away: delete fails within seconds, naming it", async function () {
    this.timeout(90_000);
    const rest = faulty.rest;
    const neutron = `${rest.endpoint("network")}/v2.0`;
    const netName = named("Network");
    const net = await rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
      network: { name: netName },
    });
    const subnet = await rest.expect<{ subnet: { id: string } }>(201, "POST", `${neutron}/subnets`, {
      subnet: { network_id: net.network.id, cidr: "10.250.7.0/24", ip_version: 4 },
    });
    const routers = await rh.driver("Router");
    const name = named("Router");
    const state = await routers.up(name, withToken({ name }));
    const added = await rest.expect<{ port_id: string }>(
      200,
      "PUT",
      `${neutron}/routers/${state.id}/add_router_interface`,
      {
        subnet_id: subnet.subnet.id,
      },
    );
    try {
      const started = Date.now();
      const error = await routers.destroy(name, state).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(Date.now() - started).to.be.below(30_000);
      expect(error?.message)
        .to.include(added.port_id)
        .and.match(/request id req-/);
      expect(error!.message).not.to.include("timeouts: { create");
    } finally {
      await rest.call("PUT", `${neutron}/routers/${state.id}/remove_router_interface`, {
        subnet_id: subnet.subnet.id,
      });
      await routers.destroy(name, state);
      await rest.call("DELETE", `${neutron}/subnets/${subnet.subnet.id}`);
      await rest.call("DELETE", `${neutron}/networks/${net.network.id}`);
    }
  });

  it("an error message of 64 KiB echoing the user data: cut, cleaned, secret-free, and the host answers on", async function () {
    this.timeout(60_000);
    // within check's limit (65535 bytes once base64-encoded), so the create reaches Nova
    const userData = `#cloud-config\n# ${randomBytes(20 * 1024).toString("hex")}\n`;
    faulty.proxy.inject({
      method: "POST",
      path: /\/servers$/,
      fault: {
        kind: "answer",
        status: 400,
        headers: { "x-openstack-request-id": "req-0f4e1d2c-fault" },
        // as Nova does: the invalid value repeated in full, here with terminal escapes around it
        body: (request) => {
          const sent = (JSON.parse(request.toString()) as { server: { user_data: string } }).server.user_data;
          const message = `Invalid input for field/attribute user_data. Value: \u001b[31m${sent}\u001b[0m ${"x".repeat(64 * 1024)}`;
          return JSON.stringify({ badRequest: { code: 400, message } });
        },
      },
    });
    const servers = await rh.driver("Server");
    const name = named("Server");
    const error = await servers
      .up(name, withToken({ name, flavor: "m1.nano", image: "cirros", networks: "none", userData }))
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    expect(error?.message)
      .to.include("req-0f4e1d2c-fault")
      .and.include("Invalid input for field/attribute user_data");
    expect(error!.message.length).to.be.below(6 * 1024);
    expect(error!.message).not.to.include(Buffer.from(userData).toString("base64").slice(0, 64));
    expect(error!.message).not.to.include("\u001b");
    // the host still answers
    const networks = await rh.driver("Network");
    const netName = named("Network");
    const state = await networks.up(netName, withToken({ name: netName }));
    await networks.destroy(netName, state);
  });
});
