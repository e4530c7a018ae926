// Shared by the example tests: an independent REST view of the cloud to check what an example made, and a
// sweep that deletes whatever a failed run left behind (by the name prefix every example uses).
import { issueToken, type TestCloud } from "../../support/cloud";
import { Rest, waitFor } from "../../support/rest";

/** The stack every example test uses: the examples put project and stack in their resource names. */
export const STACK = `it${process.pid}`;

// ---------------------------------------------------------------------------------------------------------
// The cloud as plain REST sees it

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  flavor: { original_name?: string; id?: string };
  image: { id: string } | "";
  key_name: string | null;
  metadata: Record<string, string>;
  addresses: Record<string, Array<{ addr: string; version: number }>>;
}

export interface CinderVolume {
  id: string;
  name: string;
  size: number;
  status: string;
  bootable: string;
  metadata: Record<string, string>;
  attachments: Array<{ server_id: string; device: string }>;
}

export interface NeutronPort {
  id: string;
  device_id: string;
  device_owner: string;
  network_id: string;
  fixed_ips: Array<{ subnet_id: string; ip_address: string }>;
}

/** A project's view of the cloud through plain HTTP (tests/support/rest.ts), not the package's client. */
export class Witness {
  private constructor(
    readonly rest: Rest,
    readonly projectId: string,
  ) {}

  static async of(cloud: TestCloud): Promise<Witness> {
    const { token, body } = await issueToken(cloud);
    return new Witness(new Rest(token, body.token.catalog, cloud.region), body.token.project?.id ?? "");
  }

  get nova(): string {
    return this.rest.endpoint("compute");
  }
  get neutron(): string {
    return `${this.rest.endpoint("network")}/v2.0`;
  }
  get glance(): string {
    return `${this.rest.endpoint("image")}/v2`;
  }
  get cinder(): string {
    return this.rest.endpoint("volumev3");
  }

  /** The body's `key` of a GET, or undefined on 404. */
  async get<T>(url: string, key: string): Promise<T | undefined> {
    const res = await this.rest.call<Record<string, T>>("GET", url, undefined, {
      "openstack-api-version": "compute 2.79",
    });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body[key];
  }

  server(id: string): Promise<NovaServer | undefined> {
    return this.get<NovaServer>(`${this.nova}/servers/${id}`, "server");
  }

  keyPair(name: string): Promise<{ name: string; public_key: string; fingerprint: string } | undefined> {
    return this.get(`${this.nova}/os-keypairs/${encodeURIComponent(name)}`, "keypair");
  }

  network(id: string): Promise<Record<string, unknown> | undefined> {
    return this.get(`${this.neutron}/networks/${id}`, "network");
  }

  subnet(id: string): Promise<Record<string, unknown> | undefined> {
    return this.get(`${this.neutron}/subnets/${id}`, "subnet");
  }

  router(id: string): Promise<Record<string, unknown> | undefined> {
    return this.get(`${this.neutron}/routers/${id}`, "router");
  }

  floatingIp(id: string): Promise<Record<string, unknown> | undefined> {
    return this.get(`${this.neutron}/floatingips/${id}`, "floatingip");
  }

  async ports(query: string): Promise<NeutronPort[]> {
    return (await this.get<NeutronPort[]>(`${this.neutron}/ports?${query}`, "ports")) ?? [];
  }

  async image(id: string): Promise<Record<string, unknown> | undefined> {
    // Glance v2 answers the image itself, not wrapped in a key
    const res = await this.rest.call<Record<string, unknown>>("GET", `${this.glance}/images/${id}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET image ${id} answered ${res.status}`);
    return res.body;
  }

  /** Waits until a server is gone: Nova deletes asynchronously. */
  /** A Cinder volume, or undefined on 404. */
  async volume(id: string): Promise<CinderVolume | undefined> {
    const res = await this.rest.call<{ volume: CinderVolume }>("GET", `${this.cinder}/volumes/${id}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET volume ${id} answered ${res.status}`);
    return res.body.volume;
  }

  async serverGone(id: string, timeoutMs = 60_000): Promise<void> {
    await waitFor(`server ${id} to be deleted`, timeoutMs, async () =>
      (await this.server(id)) === undefined ? true : undefined,
    );
  }

  /**
   * Deletes everything of this project whose name (or floating IP description) starts with `prefix`:
   * what a failed run or a failed destroy left. Best effort, in dependency order; errors are ignored.
   */
  async sweep(prefix: string): Promise<void> {
    const ignore = () => undefined;
    const named = <T extends { name?: string }>(items: T[] | undefined) =>
      (items ?? []).filter((i) => typeof i.name === "string" && i.name.startsWith(prefix));
    const servers = named(await this.get<NovaServer[]>(`${this.nova}/servers`, "servers").catch(ignore));
    const fips = (
      (await this.get<Array<{ id: string; description?: string }>>(
        `${this.neutron}/floatingips?project_id=${this.projectId}`,
        "floatingips",
      ).catch(ignore)) ?? []
    ).filter((f) => f.description?.startsWith(prefix));
    for (const f of fips) await this.rest.call("DELETE", `${this.neutron}/floatingips/${f.id}`).catch(ignore);
    for (const s of servers) await this.rest.call("DELETE", `${this.nova}/servers/${s.id}`).catch(ignore);
    for (const s of servers) await this.serverGone(s.id).catch(ignore);
    const routers = named(
      await this.get<Array<{ id: string; name: string }>>(
        `${this.neutron}/routers?project_id=${this.projectId}`,
        "routers",
      ).catch(ignore),
    );
    for (const r of routers) {
      for (const p of await this.ports(`device_id=${r.id}&device_owner=network:router_interface`).catch(
        () => [],
      )) {
        await this.rest
          .call("PUT", `${this.neutron}/routers/${r.id}/remove_router_interface`, { port_id: p.id })
          .catch(ignore);
      }
      await this.rest.call("DELETE", `${this.neutron}/routers/${r.id}`).catch(ignore);
    }
    const networks = named(
      await this.get<Array<{ id: string; name: string }>>(
        `${this.neutron}/networks?project_id=${this.projectId}`,
        "networks",
      ).catch(ignore),
    );
    // ports the stack made itself (a server's own port goes with the server)
    const ports = named(
      await this.get<Array<{ id: string; name: string }>>(
        `${this.neutron}/ports?project_id=${this.projectId}`,
        "ports",
      ).catch(ignore),
    );
    for (const p of ports) await this.rest.call("DELETE", `${this.neutron}/ports/${p.id}`).catch(ignore);
    const groups = named(
      await this.get<Array<{ id: string; name: string }>>(
        `${this.neutron}/security-groups?project_id=${this.projectId}`,
        "security_groups",
      ).catch(ignore),
    );
    for (const g of groups)
      await this.rest.call("DELETE", `${this.neutron}/security-groups/${g.id}`).catch(ignore);
    // deleting a network deletes its subnets (no ports are left once servers and routers are gone)
    for (const n of networks)
      await this.rest.call("DELETE", `${this.neutron}/networks/${n.id}`).catch(ignore);
    const images = await this.rest
      .call<{ images?: Array<{ id: string; name?: string; owner?: string }> }>(
        "GET",
        `${this.glance}/images?limit=1000`,
      )
      .catch(ignore);
    for (const i of named(images?.body.images).filter((i) => i.owner === this.projectId)) {
      await this.rest.call("DELETE", `${this.glance}/images/${i.id}`).catch(ignore);
    }
    // volumes once the servers that held them are gone; only where the cloud has block storage
    const cinder = this.rest.catalog.some((c) => c.type === "volumev3") ? this.cinder : undefined;
    const volumes = cinder
      ? await this.rest
          .call<{ volumes?: Array<{ id: string; name?: string }> }>("GET", `${cinder}/volumes`)
          .catch(ignore)
      : undefined;
    for (const v of named(volumes?.body.volumes)) {
      await this.rest.call("DELETE", `${cinder}/volumes/${v.id}`).catch(ignore);
    }
    const keypairs = await this.get<Array<{ keypair: { name: string } }>>(
      `${this.nova}/os-keypairs`,
      "keypairs",
    ).catch(ignore);
    for (const { keypair } of keypairs ?? []) {
      if (keypair.name.startsWith(prefix)) {
        await this.rest
          .call("DELETE", `${this.nova}/os-keypairs/${encodeURIComponent(keypair.name)}`)
          .catch(ignore);
      }
    }
  }
}
