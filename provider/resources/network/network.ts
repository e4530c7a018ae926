// Network: a Neutron network. Everything but the project, availability-zone hints and provider segments
// updates in place.
import { defineResource, type ResourceArgs } from "../framework/program/define";
import { neutronResource } from "../framework/host/neutron";
import { REFERENCE } from "../framework/schema/limits";
import {
  adminStateUpProperty,
  createdAtProperty,
  descriptionProperty,
  nameProperty,
  projectIdProperty,
  tagsProperty,
  updatedAtProperty,
} from "../framework/schema/properties";
import { shaped } from "../framework/schema/types";
import { sortedSet } from "../framework/schema/values";
import { networks, type NeutronNetwork } from "../../services/network";
import type { Props } from "../framework/host/definition";
import { dnsDomainProblem } from "./dns-domain";
import { liveSegments, sameSegments, type Segment, segmentsBody, segmentsProblem } from "./segments";

export type { Segment as NetworkSegment } from "./segments";

/** Fields sent by hand: a QoS policy is removed with null (not ""), segments only at creation. */
function networkBody(inputs: Props, change?: { changed: readonly string[] }): Props {
  const body: Props = {};
  if (!change && inputs.segments !== undefined) body.segments = segmentsBody(inputs.segments as Segment[]);
  if (change ? change.changed.includes("qosPolicyId") : inputs.qosPolicyId !== undefined)
    body.qos_policy_id = inputs.qosPolicyId ?? null;
  return body;
}

function networkOutputs(network: NeutronNetwork): Props {
  return { qosPolicyId: network.qos_policy_id ?? undefined, segments: liveSegments(network) };
}

/** A Neutron network. */
export const Network = defineResource({
  kind: "Network",
  description: "A Neutron network.",
  namedAfterResource: "name",
  properties: {
    name: nameProperty("Network name"),
    description: descriptionProperty,
    adminStateUp: adminStateUpProperty,
    shared: {
      type: "boolean",
      change: "update",
      field: "shared",
      default: false,
      description: "Shared with all projects (admin)",
    },
    external: {
      type: "boolean",
      change: "update",
      field: "router:external",
      default: false,
      description: "An external network routers can use as gateway (admin)",
    },
    mtu: {
      type: "integer",
      change: "update",
      field: "mtu",
      computedWhenAbsent: true,
      // 68 is the least IPv4 allows (RFC 791); the cloud's own maximum is for it to say
      limits: { min: 68, max: 65535 },
      description: "MTU; default chosen by Neutron",
    },
    portSecurityEnabled: {
      type: "boolean",
      change: "update",
      field: "port_security_enabled",
      computedWhenAbsent: true,
      description: "Default port security of the network's ports",
    },
    qosPolicyId: {
      type: "string",
      change: "update",
      field: false,
      limits: REFERENCE,
      description: "QoS policy applied to the network's ports that have none of their own",
    },
    dnsDomain: {
      type: "string",
      change: "update",
      field: "dns_domain",
      validate: dnsDomainProblem,
      description: 'DNS domain of the network\'s ports, a fully qualified name such as "example.org."',
    },
    segments: shaped<Segment[]>()({
      type: "objectList",
      change: "replace",
      field: false,
      computedWhenAbsent: true,
      // only admins see them
      maybeAbsent: true,
      validate: segmentsProblem,
      equals: sameSegments,
      description:
        "Provider segments (admin): [{ networkType, physicalNetwork?, segmentationId? }]; " +
        "default: the cloud's tenant network type; replaced on change",
    }),
    tags: tagsProperty(),
    projectId: projectIdProperty,
    availabilityZoneHints: {
      type: "stringList",
      change: "replace",
      field: "availability_zone_hints",
      computedWhenAbsent: true,
      limits: { items: REFERENCE },
      normalize: sortedSet,
      description: "Availability zones to schedule the network's DHCP/L3 on",
    },
    status: {
      type: "string",
      change: "output",
      field: "status",
      description: "ACTIVE, DOWN, BUILD or ERROR",
    },
    subnetIds: {
      type: "stringList",
      change: "output",
      field: "subnets",
      description: "Subnets of the network",
    },
    createdAt: createdAtProperty,
    updatedAt: updatedAtProperty,
  },
  operations: neutronResource({
    collection: networks,
    byHand: ["qosPolicyId", "segments"],
    body: (_ctx, inputs, change) => networkBody(inputs, change),
    outputs: (_ctx, network) => networkOutputs(network),
    match: (body) => ({ name: body.name as string }),
    // ports being deleted (a server's, a router's) keep the network busy for a moment
    holders: (id) => ({ network_id: id }),
  }),
});
export type Network = InstanceType<typeof Network>;
export type NetworkArgs = ResourceArgs<typeof Network>;
