// RouterInterface without a cloud: the subnet-or-port rule, the replace and delete-first decisions, and
// read/delete against a stand-in client (which port counts as this interface, how it is removed).
import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { NotFoundError } from "../../../provider/errors";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { RouterInterface } from "../../../provider/resources/router-interface/router-interface";

const schema = withCommonProperties(RouterInterface.definition.schema);

const bySubnet: Props = {
  routerId: "r-1",
  subnetId: "s-1",
  portId: "p-1",
  ipAddress: "10.0.0.1",
  attachedBy: "subnet",
};
const byPort: Props = { ...bySubnet, portId: "p-2", ipAddress: "10.0.0.7", attachedBy: "port" };

function diff(inputs: Props, state: Props) {
  const checked = checkInputs(schema, inputs);
  expect(checked.failures).to.deep.equal([]);
  return diffState(schema, state, checked.inputs);
}

describe("RouterInterface: check", () => {
  it("takes exactly one of subnetId and portId", () => {
    expect(checkInputs(schema, { routerId: "r-1", subnetId: "s-1" }).failures).to.deep.equal([]);
    expect(checkInputs(schema, { routerId: "r-1", portId: "p-1" }).failures).to.deep.equal([]);
    expect(checkInputs(schema, { routerId: "r-1", subnetId: "s-1", portId: "p-1" }).failures).to.deep.equal([
      { property: "portId", reason: "subnetId and portId are exclusive: give one of them" },
    ]);
    expect(checkInputs(schema, { routerId: "r-1" }).failures).to.deep.equal([
      {
        property: "subnetId",
        reason:
          "give subnetId (Neutron makes a port with the subnet's gateway address) or portId (an existing port)",
      },
    ]);
    expect(checkInputs(schema, { routerId: UNKNOWN, subnetId: UNKNOWN }).failures).to.deep.equal([]);
  });

  it("requires routerId", () => {
    expect(checkInputs(schema, { subnetId: "s-1" }).failures.map((f) => f.property)).to.deep.equal([
      "routerId",
    ]);
  });
});

describe("RouterInterface: diff", () => {
  it("finds no change for the property that was not declared", () => {
    expect(diff({ routerId: "r-1", subnetId: "s-1" }, bySubnet).changes).to.equal(false);
    expect(diff({ routerId: "r-1", portId: "p-2" }, byPort).changes).to.equal(false);
  });

  it("replaces on every change, removing the old interface first unless the subnet changes", () => {
    expect(diff({ routerId: "r-2", subnetId: "s-1" }, bySubnet)).to.deep.include({
      replaces: ["routerId"],
      deleteBeforeReplace: true,
    });
    expect(diff({ routerId: "r-1", subnetId: "s-2" }, bySubnet)).to.deep.include({
      replaces: ["subnetId"],
      deleteBeforeReplace: false,
    });
    expect(diff({ routerId: "r-1", portId: "p-3" }, byPort)).to.deep.include({
      replaces: ["portId"],
      deleteBeforeReplace: true,
    });
  });
});

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

/** Answers GET /ports/<id> with `port` (404 when undefined) and records the rest. */
function fakeNeutron(port: Props | undefined, removal: () => Promise<unknown> = () => Promise.resolve()) {
  const calls: Call[] = [];
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown }) {
      const call = { method: req.method ?? "GET", path: req.path, body: req.body };
      calls.push(call);
      if (call.method === "GET" && req.path.startsWith("/v2.0/ports/"))
        return port ? Promise.resolve({ data: { port } }) : Promise.reject(new NotFoundError("404"));
      if (req.path.endsWith("/remove_router_interface")) return removal().then(() => ({ data: {} }));
      return Promise.reject(new Error(`unexpected ${call.method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const ctx: OperationContext = { client, deadline: new Deadline("test", 5), log: () => undefined };
  return { ctx, calls };
}

const port = (id: string, deviceId: string, fixedIps: Array<[string, string]>): Props => ({
  id,
  device_id: deviceId,
  device_owner: "network:router_interface",
  fixed_ips: fixedIps.map(([subnet_id, ip_address]) => ({ subnet_id, ip_address })),
});

describe("RouterInterface: read and delete", () => {
  it("reads the interface from its port", async () => {
    const { ctx } = fakeNeutron(port("p-1", "r-1", [["s-1", "10.0.0.1"]]));
    expect(await RouterInterface.definition.read(ctx, "p-1", bySubnet)).to.deep.equal(bySubnet);
  });

  it("is gone when the port is gone, belongs to another device, or lost the subnet", async () => {
    expect(await RouterInterface.definition.read(fakeNeutron(undefined).ctx, "p-1", bySubnet)).to.equal(
      undefined,
    );
    const moved = fakeNeutron(port("p-1", "server-9", [["s-1", "10.0.0.1"]]));
    expect(await RouterInterface.definition.read(moved.ctx, "p-1", bySubnet)).to.equal(undefined);
    const other = fakeNeutron(port("p-1", "r-1", [["s-9", "fd00::1"]]));
    expect(await RouterInterface.definition.read(other.ctx, "p-1", bySubnet)).to.equal(undefined);
  });

  it("picks its own subnet's address on a port shared by IPv6 subnets", async () => {
    const shared = port("p-1", "r-1", [
      ["s-6a", "fd00:a::1"],
      ["s-6b", "fd00:b::1"],
    ]);
    const state = { ...bySubnet, subnetId: "s-6b", ipAddress: "fd00:b::1" };
    expect(await RouterInterface.definition.read(fakeNeutron(shared).ctx, "p-1", state)).to.deep.equal(state);
  });

  it("tells adoption by port from adoption by subnet from the inputs", async () => {
    const { ctx } = fakeNeutron(port("p-2", "r-1", [["s-1", "10.0.0.7"]]));
    expect(
      await RouterInterface.definition.read(ctx, "p-2", { routerId: "r-1", portId: "p-2" }),
    ).to.deep.equal(byPort);
  });

  it("removes by subnet what was declared by subnet, and by port what was declared by port", async () => {
    const sub = fakeNeutron(port("p-1", "r-1", [["s-1", "10.0.0.1"]]));
    await RouterInterface.definition.delete(sub.ctx, "p-1", bySubnet);
    expect(sub.calls.at(-1)).to.deep.equal({
      method: "PUT",
      path: "/v2.0/routers/r-1/remove_router_interface",
      body: { subnet_id: "s-1" },
    });
    const prt = fakeNeutron(port("p-2", "r-1", [["s-1", "10.0.0.7"]]));
    await RouterInterface.definition.delete(prt.ctx, "p-2", byPort);
    expect(prt.calls.at(-1)!.body).to.deep.equal({ port_id: "p-2" });
  });

  it("does not remove an interface that is already gone", async () => {
    const gone = fakeNeutron(undefined);
    await RouterInterface.definition.delete(gone.ctx, "p-1", bySubnet);
    expect(gone.calls.map((c) => c.method)).to.deep.equal(["GET"]);
  });

  it("takes a 404 from remove_router_interface as gone", async () => {
    const racing = fakeNeutron(port("p-1", "r-1", [["s-1", "10.0.0.1"]]), () =>
      Promise.reject(new NotFoundError("Router r-1 does not have an interface")),
    );
    const outcome = await RouterInterface.definition.delete(racing.ctx, "p-1", bySubnet).then(
      () => "resolved",
      (e: Error) => `rejected: ${e.message}`,
    );
    expect(outcome).to.equal("resolved");
    // the removal was asked for, and its 404 taken as the interface being gone
    const removal = racing.calls.find((c) => c.path.endsWith("/remove_router_interface"));
    expect(removal).to.deep.include({ method: "PUT", body: { subnet_id: "s-1" } });
  });
});
