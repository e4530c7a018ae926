import { expect } from "chai";
import { clearTokenCache } from "../../../provider/client/token-cache";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import {
  attachmentId,
  parseAttachmentId,
  VolumeAttachment,
} from "../../../provider/resources/volume-attachment/volume-attachment";
import type { NovaVolumeAttachment } from "../../../provider/services/compute";
import { fakeCloudClient } from "../../support/fake-client";
import { DEFAULT_PROJECT, type FakeKeystone, startFakeKeystone } from "../../support/fake-keystone";

const schema = withCommonProperties(VolumeAttachment.definition.schema);
const checked = (inputs: Record<string, unknown>) => checkInputs(schema, inputs).inputs;

describe("VolumeAttachment schema", () => {
  it("needs a server and a volume, and a device that is a path", () => {
    expect(checkInputs(schema, {}).failures.map((f) => f.property)).to.deep.equal(["serverId", "volumeId"]);
    expect(checkInputs(schema, { serverId: "s", volumeId: "v", device: "vdb" }).failures).to.deep.equal([
      { property: "device", reason: 'device must be a path like /dev/vdb, got "vdb"' },
    ]);
    expect(checked({ serverId: "s", volumeId: "v" })).to.include({ deleteOnTermination: false });
  });

  it("replaces on any change, detaching first; the device Nova chose is no change", () => {
    const state = { ...checked({ serverId: "s", volumeId: "v" }), device: "/dev/sdb", attachmentId: "a" };
    expect(diffState(schema, state, checked({ serverId: "s", volumeId: "v" })).changes).to.equal(false);
    const moved = diffState(schema, state, checked({ serverId: "s2", volumeId: "v" }));
    expect(moved).to.deep.include({ replaces: ["serverId"], deleteBeforeReplace: true });
  });

  it("keeps server and volume in its id", () => {
    expect(parseAttachmentId(attachmentId("srv", "vol"))).to.deep.equal({ serverId: "srv", volumeId: "vol" });
    expect(() => parseAttachmentId("only-one")).to.throw(/is not <serverId>\/<volumeId>/);
  });
});

describe("VolumeAttachment create against a fake Nova", () => {
  let ks: FakeKeystone;
  /** Nova's attachment of vol-1 to srv-1, once made. */
  let attachment: NovaVolumeAttachment | undefined;
  /** Look-ups after the attach that do not see it yet (Nova still at work). */
  let unseen: number;
  /** After a detach: Cinder has let go; Nova forgets the attachment after this many look-ups. */
  let detached: { novaForgetsIn: number } | undefined;
  const nova = "/compute/v2.1/servers/srv-1/os-volume_attachments";
  const cinder = `/volume/v3/${DEFAULT_PROJECT.id}`;
  const ctx = () => ({
    client: fakeCloudClient(ks, "secret"),
    deadline: new Deadline("VolumeAttachment create", 30),
    log: () => undefined,
  });
  const inputs = () =>
    checked({ serverId: "srv-1", volumeId: "vol-1", creationToken: "0123456789abcdef0123456789abcdef" });
  const posts = () => ks.requests.filter((r) => r.method === "POST" && r.path === nova);
  const made = (): NovaVolumeAttachment => ({
    id: "vol-1",
    serverId: "srv-1",
    volumeId: "vol-1",
    device: "/dev/vdb",
  });

  beforeEach(async () => {
    clearTokenCache();
    attachment = undefined;
    unseen = 0;
    detached = undefined;
    ks = await startFakeKeystone({ secret: "secret" });
    ks.route("GET", "/compute/v2.1/", () => ({
      body: { version: { id: "v2.1", status: "CURRENT", version: "2.90", min_version: "2.1" } },
    }));
    ks.route("GET", `${cinder}/`, () => ({
      body: { versions: [{ id: "v3.0", status: "CURRENT", version: "3.70", min_version: "3.0" }] },
    }));
    // the attach is made, and its answer lost behind a gateway; Nova refuses a second one
    ks.route("POST", nova, () => {
      if (attachment) {
        const message = "Invalid volume: volume vol-1 already attached";
        return { status: 400, body: { badRequest: { code: 400, message } } };
      }
      attachment = made();
      return { status: 503, body: "upstream connect error or disconnect/reset before headers" };
    });
    ks.route("DELETE", `${nova}/vol-1`, () => {
      detached = { novaForgetsIn: 3 };
      return { status: 202 };
    });
    ks.route("GET", `${nova}/vol-1`, () => {
      if (detached && detached.novaForgetsIn-- <= 0) attachment = undefined;
      if (attachment && unseen-- <= 0) return { body: { volumeAttachment: attachment } };
      return { status: 404, body: { itemNotFound: { code: 404, message: "not attached" } } };
    });
    ks.route("GET", `${cinder}/volumes/vol-1`, () => ({
      body: {
        volume: {
          id: "vol-1",
          status: attachment && !detached ? "in-use" : "available",
          attachments:
            attachment && !detached
              ? [{ server_id: "srv-1", attachment_id: "att-1", volume_id: "vol-1" }]
              : [],
        },
      },
    }));
  });
  afterEach(() => ks.stop());

  it("adopts the attachment a lost answer made, and attaches only once", async () => {
    const { id, outs } = await VolumeAttachment.definition.create(ctx(), inputs());
    expect(id).to.equal("srv-1/vol-1");
    expect(outs).to.include({ attachmentId: "att-1", device: "/dev/vdb" });
    expect(posts().map((r) => r.body)).to.deep.equal([{ volumeAttachment: { volumeId: "vol-1" } }]);
  });

  it("adopts it when it shows only after the attach was sent again and refused", async () => {
    unseen = 2;
    const { id } = await VolumeAttachment.definition.create(ctx(), inputs());
    expect(id).to.equal("srv-1/vol-1");
    expect(posts()).to.have.length(2);
  });

  it("detaches, and waits until Nova forgets the attachment too, not only Cinder", async () => {
    attachment = made();
    await VolumeAttachment.definition.delete(ctx(), "srv-1/vol-1", {});
    expect(attachment, "Nova still lists the attachment when delete returns").to.equal(undefined);
  });

  it("does not take over an attachment that was there before: says so, with adoptId, and attaches nothing", async () => {
    attachment = made();
    const error = await VolumeAttachment.definition.create(ctx(), inputs()).catch((e: unknown) => e);
    expect((error as Error).message).to.equal(
      "volume vol-1 is already attached to server srv-1, and Nova attaches a volume to a server once: " +
        'to manage that attachment, give this resource adoptId: "srv-1/vol-1"',
    );
    expect(posts()).to.have.length(0);
  });
});
