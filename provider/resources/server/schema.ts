// Server: what changes in place (name, flavor by resize, metadata, tags, security groups, admin
// password, power state, and the image when rebuild is opted into) and what replaces it.
import { FREE_TEXT, NAME, REFERENCE } from "../framework/schema/limits";
import { tagsProperty } from "../framework/schema/properties";
import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { CheckFailure, ResourceSchema } from "../framework/schema/schema";
import { ipAddress, sortedSet, unorderedEqual } from "../framework/schema/values";
import { shaped } from "../framework/schema/types";
import { type BlockDevice, blockDevicesProblem, bootRules, schedulerHintsProblem } from "./block-devices";

/** One block device of a server (Nova's block_device_mapping_v2). */
export type ServerBlockDevice = BlockDevice;

/** State keeps only a digest of user data: it may hold secrets, and Nova cannot show it back to users. */
export function userDataDigest(value: unknown): string {
  return `sha256:${createHash("sha256").update(String(value)).digest("hex")}`;
}

export interface ServerNetwork {
  /** Network id. */
  uuid?: string;
  /** Network name (resolved to its id before the server is created). */
  name?: string;
  /** An existing port to attach (it outlives the server: Nova deletes only the ports it made). */
  port?: string;
  /** Fixed IP to request on the network (IPv4, or IPv6 when fixedIpV6 is absent). */
  fixedIp?: string;
  /** Fixed IPv6 address to request besides fixedIp (Nova gives it an interface of its own). */
  fixedIpV6?: string;
}

const NETWORK_KEYS = ["uuid", "name", "port", "fixedIp", "fixedIpV6"];

function fixedIpProblem(entry: ServerNetwork, where: string): string | undefined {
  for (const key of ["fixedIp", "fixedIpV6"] as const) {
    const value = entry[key];
    if (value === undefined) continue;
    if (entry.port !== undefined)
      return `${where}.${key}: a port brings its own addresses; set them on the port (fixedIps) or use uuid/name`;
    const bad = ipAddress(value);
    if (bad) return `${where}.${key}: ${bad}`;
  }
  if (entry.fixedIpV6 !== undefined && isIP(entry.fixedIpV6) !== 6)
    return `${where}.fixedIpV6: "${entry.fixedIpV6}" is not an IPv6 address: put an IPv4 address in fixedIp`;
  if (entry.fixedIpV6 !== undefined && entry.fixedIp !== undefined && isIP(entry.fixedIp) !== 4)
    return `${where}.fixedIp: "${entry.fixedIp}" must be IPv4 when fixedIpV6 is given (one address of each version)`;
  return undefined;
}

function networksProblem(value: unknown): string | undefined {
  if (value === "none" || value === "auto") return undefined;
  if (!Array.isArray(value))
    return 'networks must be "none", "auto" or a list of { uuid | name | port, fixedIp?, fixedIpV6? }';
  for (const [i, entry] of (value as ServerNetwork[]).entries()) {
    const given = ["uuid", "name", "port"].filter((k) => (entry as Record<string, unknown>)[k] !== undefined);
    if (given.length !== 1) return `networks[${i}] needs exactly one of uuid, name or port`;
    const unknown = Object.keys(entry).filter((k) => !NETWORK_KEYS.includes(k));
    if (unknown.length > 0)
      return `networks[${i}] has unknown keys ${unknown.join(", ")}: use ${NETWORK_KEYS.join(", ")}`;
    const bad = fixedIpProblem(entry, `networks[${i}]`);
    if (bad) return bad;
  }
  return undefined;
}

/**
 * A replacement must delete the old server first when it holds what the new one is declared to take:
 * a port (bound to one server at a time) or a fixed address.
 */
export function holdsDeclaredAddress(news: Record<string, unknown>): boolean {
  return (
    Array.isArray(news.networks) &&
    (news.networks as ServerNetwork[]).some(
      (n) => n.port !== undefined || n.fixedIp !== undefined || n.fixedIpV6 !== undefined,
    )
  );
}

function rules(inputs: Record<string, unknown>): CheckFailure[] {
  const failures: CheckFailure[] = [];
  if (inputs.securityGroups !== undefined && inputs.networks === "none") {
    failures.push({
      property: "securityGroups",
      reason: 'securityGroups need a network: networks is "none"',
    });
  }
  return failures;
}

/** The server declaration, less its kind and operations (see server.ts). */
export const serverSchema = {
  rules: [rules, bootRules],
  deleteBeforeReplace: holdsDeclaredAddress,
  // a server recorded in ERROR (a create that failed after Nova made it) is replaced, not resized
  replacedWhenBroken: (olds) => (olds.status === "ERROR" ? "status" : undefined),
  properties: {
    name: {
      type: "string",
      change: "update",
      required: true,
      // Nova refuses a blank name and one with whitespace at either end
      limits: { ...NAME, notBlank: true, trimmed: true },
      description: "Server name",
    },
    description: { type: "string", change: "update", limits: FREE_TEXT, description: "Free text" },
    flavor: {
      type: "string",
      change: "update",
      required: true,
      limits: REFERENCE,
      description: "Flavor id or name; a change resizes the server (and confirms the resize)",
    },
    image: {
      type: "string",
      change: "replace",
      limits: REFERENCE,
      updatesInPlaceWhen: (inputs) => inputs.rebuildOnImageChange === true,
      description:
        "Image id or name (optional when blockDevices has a boot volume); a change replaces the server, or rebuilds it with rebuildOnImageChange",
    },
    blockDevices: shaped<ServerBlockDevice[]>()({
      type: "json",
      change: "replace",
      validate: blockDevicesProblem,
      description:
        "Volumes to boot from or attach at create: a list of { sourceType, uuid?, volumeSize?, bootIndex?, deleteOnTermination?, destinationType?, volumeType?, deviceName? }",
    }),
    schedulerHints: shaped<Record<string, string | string[]>>()({
      type: "json",
      change: "replace",
      validate: schedulerHintsProblem,
      description: "Scheduler hints, e.g. { group: <server group id>, different_host: [<server id>] }",
    }),
    rebuildOnImageChange: {
      type: "boolean",
      change: "update",
      default: false,
      description: "Rebuild in place when the image changes, instead of replacing: wipes the server's disk",
    },
    keyPair: { type: "string", change: "replace", limits: REFERENCE, description: "Key pair name" },
    userData: {
      type: "string",
      change: "replace",
      secret: true,
      // Nova's limit applies to the base64 text it is sent as
      limits: { maxBase64Bytes: 65535 },
      stateForm: userDataDigest,
      description:
        "cloud-init user data (secret; outputs keep its sha256, recorded inputs keep it encrypted)",
    },
    networks: shaped<"auto" | "none" | ServerNetwork[]>()({
      type: "json",
      change: "replace",
      default: "auto",
      validate: networksProblem,
      description:
        'Networks: "auto", "none", or a list of { uuid | name | port, fixedIp?, fixedIpV6? } (fixedIp with ' +
        "fixedIpV6: two interfaces on the network, as Nova takes one address per entry; for one interface " +
        "with both, use a Port)",
    }),
    securityGroups: {
      type: "stringList",
      change: "update",
      normalize: sortedSet,
      equals: unorderedEqual,
      computedWhenAbsent: true,
      limits: { items: REFERENCE },
      description: "Security group names or ids; default: the project's default group",
    },
    metadata: {
      type: "stringMap",
      change: "update",
      default: {},
      // Nova: keys 1 to 255 characters, values up to 255, 128 items (the default metadata_items quota)
      limits: { keys: { ...NAME, notBlank: true }, values: NAME, maxEntries: 128 },
      description: "Server metadata",
    },
    tags: tagsProperty("Server tags"),
    adminPass: {
      type: "string",
      change: "update",
      secret: true,
      computedWhenAbsent: true,
      limits: { maxChars: 255, control: "none" },
      description: "Administrator password (secret); default: the one Nova generates",
    },
    powerState: {
      type: "string",
      change: "update",
      oneOf: ["active", "shutoff"],
      default: "active",
      description: "active (running) or shutoff",
    },
    availabilityZone: {
      type: "string",
      change: "replace",
      computedWhenAbsent: true,
      limits: REFERENCE,
      description: "Availability zone; default: Nova's choice",
    },
    configDrive: { type: "boolean", change: "replace", default: false, description: "Attach a config drive" },
    status: { type: "string", change: "output", description: "Nova status: ACTIVE, SHUTOFF, ERROR, ..." },
    flavorId: { type: "string", change: "output", description: "Id of the current flavor" },
    imageId: { type: "string", change: "output", description: "Id of the image the server was built from" },
    addresses: shaped<Record<string, Array<{ addr: string; version: number }>>>()({
      type: "object",
      change: "output",
      description: "Addresses by network name, as Nova reports them (floating IPs included)",
    }),
    accessIPv4: {
      type: "string",
      change: "output",
      maybeAbsent: true,
      description: "Public IPv4 address, when set",
    },
    accessIPv6: {
      type: "string",
      change: "output",
      maybeAbsent: true,
      description: "Public IPv6 address, when set",
    },
    createdAt: { type: "string", change: "output", description: "Creation time" },
    updatedAt: { type: "string", change: "output", description: "Last update time" },
  },
} as const satisfies Omit<ResourceSchema, "name">;
