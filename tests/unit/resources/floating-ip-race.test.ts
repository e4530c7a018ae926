import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { NotFoundError } from "../../../provider/errors";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { FloatingIp } from "../../../provider/resources/floating-ip/floating-ip";

// Neutron answers the association with ExternalGatewayForFloatingIPNotFound `races` times (the router
// interface was added moments ago), then binds the address.
function fakeNeutron(races: number, other?: Error) {
  const puts: unknown[] = [];
  let bound: string | null = null;
  const fip = () => ({
    id: "fip-1",
    floating_ip_address: "172.24.4.10",
    floating_network_id: "ext",
    port_id: bound,
    fixed_ip_address: bound ? "10.0.0.5" : null,
    status: "ACTIVE",
    description: "",
    tags: [],
  });
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown }) {
      const method = req.method ?? "GET";
      if (method === "GET" && req.path === "/v2.0/floatingips/fip-1")
        return Promise.resolve({ data: { floatingip: fip() } });
      if (method === "PUT" && req.path === "/v2.0/floatingips/fip-1") {
        puts.push(req.body);
        if (other) return Promise.reject(other);
        if (puts.length <= races) {
          const message =
            "External network ext is not reachable from subnet s-1.  Therefore, cannot associate Port p-1 with a Floating IP.";
          return Promise.reject(
            new NotFoundError(`PUT /v2.0/floatingips/fip-1 returned 404: ${message}`, {
              status: 404,
              serviceMessage: message,
            }),
          );
        }
        bound = (req.body as { floatingip: { port_id: string } }).floatingip.port_id;
        return Promise.resolve({ data: { floatingip: fip() } });
      }
      return Promise.reject(new Error(`unexpected ${method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const ctx: OperationContext = {
    client,
    deadline: new Deadline("floating IP update", 5),
    log: () => undefined,
  };
  return { ctx, puts };
}

const olds: Props = { pool: "ext" };
const news: Props = { pool: "ext", portId: "p-1" };
const diff = { changes: true, updates: ["portId"], replaces: [], deleteBeforeReplace: false, stables: [] };

describe("FloatingIp association and the gateway race", () => {
  it("retries ExternalGatewayForFloatingIPNotFound until Neutron binds the address", async () => {
    const neutron = fakeNeutron(2);
    const outs = await FloatingIp.definition.update(neutron.ctx, "fip-1", olds, news, diff);
    expect(outs.portId).to.equal("p-1");
    expect(neutron.puts).to.have.length(3);
  });

  it("does not retry another 404", async () => {
    const neutron = fakeNeutron(0, new NotFoundError("Port p-1 could not be found", { status: 404 }));
    const error = await FloatingIp.definition
      .update(neutron.ctx, "fip-1", olds, news, diff)
      .catch((e: Error) => e);
    expect(error).to.be.instanceOf(NotFoundError);
    expect(neutron.puts).to.have.length(1);
  });
});

// The same race when the address is created already bound to a port: the POST is refused (nothing is
// made), and sent again until Neutron has the router's interface on the port's subnet.
function fakeNeutronCreate(races: number) {
  const posts: unknown[] = [];
  const made = {
    id: "fip-9",
    floating_ip_address: "172.24.4.11",
    floating_network_id: "ext",
    port_id: "p-1",
    fixed_ip_address: "10.0.0.5",
    status: "ACTIVE",
    description: "",
    tags: [] as string[],
  };
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: unknown; query?: unknown }) {
      const method = req.method ?? "GET";
      if (method === "GET" && req.path.startsWith("/v2.0/networks"))
        return Promise.resolve({
          data: {
            networks: [{ id: "ext", name: "ext", "router:external": true }],
            network: { id: "ext", name: "ext", "router:external": true },
          },
        });
      if (method === "GET" && req.path.startsWith("/v2.0/ports"))
        return Promise.resolve({
          data: { port: { id: "p-1", fixed_ips: [{ ip_address: "10.0.0.5", subnet_id: "s-1" }] }, ports: [] },
        });
      if (method === "GET" && req.path === "/v2.0/floatingips")
        return Promise.resolve({ data: { floatingips: [] } });
      if (method === "GET" && req.path === "/v2.0/floatingips/fip-9")
        return Promise.resolve({ data: { floatingip: made } });
      if (method === "POST" && req.path === "/v2.0/floatingips") {
        posts.push(req.body);
        if (posts.length <= races) {
          const message =
            "External network ext is not reachable from subnet s-1.  Therefore, cannot associate Port p-1 with a Floating IP.";
          return Promise.reject(
            new NotFoundError(`POST /v2.0/floatingips returned 404: ${message}`, {
              status: 404,
              serviceMessage: message,
            }),
          );
        }
        made.tags = (req.body as { floatingip: { tags?: string[] } }).floatingip.tags ?? [];
        return Promise.resolve({ data: { floatingip: made } });
      }
      if (method === "PUT" && req.path.startsWith("/v2.0/floatingips/fip-9/tags"))
        return Promise.resolve({ data: {} });
      return Promise.reject(new Error(`unexpected ${method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const ctx: OperationContext = {
    client,
    deadline: new Deadline("floating IP create", 5),
    log: () => undefined,
  };
  return { ctx, posts };
}

describe("FloatingIp created bound to a port and the gateway race", () => {
  it("sends the create again until Neutron binds the address", async () => {
    const neutron = fakeNeutronCreate(2);
    const { id, outs } = await FloatingIp.definition.create(neutron.ctx, { pool: "ext", portId: "p-1" });
    expect(id).to.equal("fip-9");
    expect(outs.portId).to.equal("p-1");
    expect(neutron.posts).to.have.length(3);
  });
});
