// The provider host's side of every resource: loaded once per provider-host process through
// require (see resources/framework/program/provider-object.ts), it keeps the stack configuration from
// configure(), picks each resource's client, and runs check/diff from the schemas and the
// create/read/update/delete of the resource definitions under deadlines.
import type * as pulumi from "@pulumi/pulumi";
import { type PulumiConfigInput, unknownKeyWarnings } from "../config";
import { ConfigError, NotFoundError, ResourceStateError } from "../errors";
import {
  COMMON_PROPERTIES,
  withCommonProperties,
  timeoutSeconds,
} from "../resources/framework/schema/common";
import { checkInputs } from "../resources/framework/host/check";
import { CREATION_TOKEN_INPUT, rememberStateObject } from "../resources/framework/host/creation";
import { Deadline } from "../resources/framework/host/deadline";
import type { OperationContext, Props, ResourceDefinition } from "../resources/framework/host/definition";
import { diffState, prepareStateForms } from "../resources/framework/host/diff";
import { PartialCreateError } from "../resources/framework/host/partial";
import { inputNames, isUnknown, type ResourceSchema } from "../resources/framework/schema/schema";
import { definitions } from "../resources/registry";
import { withinDeadline } from "../session/deadline-scope";
import { clientFor } from "./clients";
import { preflight } from "./preflight";
import { warnOnce } from "./warn-once";

const DEFAULT_TIMEOUT_SECONDS = { create: 1800, update: 1800, delete: 1800 };

let stackConfig: PulumiConfigInput | undefined;

function definition(kind: string): { def: ResourceDefinition; schema: ResourceSchema } {
  const def = definitions[kind];
  if (!def) throw new ConfigError(`pulumi-openstack-dynamic: unknown resource kind ${kind}`);
  return { def, schema: withCommonProperties(def.schema) };
}

function log(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { log: pulumiLog } = require("@pulumi/pulumi") as typeof pulumi;
  void pulumiLog.info(message);
}

function warn(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { log: pulumiLog } = require("@pulumi/pulumi") as typeof pulumi;
  void pulumiLog.warn(message);
}

function context(kind: string, props: Props, op: "create" | "update" | "delete" | "read"): OperationContext {
  const client = clientFor(stackConfig, {
    cloud: props.cloud as string | undefined,
    region: props.region as string | undefined,
  });
  const seconds = op === "read" ? 300 : timeoutSeconds(props, op, DEFAULT_TIMEOUT_SECONDS[op]);
  const deadline = new Deadline(`${kind} ${op}`, seconds, op === "read" ? undefined : op);
  return { client, deadline, log };
}

/** Runs an operation with its deadline bounding every request it sends, retries included. */
function bounded<T>(ctx: OperationContext, run: () => Promise<T>): Promise<T> {
  const { expiresAt, what } = ctx.deadline;
  return withinDeadline({ expiresAt, what, hint: ctx.deadline.hint() }, run);
}

/**
 * Outputs as the host can send them: region, cloud, adoption and timeouts carried over from the
 * state (they are not in the cloud's answer), and no undefined anywhere (protobuf Structs reject it).
 */
function withCommon(outs: Props, from: Props): Props {
  const out: Props = { ...outs };
  for (const key of [...Object.keys(COMMON_PROPERTIES), CREATION_TOKEN_INPUT]) {
    if (from[key] !== undefined) out[key] = from[key];
  }
  return withoutUndefined(out) as Props;
}

function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(withoutUndefined);
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
    return out;
  }
  return value;
}

export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = req.config;
  warnOnce(unknownKeyWarnings(req.config), warn);
  return Promise.resolve();
}

export async function check(kind: string, olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
  const { schema } = definition(kind);
  const result = checkInputs(schema, news, olds);
  // Under a provider host (configured), inputs that pass locally are checked against the cloud with
  // read-only requests, so that a preview fails on wrong credentials or a missing flavor, image or
  // network. Malformed inputs never reach the cloud.
  const place = [result.inputs.cloud, result.inputs.region];
  if (result.failures.length > 0 || stackConfig === undefined || place.some(isUnknown)) {
    return { inputs: result.inputs, failures: result.failures };
  }
  const client = clientFor(stackConfig, {
    cloud: result.inputs.cloud as string | undefined,
    region: result.inputs.region as string | undefined,
  });
  return { inputs: result.inputs, failures: await preflight(kind, result.inputs, client) };
}

export async function diff(
  kind: string,
  id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.DiffResult> {
  const { schema } = definition(kind);
  // a replacement's create comes next: it must not adopt this object, which carries the same token
  rememberStateObject(olds, id);
  await prepareStateForms(schema, olds, news);
  const d = diffState(schema, olds, news);
  return {
    changes: d.changes,
    replaces: d.replaces,
    deleteBeforeReplace: d.deleteBeforeReplace,
    stables: d.stables,
  };
}

export async function create(kind: string, inputs: Props): Promise<pulumi.dynamic.CreateResult> {
  const { def, schema } = definition(kind);
  const ctx = context(kind, inputs, "create");
  try {
    return await bounded(ctx, async () => {
      if (typeof inputs.adoptId === "string") {
        return {
          id: inputs.adoptId,
          outs: withCommon(await adopt(ctx, def, schema, inputs.adoptId, inputs), inputs),
        };
      }
      await def.prepare?.(ctx, inputs);
      const { id, outs } = await def.create(ctx, inputs);
      return { id, outs: withCommon(outs, inputs) };
    });
  } catch (error) {
    if (error instanceof PartialCreateError) {
      // The host turns an error carrying id/properties/reasons into a partially created resource.
      // Its properties must hold __provider (the host does not add it), or the later delete fails.
      throw Object.assign(new ResourceStateError(error.message), {
        id: error.id,
        properties: { ...withCommon(error.outs, inputs), __provider: inputs.__provider },
        reasons: [error.message],
      });
    }
    throw error;
  }
}

async function adopt(
  ctx: OperationContext,
  def: ResourceDefinition,
  schema: ResourceSchema,
  id: string,
  inputs: Props,
) {
  const live = await def.read(ctx, id, inputs);
  if (!live)
    throw new NotFoundError(
      `adoptId ${id}: no ${schema.name} with this id exists in this project and region`,
    );
  const d = diffState(schema, live, inputs);
  if (d.replaces.length > 0) {
    throw new ConfigError(
      `adoptId ${id}: the existing ${schema.name} differs in ${d.replaces.join(", ")}, which cannot change ` +
        `in place; declare the existing values to adopt it`,
    );
  }
  return d.updates.length > 0 ? def.update(ctx, id, live, inputs, d) : live;
}

export async function read(kind: string, id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
  const { def, schema } = definition(kind);
  rememberStateObject(props, id);
  const ctx = context(kind, props, "read");
  const live = await bounded(ctx, () => def.read(ctx, id, props));
  // no id: the engine drops the resource from the state
  if (!live) return { id: "", props: {} };
  const outs = withCommon(live, props);
  const inputs: Props = {};
  for (const name of inputNames(schema)) {
    // secrets stay out of the inputs the engine would store in clear
    if (!schema.properties[name]!.secret && outs[name] !== undefined) inputs[name] = outs[name];
  }
  return { id, props: outs, inputs };
}

export async function update(
  kind: string,
  id: string,
  olds: Props,
  news: Props,
): Promise<pulumi.dynamic.UpdateResult> {
  const { def, schema } = definition(kind);
  await prepareStateForms(schema, olds, news);
  const d = diffState(schema, olds, news);
  rememberStateObject(olds, id);
  const ctx = context(kind, news, "update");
  const outs = await bounded(ctx, () => def.update(ctx, id, olds, news, d));
  return { outs: withCommon(outs, news) };
}

export async function remove(kind: string, id: string, props: Props): Promise<void> {
  const { def } = definition(kind);
  rememberStateObject(props, id);
  const ctx = context(kind, props, "delete");
  await bounded(ctx, () => def.delete(ctx, id, props));
}
export { remove as delete };
