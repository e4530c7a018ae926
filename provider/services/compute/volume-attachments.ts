// Nova's volume attachments (os-volume_attachments) and server groups (os-server-groups). Their
// creates are sent again by the session only when they never reached Nova or were refused with 429;
// after a failure that leaves doubt, the resources look up what was made (framework/creation.ts).
import type { OpenStackClient, ServiceRequest } from "../../client/client";
import { ignoreNotFound, orUndefined } from "../not-found";
// read at call time, so the cycle with ./index (which re-exports this module) is harmless
import { COMPUTE_MICROVERSION } from "./index";

function nova<T>(client: OpenStackClient, request: ServiceRequest) {
  return client.request<T>("compute", { microversion: COMPUTE_MICROVERSION, ...request });
}

export interface NovaVolumeAttachment {
  id: string;
  serverId: string;
  volumeId: string;
  device: string | null;
  tag?: string | null;
  /** Since 2.79. */
  delete_on_termination?: boolean;
}

const attachmentsPath = (serverId: string) =>
  `/servers/${encodeURIComponent(serverId)}/os-volume_attachments`;

export const volumeAttachments = {
  async create(
    client: OpenStackClient,
    serverId: string,
    body: { volumeId: string; device?: string; delete_on_termination?: boolean },
  ): Promise<NovaVolumeAttachment> {
    const res = await nova<{ volumeAttachment: NovaVolumeAttachment }>(client, {
      method: "POST",
      path: attachmentsPath(serverId),
      body: { volumeAttachment: body },
    });
    return res.data.volumeAttachment;
  },

  async get(client: OpenStackClient, serverId: string, volumeId: string) {
    const res = await orUndefined(
      nova<{ volumeAttachment: NovaVolumeAttachment }>(client, {
        path: `${attachmentsPath(serverId)}/${encodeURIComponent(volumeId)}`,
      }),
    );
    return res?.data.volumeAttachment;
  },

  delete(client: OpenStackClient, serverId: string, volumeId: string): Promise<void> {
    return ignoreNotFound(
      nova(client, {
        method: "DELETE",
        path: `${attachmentsPath(serverId)}/${encodeURIComponent(volumeId)}`,
      }),
    );
  },
};

export interface NovaServerGroup {
  id: string;
  name: string;
  /** Since 2.64: one policy. */
  policy: string;
  rules: Record<string, unknown>;
  members: string[];
  project_id?: string;
}

export const serverGroups = {
  async create(client: OpenStackClient, body: Record<string, unknown>): Promise<NovaServerGroup> {
    const res = await nova<{ server_group: NovaServerGroup }>(client, {
      method: "POST",
      path: "/os-server-groups",
      body: { server_group: body },
    });
    return res.data.server_group;
  },

  /** The project's server groups, every page (Nova pages them by limit and offset, without links). */
  async list(client: OpenStackClient): Promise<NovaServerGroup[]> {
    // Nova caps the limit at its max_limit, which may be lower: pages end with an empty one
    const groups: NovaServerGroup[] = [];
    // (a bound, should a proxy ignore the offset)
    for (let page = 0; page < 1000; page++) {
      const res = await nova<{ server_groups: NovaServerGroup[] }>(client, {
        path: "/os-server-groups",
        query: { limit: "1000", offset: String(groups.length) },
      });
      const page = res.data.server_groups;
      if (page.length === 0) return groups;
      groups.push(...page);
    }
    return groups;
  },

  async get(client: OpenStackClient, id: string): Promise<NovaServerGroup | undefined> {
    const res = await orUndefined(
      nova<{ server_group: NovaServerGroup }>(client, {
        path: `/os-server-groups/${encodeURIComponent(id)}`,
      }),
    );
    return res?.data.server_group;
  },

  delete(client: OpenStackClient, id: string): Promise<void> {
    return ignoreNotFound(
      nova(client, { method: "DELETE", path: `/os-server-groups/${encodeURIComponent(id)}` }),
    );
  },
};
