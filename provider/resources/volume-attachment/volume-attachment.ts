// VolumeAttachment: a Cinder volume attached to a Nova server, through Nova. Its id is
// "<serverId>/<volumeId>"; every change replaces it (detach, then attach again). Create waits until
// Cinder shows the volume in-use by the server, delete until neither Cinder nor Nova lists it.
//
// After a lost answer the server's attachment of the volume is looked up and adopted: Nova refuses a
// second attach, so without that look-up the attachment would stay, untracked, and every retry fail.
// Nova keeps no mark of who attached (a device tag would do, but detaching a tagged volume fails on
// drivers that keep no device metadata, Nova's fake driver among them): a run killed before the
// answer leaves an attachment the next run refuses to take over unless told to, with adoptId.
import { ConfigError, ResourceStateError } from "../../errors";
import { volumeAttachments, type NovaVolumeAttachment } from "../../services/compute";
import { type CinderVolume, volumes } from "../../services/block-storage";
import { createOnce, creationTag } from "../framework/host/creation";
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

type AttachBody = { volumeId: string; device?: string; delete_on_termination?: boolean };

/**
 * Attaches once. The server's attachment of the volume, one at most, is this create's when it was not
 * there when the create began: Nova refuses an attachment without one if the volume is attached already.
 */
async function attachOnce(ctx: OperationContext, inputs: Props, serverId: string, body: AttachBody) {
  if (await volumeAttachments.get(ctx.client, serverId, body.volumeId)) {
    const id = attachmentId(serverId, body.volumeId);
    throw new ConfigError(
      `volume ${body.volumeId} is already attached to server ${serverId}, and Nova attaches a volume to a ` +
        `server once: to manage that attachment, give this resource adoptId: "${id}"`,
    );
  }
  return createOnce(ctx, inputs, creationTag(inputs), {
    what: "volume attachment",
    // a replaced attachment is detached first and the new one has the same id
    oldDeletedFirst: true,
    send: () => volumeAttachments.create(ctx.client, serverId, body),
    find: async () => {
      const live = await volumeAttachments.get(ctx.client, serverId, body.volumeId);
      return live ? [live] : [];
    },
    idOf: (a) => attachmentId(a.serverId, a.volumeId),
  });
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
      const body: AttachBody = { volumeId };
      if (typeof inputs.device === "string") body.device = inputs.device;
      if (inputs.deleteOnTermination === true) body.delete_on_termination = true;
      const created = await attachOnce(ctx, inputs, serverId, body);
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
      // Cinder lets go of the attachment before Nova forgets it: until both have, Nova refuses to
      // attach the volume again (a replacement) and reads still find it
      await pollUntil(ctx.deadline, async () => {
        const volume = await volumes.get(ctx.client, volumeId);
        if (volume?.attachments.some((a) => a.server_id === serverId)) {
          return { done: false, state: volume.status };
        }
        if (await volumeAttachments.get(ctx.client, serverId, volumeId)) {
          return { done: false, state: "still listed by Nova" };
        }
        return { done: true, value: undefined };
      });
    },
  },
});
export type VolumeAttachment = InstanceType<typeof VolumeAttachment>;
export type VolumeAttachmentArgs = ResourceArgs<typeof VolumeAttachment>;
