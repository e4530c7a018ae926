// The resource framework, the front of what a resource file uses. Three layers, by where code runs:
//
//   schema/   declarations, shared by both sides: property specs (type, change mode, field, limits,
//             validation), common properties, the TypeScript types derived from them (types.ts)
//   program/  runs in the user's Pulumi program: defineResource (the class from a declaration), the
//             class base with its creation token, and the provider object Pulumi serializes into state
//   host/     runs in the provider host: check and diff from the schema, request bodies and read
//             mapping, deadlines and waits, creates that neither duplicate nor orphan, deletes retried
//             while in use, and the Neutron template
//
// Code in program/ never calls the cloud; the provider object reaches host/ through require at call
// time (program/provider-object.ts), so state holds no client, cache or credential.
export { defineResource, type ResourceArgs } from "./program/define";
export type { CommonArgs } from "./program/resource-class";
export type { OperationContext, Operations, Props } from "./host/definition";
export { neutronResource } from "./host/neutron";
export { createOnce, creationTag, userTags } from "./host/creation";
export { portHolders, retryWhileInUse } from "./host/in-use";
export { fromApi, requestBody } from "./host/mapping";
export type { CheckFailure, PropertySpec, ResourceSchema } from "./schema/schema";
export { isUnknown } from "./schema/schema";
export * from "./schema/properties";
export * from "./schema/limits";
export * from "./schema/values";
export { shaped } from "./schema/types";
