// defineResource: a resource kind declared once. From the one declaration come the class programs
// instantiate (its Args and outputs typed from the properties, secret inputs and outputs marked for
// encryption), the definition the provider host runs (schema plus operations) and the README's
// reference (scripts/resource-docs.ts). The registry lists the classes; their kinds come from here.
import * as pulumi from "@pulumi/pulumi";
import type { Operations, ResourceDefinition } from "../host/definition";
import type { PropertySpec, ResourceSchema } from "../schema/schema";
import type { ArgsOf, OutputsOf } from "../schema/types";
import { type CommonArgs, OpenStackResource } from "./resource-class";

export interface Declaration<P extends Record<string, PropertySpec>, Named extends keyof P> extends Omit<
  ResourceSchema,
  "name" | "properties" | "description" | "namedAfterResource"
> {
  /** The type token's last part, e.g. "Network" → openstack:Network. */
  kind: string;
  /** One sentence: what the resource is (class docs, README). */
  description: string;
  properties: P;
  /** The input that defaults to the Pulumi resource name, if any. */
  namedAfterResource?: Named;
  /**
   * What the provider host runs (the shared runtime does check and diff from the properties), or
   * a template that makes it from the schema (e.g. neutronResource).
   */
  operations: Operations | ((schema: ResourceSchema) => Operations);
}

// Args may be left out when every input is optional
type Rest<A> =
  Partial<A> extends A
    ? [args?: A & CommonArgs, opts?: pulumi.CustomResourceOptions]
    : [args: A & CommonArgs, opts?: pulumi.CustomResourceOptions];

/** The class of a declared resource. */
export interface ResourceClass<P extends Record<string, PropertySpec>, Named extends keyof P> {
  new (
    name: string,
    ...rest: Rest<ArgsOf<P, Named>>
  ): OpenStackResource & OutputsOf<P> & { readonly region: pulumi.Output<string | undefined> };
  readonly kind: string;
  readonly description: string;
  /** Outputs the engine is told to encrypt (additionalSecretOutputs). */
  readonly secretOutputs: readonly string[];
  readonly definition: ResourceDefinition;
}

/** The Args type of a declared resource class. */
export type ResourceArgs<C extends abstract new (...args: never[]) => unknown> = NonNullable<
  ConstructorParameters<C>[1]
>;

export function defineResource<
  const P extends Record<string, PropertySpec>,
  const Named extends keyof P = never,
>(declaration: Declaration<P, Named>): ResourceClass<P, Named> {
  const { kind, description, properties, namedAfterResource, operations, ...rules } = declaration;
  const schema: ResourceSchema = {
    name: `openstack:${kind}`,
    description,
    properties,
    namedAfterResource: namedAfterResource as string | undefined,
    ...rules,
  };
  const definition: ResourceDefinition = {
    schema,
    ...(typeof operations === "function" ? operations(schema) : operations),
  };
  const outputNames = Object.keys(properties);
  const secrets = Object.entries(properties).filter(([, spec]) => spec.secret);
  const secretInputs = secrets.filter(([, spec]) => spec.change !== "output").map(([name]) => name);
  // the state keeps a secret's digest instead where the property says so: that form is no secret
  const secretOutputs = secrets.filter(([, spec]) => !spec.stateForm).map(([name]) => name);

  class Declared extends OpenStackResource {
    static readonly kind = kind;
    static readonly description = description;
    static readonly definition = definition;
    static readonly secretOutputs = secretOutputs;

    constructor(name: string, args: Record<string, unknown> = {}, opts?: pulumi.CustomResourceOptions) {
      const props: pulumi.Inputs = {};
      for (const output of outputNames) props[output] = undefined;
      for (const [key, value] of Object.entries(args)) {
        props[key] = secretInputs.includes(key) && value !== undefined ? pulumi.secret(value) : value;
      }
      if (namedAfterResource !== undefined && args[namedAfterResource as string] === undefined) {
        props[namedAfterResource as string] = name;
      }
      const options =
        secretOutputs.length > 0
          ? pulumi.mergeOptions(opts, { additionalSecretOutputs: Declared.secretOutputs })
          : opts;
      super(kind, name, props, options);
    }
  }
  Object.defineProperty(Declared, "name", { value: kind });
  return Declared as unknown as ResourceClass<P, Named>;
}
