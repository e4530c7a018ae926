// Neutron (networking v2.0): requests and results.
export * from "./results";
export * from "./requests";
export { NeutronCollection } from "./collection";
export { neutron } from "./client";
