// Nova (compute v2.1): servers and their actions, flavors, key pairs.
import type { OpenStackClient, ServiceRequest } from "../../client/client";
import { ignoreNotFound, orUndefined } from "../not-found";
import { allPages } from "../paginate";
import type { NovaFlavor, NovaKeyPair, NovaServer } from "./types";

export * from "./types";
export * from "./volume-attachments";

/**
 * The highest compute microversion the resources are written for (the client sends the server's
 * maximum when it is lower): 2.79 has server tags, descriptions, embedded flavors and the trusted
 * behaviour of rebuild/resize the resources rely on, and is below 2.92, which stopped generating keys.
 */
export const COMPUTE_MICROVERSION = "2.79";

function nova<T>(client: OpenStackClient, request: ServiceRequest) {
  return client.request<T>("compute", { microversion: COMPUTE_MICROVERSION, ...request });
}

const serverPath = (id: string) => `/servers/${encodeURIComponent(id)}`;

export async function createServer(
  client: OpenStackClient,
  body: Record<string, unknown>,
  schedulerHints?: Record<string, unknown>,
): Promise<{ id: string; adminPass?: string }> {
  // a re-sent POST would boot a second server: the session re-sends it only when it never reached
  // Nova; after an ambiguous failure the caller looks the server up by its creation tag first
  const res = await nova<{ server: { id: string; adminPass?: string } }>(client, {
    method: "POST",
    path: "/servers",
    // the hints sit beside the server, not in it
    body: schedulerHints ? { server: body, "os:scheduler_hints": schedulerHints } : { server: body },
  });
  return res.data.server;
}

/** Servers carrying all of `tags` (compute 2.26 and later), deleted ones left out. */
export async function listServersTagged(client: OpenStackClient, tags: string[]): Promise<NovaServer[]> {
  const res = await nova<{ servers: NovaServer[] }>(client, {
    path: "/servers/detail",
    query: { tags: tags.join(",") },
  });
  return res.data.servers;
}

export async function getServer(client: OpenStackClient, id: string): Promise<NovaServer | undefined> {
  const res = await orUndefined(nova<{ server: NovaServer }>(client, { path: serverPath(id) }));
  return res?.data.server;
}

/** The service's clock at an answer (its Date header), else ours. */
function serviceClock(headers: Record<string, string> | undefined): number {
  const at = Date.parse(headers?.date ?? "");
  return Number.isNaN(at) ? Date.now() : at;
}

/** One server (undefined: gone) and Nova's clock at the answer. */
export async function getServerAt(
  client: OpenStackClient,
  id: string,
): Promise<{ server: NovaServer | undefined; at: number }> {
  const res = await orUndefined(nova<{ server: NovaServer }>(client, { path: serverPath(id) }));
  return { server: res?.data.server, at: res ? serviceClock(res.headers) : Date.now() };
}

/**
 * The project's servers changed since `since` (ms, Nova's clock), deleted ones included (status
 * DELETED), every page; and Nova's clock at the first answer.
 */
export async function listServersChangedSince(
  client: OpenStackClient,
  since: number,
): Promise<{ servers: NovaServer[]; at: number }> {
  const changesSince = new Date(since).toISOString().replace(/\.\d+Z$/, "Z");
  let at = Date.now();
  const servers = await allPages<NovaServer>(
    "servers",
    async () => {
      const first = await nova(client, { path: "/servers/detail", query: { "changes-since": changesSince } });
      at = serviceClock(first.headers);
      return first;
    },
    (link) => nova(client, { path: link }),
  );
  return { servers, at };
}

export async function updateServer(
  client: OpenStackClient,
  id: string,
  body: Record<string, unknown>,
): Promise<void> {
  await nova(client, { method: "PUT", path: serverPath(id), body: { server: body } });
}

/** Asks Nova to delete the server; false when it was already gone (404). */
export async function deleteServer(client: OpenStackClient, id: string): Promise<boolean> {
  return (await orUndefined(nova(client, { method: "DELETE", path: serverPath(id) }))) !== undefined;
}

/** POST /servers/{id}/action with one action, e.g. { "os-stop": null }. */
export async function serverAction(
  client: OpenStackClient,
  id: string,
  action: Record<string, unknown>,
): Promise<void> {
  await nova(client, { method: "POST", path: `${serverPath(id)}/action`, body: action });
}

export async function setServerMetadata(
  client: OpenStackClient,
  id: string,
  metadata: Record<string, string>,
): Promise<void> {
  await nova(client, { method: "PUT", path: `${serverPath(id)}/metadata`, body: { metadata } });
}

export async function setServerTags(client: OpenStackClient, id: string, tags: string[]): Promise<void> {
  await nova(client, { method: "PUT", path: `${serverPath(id)}/tags`, body: { tags } });
}

/** Every page of the flavors (Nova pages at its osapi max_limit, 1000 by default). */
export function listFlavors(client: OpenStackClient): Promise<NovaFlavor[]> {
  return allPages<NovaFlavor>(
    "flavors",
    () => nova(client, { path: "/flavors/detail" }),
    (link) => nova(client, { path: link }),
  );
}

export async function getKeyPair(client: OpenStackClient, name: string): Promise<NovaKeyPair | undefined> {
  const res = await orUndefined(
    nova<{ keypair: NovaKeyPair }>(client, { path: `/os-keypairs/${encodeURIComponent(name)}` }),
  );
  return res?.data.keypair;
}

export async function createKeyPair(
  client: OpenStackClient,
  name: string,
  publicKey: string,
): Promise<NovaKeyPair> {
  const res = await nova<{ keypair: NovaKeyPair }>(client, {
    method: "POST",
    path: "/os-keypairs",
    body: { keypair: { name, public_key: publicKey, type: "ssh" } },
  });
  return res.data.keypair;
}

export function deleteKeyPair(client: OpenStackClient, name: string): Promise<void> {
  return ignoreNotFound(nova(client, { method: "DELETE", path: `/os-keypairs/${encodeURIComponent(name)}` }));
}
