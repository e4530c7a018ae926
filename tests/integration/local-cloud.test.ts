// The cloud every integration test relies on, checked with plain HTTP: Keystone issues tokens, the
// catalog lists the six services, and each service can create and delete what the provider manages.
import { createHash, generateKeyPairSync } from "node:crypto";
import { expect } from "chai";
import { describeWithCloud, issueToken } from "../support/cloud";
import { Rest, waitFor } from "../support/rest";

// A fresh OpenSSH ed25519 public key: the key type, then the 32 key bytes, each length-prefixed.
function ed25519PublicKey(): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from("ssh-ed25519")), field(raw)]).toString("base64")} verify@local`;
}

const suffix = `${process.pid}-${Date.now()}`;

describeWithCloud("cloud under test", "admin", (use) => {
  let rest: Rest;
  const cleanups: Array<() => Promise<unknown>> = [];

  before(async () => {
    const cloud = use();
    const { token, body } = await issueToken(cloud);
    rest = new Rest(token, body.token.catalog, cloud.region);
  });

  after(async function () {
    this.timeout(120_000);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it("issues a project-scoped token with an expiry in the future", async () => {
    const { token, body } = await issueToken(use());
    expect(token).to.match(/^\S{20,}$/);
    expect(body.token.project?.name).to.equal(use().auth.project_name);
    expect(Date.parse(body.token.expires_at)).to.be.greaterThan(Date.now());
  });

  it("has identity, compute, network, image and placement in the catalog", () => {
    const types = rest.catalog.map((s) => s.type);
    expect(types).to.include.members(["identity", "compute", "network", "image", "placement"]);
    for (const type of ["identity", "compute", "network", "image", "placement"]) {
      expect(() => rest.endpoint(type), type).not.to.throw();
    }
  });

  it("creates and deletes a key pair", async () => {
    const nova = rest.endpoint("compute");
    const name = `verify-key-${suffix}`;
    const publicKey = ed25519PublicKey();
    cleanups.push(() => rest.call("DELETE", `${nova}/os-keypairs/${name}`));
    const created = await rest.expect<{ keypair: { name: string; fingerprint: string } }>(
      [200, 201],
      "POST",
      `${nova}/os-keypairs`,
      { keypair: { name, public_key: publicKey } },
    );
    expect(created.keypair.name).to.equal(name);
    expect(created.keypair.fingerprint).to.be.a("string").and.not.empty;
    await rest.expect([202, 204], "DELETE", `${nova}/os-keypairs/${name}`);
    expect((await rest.call("GET", `${nova}/os-keypairs/${name}`)).status).to.equal(404);
  });

  it("creates and deletes a network", async () => {
    const neutron = `${rest.endpoint("network")}/v2.0`;
    const { network } = await rest.expect<{ network: { id: string; name: string; status: string } }>(
      201,
      "POST",
      `${neutron}/networks`,
      { network: { name: `verify-net-${suffix}` } },
    );
    cleanups.push(() => rest.call("DELETE", `${neutron}/networks/${network.id}`));
    expect(network.status).to.equal("ACTIVE");
    await rest.expect(204, "DELETE", `${neutron}/networks/${network.id}`);
    expect((await rest.call("GET", `${neutron}/networks/${network.id}`)).status).to.equal(404);
  });

  it("uploads an image that becomes active with the right checksum, and deletes it", async () => {
    const glance = `${rest.endpoint("image")}/v2`;
    const image = await rest.expect<{ id: string; status: string }>(201, "POST", `${glance}/images`, {
      name: `verify-image-${suffix}`,
      disk_format: "raw",
      container_format: "bare",
    });
    cleanups.push(() => rest.call("DELETE", `${glance}/images/${image.id}`));
    expect(image.status).to.equal("queued");
    const bytes = new Uint8Array(4096).map((_, i) => i % 251);
    await rest.expect(204, "PUT", `${glance}/images/${image.id}/file`, bytes);
    const active = await rest.expect<{ status: string; size: number; checksum: string }>(
      200,
      "GET",
      `${glance}/images/${image.id}`,
    );
    expect(active.status).to.equal("active");
    expect(active.size).to.equal(4096);
    expect(active.checksum).to.equal(createHash("md5").update(bytes).digest("hex"));
    await rest.expect(204, "DELETE", `${glance}/images/${image.id}`);
  });

  it("boots a server from the seeded image and flavor to ACTIVE, then deletes it", async function () {
    this.timeout(120_000);
    const nova = rest.endpoint("compute");
    const glance = `${rest.endpoint("image")}/v2`;
    const images = await rest.expect<{ images: Array<{ id: string }> }>(
      200,
      "GET",
      `${glance}/images?name=cirros`,
    );
    const flavors = await rest.expect<{ flavors: Array<{ id: string; name: string }> }>(
      200,
      "GET",
      `${nova}/flavors`,
    );
    expect(images.images, "seeded image cirros").to.have.length(1);
    expect(flavors.flavors.map((f) => f.name)).to.include.members(["m1.nano", "m1.tiny", "m1.small"]);
    const flavor = flavors.flavors.find((f) => f.name === "m1.nano")!;
    const { server } = await rest.expect<{ server: { id: string } }>(
      202,
      "POST",
      `${nova}/servers`,
      {
        server: {
          name: `verify-server-${suffix}`,
          imageRef: images.images[0]!.id,
          flavorRef: flavor.id,
          networks: "none",
        },
      },
      { "openstack-api-version": "compute 2.37" },
    );
    cleanups.push(() => rest.call("DELETE", `${nova}/servers/${server.id}`));
    const status = await waitFor("server to leave BUILD", 90_000, async () => {
      const s = await rest.expect<{ server: { status: string } }>(200, "GET", `${nova}/servers/${server.id}`);
      return s.server.status === "BUILD" ? undefined : s.server.status;
    });
    expect(status).to.equal("ACTIVE");
    await rest.expect(204, "DELETE", `${nova}/servers/${server.id}`);
    await waitFor("server to be gone", 60_000, async () =>
      (await rest.call("GET", `${nova}/servers/${server.id}`)).status === 404 ? true : undefined,
    );
  });

  it("has block storage under both catalog types, and makes a volume that becomes available", async function () {
    this.timeout(60_000);
    expect(rest.endpoint("block-storage")).to.equal(rest.endpoint("volumev3"));
    const cinder = rest.endpoint("volumev3");
    const { volume } = await rest.expect<{ volume: { id: string } }>(202, "POST", `${cinder}/volumes`, {
      volume: { name: `verify-volume-${suffix}`, size: 1 },
    });
    cleanups.push(() => rest.call("DELETE", `${cinder}/volumes/${volume.id}`));
    const status = await waitFor("volume to leave creating", 30_000, async () => {
      const v = await rest.expect<{ volume: { status: string } }>(
        200,
        "GET",
        `${cinder}/volumes/${volume.id}`,
      );
      return v.volume.status === "creating" ? undefined : v.volume.status;
    });
    expect(status).to.equal("available");
    await rest.expect(202, "DELETE", `${cinder}/volumes/${volume.id}`);
    await waitFor("volume to be gone", 30_000, async () =>
      (await rest.call("GET", `${cinder}/volumes/${volume.id}`)).status === 404 ? true : undefined,
    );
  });

  it("has the external network 'public' with a subnet", async () => {
    const neutron = `${rest.endpoint("network")}/v2.0`;
    const { networks } = await rest.expect<{
      networks: Array<{ id: string; "router:external": boolean; subnets: string[] }>;
    }>(200, "GET", `${neutron}/networks?name=public`);
    expect(networks).to.have.length(1);
    expect(networks[0]!["router:external"]).to.equal(true);
    expect(networks[0]!.subnets).to.have.length.greaterThan(0);
  });
});
