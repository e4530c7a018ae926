import { expect } from "chai";
import { clearTokenCache } from "../../../provider/client/token-cache";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { requestBody } from "../../../provider/resources/framework/host/mapping";
import { PartialCreateError } from "../../../provider/resources/framework/host/partial";
import { Volume, volumeOutputs } from "../../../provider/resources/volume/volume";
import { check } from "../../../provider/runtime/host";
import type { CinderVolume } from "../../../provider/services/block-storage";
import { fakeCloudClient } from "../../support/fake-client";
import { DEFAULT_PROJECT, type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

const schema = withCommonProperties(Volume.definition.schema);
/** The token a resource class passes, and the creation tag it makes. */
const TOKEN = "0123456789abcdef0123456789abcdef";
const TAG = `pulumi-create-${TOKEN}`;
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;
const failures = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).failures;

/** The shape of GET /v3/volumes/{id} at 3.63 (trimmed to what the resource reads). */
function cinderVolume(extra: Partial<CinderVolume> = {}): CinderVolume {
  return {
    id: "0b6a4b1e-9a7f-4c39-9d0e-1f6a8c2d3e4f",
    name: "data",
    description: null,
    size: 2,
    status: "available",
    volume_type: "__DEFAULT__",
    volume_type_id: "7a0c1f1e-0000-4000-8000-000000000001",
    availability_zone: "nova",
    snapshot_id: null,
    source_volid: null,
    metadata: { role: "db" },
    multiattach: false,
    bootable: "false",
    encrypted: false,
    attachments: [],
    created_at: "2026-12-03T13:46:40.000000",
    updated_at: null,
    ...extra,
  };
}

describe("Volume schema", () => {
  it("maps inputs to Cinder's fields, leaving the image and multiattach to the resource", () => {
    const inputs = checked({ name: "v", size: 2, volumeType: "fast", imageId: "img", metadata: { a: "b" } });
    expect(inputs).to.include({ multiattach: false });
    expect(requestBody(Volume.definition.schema, inputs)).to.deep.equal({
      name: "v",
      size: 2,
      volume_type: "fast",
      metadata: { a: "b" },
    });
    expect(requestBody(Volume.definition.schema, checked({ name: "v", sourceVolumeId: "src" }))).to.include({
      source_volid: "src",
    });
  });

  it("needs a size unless a snapshot or volume gives it, and one source at most", () => {
    expect(failures({ name: "v" })).to.deep.equal([
      {
        property: "size",
        reason: "size is required (in GiB) unless the volume is made from a snapshot or volume",
      },
    ]);
    expect(failures({ name: "v", imageId: "img" }).map((f) => f.property)).to.deep.equal(["size"]);
    expect(failures({ name: "v", snapshotId: "s" })).to.deep.equal([]);
    const both = failures({ name: "v", size: 1, snapshotId: "s", sourceVolumeId: "x" });
    expect(both).to.deep.equal([
      {
        property: "sourceVolumeId",
        reason:
          "sourceVolumeId cannot be combined with snapshotId: a volume has one source (imageId, snapshotId or sourceVolumeId)",
      },
    ]);
    expect(failures({ name: "v", size: 0 })[0]!.reason).to.equal("size must be 1 GiB or more, got 0");
  });

  it("refuses a size decrease in check, with no API call, naming both sizes", async () => {
    const olds = checked({ name: "v", size: 5 });
    const result = await check("Volume", olds, { name: "v", size: 3 });
    expect(result.failures).to.deep.equal([
      {
        property: "size",
        reason:
          "size cannot decrease from 5 to 3 GiB: Cinder only extends volumes; keep 5 or more, or make a new volume",
      },
    ]);
    expect((await check("Volume", olds, { name: "v", size: 8 })).failures).to.deep.equal([]);
    expect((await check("Volume", {}, { name: "v", size: 1 })).failures).to.deep.equal([]);
  });

  it("extends, renames and retypes in place; a new source or zone replaces", () => {
    const state = volumeOutputs(cinderVolume(), checked({ name: "data", size: 2 }));
    expect(
      diffState(schema, state, checked({ name: "data", size: 2, metadata: { role: "db" } })).changes,
    ).to.equal(false);
    const inPlace = diffState(
      schema,
      state,
      checked({ name: "d2", size: 4, volumeType: "fast", metadata: { role: "db" } }),
    );
    expect(inPlace).to.deep.include({ replaces: [], updates: ["name", "size", "volumeType"] });
    const replaced = diffState(
      schema,
      state,
      checked({ name: "data", size: 2, imageId: "img", availabilityZone: "az2", metadata: { role: "db" } }),
    );
    expect(replaced.replaces).to.deep.equal(["availabilityZone", "imageId"]);
  });

  it("reads the type in the form declared, the image it was made from, and its attachments", () => {
    const volume = cinderVolume({
      status: "in-use",
      bootable: "true",
      volume_image_metadata: { image_id: "img-1", image_name: "cirros" },
      attachments: [
        {
          id: "0b6a",
          attachment_id: "att-1",
          volume_id: "0b6a",
          server_id: "srv-1",
          device: "/dev/vdb",
          host_name: null,
          attached_at: null,
        },
      ],
    });
    const byId = volumeOutputs(volume, { volumeType: "7a0c1f1e-0000-4000-8000-000000000001" });
    expect(byId).to.include({
      volumeType: "7a0c1f1e-0000-4000-8000-000000000001",
      imageId: "img-1",
      bootable: true,
      status: "in-use",
      size: 2,
    });
    expect(byId.attachments).to.deep.equal([
      { serverId: "srv-1", device: "/dev/vdb", attachmentId: "att-1" },
    ]);
    expect(volumeOutputs(volume, { volumeType: "__DEFAULT__" }).volumeType).to.equal("__DEFAULT__");
    const clone = volumeOutputs({ ...volume, source_volid: "src" }, { sourceVolumeId: "src" });
    expect(clone.imageId, "a clone's inherited image metadata is not its source").to.equal(undefined);
  });
});

describe("Volume create against a fake Cinder", () => {
  let ks: FakeKeystone;
  let removePost: () => void;
  const base = `/volume/v3/${DEFAULT_PROJECT.id}`;
  const client = () => fakeCloudClient(ks, "secret");
  const ctx = (seconds: number) => ({
    client: client(),
    deadline: new Deadline("Volume create", seconds),
    log: () => undefined,
  });

  beforeEach(async () => {
    clearTokenCache();
    ks = await startFakeKeystone({ secret: "secret" });
    ks.route("GET", `${base}/`, () => ({
      body: { versions: [{ id: "v3.0", status: "CURRENT", version: "3.70", min_version: "3.0" }] },
    }));
    removePost = ks.route("POST", `${base}/volumes`, () => ({
      status: 202,
      body: { volume: cinderVolume({ status: "creating" }) },
    }));
  });
  afterEach(() => ks.stop());

  it("sends the image as imageRef and ends the wait at once on error, with Cinder's message and the id", async () => {
    let polls = 0;
    ks.route("GET", `${base}/volumes/${cinderVolume().id}`, () => {
      polls++;
      return { body: { volume: cinderVolume({ status: polls < 2 ? "creating" : "error" }) } };
    });
    ks.route("GET", `${base}/messages`, (req) => ({
      body: {
        messages:
          req.query.resource_uuid === cinderVolume().id
            ? [
                {
                  id: "m",
                  resource_uuid: cinderVolume().id,
                  user_message: "schedule allocate volume:Could not find any available weighted backend.",
                  created_at: "x",
                },
              ]
            : [],
      },
    }));
    const started = Date.now();
    const error = await Volume.definition
      .create(ctx(60), checked({ name: "data", size: 2, imageId: "img-1" }))
      .catch((e: unknown) => e);
    expect(Date.now() - started).to.be.below(5000);
    expect(error).to.be.instanceOf(PartialCreateError);
    expect((error as PartialCreateError).id).to.equal(cinderVolume().id);
    expect((error as Error).message).to.include(
      "went to error: schedule allocate volume:Could not find any available weighted backend.",
    );
    const post = ks.requests.find((r) => r.method === "POST" && r.path === `${base}/volumes`)!;
    // without a token from the resource class, the creation tag is random
    const { metadata, ...sent } = (post.body as { volume: { metadata: Record<string, string> } }).volume;
    expect(sent).to.deep.equal({ name: "data", size: 2, imageRef: "img-1" });
    expect(Object.keys(metadata)).to.deep.equal(["pulumi-create"]);
    expect(metadata["pulumi-create"]).to.match(/^pulumi-create-[0-9a-f]{24}$/);
    expect(post.headers["openstack-api-version"]).to.equal("volume 3.63");
  });

  it("adopts the volume a lost answer made, found by the creation tag in its metadata, and sends no second create", async () => {
    removePost();
    const made: CinderVolume[] = [];
    ks.route("POST", `${base}/volumes`, (req) => {
      const { metadata } = (req.body as { volume: { metadata: Record<string, string> } }).volume;
      made.push(cinderVolume({ status: "creating", metadata }));
      return { status: 503, body: "upstream connect error or disconnect/reset before headers" };
    });
    ks.route("GET", `${base}/volumes/detail`, (req) => {
      const wanted = JSON.parse(req.query.metadata ?? "{}") as Record<string, string>;
      const matches = (v: CinderVolume) => Object.entries(wanted).every(([k, x]) => v.metadata[k] === x);
      return { body: { volumes: made.filter(matches) } };
    });
    ks.route("GET", `${base}/volumes/${cinderVolume().id}`, () => ({
      body: { volume: { ...made[0], status: "available" } },
    }));
    const { id, outs } = await Volume.definition.create(
      ctx(30),
      checked({ name: "data", size: 2, metadata: { role: "db" }, creationToken: TOKEN }),
    );
    expect(id).to.equal(cinderVolume().id);
    expect(made.map((v) => v.metadata)).to.deep.equal([{ role: "db", "pulumi-create": TAG }]);
    expect(outs.metadata, "the creation tag is not the user's metadata").to.deep.equal({ role: "db" });
  });

  it("keeps the creation tag when the user's metadata replaces all of it", async () => {
    const id = cinderVolume().id;
    let metadata: Record<string, string> = { role: "db", "pulumi-create": TAG };
    ks.route("GET", `${base}/volumes/${id}`, () => ({ body: { volume: cinderVolume({ metadata }) } }));
    ks.route("PUT", `${base}/volumes/${id}/metadata`, (req) => {
      metadata = (req.body as { metadata: Record<string, string> }).metadata;
      return { body: { metadata } };
    });
    const olds = volumeOutputs(cinderVolume({ metadata }), checked({ name: "data", size: 2 }));
    expect(olds.metadata).to.deep.equal({ role: "db" });
    const news = checked({ name: "data", size: 2, metadata: { role: "web" } });
    const d = diffState(schema, olds, news);
    expect(d.updates).to.deep.equal(["metadata"]);
    const outs = await Volume.definition.update(ctx(30), id, olds, news, d);
    expect(metadata).to.deep.equal({ role: "web", "pulumi-create": TAG });
    expect(outs.metadata).to.deep.equal({ role: "web" });
  });

  it("stops waiting at the deadline given by timeouts, naming the last status", async () => {
    ks.route("GET", `${base}/volumes/${cinderVolume().id}`, () => ({
      body: { volume: cinderVolume({ status: "downloading" }) },
    }));
    const error = await Volume.definition
      .create(ctx(1), checked({ name: "data", size: 2 }))
      .catch((e: unknown) => e);
    expect((error as Error).message).to.include(
      "Volume create did not finish within 1 s (last state: downloading)",
    );
    expect((error as PartialCreateError).id).to.equal(cinderVolume().id);
  });

  it("waits out a detach before deleting, instead of failing on Cinder's refusal", async () => {
    let polls = 0;
    let deleted = false;
    ks.route("GET", `${base}/volumes/${cinderVolume().id}`, () => {
      polls++;
      if (deleted) return { status: 404, body: { itemNotFound: { message: "gone" } } };
      return { body: { volume: cinderVolume({ status: polls < 3 ? "detaching" : "available" }) } };
    });
    ks.route("DELETE", `${base}/volumes/${cinderVolume().id}`, () => {
      deleted = true;
      return { status: 202 };
    });
    await Volume.definition.delete(
      { ...ctx(30), deadline: new Deadline("Volume delete", 30) },
      cinderVolume().id,
      {},
    );
    const calls = ks.requests
      .filter((r) => r.path === `${base}/volumes/${cinderVolume().id}`)
      .map((r) => r.method);
    expect(calls.slice(0, 4)).to.deep.equal(["GET", "GET", "GET", "DELETE"]);
  });
});
