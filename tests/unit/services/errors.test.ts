import { expect } from "chai";
import {
  AdoptionError,
  AmbiguousNameError,
  OpenStackError,
  ResourceInitError,
} from "../../../provider/errors";

describe("service and host errors", () => {
  it("each is an OpenStackError named after its class", () => {
    for (const error of [
      new AmbiguousNameError("x", { matches: ["a"] }),
      new AdoptionError("y"),
      new ResourceInitError("z", "id-1", {}),
    ]) {
      expect(error).to.be.instanceOf(OpenStackError).and.instanceOf(Error);
      expect(error.name).to.equal(error.constructor.name);
    }
  });

  it("a partial create carries what Pulumi's provider host reads to record the object", () => {
    const cause = new Error("server went to ERROR");
    const error = new ResourceInitError("created s-1, then failed", "s-1", { name: "web" }, cause);
    // the host packs id, properties and reasons into its ErrorResourceInitFailed detail
    expect(error).to.include({ id: "s-1", message: "created s-1, then failed" });
    expect(error.properties).to.deep.equal({ name: "web" });
    expect(error.reasons).to.deep.equal(["created s-1, then failed"]);
    expect(error.cause).to.equal(cause);
  });

  it("an ambiguous name keeps the ids it matched", () => {
    expect(new AmbiguousNameError("m").matches).to.deep.equal([]);
    expect(new AmbiguousNameError("m", { matches: ["n-1", "n-2"] }).matches).to.deep.equal(["n-1", "n-2"]);
  });
});
