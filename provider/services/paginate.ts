// Every list follows the service's next links until the last page: Glance pages at 25 images by
// default, Nova and Neutron at their configured maximum. Glance gives `next` (a path below its root),
// Nova and Neutron `<key>_links` with rel "next" (an absolute URL); the link already holds the query.
import type { HttpResponse } from "../session/http";

type Page = Record<string, unknown>;

/** A link loop (a broken proxy rewriting markers) must not run forever. */
const MAX_PAGES = 1000;

/**
 * All items under `key`, the first page fetched with `first` and each next one with `next(link)`.
 * A link seen before ends the walk.
 */
export async function allPages<T>(
  key: string,
  first: () => Promise<HttpResponse<unknown>>,
  next: (link: string) => Promise<HttpResponse<unknown>>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let response = await first();
  for (let page = 1; ; page++) {
    const data = (response.data ?? {}) as Page;
    const list = data[key];
    if (Array.isArray(list)) items.push(...(list as T[]));
    const link = nextLink(data, key);
    if (!link || seen.has(link) || page >= MAX_PAGES || !Array.isArray(list) || list.length === 0) {
      return items;
    }
    seen.add(link);
    response = await next(link);
  }
}

function nextLink(data: Page, key: string): string | undefined {
  if (typeof data.next === "string" && data.next !== "") return data.next;
  const links = data[`${key}_links`];
  if (!Array.isArray(links)) return undefined;
  const link = links.find(
    (l): l is { href: string } =>
      l !== null &&
      typeof l === "object" &&
      (l as Page).rel === "next" &&
      typeof (l as Page).href === "string",
  );
  return link?.href;
}
