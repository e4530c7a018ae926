// Every resource kind the runtime serves, by the name its provider object passes.
import type { ResourceDefinition } from "./framework/definition";
import { imageDefinition } from "./image/image";
import { floatingIpDefinition } from "./floating-ip/floating-ip";
import { keyPairDefinition } from "./keypair/keypair";
import { networkDefinition } from "./network/network";
import { routerInterfaceDefinition } from "./router-interface/router-interface";
import { routerDefinition } from "./router/router";
import { serverDefinition } from "./server/server";
import { serverGroupDefinition } from "./server-group/server-group";
import { subnetDefinition } from "./subnet/subnet";
import { volumeDefinition } from "./volume/volume";
import { volumeAttachmentDefinition } from "./volume-attachment/volume-attachment";

export const definitions: Record<string, ResourceDefinition> = {
  Image: imageDefinition,
  FloatingIp: floatingIpDefinition,
  KeyPair: keyPairDefinition,
  Network: networkDefinition,
  Router: routerDefinition,
  RouterInterface: routerInterfaceDefinition,
  Server: serverDefinition,
  ServerGroup: serverGroupDefinition,
  Subnet: subnetDefinition,
  Volume: volumeDefinition,
  VolumeAttachment: volumeAttachmentDefinition,
};
