// Volume: a Cinder volume. Name, description, metadata and type change in place (the type by retype),
// size grows in place by extend and never shrinks; the source and the zone replace the volume.
import { FREE_TEXT, NAME, REFERENCE } from "../framework/schema/limits";
import type { CheckFailure, ResourceSchema } from "../framework/schema/schema";

const SOURCES = ["imageId", "snapshotId", "sourceVolumeId"] as const;

function sourceRules(inputs: Record<string, unknown>): CheckFailure[] {
  const given = SOURCES.filter((name) => inputs[name] !== undefined);
  if (given.length > 1) {
    return given.slice(1).map((name) => ({
      property: name,
      reason: `${name} cannot be combined with ${given[0]}: a volume has one source (imageId, snapshotId or sourceVolumeId)`,
    }));
  }
  // without a snapshot or volume to take it from, Cinder needs the size
  if (inputs.size === undefined && given[0] !== "snapshotId" && given[0] !== "sourceVolumeId") {
    return [
      {
        property: "size",
        reason: "size is required (in GiB) unless the volume is made from a snapshot or volume",
      },
    ];
  }
  return [];
}

/** A volume cannot shrink: refused before any call, naming both sizes. */
function noShrink(olds: Record<string, unknown>, news: Record<string, unknown>): CheckFailure[] {
  const before = olds.size;
  const after = news.size;
  if (typeof before !== "number" || typeof after !== "number" || after >= before) return [];
  return [
    {
      property: "size",
      reason: `size cannot decrease from ${before} to ${after} GiB: Cinder only extends volumes; keep ${before} or more, or make a new volume`,
    },
  ];
}

/** The volume declaration, less its kind and operations (see volume.ts). */
export const volumeSchema = {
  rules: [sourceRules],
  transitions: [noShrink],
  properties: {
    name: {
      type: "string",
      change: "update",
      field: "name",
      required: true,
      limits: NAME,
      description: "Volume name",
    },
    description: {
      type: "string",
      change: "update",
      field: "description",
      limits: FREE_TEXT,
      description: "Free text",
    },
    size: {
      type: "integer",
      change: "update",
      field: "size",
      computedWhenAbsent: true,
      validate: (v) => ((v as number) >= 1 ? undefined : `size must be 1 GiB or more, got ${String(v)}`),
      description: "Size in GiB; an increase extends the volume in place, a decrease is refused",
    },
    volumeType: {
      type: "string",
      change: "update",
      field: "volume_type",
      limits: REFERENCE,
      computedWhenAbsent: true,
      description: "Volume type name or id; default: the cloud's default type. A change retypes the volume",
    },
    availabilityZone: {
      type: "string",
      change: "replace",
      field: "availability_zone",
      computedWhenAbsent: true,
      description: "Availability zone; default: Cinder's choice",
    },
    imageId: {
      type: "string",
      change: "replace",
      field: false,
      description: "Image to copy onto the new volume (makes it bootable)",
    },
    snapshotId: {
      type: "string",
      change: "replace",
      field: "snapshot_id",
      description: "Snapshot to make the volume from",
    },
    sourceVolumeId: {
      type: "string",
      change: "replace",
      field: "source_volid",
      description: "Volume to clone",
    },
    metadata: {
      type: "stringMap",
      change: "update",
      field: "metadata",
      limits: { keys: { ...NAME, notBlank: true }, values: NAME, maxEntries: 128 },
      default: {},
      description: "Volume metadata",
    },
    multiattach: {
      type: "boolean",
      change: "replace",
      field: false,
      default: false,
      description: 'Attachable to several servers at once; needs a volume type with multiattach="<is> True"',
    },
    status: {
      type: "string",
      change: "output",
      field: "status",
      description: "available, in-use, error, ...",
    },
    bootable: {
      type: "boolean",
      change: "output",
      field: false,
      description: "Whether servers can boot from it",
    },
    encrypted: {
      type: "boolean",
      change: "output",
      field: "encrypted",
      description: "Whether it is encrypted",
    },
    attachments: {
      type: "objectList",
      change: "output",
      field: false,
      description: "Servers it is attached to: { serverId, device, attachmentId }",
    },
    createdAt: { type: "string", change: "output", field: "created_at", description: "Creation time" },
    updatedAt: { type: "string", change: "output", field: "updated_at", description: "Last update time" },
  },
} as const satisfies Omit<ResourceSchema, "name">;
