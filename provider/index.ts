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
export type { CommonArgs } from "./resources/framework/program/resource-class";
export type { ResourceArgs } from "./resources/framework/program/define";
export * from "./resources";
