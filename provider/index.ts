// Public entry point of pulumi-openstack-dynamic.
export * from "./errors";
export { OpenStackClient, type EndpointQuery, type ServiceRequest } from "./client/client";
export {
  AUTH_VERSIONS,
  type AuthVersion,
  type EndpointInterface,
  type OpenStackClientOptions,
} from "./client/options";
export { clearTokenCache } from "./client/token-cache";
export type { AuthResult } from "./auth/types";
export { ServiceCatalog, AmbiguousEndpointError, type CatalogEndpoint } from "./catalog/catalog";
export { loadConfig, describeConfig, type LoadConfigInput, type LoadedConfig } from "./config";
export type { HttpResponse } from "./session/http";

// Resources
export type { CommonArgs } from "./resources/framework/resource-class";
export { FloatingIp, type FloatingIpArgs } from "./resources/floating-ip";
export { Image, type ImageArgs } from "./resources/image";
export { KeyPair, type KeyPairArgs } from "./resources/keypair";
export { Network, type NetworkArgs } from "./resources/network";
export { Router, type RouterArgs, type ExternalFixedIp } from "./resources/router";
export { RouterInterface, type RouterInterfaceArgs } from "./resources/router-interface";
export { Server, type ServerArgs, type ServerBlockDevice, type ServerNetwork } from "./resources/server";
export { ServerGroup, type ServerGroupArgs } from "./resources/server-group";
export { Subnet, type SubnetArgs, type AllocationPool, type HostRoute } from "./resources/subnet";
export { Volume, type VolumeArgs } from "./resources/volume";
export { VolumeAttachment, type VolumeAttachmentArgs } from "./resources/volume-attachment";

/** Name and version of this package, as installed. */
export function packageInfo(): { name: string; version: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require("../package.json") as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
