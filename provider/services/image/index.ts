// Glance (image v2): image records, data upload, web-download import and JSON-patch updates.
import type { Readable } from "node:stream";
import type { OpenStackClient } from "../../client/client";
import type { StreamOpener } from "../../session/http";
import { ignoreNotFound, orUndefined } from "../not-found";
import { allPages } from "../paginate";

export interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  min_disk: number;
  min_ram: number;
  tags: string[];
  container_format: string | null;
  disk_format: string | null;
  size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  created_at: string;
  updated_at: string;
  /** Any other key is a custom property (string values). */
  [property: string]: unknown;
}

/** Keys Glance manages itself or that the resource maps to its own inputs: not custom properties. */
export const GLANCE_RESERVED_KEYS: ReadonlySet<string> = new Set([
  "id",
  "name",
  "status",
  "visibility",
  "protected",
  "min_disk",
  "min_ram",
  "tags",
  "container_format",
  "disk_format",
  "size",
  "virtual_size",
  "checksum",
  "os_hash_algo",
  "os_hash_value",
  "created_at",
  "updated_at",
  "owner",
  "self",
  "file",
  "schema",
  "direct_url",
  "locations",
  "os_hidden",
  "stores",
  "os_glance_importing_to_stores",
  "os_glance_failed_import",
]);

const imagePath = (id: string) => `/v2/images/${encodeURIComponent(id)}`;

export async function createImage(
  client: OpenStackClient,
  body: Record<string, unknown>,
): Promise<GlanceImage> {
  const res = await client.request<GlanceImage>("image", { method: "POST", path: "/v2/images", body });
  return res.data;
}

export async function getImage(client: OpenStackClient, id: string): Promise<GlanceImage | undefined> {
  return (await orUndefined(client.request<GlanceImage>("image", { path: imagePath(id) })))?.data;
}

/** Every page: Glance answers 25 images at a time unless asked for more. */
export function listImages(client: OpenStackClient, query: Record<string, string>): Promise<GlanceImage[]> {
  return allPages<GlanceImage>(
    "images",
    () => client.request("image", { path: "/v2/images", query }),
    (link) => client.request("image", { path: link }),
  );
}

/**
 * Streams the image data. `open` is called for each attempt (a retry, or the one after a
 * re-authentication), so every attempt sends the whole file from its start.
 */
export async function uploadImageData(
  client: OpenStackClient,
  id: string,
  open: () => Readable,
  size: number,
  /** The whole upload's limit (large files take longer than the session's default per request). */
  timeoutMs: number,
): Promise<void> {
  const body: StreamOpener = { open };
  await client.request("image", {
    method: "PUT",
    path: `${imagePath(id)}/file`,
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
    timeoutMs,
  });
}

/** Asks Glance to fetch the data itself (interoperable image import, web-download method). */
export async function importFromUrl(client: OpenStackClient, id: string, uri: string): Promise<void> {
  await client.request("image", {
    method: "POST",
    path: `${imagePath(id)}/import`,
    body: { method: { name: "web-download", uri } },
  });
}

export type PatchOperation =
  { op: "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

export async function patchImage(
  client: OpenStackClient,
  id: string,
  operations: PatchOperation[],
): Promise<GlanceImage> {
  const res = await client.request<GlanceImage>("image", {
    method: "PATCH",
    path: imagePath(id),
    body: operations,
    headers: { "Content-Type": "application/openstack-images-v2.1-json-patch" },
  });
  return res.data;
}

export function deleteImage(client: OpenStackClient, id: string): Promise<void> {
  return ignoreNotFound(client.request("image", { method: "DELETE", path: imagePath(id) }));
}

/** Keys Glance keeps for itself: the reserved ones and its whole os_glance_* namespace (refused on write). */
export function isGlanceManagedKey(key: string): boolean {
  return GLANCE_RESERVED_KEYS.has(key) || key.startsWith("os_glance_");
}

export interface GlanceTask {
  id: string;
  type: string;
  status: string;
  message: string;
  created_at: string;
  updated_at: string;
}

/**
 * The import tasks of an image, in no set order (image API 2.12, Yoga and later); undefined from a
 * Glance that has no such call.
 */
export async function listImageTasks(client: OpenStackClient, id: string): Promise<GlanceTask[] | undefined> {
  const res = await orUndefined(
    client.request<{ tasks: GlanceTask[] }>("image", { path: `${imagePath(id)}/tasks` }),
  );
  return res?.data.tasks;
}
