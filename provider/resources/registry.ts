// Every resource kind the provider host serves, by the kind its provider object passes: taken from
// the declared classes, so a kind exists exactly when its class does.
import type { ResourceDefinition } from "./framework/host/definition";
import * as resources from "./index";

export interface DeclaredClass {
  readonly kind: string;
  readonly description: string;
  readonly secretOutputs: readonly string[];
  readonly definition: ResourceDefinition;
}

export function isDeclaredClass(value: unknown): value is DeclaredClass {
  return typeof value === "function" && "definition" in value && "kind" in value;
}

export const declaredClasses: readonly DeclaredClass[] = Object.values(resources).filter(isDeclaredClass);

export const definitions: Readonly<Record<string, ResourceDefinition>> = Object.fromEntries(
  declaredClasses.map((c) => [c.kind, c.definition]),
);
