import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { Server } from "../../../provider/resources/server/server";

// A flavor change against a fake Nova whose server goes through `statuses` after the resize request.
function fakeNova(afterResize: Array<{ status: string; flavor: string; task?: string }>) {
  const actions: unknown[] = [];
  let resized = false;
  let step = 0;
  const flavors = [
    { id: "f-1", name: "m1.tiny", ram: 512, vcpus: 1, disk: 1 },
    { id: "f-2", name: "m1.small", ram: 2048, vcpus: 1, disk: 20 },
  ];
  const server = (status: string, flavor: string, task?: string) => ({
    id: "s-1",
    name: "web",
    status,
    "OS-EXT-STS:task_state": task ?? null,
    flavor: { original_name: flavor },
    image: "",
    metadata: {},
    tags: [],
    addresses: {},
  });
  const current = () => {
    if (!resized) return server("ACTIVE", "m1.tiny");
    const s = afterResize[Math.min(step++, afterResize.length - 1)]!;
    return server(s.status, s.flavor, s.task);
  };
  // every answer carries Nova's clock, which the status watch reads
  const answer = (data: unknown) => Promise.resolve({ data, headers: { date: new Date().toUTCString() } });
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown }) {
      const method = req.method ?? "GET";
      if (method === "GET" && req.path.startsWith("/flavors/detail")) return answer({ flavors });
      if (method === "POST" && req.path === "/servers/s-1/action") {
        actions.push(req.body);
        if ((req.body as Props).resize) resized = true;
        return answer(undefined);
      }
      if (method === "GET" && req.path === "/servers/s-1") return answer({ server: current() });
      if (method === "GET" && req.path === "/servers/detail") return answer({ servers: [current()] });
      return Promise.reject(new Error(`unexpected ${method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const ctx: OperationContext = { client, deadline: new Deadline("server update", 3), log: () => undefined };
  return { ctx, actions };
}

const olds: Props = {
  name: "web",
  flavor: "m1.tiny",
  flavorId: "f-1",
  image: "cirros",
  powerState: "active",
};
const news: Props = { ...olds, flavor: "m1.small" };
const diff = { changes: true, updates: ["flavor"], replaces: [], deleteBeforeReplace: false, stables: [] };

describe("Server resize", () => {
  it("on a cloud that confirms resizes itself, ACTIVE with the new flavor is done: no wait, no confirm", async () => {
    const nova = fakeNova([
      { status: "RESIZE", flavor: "m1.tiny", task: "resize_migrating" },
      { status: "ACTIVE", flavor: "m1.small" },
    ]);
    const outs = await Server.definition.update(nova.ctx, "s-1", olds, news, diff);
    expect(outs.flavor).to.equal("m1.small");
    expect(nova.actions).to.deep.equal([{ resize: { flavorRef: "f-2" } }]);
  });

  it("ACTIVE with the old flavor and no task yet is not mistaken for done", async () => {
    const nova = fakeNova([
      { status: "ACTIVE", flavor: "m1.tiny" },
      { status: "VERIFY_RESIZE", flavor: "m1.small" },
      { status: "ACTIVE", flavor: "m1.small" },
    ]);
    await Server.definition.update(nova.ctx, "s-1", olds, news, diff);
    expect(nova.actions).to.deep.equal([{ resize: { flavorRef: "f-2" } }, { confirmResize: null }]);
  });
});
