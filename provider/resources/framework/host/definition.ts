// What one resource kind implements. The shared runtime (runtime/host.ts) does check and diff from the
// schema, picks the client for the resource's cloud and region, enforces deadlines, and turns results
// into what the provider host expects; a definition only talks to its OpenStack API.
import type { OpenStackClient } from "../../../client/client";
import type { Deadline } from "./deadline";
import type { DiffResult } from "./diff";
import type { ResourceSchema } from "../schema/schema";

export type Props = Record<string, unknown>;

export interface OperationContext {
  client: OpenStackClient;
  deadline: Deadline;
  /** Progress for the user (pulumi.log in the provider host). */
  log(message: string): void;
}

export interface ResourceDefinition {
  schema: ResourceSchema;
  /** Extra checks that need the cloud (names to ids...), run before the first mutating call. */
  prepare?(ctx: OperationContext, inputs: Props): Promise<void>;
  /** Creates and returns the id and the outputs (live values under the input names, plus outputs). */
  create(ctx: OperationContext, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** Live outputs, or undefined when the resource no longer exists. */
  read(ctx: OperationContext, id: string, state: Props): Promise<Props | undefined>;
  /** Applies in-place changes; returns the new outputs. */
  update(ctx: OperationContext, id: string, olds: Props, news: Props, diff: DiffResult): Promise<Props>;
  /** Deletes and waits until it is gone; a resource already gone is success. */
  delete(ctx: OperationContext, id: string, state: Props): Promise<void>;
}

/** What a declaration supplies besides its schema. */
export type Operations = Omit<ResourceDefinition, "schema">;
