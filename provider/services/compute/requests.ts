// Nova (compute v2.1) requests: servers and their actions, flavors, key pairs.
import type { OpenStackClient } from "../../client/client";
import type { HttpResponse } from "../../session/http";
import { nova } from "./client";
import type { NovaFlavor, NovaKeyPair, NovaServer } from "./results";

/** The body of POST /servers, as far as the resources fill it. */
export interface ServerCreateRequest {
  name?: string;
  flavorRef?: string;
  imageRef?: string;
  key_name?: string;
  availability_zone?: string;
  networks?: Array<{ uuid?: string; port?: string; fixed_ip?: string; tag?: string }> | "auto" | "none";
  security_groups?: Array<{ name: string }>;
  metadata?: Record<string, string>;
  tags?: string[];
  description?: string | null;
  user_data?: string;
  config_drive?: boolean;
  adminPass?: string;
  block_device_mapping_v2?: Array<Record<string, unknown>>;
  [attribute: string]: unknown;
}

export interface ServerUpdateRequest {
  name?: string;
  description?: string | null;
  [attribute: string]: unknown;
}

/** One server action, e.g. { "os-stop": null } or { resize: { flavorRef } }. */
export type ServerActionRequest = Record<string, unknown>;

const serverPath = (id: string) => nova.path("servers", id);

export async function createServer(
  client: OpenStackClient,
  body: ServerCreateRequest,
  schedulerHints?: Record<string, unknown>,
): Promise<{ id: string; adminPass?: string }> {
  // a re-sent POST would boot a second server: the session re-sends it only when it never reached
  // Nova; after an ambiguous failure the caller looks the server up by its creation tag first
  const res = await nova.request<{ server: { id: string; adminPass?: string } }>(client, {
    method: "POST",
    path: nova.path("servers"),
    // the hints sit beside the server, not in it
    body: schedulerHints ? { server: body, "os:scheduler_hints": schedulerHints } : { server: body },
  });
  return res.data.server;
}

/** Servers carrying all of `tags` (compute 2.26 and later), deleted ones left out; every page. */
export function listServersTagged(client: OpenStackClient, tags: string[]): Promise<NovaServer[]> {
  return nova.list<NovaServer>(client, nova.path("servers", "detail"), "servers", { tags: tags.join(",") });
}

export function getServer(client: OpenStackClient, id: string): Promise<NovaServer | undefined> {
  return nova.get<NovaServer>(client, serverPath(id), "server");
}

/** The service's clock at an answer (its Date header), else ours. */
function serviceClock(response: HttpResponse<unknown>): number {
  const at = Date.parse(response.headers?.date ?? "");
  return Number.isNaN(at) ? Date.now() : at;
}

/** One server (undefined: gone) and Nova's clock at the answer. */
export async function getServerAt(
  client: OpenStackClient,
  id: string,
): Promise<{ server: NovaServer | undefined; at: number }> {
  let at = Date.now();
  const server = await nova.get<NovaServer>(client, serverPath(id), "server", {
    onResponse: (response) => (at = serviceClock(response)),
  });
  return { server, at };
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
  const servers = await nova.list<NovaServer>(
    client,
    nova.path("servers", "detail"),
    "servers",
    { "changes-since": changesSince },
    { onResponse: (first) => (at = serviceClock(first)) },
  );
  return { servers, at };
}

export async function updateServer(
  client: OpenStackClient,
  id: string,
  body: ServerUpdateRequest,
): Promise<void> {
  await nova.update(client, serverPath(id), "server", body);
}

/** Asks Nova to delete the server; false when it was already gone (404). */
export function deleteServer(client: OpenStackClient, id: string): Promise<boolean> {
  return nova.delete(client, serverPath(id));
}

/** POST /servers/{id}/action with one action, e.g. { "os-stop": null }. */
export async function serverAction(
  client: OpenStackClient,
  id: string,
  action: ServerActionRequest,
): Promise<void> {
  await nova.create(client, nova.path("servers", id, "action"), undefined, action);
}

export async function setServerMetadata(
  client: OpenStackClient,
  id: string,
  metadata: Record<string, string>,
): Promise<void> {
  await nova.update(client, nova.path("servers", id, "metadata"), undefined, { metadata });
}

export async function setServerTags(client: OpenStackClient, id: string, tags: string[]): Promise<void> {
  await nova.update(client, nova.path("servers", id, "tags"), undefined, { tags });
}

/** Every page of the flavors (Nova pages at its osapi max_limit, 1000 by default). */
export function listFlavors(client: OpenStackClient): Promise<NovaFlavor[]> {
  return nova.list<NovaFlavor>(client, nova.path("flavors", "detail"), "flavors");
}

export function getKeyPair(client: OpenStackClient, name: string): Promise<NovaKeyPair | undefined> {
  return nova.get<NovaKeyPair>(client, nova.path("os-keypairs", name), "keypair");
}

export interface KeyPairCreateRequest {
  name: string;
  public_key: string;
  type: "ssh" | "x509";
}

export function createKeyPair(
  client: OpenStackClient,
  name: string,
  publicKey: string,
): Promise<NovaKeyPair> {
  const body: KeyPairCreateRequest = { name, public_key: publicKey, type: "ssh" };
  return nova.create<NovaKeyPair>(client, nova.path("os-keypairs"), "keypair", body);
}

export async function deleteKeyPair(client: OpenStackClient, name: string): Promise<void> {
  await nova.delete(client, nova.path("os-keypairs", name));
}
