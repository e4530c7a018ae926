// Plain REST views of what the root program makes, for the program tests: independent of the package's
// client, and a sweep that deletes whatever a failed test left behind.
import { expect } from "chai";
import { issueToken, type TestCloud } from "../../support/cloud";
import { Rest, waitFor } from "../../support/rest";

export interface NeutronPort {
  id: string;
  network_id: string;
  device_owner: string;
  fixed_ips: Array<{ subnet_id: string; ip_address: string }>;
}

export interface NovaServer {
  id: string;
  status: string;
  key_name: string | null;
  image: { id: string };
  flavor: { original_name: string };
  addresses: Record<string, unknown>;
}

/** Ids of the root program's resources, as a test finds them in the stand-in's state or the demo's. */
export interface StackIds {
  network?: string;
  subnet?: string;
  router?: string;
  routerInterface?: string;
  keyPair?: string;
  image?: string;
  server?: string;
  floatingIp?: string;
}

export class Witness {
  private constructor(readonly rest: Rest) {}

  static async open(cloud: TestCloud): Promise<Witness> {
    const { token, body } = await issueToken(cloud);
    return new Witness(new Rest(token, body.token.catalog, cloud.region));
  }

  get neutron(): string {
    return `${this.rest.endpoint("network")}/v2.0`;
  }

  get nova(): string {
    return this.rest.endpoint("compute");
  }

  get glance(): string {
    return `${this.rest.endpoint("image")}/v2`;
  }

  async status(url: string): Promise<number> {
    return (await this.rest.call("GET", url)).status;
  }

  async publicNetworkId(): Promise<string> {
    const { networks } = await this.rest.expect<{ networks: Array<{ id: string }> }>(
      200,
      "GET",
      `${this.neutron}/networks?name=public`,
    );
    return networks[0]!.id;
  }

  async server(id: string): Promise<NovaServer> {
    const { server } = await this.rest.expect<{ server: NovaServer }>(
      200,
      "GET",
      `${this.nova}/servers/${id}`,
      undefined,
      { "openstack-api-version": "compute 2.79" },
    );
    return server;
  }

  async portsOf(deviceId: string): Promise<NeutronPort[]> {
    const { ports } = await this.rest.expect<{ ports: NeutronPort[] }>(
      200,
      "GET",
      `${this.neutron}/ports?device_id=${deviceId}`,
    );
    return ports;
  }

  async floatingIp(id: string): Promise<{ floating_ip_address: string; port_id: string | null }> {
    const { floatingip } = await this.rest.expect<{
      floatingip: { floating_ip_address: string; port_id: string | null };
    }>(200, "GET", `${this.neutron}/floatingips/${id}`);
    return floatingip;
  }

  /** Every resource of `ids` answers 404 (servers may take a moment to go). */
  async expectGone(ids: StackIds): Promise<void> {
    if (ids.server) {
      await waitFor(`server ${ids.server} gone`, 60_000, async () =>
        (await this.status(`${this.nova}/servers/${ids.server}`)) === 404 ? true : undefined,
      );
    }
    const urls: Array<[string, string | undefined]> = [
      ["floating IP", ids.floatingIp && `${this.neutron}/floatingips/${ids.floatingIp}`],
      ["router interface port", ids.routerInterface && `${this.neutron}/ports/${ids.routerInterface}`],
      ["router", ids.router && `${this.neutron}/routers/${ids.router}`],
      ["subnet", ids.subnet && `${this.neutron}/subnets/${ids.subnet}`],
      ["network", ids.network && `${this.neutron}/networks/${ids.network}`],
      ["image", ids.image && `${this.glance}/images/${ids.image}`],
      ["key pair", ids.keyPair && `${this.nova}/os-keypairs/${ids.keyPair}`],
    ];
    for (const [what, url] of urls) {
      if (url) expect(await this.status(url), `${what} ${url}`).to.equal(404);
    }
  }

  /** Best-effort deletion of what a failed test left, in dependency order; errors are ignored. */
  async sweep(ids: StackIds): Promise<void> {
    const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
    if (ids.floatingIp)
      await quiet(this.rest.call("DELETE", `${this.neutron}/floatingips/${ids.floatingIp}`));
    if (ids.server) {
      await quiet(this.rest.call("DELETE", `${this.nova}/servers/${ids.server}`));
      await quiet(
        waitFor("server gone", 60_000, async () =>
          (await this.status(`${this.nova}/servers/${ids.server}`)) === 404 ? true : undefined,
        ),
      );
    }
    if (ids.router && ids.subnet) {
      await quiet(
        this.rest.call("PUT", `${this.neutron}/routers/${ids.router}/remove_router_interface`, {
          subnet_id: ids.subnet,
        }),
      );
    }
    if (ids.router) await quiet(this.rest.call("DELETE", `${this.neutron}/routers/${ids.router}`));
    if (ids.network) await quiet(this.rest.call("DELETE", `${this.neutron}/networks/${ids.network}`));
    if (ids.image) await quiet(this.rest.call("DELETE", `${this.glance}/images/${ids.image}`));
    if (ids.keyPair) await quiet(this.rest.call("DELETE", `${this.nova}/os-keypairs/${ids.keyPair}`));
  }
}

const KIND_TO_ID: Record<string, keyof StackIds> = {
  Network: "network",
  Subnet: "subnet",
  Router: "router",
  RouterInterface: "routerInterface",
  KeyPair: "keyPair",
  Image: "image",
  Server: "server",
  FloatingIp: "floatingIp",
};

/** The ids of a state's resources by kind (the last one of each kind). */
export function idsOf(resources: Array<{ kind: string; id: string }>): StackIds {
  const ids: StackIds = {};
  for (const r of resources) {
    const key = KIND_TO_ID[r.kind];
    if (key) ids[key] = r.id;
  }
  return ids;
}
