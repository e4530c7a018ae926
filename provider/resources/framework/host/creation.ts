// Creates that neither duplicate nor orphan. Each create carries a creation token the cloud keeps with
// the object (a Neutron, Glance or Nova tag, a Cinder metadata entry): derived from the stack, kind
// and logical name when the resource class passes it (so the next `pulumi up` after an interrupted one
// finds what it made), or random for one create call. Where the cloud keeps no mark (Nova's server
// groups and volume attachments) the resource finds what this one call made by other means. After an
// ambiguous failure (the connection died after sending, a gateway answered 5xx, a timeout) the object
// is looked up by its token and adopted; the POST is sent again only when nothing was made. Objects
// the state already tracks under the same token (the one a replacement replaces) are never adopted.
import { randomBytes } from "node:crypto";
import { ServiceError } from "../../../errors";
import { CREATION_METADATA_KEY, CREATION_TAG_PREFIX, isCreationTag } from "../../../services/creation-tag";
import type { NeutronCollection } from "../../../services/network/collection";
import type { QueryValue } from "../../../session/http";
import { CREATION_TOKEN_INPUT } from "../schema/common";
import type { OperationContext, Props } from "./definition";

export { CREATION_TOKEN_INPUT };

/** Whether the resource class gave the token, so that it is the same in every run. */
export function hasStableToken(inputs: Props): boolean {
  return stableToken(inputs) !== undefined;
}

function stableToken(inputs: Props): string | undefined {
  const given = inputs[CREATION_TOKEN_INPUT];
  return typeof given === "string" && /^[0-9a-f]{16,40}$/.test(given) ? given : undefined;
}

/**
 * The tag (at most 60 characters: Nova's and Neutron's limit) that marks the objects of one create.
 * Without a token from the resource class it is random: unique, for the look-ups of this one call.
 */
export function creationTag(inputs: Props): string {
  return `${CREATION_TAG_PREFIX}${stableToken(inputs) ?? randomBytes(12).toString("hex")}`;
}

export { isCreationTag };

/** The user's tags: what outputs show and diff compares. */
export function userTags(tags: readonly string[] | undefined): string[] {
  return (tags ?? []).filter((t) => !isCreationTag(t)).sort();
}

/** The user's metadata (Cinder's): what outputs show and diff compares. */
export function userMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const { [CREATION_METADATA_KEY]: _creation, ...user } = metadata ?? {};
  return user;
}

/** The creation entry of live metadata, to keep when the user's metadata replaces all of it. */
export function creationMetadata(metadata: Record<string, string> | undefined): Record<string, string> {
  const value = metadata?.[CREATION_METADATA_KEY];
  return value === undefined ? {} : { [CREATION_METADATA_KEY]: value };
}

// Ids the state holds per creation tag, learnt from the engine's diff/read/update/delete calls in this
// provider process: a replacement is created in the same run right after its diff.
const inState = new Map<string, Set<string>>();

export function rememberStateObject(props: Props, id: string): void {
  if (!stableToken(props) || !id) return;
  const tag = creationTag(props);
  let ids = inState.get(tag);
  if (!ids) inState.set(tag, (ids = new Set()));
  ids.add(id);
}

/** A failure after which the service may have acted: the connection died, timed out, or a 5xx. */
export function isAmbiguous(error: unknown): boolean {
  return (
    error instanceof ServiceError &&
    error.method !== undefined &&
    (error.status === undefined || error.status >= 500)
  );
}

export interface CreateOnce<T> {
  /** What is made, for messages ("network"). */
  what: string;
  /** Sends the create once (the session must not retry it on ambiguous failures). */
  send(): Promise<T>;
  /** Live objects carrying the creation tag. */
  find(tag: string): Promise<T[]>;
  idOf(object: T): string;
  /**
   * The object a replacement replaces is always deleted first (deleteBeforeReplace) and the new one
   * may come back under its id (a volume attachment is "<server>/<volume>"): the ids the state tracked
   * are then no reason to pass an object by.
   */
  oldDeletedFirst?: boolean;
}

// After an ambiguous failure the object may need a moment to show (a timed-out request the service
// is still working on): looked for now and again after this wait before sending again.
const SECOND_LOOK_MS = 1500;

/** Creates the object, or adopts the one an earlier attempt or an interrupted run made. */
export async function createOnce<T>(
  ctx: OperationContext,
  inputs: Props,
  tag: string,
  op: CreateOnce<T>,
): Promise<T> {
  const tracked = (!op.oldDeletedFirst && inState.get(tag)) || new Set<string>();
  const untracked = async () => (await op.find(tag)).filter((o) => !tracked.has(op.idOf(o)));
  const adopt = (found: T[], why: string) => {
    const ids = found.map((o) => op.idOf(o));
    ctx.log(
      `${op.what} ${ids[0]} ${why}: adopted instead of creating another` +
        (ids.length > 1 ? ` (also found, not adopted: ${ids.slice(1).join(", ")})` : ""),
    );
    return found[0]!;
  };

  if (stableToken(inputs)) {
    const earlier = await untracked();
    if (earlier.length > 0) return adopt(earlier, "was made by an earlier, interrupted run");
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await op.send();
    } catch (error) {
      if (!isAmbiguous(error)) {
        // a resend refused because what the lost attempt made showed up meanwhile (the name is taken,
        // the volume is attached already): that object is this create's
        const late = attempt > 0 ? await untracked() : [];
        if (late.length > 0) return adopt(late, `showed up after its answer was lost (${brief(error)})`);
        throw error;
      }
      for (const wait of [0, SECOND_LOOK_MS]) {
        if (wait > 0) await sleep(Math.min(wait, ctx.deadline.remainingMs()));
        const found = await untracked();
        if (found.length > 0) return adopt(found, `was made although the answer was lost (${brief(error)})`);
      }
      if (ctx.deadline.expired()) {
        throw new ServiceError(
          `${(error as Error).message}; no ${op.what} was made (looked up by its creation tag)` +
            ctx.deadline.hint(),
          error as ServiceError,
        );
      }
      ctx.log(`${op.what} create failed (${brief(error)}) and nothing was made: sending it again`);
      await sleep(Math.min(backoff(attempt), ctx.deadline.remainingMs()));
    }
  }
}

function brief(error: unknown): string {
  const e = error as ServiceError;
  const cause = (e as { cause?: unknown }).cause;
  return e.status ? `${e.status}` : typeof cause === "string" ? cause : e.message;
}

function backoff(attempt: number): number {
  const ceiling = Math.min(20_000, 500 * 2 ** attempt);
  return Math.floor(ceiling / 2 + (Math.random() * ceiling) / 2);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** createOnce for a Neutron object: the creation tag (and the user's tags) go with the create. */
export function createNeutronObject<T extends { id: string; tags?: string[] }>(
  ctx: OperationContext,
  inputs: Props,
  collection: NeutronCollection<T>,
  body: Record<string, unknown>,
  /** Filters an untagged object made by this create would match, on a Neutron without tag-creation. */
  match: Record<string, QueryValue>,
): Promise<T> {
  const tag = creationTag(inputs);
  const tags = [...((inputs.tags as string[] | undefined) ?? []), tag];
  return createOnce(ctx, inputs, tag, {
    what: collection.singular,
    ...collection.createTagged(ctx.client, body, tags, match),
    idOf: (o) => o.id,
  });
}
