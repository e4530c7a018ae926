// Neutron's resources all follow one pattern: a collection below the version root with the object
// wrapped in its singular name. One generic collection adds Neutron's tags to the service client's
// calls: tags set with the create where Neutron can, and the creation tag kept when tags change.
import type { OpenStackClient } from "../../client/client";
import { OpenStackError } from "../../errors";
import type { QueryValue } from "../../session/http";
import { isCreationTag } from "../creation-tag";
import { neutron } from "./client";

/** What every Neutron object with standard attributes has. */
interface Tagged {
  id: string;
  tags?: string[];
  created_at?: string;
}

// Clients whose Neutron refused tags in a create (no tag-creation extension): tags follow the POST.
const noTagsOnCreate = new WeakSet<OpenStackClient>();
// Objects whose create answered in this process: never another create's untagged match (concurrent
// creates of look-alike objects run in the same provider process).
const answeredHere = new Set<string>();
// Clocks of the provider and the cloud may differ this much when matching created_at.
const CLOCK_SKEW_MS = 5 * 60_000;

/** T: the object Neutron answers; C and U: the bodies of its create and update. */
export class NeutronCollection<
  T extends Tagged,
  C extends object = Record<string, unknown>,
  U extends object = Record<string, unknown>,
> {
  constructor(
    /** The URL segment, e.g. "security-groups". */
    readonly collection: string,
    readonly singular: string,
    /** The list's key in responses when it differs from the URL segment ("security_groups"). */
    readonly plural: string = collection,
  ) {}

  private path(id?: string): string {
    return id === undefined ? neutron.path(this.collection) : neutron.path(this.collection, id);
  }

  create(client: OpenStackClient, body: C): Promise<T> {
    return neutron.create<T>(client, this.path(), this.singular, body);
  }

  /**
   * Creates the object carrying `tags` (the creation tag among them). Neutron sets tags in the POST
   * itself where it can (tag-creation); an older one gets them with the next call, and the look-up
   * for an object whose POST answer was lost then also takes an untagged object of the same `match`
   * fields made since this create started, and tags it.
   */
  createTagged(
    client: OpenStackClient,
    body: C,
    /** The user's tags and the creation tag. */
    tags: string[],
    /** Filters an untagged object of this create would match (its name...). */
    match: Record<string, QueryValue>,
  ): { send: () => Promise<T>; find: (tag: string) => Promise<T[]> } {
    const started = Date.now();
    const send = async (): Promise<T> => {
      if (!noTagsOnCreate.has(client)) {
        try {
          return await this.create(client, { ...body, tags });
        } catch (error) {
          if (!refusesTags(error)) throw error;
          noTagsOnCreate.add(client);
        }
      }
      const made = await this.create(client, body);
      answeredHere.add(made.id);
      await this.setTags(client, made.id, tags);
      return { ...made, tags };
    };
    const find = async (tag: string): Promise<T[]> => {
      const tagged = await this.list(client, { tags: tag });
      if (tagged.length > 0 || !noTagsOnCreate.has(client)) return tagged;
      const since = started - CLOCK_SKEW_MS;
      const untagged = (await this.list(client, match)).filter(
        (o) =>
          !answeredHere.has(o.id) &&
          !(o.tags ?? []).some(isCreationTag) &&
          Date.parse(o.created_at ?? "") >= since,
      );
      for (const o of untagged) await this.setTags(client, o.id, tags);
      return untagged.map((o) => ({ ...o, tags }));
    };
    return { send, find };
  }

  /** Replaces the user's tags, keeping the creation tag. */
  async setUserTags(client: OpenStackClient, id: string, wanted: string[]): Promise<void> {
    const live = await this.get(client, id);
    const kept = (live?.tags ?? []).filter(isCreationTag);
    await this.setTags(client, id, [...new Set([...wanted, ...kept])]);
  }

  /** undefined when it does not exist. */
  get(client: OpenStackClient, id: string): Promise<T | undefined> {
    return neutron.get<T>(client, this.path(id), this.singular);
  }

  update(client: OpenStackClient, id: string, body: U): Promise<T> {
    return neutron.update<T>(client, this.path(id), this.singular, body);
  }

  /** Succeeds when it is already gone. */
  async delete(client: OpenStackClient, id: string): Promise<void> {
    await neutron.delete(client, this.path(id));
  }

  /** Every page of the list. */
  list(client: OpenStackClient, query: Record<string, QueryValue> = {}): Promise<T[]> {
    return neutron.list<T>(client, this.path(), this.plural, query);
  }

  /** Replaces the resource's tags (PUT /tags), Neutron's way of setting them all at once. */
  async setTags(client: OpenStackClient, id: string, tags: string[]): Promise<void> {
    await neutron.update(client, `${this.path(id)}/tags`, undefined, { tags });
  }
}

/** Neutron's 400 for an attribute it does not know in a request body. */
function refusesTags(error: unknown): boolean {
  return (
    error instanceof OpenStackError &&
    error.status === 400 &&
    /unrecognized attribute.*tags|tags.*(not allowed|unrecognized)/i.test(error.serviceMessage ?? "")
  );
}
