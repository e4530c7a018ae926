// Nova (compute v2.1): requests and results.
export * from "./results";
export * from "./requests";
export * from "./volume-attachments";
export { COMPUTE_MICROVERSION, nova } from "./client";
