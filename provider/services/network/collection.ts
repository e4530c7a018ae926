// Neutron's resources all follow one pattern: /v2.0/<collection> with the object wrapped in its
// singular name. One generic collection keeps the URLs and the (un)wrapping in one place.
import type { OpenStackClient } from "../../client/client";
import type { QueryValue } from "../../session/http";
import { ignoreNotFound, orUndefined } from "../not-found";
import { allPages } from "../paginate";

export class NeutronCollection<T extends { id: string }> {
  constructor(
    /** The URL segment, e.g. "security-groups". */
    readonly collection: string,
    readonly singular: string,
    /** The list's key in responses when it differs from the URL segment ("security_groups"). */
    readonly plural: string = collection,
  ) {}

  private path(id?: string): string {
    return id === undefined
      ? `/v2.0/${this.collection}`
      : `/v2.0/${this.collection}/${encodeURIComponent(id)}`;
  }

  async create(client: OpenStackClient, body: Record<string, unknown>): Promise<T> {
    const res = await client.request<Record<string, T>>("network", {
      method: "POST",
      path: this.path(),
      body: { [this.singular]: body },
    });
    return res.data[this.singular]!;
  }

  /** undefined when it does not exist. */
  async get(client: OpenStackClient, id: string): Promise<T | undefined> {
    const res = await orUndefined(client.request<Record<string, T>>("network", { path: this.path(id) }));
    return res?.data[this.singular];
  }

  async update(client: OpenStackClient, id: string, body: Record<string, unknown>): Promise<T> {
    const res = await client.request<Record<string, T>>("network", {
      method: "PUT",
      path: this.path(id),
      body: { [this.singular]: body },
    });
    return res.data[this.singular]!;
  }

  /** Succeeds when it is already gone. */
  delete(client: OpenStackClient, id: string): Promise<void> {
    return ignoreNotFound(client.request("network", { method: "DELETE", path: this.path(id) }));
  }

  /** Every page of the list. */
  list(client: OpenStackClient, query: Record<string, QueryValue> = {}): Promise<T[]> {
    return allPages<T>(
      this.plural,
      () => client.request("network", { path: this.path(), query }),
      (link) => client.request("network", { path: link }),
    );
  }

  /** Replaces the resource's tags (PUT /tags), Neutron's way of setting them all at once. */
  async setTags(client: OpenStackClient, id: string, tags: string[]): Promise<void> {
    await client.request("network", { method: "PUT", path: `${this.path(id)}/tags`, body: { tags } });
  }
}
