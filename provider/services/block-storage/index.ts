// Cinder (block storage v3): requests and results.
export * from "./results";
export * from "./requests";
export { BLOCK_STORAGE_MICROVERSION, cinder } from "./client";
