// Cinder (block storage v3): volumes, their actions, volume types and the user messages that say why
// an operation failed.
import type { OpenStackClient, ServiceRequest } from "../../client/client";
import { CREATION_METADATA_KEY } from "../creation-tag";
import { ignoreNotFound, orUndefined } from "../not-found";
import { allPages } from "../paginate";
import type { CinderMessage, CinderVolume, CinderVolumeType } from "./types";

export * from "./types";

/**
 * The microversion the resources are written for (capped at the server's maximum): 3.42 extends
 * attached volumes, 3.3 has user messages, and 3.63 shows the volume type id next to its name.
 */
export const BLOCK_STORAGE_MICROVERSION = "3.63";

function cinder<T>(client: OpenStackClient, request: ServiceRequest) {
  return client.request<T>("block-storage", { microversion: BLOCK_STORAGE_MICROVERSION, ...request });
}

const volumePath = (id: string) => `/volumes/${encodeURIComponent(id)}`;

export const volumes = {
  /**
   * The session sends it again only when it never reached Cinder or was refused with 429; after a
   * failure that leaves doubt, createOnce looks the volume up by its creation tag.
   */
  async create(client: OpenStackClient, body: Record<string, unknown>): Promise<CinderVolume> {
    const res = await cinder<{ volume: CinderVolume }>(client, {
      method: "POST",
      path: "/volumes",
      body: { volume: body },
    });
    return res.data.volume;
  },

  /** Live volumes (not being deleted) whose metadata carries this creation tag. */
  async listCreatedBy(client: OpenStackClient, tag: string): Promise<CinderVolume[]> {
    // Cinder filters lists by metadata given as a JSON object (resource_filters allows it for volumes)
    const query = { metadata: JSON.stringify({ [CREATION_METADATA_KEY]: tag }) };
    const all = await allPages<CinderVolume>(
      "volumes",
      () => cinder(client, { path: "/volumes/detail", query }),
      (link) => cinder(client, { path: link }),
    );
    return all.filter((v) => v.metadata[CREATION_METADATA_KEY] === tag && !v.status.includes("deleting"));
  },

  async get(client: OpenStackClient, id: string): Promise<CinderVolume | undefined> {
    const res = await orUndefined(cinder<{ volume: CinderVolume }>(client, { path: volumePath(id) }));
    return res?.data.volume;
  },

  async update(client: OpenStackClient, id: string, body: Record<string, unknown>): Promise<void> {
    await cinder(client, { method: "PUT", path: volumePath(id), body: { volume: body } });
  },

  /** Replaces all metadata. */
  async setMetadata(client: OpenStackClient, id: string, metadata: Record<string, string>): Promise<void> {
    await cinder(client, { method: "PUT", path: `${volumePath(id)}/metadata`, body: { metadata } });
  },

  async action(client: OpenStackClient, id: string, action: Record<string, unknown>): Promise<void> {
    await cinder(client, { method: "POST", path: `${volumePath(id)}/action`, body: action });
  },

  delete(client: OpenStackClient, id: string): Promise<void> {
    return ignoreNotFound(cinder(client, { method: "DELETE", path: volumePath(id) }));
  },
};

export async function getVolumeType(
  client: OpenStackClient,
  nameOrId: string,
): Promise<CinderVolumeType | undefined> {
  const res = await orUndefined(
    cinder<{ volume_type: CinderVolumeType }>(client, { path: `/types/${encodeURIComponent(nameOrId)}` }),
  );
  if (res) return res.data.volume_type;
  // GET /types/{x} takes ids only on some releases: fall back to the list, by name
  const list = await cinder<{ volume_types: CinderVolumeType[] }>(client, { path: "/types" });
  return list.data.volume_types.find((t) => t.name === nameOrId);
}

export async function getDefaultVolumeType(client: OpenStackClient): Promise<CinderVolumeType | undefined> {
  const res = await orUndefined(
    cinder<{ volume_type: CinderVolumeType }>(client, { path: "/types/default" }),
  );
  return res?.data.volume_type;
}

/** Cinder's newest user message about a resource: why a create or extend went to an error status. */
export async function latestMessage(
  client: OpenStackClient,
  resourceId: string,
): Promise<string | undefined> {
  const res = await orUndefined(
    cinder<{ messages: CinderMessage[] }>(client, {
      path: "/messages",
      query: { resource_uuid: resourceId, sort: "created_at:desc", limit: "1" },
    }),
  );
  return res?.data.messages[0]?.user_message;
}
