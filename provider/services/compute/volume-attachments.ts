// Nova's volume attachments (os-volume_attachments) and server groups (os-server-groups). Their
// creates are sent again by the session only when they never reached Nova or were refused with 429;
// after a failure that leaves doubt, the resources look up what was made (framework/host/creation.ts).
import type { OpenStackClient } from "../../client/client";
import { nova } from "./client";
import type { NovaServerGroup, NovaVolumeAttachment } from "./results";

export interface VolumeAttachmentCreateRequest {
  volumeId: string;
  device?: string;
  /** Since 2.79. */
  delete_on_termination?: boolean;
}

/** Nova requires name and policy; the resource's check makes sure they are there. */
export interface ServerGroupCreateRequest {
  name?: string;
  /** Since 2.64: one policy. */
  policy?: string;
  rules?: Record<string, unknown>;
  [attribute: string]: unknown;
}

const attachmentsPath = (serverId: string, volumeId?: string) =>
  volumeId === undefined
    ? nova.path("servers", serverId, "os-volume_attachments")
    : nova.path("servers", serverId, "os-volume_attachments", volumeId);

export const volumeAttachments = {
  create(
    client: OpenStackClient,
    serverId: string,
    body: VolumeAttachmentCreateRequest,
  ): Promise<NovaVolumeAttachment> {
    return nova.create<NovaVolumeAttachment>(client, attachmentsPath(serverId), "volumeAttachment", body);
  },

  get(
    client: OpenStackClient,
    serverId: string,
    volumeId: string,
  ): Promise<NovaVolumeAttachment | undefined> {
    return nova.get<NovaVolumeAttachment>(client, attachmentsPath(serverId, volumeId), "volumeAttachment");
  },

  async delete(client: OpenStackClient, serverId: string, volumeId: string): Promise<void> {
    await nova.delete(client, attachmentsPath(serverId, volumeId));
  },
};

export const serverGroups = {
  create(client: OpenStackClient, body: ServerGroupCreateRequest): Promise<NovaServerGroup> {
    return nova.create<NovaServerGroup>(client, nova.path("os-server-groups"), "server_group", body);
  },

  /** The project's server groups, every page (Nova pages them by limit and offset, without links). */
  async list(client: OpenStackClient): Promise<NovaServerGroup[]> {
    const groups: NovaServerGroup[] = [];
    // Nova caps the limit at its max_limit, which may be lower: pages end with an empty one
    // (and a bound, should a proxy ignore the offset)
    for (let page = 0; page < 1000; page++) {
      const found = await nova.get<NovaServerGroup[]>(
        client,
        nova.path("os-server-groups"),
        "server_groups",
        {
          query: { limit: "1000", offset: String(groups.length) },
        },
      );
      if (!found || found.length === 0) return groups;
      groups.push(...found);
    }
    return groups;
  },

  get(client: OpenStackClient, id: string): Promise<NovaServerGroup | undefined> {
    return nova.get<NovaServerGroup>(client, nova.path("os-server-groups", id), "server_group");
  },

  async delete(client: OpenStackClient, id: string): Promise<void> {
    await nova.delete(client, nova.path("os-server-groups", id));
  },
};
