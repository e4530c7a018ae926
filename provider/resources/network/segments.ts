// The provider segments of a network (admin): what check can judge of each segment, how Neutron
// shows them (the provider:* fields for one segment, `segments` for several), and when the live
// segments match the declared ones (an id or physical network left out is Neutron's to choose).
import type { NeutronNetwork, NeutronSegment } from "../../services/network";

export interface Segment {
  networkType: string;
  physicalNetwork?: string;
  segmentationId?: number;
}

/** Segmentation ids each type takes; flat and local take none. */
const ID_RANGES: Record<string, [number, number] | undefined> = {
  flat: undefined,
  local: undefined,
  vlan: [1, 4094],
  vxlan: [1, 2 ** 24 - 1],
  geneve: [1, 2 ** 24 - 1],
  gre: [1, 2 ** 32 - 1],
};
export const NETWORK_TYPES = Object.keys(ID_RANGES);
/** Types bound to a physical network; tunnels (vxlan, geneve, gre) and local are not. */
const ON_PHYSNET = new Set(["flat", "vlan"]);
const KEYS = ["networkType", "physicalNetwork", "segmentationId"];

function segmentProblem(segment: Record<string, unknown>, where: string): string | undefined {
  const extra = Object.keys(segment).filter((key) => !KEYS.includes(key));
  if (extra.length > 0)
    return `${where} has no property ${extra.join(", ")}: a segment is { networkType, physicalNetwork?, segmentationId? }`;
  const { networkType: type, physicalNetwork: physnet, segmentationId: id } = segment;
  if (typeof type !== "string" || !NETWORK_TYPES.includes(type))
    return `${where}.networkType ${JSON.stringify(type)} is not valid: use one of ${NETWORK_TYPES.join(", ")}`;
  if (physnet !== undefined && (typeof physnet !== "string" || physnet.trim() === ""))
    return `${where}.physicalNetwork must be a physical network name, e.g. "physnet1"`;
  if (id !== undefined && (typeof id !== "number" || !Number.isInteger(id)))
    return `${where}.segmentationId must be a whole number`;
  const range = ID_RANGES[type];
  if (id !== undefined && !range)
    return `${where}: a ${type} segment has no segmentationId; drop it, or use vlan, vxlan, geneve or gre`;
  if (range && id !== undefined && (id < range[0] || id > range[1]))
    return `${where}.segmentationId ${String(id)} is out of range for ${type}: use ${range[0]} to ${range[1]}`;
  if (physnet !== undefined && !ON_PHYSNET.has(type))
    return `${where}: a ${type} segment has no physicalNetwork; drop it, or use flat or vlan`;
  if (type === "flat" && physnet === undefined)
    return `${where}: a flat segment needs physicalNetwork (the physical network it is bridged to)`;
  if (type === "vlan" && id !== undefined && physnet === undefined)
    return `${where}: a vlan segment with segmentationId needs physicalNetwork (where that VLAN id lives)`;
  return undefined;
}

export function segmentsProblem(value: unknown): string | undefined {
  const segments = value as Array<Record<string, unknown>>;
  if (segments.length === 0)
    return "segments must list at least one segment; leave it out to let Neutron choose";
  for (const [i, segment] of segments.entries()) {
    const problem = segmentProblem(segment, `segments[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

export function segmentsBody(segments: Segment[]): NeutronSegment[] {
  return segments.map((s) => ({
    "provider:network_type": s.networkType,
    ...(s.physicalNetwork !== undefined && { "provider:physical_network": s.physicalNetwork }),
    ...(s.segmentationId !== undefined && { "provider:segmentation_id": s.segmentationId }),
  }));
}

function fromNeutron(segment: NeutronSegment): Segment {
  const physnet = segment["provider:physical_network"];
  const id = segment["provider:segmentation_id"];
  return {
    networkType: segment["provider:network_type"],
    ...(physnet !== null && physnet !== undefined && { physicalNetwork: physnet }),
    ...(id !== null && id !== undefined && { segmentationId: id }),
  };
}

/** The live segments; undefined when the caller may not see them (not admin). */
export function liveSegments(network: NeutronNetwork): Segment[] | undefined {
  if (network.segments) return network.segments.map(fromNeutron);
  if (network["provider:network_type"] === undefined) return undefined;
  return [fromNeutron(network as unknown as NeutronSegment)];
}

/** Live segments match the declared ones, in order, on every field the declaration gives. */
export function sameSegments(live: unknown, declared: unknown): boolean {
  if (!Array.isArray(live) || !Array.isArray(declared) || live.length !== declared.length) return false;
  return (declared as Segment[]).every((want, i) => {
    const have = live[i] as Segment;
    return (Object.keys(want) as Array<keyof Segment>).every(
      (key) => want[key] === undefined || want[key] === have[key],
    );
  });
}
