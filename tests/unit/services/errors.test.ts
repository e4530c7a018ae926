import { expect } from "chai";
import { AmbiguousNameError, OpenStackError } from "../../../provider/errors";

describe("service errors", () => {
  it("an ambiguous name is an OpenStackError named after its class", () => {
    const error = new AmbiguousNameError("x", { matches: ["a"] });
    expect(error).to.be.instanceOf(OpenStackError).and.instanceOf(Error);
    expect(error.name).to.equal("AmbiguousNameError");
  });

  it("an ambiguous name keeps the ids it matched", () => {
    expect(new AmbiguousNameError("m").matches).to.deep.equal([]);
    expect(new AmbiguousNameError("m", { matches: ["n-1", "n-2"] }).matches).to.deep.equal(["n-1", "n-2"]);
  });
});
