// Glance (image v2) requests: image records, data upload, web-download import and JSON-patch updates.
import type { Readable } from "node:stream";
import type { OpenStackClient } from "../../client/client";
import type { StreamOpener } from "../../session/http";
import { glance } from "./client";
import type { GlanceImage, GlanceTask } from "./results";

/** The body of POST /images: the record, without data. Custom properties are strings beside it. */
export interface ImageCreateRequest {
  name?: string;
  container_format?: string;
  disk_format?: string;
  visibility?: string;
  protected?: boolean;
  min_disk?: number;
  min_ram?: number;
  tags?: string[];
  [property: string]: unknown;
}

const imagePath = (id: string) => glance.path("images", id);

// Glance sends and answers images unwrapped: no key around the body.
export function createImage(client: OpenStackClient, body: ImageCreateRequest): Promise<GlanceImage> {
  return glance.create<GlanceImage>(client, glance.path("images"), undefined, body);
}

export function getImage(client: OpenStackClient, id: string): Promise<GlanceImage | undefined> {
  return glance.get<GlanceImage>(client, imagePath(id));
}

/** Every page: Glance answers 25 images at a time unless asked for more. */
export function listImages(client: OpenStackClient, query: Record<string, string>): Promise<GlanceImage[]> {
  return glance.list<GlanceImage>(client, glance.path("images"), "images", query);
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
  await glance.request(client, {
    method: "PUT",
    path: glance.path("images", id, "file"),
    body,
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(size) },
    timeoutMs,
  });
}

/** Asks Glance to fetch the data itself (interoperable image import, web-download method). */
export async function importFromUrl(client: OpenStackClient, id: string, uri: string): Promise<void> {
  await glance.create(client, glance.path("images", id, "import"), undefined, {
    method: { name: "web-download", uri },
  });
}

export type PatchOperation =
  { op: "add" | "replace"; path: string; value: unknown } | { op: "remove"; path: string };

export async function patchImage(
  client: OpenStackClient,
  id: string,
  operations: PatchOperation[],
): Promise<GlanceImage> {
  const res = await glance.request<GlanceImage>(client, {
    method: "PATCH",
    path: imagePath(id),
    body: operations,
    headers: { "Content-Type": "application/openstack-images-v2.1-json-patch" },
  });
  return res.data;
}

export async function deleteImage(client: OpenStackClient, id: string): Promise<void> {
  await glance.delete(client, imagePath(id));
}

/**
 * The import tasks of an image, in no set order (image API 2.12, Yoga and later); undefined from a
 * Glance that has no such call.
 */
export function listImageTasks(client: OpenStackClient, id: string): Promise<GlanceTask[] | undefined> {
  // not a paged list: an image has few tasks, all in one answer
  return glance.get<GlanceTask[]>(client, glance.path("images", id, "tasks"), "tasks");
}
