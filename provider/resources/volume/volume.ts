// The Volume definition: create waits for `available`, a size increase extends in place and a type
// change retypes, each waiting until the volume is back in the status it had (available or in-use).
import type { OpenStackClient } from "../../client/client";
import { ConfigError, NotFoundError } from "../../errors";
import {
  type CinderVolume,
  getDefaultVolumeType,
  getVolumeType,
  volumes,
} from "../../services/block-storage";
import type { OperationContext, Props } from "../framework/host/definition";
import { pollUntil } from "../framework/host/deadline";
import { fromApi, requestBody } from "../framework/host/mapping";
import { withId } from "../framework/host/partial";
import { volumeSchema } from "./schema";
import { waitForVolume, waitForVolumeDeletion, waitForVolumeStatus } from "./waits";
import { defineResource, type ResourceArgs } from "../framework/program/define";

/** The live volume under the input names; the type in the form the state used (name or id). */
export function volumeOutputs(volume: CinderVolume, state: Props): Props {
  const typeById = volume.volume_type_id !== undefined && state.volumeType === volume.volume_type_id;
  return {
    ...fromApi(volumeSchema, volume as unknown as Props),
    volumeType: typeById ? volume.volume_type_id : (volume.volume_type ?? undefined),
    // a clone or a volume from a snapshot inherits its source's image metadata: not its own source
    imageId:
      volume.source_volid || volume.snapshot_id
        ? state.imageId
        : (volume.volume_image_metadata?.image_id ?? state.imageId),
    multiattach: volume.multiattach,
    bootable: volume.bootable === "true",
    attachments: volume.attachments.map((a) => ({
      serverId: a.server_id,
      device: a.device ?? undefined,
      attachmentId: a.attachment_id,
    })),
  };
}

/** multiattach comes from the volume type; say so before creating a volume that could not have it. */
async function checkMultiattachType(client: OpenStackClient, volumeType: unknown): Promise<void> {
  const type =
    typeof volumeType === "string"
      ? await getVolumeType(client, volumeType)
      : await getDefaultVolumeType(client);
  const name = typeof volumeType === "string" ? `volumeType "${volumeType}"` : "the default volume type";
  if (!type) throw new ConfigError(`${name} does not exist`);
  const spec = type.extra_specs?.multiattach;
  if (spec === undefined || !/^<is>\s*true$/i.test(spec)) {
    throw new ConfigError(
      `multiattach is true but ${name} (${type.name}) does not allow it: use a volume type whose extra spec ` +
        `multiattach is "<is> True"`,
    );
  }
}

/** Statuses a volume leaves by itself, soon. */
const TRANSITIONAL = [
  "creating",
  "attaching",
  "detaching",
  "reserved",
  "extending",
  "retyping",
  "downloading",
];

/** Waits until the volume is out of its transitional status, back to available or in-use. */
function settled(ctx: OperationContext, id: string, check: (v: CinderVolume) => boolean, what: string) {
  return waitForVolume(
    ctx.client,
    ctx.deadline,
    id,
    what,
    (v) => (v.status === "available" || v.status === "in-use") && check(v),
  );
}

/** A Cinder volume. */
export const Volume = defineResource({
  kind: "Volume",
  description: "A Cinder volume.",
  namedAfterResource: "name",
  ...volumeSchema,
  operations: {
    async prepare(ctx, inputs) {
      if (inputs.multiattach === true) await checkMultiattachType(ctx.client, inputs.volumeType);
    },

    async create(ctx, inputs) {
      const body = requestBody(volumeSchema, inputs);
      if (inputs.imageId !== undefined) body.imageRef = inputs.imageId;
      const created = await volumes.create(ctx.client, body);
      const initial = volumeOutputs(created, inputs);
      ctx.log(`volume ${created.id} created, waiting for available`);
      const volume = await withId(created.id, initial, () =>
        waitForVolumeStatus(ctx.client, ctx.deadline, created.id, ["available"]),
      );
      return { id: created.id, outs: volumeOutputs(volume, inputs) };
    },

    async read(ctx, id, state) {
      const volume = await volumes.get(ctx.client, id);
      return volume && volumeOutputs(volume, state);
    },

    async update(ctx, id, olds, news, diff) {
      const changed = new Set(diff.updates);
      if (changed.has("name") || changed.has("description")) {
        await volumes.update(ctx.client, id, { name: news.name, description: news.description ?? "" });
      }
      if (changed.has("metadata")) {
        await volumes.setMetadata(ctx.client, id, (news.metadata as Record<string, string>) ?? {});
      }
      if (changed.has("size") && typeof news.size === "number" && news.size !== olds.size) {
        const size = news.size;
        ctx.log(`extending volume ${id} to ${size} GiB`);
        await volumes.action(ctx.client, id, { "os-extend": { new_size: size } });
        await settled(ctx, id, (v) => v.size === size, `extended to ${size} GiB`);
      }
      if (changed.has("volumeType") && typeof news.volumeType === "string") {
        const wanted = news.volumeType;
        ctx.log(`retyping volume ${id} to ${wanted}`);
        await volumes.action(ctx.client, id, {
          "os-retype": { new_type: wanted, migration_policy: "on-demand" },
        });
        await settled(
          ctx,
          id,
          (v) => v.volume_type === wanted || v.volume_type_id === wanted,
          `retyped to ${wanted}`,
        );
      }
      const volume = await volumes.get(ctx.client, id);
      if (!volume) throw new NotFoundError(`volume ${id} disappeared during the update`);
      return volumeOutputs(volume, news);
    },

    async delete(ctx, id) {
      // a server deleted just before may still be letting go of it: wait out transitions (Cinder refuses
      // to delete meanwhile), but not a live attachment, which Cinder's refusal then explains
      const volume = await pollUntil(ctx.deadline, async () => {
        const current = await volumes.get(ctx.client, id);
        if (current && TRANSITIONAL.includes(current.status)) return { done: false, state: current.status };
        return { done: true, value: current };
      });
      if (!volume) return;
      await volumes.delete(ctx.client, id);
      await waitForVolumeDeletion(ctx.client, ctx.deadline, id);
    },
  },
});
export type Volume = InstanceType<typeof Volume>;
export type VolumeArgs = ResourceArgs<typeof Volume>;
