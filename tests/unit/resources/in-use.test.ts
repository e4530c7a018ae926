// A delete answered 409 "in use": waited out while what holds the object changes, failed fast (naming
// the holders and keeping the request id) when the same holders stay.
import { expect } from "chai";
import { ConflictError } from "../../../provider/errors";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import { retryWhileInUse } from "../../../provider/resources/framework/host/in-use";

const inUse = () =>
  new ConflictError("DELETE http://neutron/v2.0/routers/r-1 returned 409: Router r-1 still has ports", {
    status: 409,
    method: "DELETE",
    url: "http://neutron/v2.0/routers/r-1",
    requestId: "req-9",
    serviceMessage: "Router r-1 still has ports",
  });

describe("retryWhileInUse", () => {
  it("fails well before the deadline when the same ports keep holding the object, naming them", async () => {
    const deadline = new Deadline("Router delete", 60, "delete");
    const started = Date.now();
    const error = (await retryWhileInUse(
      deadline,
      () => Promise.reject(inUse()),
      () => Promise.resolve(["port p-1 of network:router_interface r-1"]),
      300,
    ).catch((e: Error) => e)) as Error;
    expect(Date.now() - started).to.be.below(3000);
    expect(error).to.be.instanceOf(ConflictError);
    expect(error.message)
      .to.include("port p-1")
      .and.include("request id req-9")
      .and.not.include("timeouts: { create");
  });

  it("keeps waiting while the holders change (they are going away), and succeeds once they are gone", async () => {
    const deadline = new Deadline("Router delete", 60, "delete");
    let calls = 0;
    const holders = [["port p-1", "port p-2"], ["port p-2"], []];
    await retryWhileInUse(
      deadline,
      () => (++calls < 3 ? Promise.reject(inUse()) : Promise.resolve()),
      () => Promise.resolve(holders[calls - 1] ?? []),
      0,
    );
    expect(calls).to.equal(3);
  });

  it("names the delete key when the deadline runs out", async () => {
    const deadline = new Deadline("Router delete", 0.3, "delete");
    const error = (await retryWhileInUse(deadline, () => Promise.reject(inUse())).catch(
      (e: Error) => e,
    )) as Error;
    expect(error.message).to.include("timeouts: { delete:").and.include("request id req-9");
  });
});
