import { expect } from "chai";
import { clearTokenCache } from "../../../provider/client/token-cache";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { blockDeviceMapping } from "../../../provider/resources/server/block-devices";
import { Server } from "../../../provider/resources/server/server";
import { createServer } from "../../../provider/services/compute";
import { fakeCloudClient } from "../../support/fake-client";
import { type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

const schema = withCommonProperties(Server.definition.schema);
const failures = (inputs: Record<string, unknown>) =>
  checkInputs(schema, { name: "web", flavor: "m1.nano", ...inputs }).failures;
const checked = (inputs: Record<string, unknown>) =>
  checkInputs(schema, { name: "web", flavor: "m1.nano", ...inputs }).inputs;

describe("Server block devices and scheduler hints", () => {
  it("needs no image when a boot volume is given, and says what is missing when neither is", () => {
    expect(failures({ blockDevices: [{ sourceType: "volume", uuid: "vol-1", bootIndex: 0 }] })).to.deep.equal(
      [],
    );
    expect(failures({})).to.deep.equal([
      {
        property: "image",
        reason:
          "image is required unless blockDevices has a boot device (bootIndex 0 with sourceType image, volume or snapshot)",
      },
    ]);
    // a blank volume is no boot device
    expect(
      failures({ blockDevices: [{ sourceType: "blank", volumeSize: 1, bootIndex: 0 }] }).map(
        (f) => f.property,
      ),
    ).to.deep.equal(["image"]);
    expect(failures({ blockDevices: [{ sourceType: "image", volumeSize: 1, bootIndex: 0 }] })).to.deep.equal([
      {
        property: "blockDevices",
        reason: "blockDevices[0] has sourceType image but no uuid, and the server has no image to use",
      },
    ]);
  });

  it("refuses malformed devices, naming the entry, the field and what is valid", () => {
    const reason = (blockDevices: unknown) => failures({ image: "cirros", blockDevices })[0]?.reason;
    expect(reason([{ sourceType: "disk" }])).to.equal(
      'blockDevices[0].sourceType "disk" is not valid: use one of image, volume, snapshot, blank',
    );
    expect(reason([{ sourceType: "volume" }])).to.equal(
      "blockDevices[0].uuid is required for sourceType volume: the volume's id",
    );
    expect(reason([{ sourceType: "blank" }])).to.equal(
      "blockDevices[0].volumeSize is required to make a volume from nothing",
    );
    expect(reason([{ sourceType: "blank", volumeSize: 0 }])).to.equal(
      "blockDevices[0].volumeSize must be a whole number of GiB, 1 or more, got 0",
    );
    expect(reason([{ sourceType: "blank", volumeSize: 1, size: 2 }])).to.match(
      /^blockDevices\[0\] has unknown keys size/,
    );
    expect(
      reason([
        { sourceType: "volume", uuid: "a", bootIndex: 0 },
        { sourceType: "volume", uuid: "b", bootIndex: 0 },
      ]),
    ).to.equal("blockDevices has 2 devices with bootIndex 0: a server boots from one");
    expect(failures({ image: "cirros", schedulerHints: { group: 3 } })[0]?.reason).to.equal(
      "schedulerHints.group must be a string or a list of strings",
    );
  });

  it("replaces the server when its block devices or hints change", () => {
    const devices = [{ sourceType: "image", volumeSize: 1, bootIndex: 0 }];
    const state = checked({ image: "cirros", blockDevices: devices, schedulerHints: { group: "g1" } });
    expect(
      diffState(
        schema,
        state,
        checked({ image: "cirros", blockDevices: devices, schedulerHints: { group: "g1" } }),
      ).changes,
    ).to.equal(false);
    const changed = diffState(
      schema,
      state,
      checked({
        image: "cirros",
        blockDevices: [{ ...devices[0], volumeSize: 2 }],
        schedulerHints: { group: "g2" },
      }),
    );
    expect(changed.replaces).to.deep.equal(["blockDevices", "schedulerHints"]);
  });
});

describe("Server create body against a fake Nova", () => {
  let ks: FakeKeystone;
  const client = () => fakeCloudClient(ks, "secret");

  beforeEach(async () => {
    clearTokenCache();
    ks = await startFakeKeystone({ secret: "secret" });
    ks.route("GET", "/image/v2/images", (req) => ({
      body: { images: req.query.name === "cirros" ? [{ id: "img-cirros", name: "cirros" }] : [] },
    }));
    ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.90", min_version: "2.1" } },
    }));
    ks.route("POST", "/compute/v2.1/servers", () => ({ status: 202, body: { server: { id: "srv-1" } } }));
  });
  afterEach(() => ks.stop());

  it("maps devices to block_device_mapping_v2, the image name to its id, and deletes what it makes by default", async () => {
    const mapping = await blockDeviceMapping(
      client(),
      [
        { sourceType: "image", volumeSize: 2, bootIndex: 0 },
        { sourceType: "volume", uuid: "vol-1" },
        {
          sourceType: "blank",
          volumeSize: 1,
          deleteOnTermination: false,
          volumeType: "fast",
          deviceName: "/dev/vdc",
        },
      ],
      "cirros",
    );
    expect(mapping).to.deep.equal([
      {
        source_type: "image",
        destination_type: "volume",
        boot_index: 0,
        delete_on_termination: true,
        uuid: "img-cirros",
        volume_size: 2,
      },
      {
        source_type: "volume",
        destination_type: "volume",
        boot_index: -1,
        delete_on_termination: false,
        uuid: "vol-1",
      },
      {
        source_type: "blank",
        destination_type: "volume",
        boot_index: -1,
        delete_on_termination: false,
        volume_size: 1,
        volume_type: "fast",
        device_name: "/dev/vdc",
      },
    ]);
  });

  it("sends scheduler hints beside the server, not in it", async () => {
    await createServer(client(), { name: "web" }, { group: "grp-1", different_host: ["srv-0"] });
    const post = ks.requests.find((r) => r.method === "POST" && r.path === "/compute/v2.1/servers")!;
    expect(post.body).to.deep.equal({
      server: { name: "web" },
      "os:scheduler_hints": { group: "grp-1", different_host: ["srv-0"] },
    });
  });
});
