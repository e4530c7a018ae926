import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { diffState } from "../../../provider/resources/framework/host/diff";
import {
  attachmentId,
  parseAttachmentId,
  VolumeAttachment,
} from "../../../provider/resources/volume-attachment/volume-attachment";

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
