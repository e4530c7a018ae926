// Cinder (block storage v3) requests: volumes, their actions, volume types and the user messages
// that say why an operation failed.
import type { OpenStackClient } from "../../client/client";
import { CREATION_METADATA_KEY } from "../creation-tag";
import { cinder } from "./client";
import type { CinderMessage, CinderVolume, CinderVolumeType } from "./results";

/** The body of POST /volumes, as far as the resources fill it. */
export interface VolumeCreateRequest {
  size?: number;
  name?: string;
  description?: string;
  volume_type?: string;
  availability_zone?: string;
  imageRef?: string;
  snapshot_id?: string;
  source_volid?: string;
  metadata?: Record<string, string>;
  multiattach?: boolean;
  [attribute: string]: unknown;
}

export interface VolumeUpdateRequest {
  name?: string;
  description?: string;
}

/** One volume action, e.g. { "os-extend": { new_size } } or { "os-retype": { new_type } }. */
export type VolumeActionRequest = Record<string, unknown>;

const volumePath = (id: string) => cinder.path("volumes", id);

export const volumes = {
  /**
   * The session sends it again only when it never reached Cinder or was refused with 429; after a
   * failure that leaves doubt, createOnce looks the volume up by its creation tag.
   */
  create(client: OpenStackClient, body: VolumeCreateRequest): Promise<CinderVolume> {
    return cinder.create<CinderVolume>(client, cinder.path("volumes"), "volume", body);
  },

  /** Live volumes (not being deleted) whose metadata carries this creation tag. */
  async listCreatedBy(client: OpenStackClient, tag: string): Promise<CinderVolume[]> {
    // Cinder filters lists by metadata given as a JSON object (resource_filters allows it for volumes)
    const query = { metadata: JSON.stringify({ [CREATION_METADATA_KEY]: tag }) };
    const all = await cinder.list<CinderVolume>(client, cinder.path("volumes", "detail"), "volumes", query);
    return all.filter((v) => v.metadata[CREATION_METADATA_KEY] === tag && !v.status.includes("deleting"));
  },

  get(client: OpenStackClient, id: string): Promise<CinderVolume | undefined> {
    return cinder.get<CinderVolume>(client, volumePath(id), "volume");
  },

  async update(client: OpenStackClient, id: string, body: VolumeUpdateRequest): Promise<void> {
    await cinder.update(client, volumePath(id), "volume", body);
  },

  /** Replaces all metadata. */
  async setMetadata(client: OpenStackClient, id: string, metadata: Record<string, string>): Promise<void> {
    await cinder.update(client, cinder.path("volumes", id, "metadata"), undefined, { metadata });
  },

  async action(client: OpenStackClient, id: string, action: VolumeActionRequest): Promise<void> {
    await cinder.create(client, cinder.path("volumes", id, "action"), undefined, action);
  },

  async delete(client: OpenStackClient, id: string): Promise<void> {
    await cinder.delete(client, volumePath(id));
  },
};

export async function getVolumeType(
  client: OpenStackClient,
  nameOrId: string,
): Promise<CinderVolumeType | undefined> {
  const byId = await cinder.get<CinderVolumeType>(client, cinder.path("types", nameOrId), "volume_type");
  if (byId) return byId;
  // GET /types/{x} takes ids only on some releases: fall back to the list, by name
  const all = await cinder.list<CinderVolumeType>(client, cinder.path("types"), "volume_types");
  return all.find((t) => t.name === nameOrId);
}

export function getDefaultVolumeType(client: OpenStackClient): Promise<CinderVolumeType | undefined> {
  return cinder.get<CinderVolumeType>(client, cinder.path("types", "default"), "volume_type");
}

/** Cinder's newest user message about a resource: why a create or extend went to an error status. */
export async function latestMessage(
  client: OpenStackClient,
  resourceId: string,
): Promise<string | undefined> {
  // one page of one: the newest is all that is wanted, so no paging
  const res = await cinder.get<CinderMessage[]>(client, cinder.path("messages"), "messages", {
    query: { resource_uuid: resourceId, sort: "created_at:desc", limit: "1" },
  });
  return res?.[0]?.user_message;
}
