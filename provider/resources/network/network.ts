// Network: a Neutron network. Everything but the project and availability-zone hints updates in place.
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
import { sortedSet } from "../framework/schema/values";
import { networks } from "../../services/network";

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
    match: (body) => ({ name: body.name as string }),
    // ports being deleted (a server's, a router's) keep the network busy for a moment
    holders: (id) => ({ network_id: id }),
  }),
});
export type Network = InstanceType<typeof Network>;
export type NetworkArgs = ResourceArgs<typeof Network>;
