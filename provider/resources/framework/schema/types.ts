// The TypeScript types a resource's property declarations imply: what its Args accept and what its
// outputs hold. Nothing here exists at run time; the declarations are the only source.
import type * as pulumi from "@pulumi/pulumi";
import type { PropertySpec } from "./schema";

/** A declaration's value type when `type` alone does not say it (objects, unions): see `shaped`. */
export interface Shaped<V> {
  readonly __shape?: V;
}

type Plain<S> = S extends { oneOf: readonly (infer O)[] }
  ? O
  : S extends { type: "string" }
    ? string
    : S extends { type: "number" | "integer" }
      ? number
      : S extends { type: "boolean" }
        ? boolean
        : S extends { type: "stringList" }
          ? string[]
          : S extends { type: "stringMap" }
            ? Record<string, string>
            : S extends { type: "objectList" }
              ? Array<Record<string, unknown>>
              : S extends { type: "object" }
                ? Record<string, unknown>
                : unknown;

/** The value a property holds. */
export type ValueOf<S> = S extends Shaped<infer V> ? (unknown extends V ? Plain<S> : V) : Plain<S>;

/** What a program may pass for a value: itself, a promise or an output, at any depth. */
type Primitive = string | number | boolean | null | undefined;
export type DeepInput<V> = [V] extends [Primitive]
  ? pulumi.Input<V> // a union of literals stays one input ("active" | "shutoff")
  : V extends Primitive
    ? pulumi.Input<V>
    : V extends ReadonlyArray<infer E>
      ? pulumi.Input<Array<DeepInput<E>>>
      : V extends object
        ? pulumi.Input<{ [K in keyof V]: DeepInput<V[K]> }>
        : pulumi.Input<V>;

type Flat<T> = { [K in keyof T]: T[K] } & {};

type InputKeys<P> = { [K in keyof P]: P[K] extends { change: "output" } ? never : K }[keyof P];
type RequiredKeys<P, Optional> = {
  [K in InputKeys<P>]: P[K] extends { required: true } ? (K extends Optional ? never : K) : never;
}[InputKeys<P>];

/** The Args of a resource: required inputs, then optional ones (`Optional`: filled in by the class). */
export type ArgsOf<P, Optional = never> = Flat<
  { [K in RequiredKeys<P, Optional>]: DeepInput<ValueOf<P[K]>> } & {
    [K in Exclude<InputKeys<P>, RequiredKeys<P, Optional>>]?: DeepInput<ValueOf<P[K]>>;
  }
>;

// A value the state always has: given, defaulted, filled in by the cloud, or set by it.
type Always = { required: true } | { default: unknown } | { computedWhenAbsent: true } | { change: "output" };
type Sometimes = { maybeAbsent: true };

/** The outputs of a resource: every property, as the state holds it. */
export type OutputsOf<P> = {
  readonly [K in keyof P]: pulumi.Output<
    P[K] extends Sometimes
      ? ValueOf<P[K]> | undefined
      : P[K] extends Always
        ? ValueOf<P[K]>
        : ValueOf<P[K]> | undefined
  >;
};

/** A property declaration whose value type is `V` (an object's or a union's shape). */
export function shaped<V>(): <const S extends PropertySpec>(spec: S) => S & Shaped<V> {
  return (spec) => spec;
}
