// The shared status watcher: many waiters, one list per interval; each waiter's own verdict, failure and
// deadline; a failed list falls back to a GET per waiter.
import { expect } from "chai";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import { type StatusSource, watchStatus } from "../../../provider/resources/framework/host/status-watch";

interface Thing {
  id: string;
  status: string;
  changedAt: number;
}

/** A service of things whose status the test sets; it counts GETs and lists. */
class FakeService implements StatusSource<Thing> {
  readonly things = new Map<string, Thing>();
  gets = 0;
  lists = 0;
  failLists = false;

  set(id: string, status: string): void {
    this.things.set(id, { id, status, changedAt: Date.now() });
  }
  get(id: string) {
    this.gets++;
    const thing = this.things.get(id);
    return Promise.resolve({ item: thing && { ...thing }, at: Date.now() });
  }
  changedSince(since: number) {
    this.lists++;
    if (this.failLists) return Promise.reject(new Error("502 from the gateway"));
    const items = [...this.things.values()].filter((t) => t.changedAt >= since).map((t) => ({ ...t }));
    return Promise.resolve({ items, at: Date.now() });
  }
  idOf(thing: Thing) {
    return thing.id;
  }
  isGone(thing: Thing) {
    return thing.status === "DELETED";
  }
}

const active = (thing: Thing | undefined) => {
  if (!thing) throw new Error("gone");
  if (thing.status === "ERROR") throw new Error(`went to ERROR`);
  return thing.status === "ACTIVE"
    ? { done: true as const, value: thing.status }
    : { done: false as const, state: thing.status };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("status watch", () => {
  it("serves many waiters with one list per interval, each resolved when its object is ready", async () => {
    const service = new FakeService();
    const owner = {};
    for (let i = 0; i < 20; i++) service.set(`t${i}`, "BUILD");
    const waits = Array.from({ length: 20 }, (_, i) =>
      watchStatus(owner, "thing", service, `t${i}`, new Deadline("create", 10), active, { intervalMs: 50 }),
    );
    await sleep(120);
    for (let i = 0; i < 20; i++) service.set(`t${i}`, "ACTIVE");
    const started = Date.now();
    expect(await Promise.all(waits)).to.deep.equal(Array(20).fill("ACTIVE"));
    expect(Date.now() - started, "seen within about one interval").to.be.below(200);
    expect(service.gets, "one GET per waiter, its first look").to.equal(20);
    // one list per 50 ms tick over ~200 ms, however many waiters
    expect(service.lists).to.be.within(2, 8);
  });

  it("a lone waiter sees a ready object with its first GET, and no list is made", async () => {
    const service = new FakeService();
    service.set("a", "ACTIVE");
    expect(await watchStatus({}, "thing", service, "a", new Deadline("create", 10), active)).to.equal(
      "ACTIVE",
    );
    expect([service.gets, service.lists]).to.deep.equal([1, 0]);
  });

  it("fails only the waiter whose object fails, and counts a deleted object as gone", async () => {
    const service = new FakeService();
    const owner = {};
    service.set("ok", "BUILD");
    service.set("bad", "BUILD");
    service.set("del", "BUILD");
    const opts = { intervalMs: 20 };
    const ok = watchStatus(owner, "thing", service, "ok", new Deadline("create", 10), active, opts);
    const outcome = (p: Promise<string>) =>
      p.then(
        () => "resolved",
        (e: Error) => e.message,
      );
    const bad = outcome(
      watchStatus(owner, "thing", service, "bad", new Deadline("create", 10), active, opts),
    );
    const del = outcome(
      watchStatus(owner, "thing", service, "del", new Deadline("create", 10), active, opts),
    );
    await sleep(50);
    service.set("bad", "ERROR");
    service.set("del", "DELETED");
    await sleep(50);
    service.set("ok", "ACTIVE");
    expect(await ok).to.equal("ACTIVE");
    expect(await bad).to.equal("went to ERROR");
    expect(await del).to.equal("gone");
  });

  it("rejects with the deadline's error and the last state seen", async () => {
    const service = new FakeService();
    service.set("slow", "BUILD");
    const started = Date.now();
    const error = await watchStatus(
      {},
      "thing",
      service,
      "slow",
      new Deadline("server create", 0.2),
      active,
      {
        intervalMs: 50,
      },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/^server create did not finish within 0.2 s \(last state: BUILD\)/);
    expect(Date.now() - started).to.be.below(600);
  });

  it("a list that hangs does not hold a waiter past its deadline", async () => {
    const service = new FakeService();
    service.set("x", "BUILD");
    service.changedSince = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const error = await watchStatus({}, "thing", service, "x", new Deadline("create", 0.3), active, {
      intervalMs: 50,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/^create did not finish within 0.3 s \(last state: BUILD\)/);
    expect(Date.now() - started).to.be.below(500);
  });

  it("when the list fails, each waiter looks for itself", async () => {
    const service = new FakeService();
    service.failLists = true;
    service.set("x", "BUILD");
    const wait = watchStatus({}, "thing", service, "x", new Deadline("create", 10), active, {
      intervalMs: 20,
    });
    await sleep(60);
    service.set("x", "ACTIVE");
    expect(await wait).to.equal("ACTIVE");
    expect(service.gets).to.be.greaterThan(1);
  });

  it("a waiter missed by the list is looked at again after the recheck time", async () => {
    const service = new FakeService();
    service.set("x", "BUILD");
    const wait = watchStatus({}, "thing", service, "x", new Deadline("create", 10), active, {
      intervalMs: 20,
      recheckMs: 100,
    });
    await sleep(40);
    // changed long ago as far as the list can tell: only a GET finds it
    service.things.set("x", { id: "x", status: "ACTIVE", changedAt: 0 });
    expect(await wait).to.equal("ACTIVE");
    expect(service.gets).to.equal(2);
  });
});
