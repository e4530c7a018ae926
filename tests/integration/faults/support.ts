// The fault suite's setting: a real provider host whose every request goes through the fault proxy,
// and an independent view of the cloud (plain HTTP straight to it, with its own token) to count what
// exists. Resources get the creation token their class would give them, random per test resource.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { issueToken, type TestCloud } from "../../support/cloud";
import { type FaultProxy, startFaultProxy } from "../../support/fault-proxy";
import { Rest } from "../../support/rest";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

export interface FaultyCloud {
  proxy: FaultProxy;
  /** The cloud as the provider sees it: through the proxy. */
  proxied: TestCloud;
  /** Straight to the cloud, for counting. */
  rest: Rest;
  /** A provider host configured for the proxied cloud. */
  startHost(): Promise<ResourceHost>;
  stop(): Promise<void>;
}

export async function startFaultyCloud(cloud: TestCloud): Promise<FaultyCloud> {
  const proxy = await startFaultProxy(cloud.auth.auth_url);
  const dir = mkdtempSync(join(tmpdir(), "faults-"));
  const file = join(dir, "clouds.yaml");
  const entry = { auth: { ...cloud.auth, auth_url: proxy.authUrl }, region_name: cloud.region };
  writeFileSync(file, stringify({ clouds: { [cloud.name]: entry } }), { mode: 0o600 });
  const proxied: TestCloud = { ...cloud, file, auth: entry.auth };
  const { token, body } = await issueToken(cloud);
  const rest = new Rest(token, body.token.catalog, cloud.region);
  return {
    proxy,
    proxied,
    rest,
    async startHost() {
      const rh = await startResourceHost(proxied);
      // operations here wait out faults longer than the usual per-call limit of the test host
      rh.host.rpcTimeoutMs = 90_000;
      return rh;
    },
    async stop() {
      await proxy.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the resource class adds to every resource's inputs. */
export function withToken<T extends object>(inputs: T): T & { creationToken: string } {
  return { ...inputs, creationToken: randomBytes(16).toString("hex") };
}

export const uniqueName = (what: string) => `flt-${what}-${process.pid}-${randomBytes(3).toString("hex")}`;

/**
 * Ids of the live objects of a kind with this name (description for floating IPs, the router for a
 * router interface, "<serverId>/<volumeId>" for a volume attachment), straight from the cloud.
 */
export async function liveIds(rest: Rest, kind: string, name: string): Promise<string[]> {
  const q = encodeURIComponent(name);
  switch (kind) {
    case "Network":
    case "Subnet":
    case "Router":
    case "Port": {
      const plural = `${kind.toLowerCase()}s`;
      const body = await rest.expect<Record<string, Array<{ id: string }>>>(
        200,
        "GET",
        `${rest.endpoint("network")}/v2.0/${plural}?name=${q}`,
      );
      return body[plural]!.map((o) => o.id);
    }
    case "FloatingIp": {
      const body = await rest.expect<{ floatingips: Array<{ id: string; description: string }> }>(
        200,
        "GET",
        `${rest.endpoint("network")}/v2.0/floatingips?description=${q}`,
      );
      return body.floatingips.filter((f) => f.description === name).map((f) => f.id);
    }
    case "Server": {
      const body = await rest.expect<{ servers: Array<{ id: string; name: string; status: string }> }>(
        200,
        "GET",
        `${rest.endpoint("compute")}/servers/detail?name=${encodeURIComponent(`^${name}$`)}`,
      );
      return body.servers.filter((s) => s.name === name && s.status !== "DELETED").map((s) => s.id);
    }
    case "Image": {
      const body = await rest.expect<{ images: Array<{ id: string }> }>(
        200,
        "GET",
        `${rest.endpoint("image")}/v2/images?name=${q}`,
      );
      return body.images.map((i) => i.id);
    }
    case "RouterInterface": {
      // `name` is the router's id: its interface ports
      const body = await rest.expect<{ ports: Array<{ id: string; device_owner: string }> }>(
        200,
        "GET",
        `${rest.endpoint("network")}/v2.0/ports?device_id=${q}`,
      );
      return body.ports.filter((p) => p.device_owner === "network:router_interface").map((p) => p.id);
    }
    case "KeyPair": {
      const res = await rest.call(`GET`, `${rest.endpoint("compute")}/os-keypairs/${q}`);
      return res.status === 200 ? [name] : [];
    }
    case "Volume": {
      const body = await rest.expect<{ volumes: Array<{ id: string; name: string }> }>(
        200,
        "GET",
        `${rest.endpoint("block-storage")}/volumes/detail?name=${q}`,
      );
      return body.volumes.filter((v) => v.name === name).map((v) => v.id);
    }
    case "ServerGroup": {
      const body = await rest.expect<{ server_groups: Array<{ id: string; name: string }> }>(
        200,
        "GET",
        `${rest.endpoint("compute")}/os-server-groups?limit=1000`,
      );
      return body.server_groups.filter((g) => g.name === name).map((g) => g.id);
    }
    case "VolumeAttachment": {
      // `name` is "<serverId>/<volumeId>": that volume's attachment to that server, in the state's id form
      const [serverId, volumeId] = name.split("/");
      const body = await rest.expect<{ volumeAttachments: Array<{ volumeId: string }> }>(
        200,
        "GET",
        `${rest.endpoint("compute")}/servers/${serverId}/os-volume_attachments`,
      );
      return body.volumeAttachments
        .filter((a) => a.volumeId === volumeId)
        .map((a) => `${serverId}/${a.volumeId}`);
    }
    case "SecurityGroup": {
      const body = await rest.expect<{ security_groups: Array<{ id: string }> }>(
        200,
        "GET",
        `${rest.endpoint("network")}/v2.0/security-groups?name=${q}`,
      );
      return body.security_groups.map((g) => g.id);
    }
    case "SecurityGroupRule": {
      // `name` is the group's id: its rules
      const body = await rest.expect<{ security_group_rules: Array<{ id: string }> }>(
        200,
        "GET",
        `${rest.endpoint("network")}/v2.0/security-group-rules?security_group_id=${q}`,
      );
      return body.security_group_rules.map((r) => r.id);
    }
  }
  throw new Error(`no listing for ${kind}`);
}

/** Deletes whatever of this name is left (after a failed test), straight through the cloud. */
export async function sweep(rest: Rest, kind: string, name: string): Promise<void> {
  const urls: Record<string, (id: string) => string> = {
    Network: (id) => `${rest.endpoint("network")}/v2.0/networks/${id}`,
    Subnet: (id) => `${rest.endpoint("network")}/v2.0/subnets/${id}`,
    Router: (id) => `${rest.endpoint("network")}/v2.0/routers/${id}`,
    Port: (id) => `${rest.endpoint("network")}/v2.0/ports/${id}`,
    FloatingIp: (id) => `${rest.endpoint("network")}/v2.0/floatingips/${id}`,
    Server: (id) => `${rest.endpoint("compute")}/servers/${id}`,
    Image: (id) => `${rest.endpoint("image")}/v2/images/${id}`,
    KeyPair: (id) => `${rest.endpoint("compute")}/os-keypairs/${encodeURIComponent(id)}`,
    Volume: (id) => `${rest.endpoint("block-storage")}/volumes/${id}`,
    ServerGroup: (id) => `${rest.endpoint("compute")}/os-server-groups/${id}`,
    VolumeAttachment: (id) =>
      `${rest.endpoint("compute")}/servers/${id.split("/")[0]}/os-volume_attachments/${id.split("/")[1]}`,
    SecurityGroup: (id) => `${rest.endpoint("network")}/v2.0/security-groups/${id}`,
    SecurityGroupRule: (id) => `${rest.endpoint("network")}/v2.0/security-group-rules/${id}`,
  };
  if (kind === "RouterInterface") {
    for (const port of await liveIds(rest, kind, name).catch(() => [])) {
      const url = `${rest.endpoint("network")}/v2.0/routers/${name}/remove_router_interface`;
      await rest.call("PUT", url, { port_id: port }).catch(() => undefined);
    }
    return;
  }
  for (const id of await liveIds(rest, kind, name).catch(() => [])) {
    // a volume still letting go of a server is refused for a while (400): ask again
    for (let tries = 0; tries < 30; tries++) {
      const res = await rest.call("DELETE", urls[kind]!(id)).catch(() => undefined);
      if (kind !== "Volume" || res?.status !== 400) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
