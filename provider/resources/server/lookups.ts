// Names to ids for what a server refers to (flavor, image, networks, security groups), and back, so
// that users may write either and the state keeps the form they wrote. Each lookup names the input and
// lists what exists when nothing matches.
import type { OpenStackClient } from "../../client/client";
import { ConfigError } from "../../errors";
import { listFlavors, type NovaFlavor } from "../../services/compute";
import { getImage, listImages } from "../../services/image";
import { findNetwork, type NeutronNetwork } from "../../services/network";
import { securityGroups } from "../../services/network";

// Flavors rarely change: one list per client serves every server of a run for a minute. A flavor not
// in the cached list (created since) makes the next lookup list again.
const FLAVOR_CACHE_MS = 60_000;
const flavorLists = new WeakMap<OpenStackClient, { at: number; flavors: Promise<NovaFlavor[]> }>();

export async function flavors(client: OpenStackClient, fresh = false): Promise<NovaFlavor[]> {
  const cached = flavorLists.get(client);
  if (!fresh && cached && Date.now() - cached.at < FLAVOR_CACHE_MS) return cached.flavors;
  const listed = listFlavors(client);
  flavorLists.set(client, { at: Date.now(), flavors: listed });
  listed.catch(() => flavorLists.delete(client));
  return listed;
}

/** The flavor with this id or name, from the cached list or else a fresh one. */
export async function findFlavor(
  client: OpenStackClient,
  match: (f: NovaFlavor) => boolean,
): Promise<NovaFlavor | undefined> {
  return (await flavors(client)).find(match) ?? (await flavors(client, true)).find(match);
}

export async function resolveFlavor(client: OpenStackClient, idOrName: string): Promise<NovaFlavor> {
  // an id first, then a name, in the cached list before a fresh one: a name must not force a new list
  const pick = (all: NovaFlavor[]) =>
    all.find((f) => f.id === idOrName) ?? all.find((f) => f.name === idOrName);
  const match = pick(await flavors(client)) ?? pick(await flavors(client, true));
  if (!match) {
    const all = await flavors(client);
    throw new ConfigError(
      `flavor "${idOrName}" does not exist: use one of ${all.map((f) => `${f.name} (${f.id})`).join(", ")}`,
    );
  }
  return match;
}

// Image names resolved in the last minute, per client: every server of a run booted from "cirros" asks
// Glance once, and the state form of its image needs no second look.
const IMAGE_NAME_CACHE_MS = 60_000;
const imageNames = new WeakMap<OpenStackClient, Map<string, { id: string; at: number }>>();

function cachedImageId(client: OpenStackClient, name: string): string | undefined {
  const hit = imageNames.get(client)?.get(name);
  return hit && Date.now() - hit.at < IMAGE_NAME_CACHE_MS ? hit.id : undefined;
}

export async function resolveImageId(client: OpenStackClient, idOrName: string): Promise<string> {
  const cached = cachedImageId(client, idOrName);
  if (cached) return cached;
  const byId = /^[0-9a-f-]{36}$/i.test(idOrName) ? await getImage(client, idOrName) : undefined;
  if (byId) return byId.id;
  const byName = await listImages(client, { name: idOrName });
  if (byName.length === 1) {
    if (!imageNames.has(client)) imageNames.set(client, new Map());
    imageNames.get(client)!.set(idOrName, { id: byName[0]!.id, at: Date.now() });
    return byName[0]!.id;
  }
  if (byName.length > 1)
    throw new ConfigError(`image "${idOrName}" matches ${byName.length} images: use its id`);
  throw new ConfigError(`image "${idOrName}" does not exist (neither an image id nor the name of one)`);
}

/** The image's name when the state held a name, its id otherwise. */
export async function imageInStateForm(
  client: OpenStackClient,
  liveId: string,
  stateValue: unknown,
): Promise<string> {
  if (typeof stateValue !== "string" || stateValue === liveId) return liveId;
  if (cachedImageId(client, stateValue) === liveId) return stateValue;
  const image = await getImage(client, liveId);
  return image?.name === stateValue ? stateValue : liveId;
}

export async function resolveNetwork(
  client: OpenStackClient,
  idOrName: string,
  field: string,
): Promise<NeutronNetwork> {
  const network = await findNetwork(client, idOrName);
  if (!network)
    throw new ConfigError(`${field}: network "${idOrName}" does not exist (neither an id nor a name)`);
  return network;
}

export async function resolveSecurityGroups(
  client: OpenStackClient,
  idsOrNames: string[],
): Promise<Map<string, string>> {
  const groups = await securityGroups.list(client);
  // an admin sees every project's groups (each project has a "default"): names mean this project's
  const project = (await client.authenticate()).project?.id;
  const ids = new Map<string, string>();
  for (const wanted of idsOrNames) {
    const byId = groups.filter((g) => g.id === wanted);
    const byName = groups.filter((g) => g.name === wanted);
    const own = byName.filter((g) => g.project_id === project);
    const matches = byId.length > 0 ? byId : own.length > 0 ? own : byName;
    if (matches.length === 0) {
      const names = [...new Set(groups.filter((g) => g.project_id === project).map((g) => g.name))];
      throw new ConfigError(`securityGroups: "${wanted}" does not exist; available: ${names.join(", ")}`);
    }
    if (matches.length > 1)
      throw new ConfigError(`securityGroups: "${wanted}" matches several groups: use its id`);
    ids.set(wanted, matches[0]!.id);
  }
  return ids;
}
