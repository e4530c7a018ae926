// Nova (compute v2.1): servers and their actions, flavors, key pairs.
import type { OpenStackClient, ServiceRequest } from "../../client/client";
import { ignoreNotFound, orUndefined } from "../not-found";
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
  // a retried POST would boot a second server: never retried once it reached Nova
  const res = await nova<{ server: { id: string; adminPass?: string } }>(client, {
    method: "POST",
    path: "/servers",
    // the hints sit beside the server, not in it
    body: schedulerHints ? { server: body, "os:scheduler_hints": schedulerHints } : { server: body },
  });
  return res.data.server;
}

export async function getServer(client: OpenStackClient, id: string): Promise<NovaServer | undefined> {
  const res = await orUndefined(nova<{ server: NovaServer }>(client, { path: serverPath(id) }));
  return res?.data.server;
}

export async function updateServer(
  client: OpenStackClient,
  id: string,
  body: Record<string, unknown>,
): Promise<void> {
  await nova(client, { method: "PUT", path: serverPath(id), body: { server: body } });
}

export function deleteServer(client: OpenStackClient, id: string): Promise<void> {
  return ignoreNotFound(nova(client, { method: "DELETE", path: serverPath(id) }));
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

export async function listFlavors(client: OpenStackClient): Promise<NovaFlavor[]> {
  const res = await nova<{ flavors: NovaFlavor[] }>(client, { path: "/flavors/detail" });
  return res.data.flavors;
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
