// A server's block devices (Nova's block_device_mapping_v2): boot from a new volume made from an image
// or snapshot, from an existing volume, or add blank volumes. Validated in check; ids resolved and the
// request body made at create. Scheduler hints live here too: both go into the create request only.
import type { OpenStackClient } from "../../client/client";
import type { CheckFailure } from "../framework/schema/schema";
import { resolveImageId } from "./lookups";

export interface BlockDevice {
  /** image, volume (an existing one), snapshot, or blank (a new empty volume). */
  sourceType: "image" | "volume" | "snapshot" | "blank";
  /** Image, volume or snapshot id (an image also by name); for sourceType image, default: the server's image. */
  uuid?: string;
  /** volume (default) or local (an ephemeral disk on the host). */
  destinationType?: "volume" | "local";
  /** GiB of the new volume; needed for image and blank sources. */
  volumeSize?: number;
  /** 0 for the boot device; absent for other disks. */
  bootIndex?: number;
  /** Default: true for a volume the server makes (image, snapshot, blank), false for an existing one. */
  deleteOnTermination?: boolean;
  volumeType?: string;
  deviceName?: string;
}

const SOURCE_TYPES = ["image", "volume", "snapshot", "blank"];
const KEYS = [
  "sourceType",
  "uuid",
  "destinationType",
  "volumeSize",
  "bootIndex",
  "deleteOnTermination",
  "volumeType",
  "deviceName",
];

function entryProblem(entry: Record<string, unknown>, at: string): string | undefined {
  const unknown = Object.keys(entry).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) return `${at} has unknown keys ${unknown.join(", ")}: use ${KEYS.join(", ")}`;
  if (!SOURCE_TYPES.includes(entry.sourceType as string))
    return `${at}.sourceType "${String(entry.sourceType)}" is not valid: use one of ${SOURCE_TYPES.join(", ")}`;
  const destination = entry.destinationType ?? "volume";
  if (destination !== "volume" && destination !== "local")
    return `${at}.destinationType ${JSON.stringify(destination)} is not valid: use volume or local`;
  if ((entry.sourceType === "volume" || entry.sourceType === "snapshot") && typeof entry.uuid !== "string")
    return `${at}.uuid is required for sourceType ${String(entry.sourceType)}: the ${String(entry.sourceType)}'s id`;
  if (entry.sourceType === "blank" && entry.uuid !== undefined)
    return `${at}.uuid must not be set for a blank volume`;
  const size = entry.volumeSize;
  if (size !== undefined && !(Number.isInteger(size) && (size as number) >= 1))
    return `${at}.volumeSize must be a whole number of GiB, 1 or more, got ${JSON.stringify(size)}`;
  if (
    destination === "volume" &&
    (entry.sourceType === "image" || entry.sourceType === "blank") &&
    size === undefined
  )
    return `${at}.volumeSize is required to make a volume from ${entry.sourceType === "image" ? "an image" : "nothing"}`;
  const boot = entry.bootIndex;
  if (boot !== undefined && !(Number.isInteger(boot) && (boot as number) >= -1))
    return `${at}.bootIndex must be a whole number, 0 for the boot device, got ${JSON.stringify(boot)}`;
  for (const key of ["volumeType", "deviceName"] as const)
    if (entry[key] !== undefined && typeof entry[key] !== "string") return `${at}.${key} must be a string`;
  if (entry.deleteOnTermination !== undefined && typeof entry.deleteOnTermination !== "boolean")
    return `${at}.deleteOnTermination must be true or false`;
  return undefined;
}

/** The schema's validate for blockDevices. */
export function blockDevicesProblem(value: unknown): string | undefined {
  if (!Array.isArray(value))
    return "blockDevices must be a list of { sourceType, uuid?, volumeSize?, bootIndex?, ... }";
  const boots = value.filter((e) => (e as BlockDevice | null)?.bootIndex === 0).length;
  if (boots > 1) return `blockDevices has ${boots} devices with bootIndex 0: a server boots from one`;
  for (const [i, entry] of value.entries()) {
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      return `blockDevices[${i}] must be an object`;
    const problem = entryProblem(entry as Record<string, unknown>, `blockDevices[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** The boot device when the server boots from one (bootIndex 0, not blank). */
export function bootDevice(blockDevices: unknown): BlockDevice | undefined {
  if (!Array.isArray(blockDevices)) return undefined;
  return (blockDevices as BlockDevice[]).find((d) => d.bootIndex === 0 && d.sourceType !== "blank");
}

/** Cross-property rules: something to boot from, and an image for image devices without uuid. */
export function bootRules(inputs: Record<string, unknown>): CheckFailure[] {
  const devices = (inputs.blockDevices as BlockDevice[] | undefined) ?? [];
  if (inputs.image === undefined && !bootDevice(devices)) {
    return [
      {
        property: "image",
        reason:
          "image is required unless blockDevices has a boot device (bootIndex 0 with sourceType image, volume or snapshot)",
      },
    ];
  }
  const imageless = devices.findIndex((d) => d.sourceType === "image" && d.uuid === undefined);
  if (imageless >= 0 && inputs.image === undefined) {
    return [
      {
        property: "blockDevices",
        reason: `blockDevices[${imageless}] has sourceType image but no uuid, and the server has no image to use`,
      },
    ];
  }
  return [];
}

/** block_device_mapping_v2 for the create request, image names resolved to ids. */
export async function blockDeviceMapping(
  client: OpenStackClient,
  devices: BlockDevice[],
  image: string | undefined,
): Promise<Array<Record<string, unknown>>> {
  return Promise.all(
    devices.map(async (d) => {
      const mapping: Record<string, unknown> = {
        source_type: d.sourceType,
        destination_type: d.destinationType ?? "volume",
        boot_index: d.bootIndex ?? -1,
        delete_on_termination: d.deleteOnTermination ?? d.sourceType !== "volume",
      };
      if (d.sourceType === "image") mapping.uuid = await resolveImageId(client, (d.uuid ?? image)!);
      else if (d.uuid !== undefined) mapping.uuid = d.uuid;
      if (d.volumeSize !== undefined) mapping.volume_size = d.volumeSize;
      if (d.volumeType !== undefined) mapping.volume_type = d.volumeType;
      if (d.deviceName !== undefined) mapping.device_name = d.deviceName;
      return mapping;
    }),
  );
}

/** The schema's validate for schedulerHints: Nova takes strings or lists of strings. */
export function schedulerHintsProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return 'schedulerHints must be a map, e.g. { group: "<server group id>", different_host: ["<server id>"] }';
  for (const [key, hint] of Object.entries(value)) {
    const ok = typeof hint === "string" || (Array.isArray(hint) && hint.every((h) => typeof h === "string"));
    if (!ok) return `schedulerHints.${key} must be a string or a list of strings`;
  }
  return undefined;
}
