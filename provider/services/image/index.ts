// Glance (image v2): requests and results.
export * from "./results";
export * from "./requests";
export { glance } from "./client";
