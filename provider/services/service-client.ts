// One service's API as the resources see it: which catalog entry, which version root below the
// endpoint and which microversion, each said once, and the five calls every OpenStack collection
// answers the same way (an object wrapped in its singular name, lists paged, 404 meaning "gone").
// Every service module reaches its API through one of these, so no path repeats a version prefix.
import type { OpenStackClient, ServiceRequest } from "../client/client";
import type { HttpResponse, QueryValue } from "../session/http";
import { orUndefined } from "./not-found";
import { allPages } from "./paginate";

export interface ServiceClientSpec {
  /** The catalog's service type: "compute", "network", "image", "block-storage". */
  type: string;
  /**
   * The version root below the catalog endpoint ("/v2.0" for Neutron, "/v2" for Glance); empty when
   * the endpoint already ends in its version (Nova's /v2.1, Cinder's /v3/{project}).
   */
  prefix?: string;
  /** The highest microversion the resources are written for; the server's maximum when lower. */
  microversion?: string;
}

/** Options a call may add to the request it sends (noRetry for a create that must not repeat...). */
export type CallOptions = Omit<ServiceRequest, "path" | "body" | "method"> & {
  /** Sees the raw answer (its headers: Nova's clock); for a list, the first page's. */
  onResponse?: (response: HttpResponse<unknown>) => void;
};

export class ServiceClient {
  readonly type: string;
  readonly prefix: string;
  readonly microversion?: string;

  constructor(spec: ServiceClientSpec) {
    this.type = spec.type;
    this.prefix = spec.prefix ?? "";
    this.microversion = spec.microversion;
  }

  /** A path below the version root from its segments, each one URL-encoded ("servers", id, "action"). */
  path(...segments: string[]): string {
    return segments.map((s) => `/${encodeURIComponent(s)}`).join("");
  }

  /** Any call: the prefix goes before `path`, the microversion into the headers. */
  request<T = unknown>(
    client: OpenStackClient,
    { onResponse: _, ...request }: ServiceRequest & CallOptions,
  ): Promise<HttpResponse<T>> {
    return client.request<T>(this.type, {
      ...(this.microversion ? { microversion: this.microversion } : {}),
      ...request,
      path: `${this.prefix}${request.path}`,
    });
  }

  /** A link the service gave (a next page): absolute, or below the endpoint with its prefix already in. */
  follow(client: OpenStackClient, link: string): Promise<HttpResponse<unknown>> {
    return client.request(this.type, {
      ...(this.microversion ? { microversion: this.microversion } : {}),
      path: link,
    });
  }

  /** One object, unwrapped from `key` (none: the answer is the object); undefined on 404. */
  async get<T>(
    client: OpenStackClient,
    path: string,
    key?: string,
    options: CallOptions = {},
  ): Promise<T | undefined> {
    const res = await orUndefined(this.request<Record<string, T>>(client, { ...options, path }));
    if (!res) return undefined;
    options.onResponse?.(res);
    return key === undefined ? (res.data as T) : res.data[key];
  }

  /** POST `body` wrapped in `key` (none: sent as it is); the created object, unwrapped. */
  create<T>(
    client: OpenStackClient,
    path: string,
    key: string | undefined,
    body: unknown,
    options: CallOptions = {},
  ): Promise<T> {
    return this.send<T>(client, "POST", path, key, body, options);
  }

  /** PUT `body` wrapped in `key`; the answer unwrapped (undefined when the service sends none). */
  update<T>(
    client: OpenStackClient,
    path: string,
    key: string | undefined,
    body: unknown,
    options: CallOptions = {},
  ): Promise<T> {
    return this.send<T>(client, "PUT", path, key, body, options);
  }

  private async send<T>(
    client: OpenStackClient,
    method: "POST" | "PUT",
    path: string,
    key: string | undefined,
    body: unknown,
    options: CallOptions,
  ): Promise<T> {
    const res = await this.request<Record<string, T>>(client, {
      ...options,
      method,
      path,
      body: key === undefined ? body : { [key]: body },
    });
    return key === undefined ? (res.data as T) : (res.data?.[key] as T);
  }

  /** Deletes; an object already gone counts as deleted. True when this call deleted it. */
  async delete(client: OpenStackClient, path: string, options: CallOptions = {}): Promise<boolean> {
    return (await orUndefined(this.request(client, { ...options, method: "DELETE", path }))) !== undefined;
  }

  /** Every item of every page under `key`, following the service's next links. */
  list<T>(
    client: OpenStackClient,
    path: string,
    key: string,
    query: Record<string, QueryValue> = {},
    options: CallOptions = {},
  ): Promise<T[]> {
    return allPages<T>(
      key,
      async () => {
        const first = await this.request(client, { ...options, path, query });
        options.onResponse?.(first);
        return first;
      },
      (link) => this.follow(client, link),
    );
  }
}
