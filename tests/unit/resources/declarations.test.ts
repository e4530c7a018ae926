// One declaration per resource: the class, its Args and outputs, its secrets, the registry entry and
// the README reference all come from defineResource. These tests fail when any of them could drift:
// a class missing from the package's exports or the registry, a kind that is not the class's type
// token, an output the class does not expose, a secret the engine is not told to encrypt.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as pkg from "../../../provider";
import { declaredClasses, definitions, isDeclaredClass } from "../../../provider/resources/registry";
import type {
  Network,
  NetworkArgs,
  Server,
  ServerArgs,
  KeyPair,
  Subnet,
  SubnetArgs,
} from "../../../provider";

// Compile-time checks (npm run typecheck): the Args and outputs types follow the declarations.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type TypeChecks = [
  // a required input is required, an input named after the resource is not, outputs are no inputs
  Assert<Equal<SubnetArgs["networkId"], pulumi.Input<string>>>,
  // cidr is optional (a subnet pool can give the range) but always in the outputs
  Assert<Equal<SubnetArgs["cidr"], pulumi.Input<string> | undefined>>,
  Assert<Equal<Subnet["cidr"], pulumi.Output<string>>>,
  Assert<undefined extends NetworkArgs["name"] ? true : false>,
  Assert<"status" extends keyof NetworkArgs ? false : true>,
  // oneOf narrows, shaped properties keep their shape, outputs are typed
  Assert<Equal<ServerArgs["powerState"], pulumi.Input<"active" | "shutoff"> | undefined>>,
  Assert<Equal<Network["subnetIds"], pulumi.Output<string[]>>>,
  Assert<Equal<KeyPair["privateKey"], pulumi.Output<string | undefined>>>,
  Assert<Equal<Server["flavorId"], pulumi.Output<string>>>,
];
// a server on a port given as an output of another resource type-checks
export const portArgs: ServerArgs = { flavor: "m1", networks: [{ port: pulumi.output("port-id") }] };

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Values of the right type for every required input, as a program would pass them. */
function requiredInputs(kind: string): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const { schema } = definitions[kind]!;
  for (const [name, spec] of Object.entries(schema.properties)) {
    if (!spec.required || name === schema.namedAfterResource) continue;
    inputs[name] =
      spec.type === "integer" || spec.type === "number" ? 1 : spec.type === "boolean" ? true : "x";
  }
  return inputs;
}

describe("resource declarations", () => {
  const registered: Registered[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs as Record<string, unknown>,
          });
          return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      true,
    );
  });

  it("every resource class the package exports is in the registry, once, under its own kind", () => {
    const exported = (Object.values(pkg) as unknown[]).filter(isDeclaredClass);
    expect(exported.map((c) => c.kind).sort()).to.deep.equal(Object.keys(definitions).sort());
    expect(declaredClasses).to.have.lengthOf(exported.length);
    for (const c of exported) {
      expect((c as unknown as { name: string }).name, "class name").to.equal(c.kind);
      expect(c.definition.schema.name).to.equal(`openstack:${c.kind}`);
      expect(c.description, `${c.kind} description`).to.match(/\.$/);
    }
  });

  for (const resource of declaredClasses) {
    it(`${resource.kind}: registered as openstack:${resource.kind}, exposing every declared property`, async () => {
      const Class = resource as unknown as new (name: string, args: object) => Record<string, unknown>;
      const made = new Class(`decl-${resource.kind}`, requiredInputs(resource.kind));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const entry = registered.find((r) => r.name === `decl-${resource.kind}`);
      expect(entry?.type).to.equal(`pulumi-nodejs:dynamic/openstack:${resource.kind}`);
      const { schema } = resource.definition;
      for (const name of Object.keys(schema.properties)) {
        expect(pulumi.Output.isInstance(made[name]), `${resource.kind}.${name} is an output`).to.equal(true);
      }
      if (schema.namedAfterResource) {
        expect(entry?.inputs[schema.namedAfterResource]).to.equal(`decl-${resource.kind}`);
      }
      // what the engine is told to encrypt: every secret the state keeps as given
      const secrets = Object.entries(schema.properties)
        .filter(([, spec]) => spec.secret && !spec.stateForm)
        .map(([name]) => name);
      expect(resource.secretOutputs).to.deep.equal(secrets);
    });
  }

  it("a secret input reaches the engine wrapped as a secret", async () => {
    const server = new pkg.Server("decl-secret", { flavor: "f", image: "i", adminPass: "hunter2" });
    expect(await (server.adminPass as unknown as { isSecret: Promise<boolean> }).isSecret).to.equal(true);
  });
});
