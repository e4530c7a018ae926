// VolumeAttachment: a Cinder volume attached to a Nova server, through Nova. Its id is
// "<serverId>/<volumeId>"; every change replaces it (detach, then attach again). Create waits until
// Cinder shows the volume in-use by the server, delete until it no longer does.
import { ConfigError, ResourceStateError } from "../../errors";
import { volumeAttachments, type NovaVolumeAttachment } from "../../services/compute";
import { type CinderVolume, volumes } from "../../services/block-storage";
import type { OperationContext, Props } from "../framework/host/definition";
import { pollUntil } from "../framework/host/deadline";
import { withId } from "../framework/host/partial";
import { REFERENCE } from "../framework/schema/limits";
import type { ResourceSchema } from "../framework/schema/schema";
import { waitForVolume } from "../volume/waits";
import { defineResource, type ResourceArgs } from "../framework/program/define";

const volumeAttachmentSchema = {
  // the same volume cannot be attached twice to one server: detach before attaching again
  deleteBeforeReplace: () => true,
  properties: {
    serverId: {
      type: "string",
      change: "replace",
      required: true,
      limits: REFERENCE,
      description: "Server to attach to",
    },
    volumeId: {
      type: "string",
      change: "replace",
      required: true,
      limits: REFERENCE,
      description: "Volume to attach",
    },
    device: {
      type: "string",
      change: "replace",
      computedWhenAbsent: true,
      validate: (v) =>
        /^\/dev\/[a-z0-9]+$/.test(v as string)
          ? undefined
          : `device must be a path like /dev/vdb, got "${String(v)}"`,
      description: "Device name to ask for, e.g. /dev/vdb; default and final say: the hypervisor's",
    },
    deleteOnTermination: {
      type: "boolean",
      change: "replace",
      default: false,
      description: "Delete the volume when the server is deleted",
    },
    attachmentId: { type: "string", change: "output", description: "Cinder's attachment id" },
  },
} as const satisfies Omit<ResourceSchema, "name">;

export function attachmentId(serverId: string, volumeId: string): string {
  return `${serverId}/${volumeId}`;
}

export function parseAttachmentId(id: string): { serverId: string; volumeId: string } {
  const [serverId, volumeId, ...rest] = id.split("/");
  if (!serverId || !volumeId || rest.length > 0) {
    throw new ConfigError(`volume attachment id "${id}" is not <serverId>/<volumeId>`);
  }
  return { serverId, volumeId };
}

function outputs(nova: NovaVolumeAttachment, volume: CinderVolume | undefined, state: Props): Props {
  const cinder = volume?.attachments.find((a) => a.server_id === nova.serverId);
  return {
    serverId: nova.serverId,
    volumeId: nova.volumeId,
    device: nova.device ?? undefined,
    deleteOnTermination: nova.delete_on_termination ?? state.deleteOnTermination,
    attachmentId: cinder?.attachment_id,
  };
}

const attachedTo = (serverId: string) => (v: CinderVolume) =>
  v.attachments.some((a) => a.server_id === serverId) && v.status === "in-use";

/** A volume attached to a server; its id is \"<serverId>/<volumeId>\". */
export const VolumeAttachment = defineResource({
  kind: "VolumeAttachment",
  description: 'A volume attached to a server; its id is "<serverId>/<volumeId>".',
  ...volumeAttachmentSchema,
  operations: {
    async create(ctx, inputs) {
      const serverId = inputs.serverId as string;
      const volumeId = inputs.volumeId as string;
      const body: { volumeId: string; device?: string; delete_on_termination?: boolean } = { volumeId };
      if (typeof inputs.device === "string") body.device = inputs.device;
      if (inputs.deleteOnTermination === true) body.delete_on_termination = true;
      const created = await volumeAttachments.create(ctx.client, serverId, body);
      const id = attachmentId(serverId, volumeId);
      ctx.log(`volume ${volumeId} attaching to server ${serverId}, waiting for in-use`);
      const volume = await withId(id, outputs(created, undefined, inputs), () =>
        waitForVolume(
          ctx.client,
          ctx.deadline,
          volumeId,
          `in-use by server ${serverId}`,
          attachedTo(serverId),
        ),
      );
      const live = (await volumeAttachments.get(ctx.client, serverId, volumeId)) ?? created;
      return { id, outs: outputs(live, volume, inputs) };
    },

    async read(ctx, id, state) {
      const { serverId, volumeId } = parseAttachmentId(id);
      const nova = await volumeAttachments.get(ctx.client, serverId, volumeId);
      if (!nova) return undefined;
      return outputs(nova, await volumes.get(ctx.client, volumeId), state);
    },

    update(_ctx: OperationContext, id: string) {
      // every input replaces: the engine never asks for an in-place update
      return Promise.reject(new ResourceStateError(`volume attachment ${id} cannot change in place`));
    },

    async delete(ctx, id) {
      const { serverId, volumeId } = parseAttachmentId(id);
      await volumeAttachments.delete(ctx.client, serverId, volumeId);
      await pollUntil(ctx.deadline, async () => {
        const volume = await volumes.get(ctx.client, volumeId);
        if (!volume || !volume.attachments.some((a) => a.server_id === serverId)) {
          return { done: true, value: undefined };
        }
        return { done: false, state: volume.status };
      });
    },
  },
});
export type VolumeAttachment = InstanceType<typeof VolumeAttachment>;
export type VolumeAttachmentArgs = ResourceArgs<typeof VolumeAttachment>;
