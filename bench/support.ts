// What the benchmark scripts share: a pool that runs tasks N at a time, as the engine's --parallel does,
// the ids the bare-REST baselines boot servers from, percentiles, and a sweep of what a failed run left.
import type { Rest } from "../tests/support/rest";

/**
 * Runs task(0 … count-1), `parallel` at a time; results in order. A failed task does not stop the
 * others: every task runs to its end (so what they made can be cleaned up), then the first error is thrown.
 */
export async function pool<T>(
  count: number,
  parallel: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  const errors: unknown[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        try {
          results[i] = await task(i);
        } catch (error) {
          errors.push(error);
        }
      }
    }),
  );
  if (errors.length > 0) throw errors[0];
  return results;
}

/** The flavor (m1.nano) and image (cirros) ids a baseline's servers are created with. */
export async function serverRefs(rest: Rest): Promise<{ flavorRef: string; imageRef: string }> {
  const { flavors } = await rest.expect<{ flavors: Array<{ id: string; name: string }> }>(
    200,
    "GET",
    `${rest.endpoint("compute")}/flavors`,
  );
  const { images } = await rest.expect<{ images: Array<{ id: string }> }>(
    200,
    "GET",
    `${rest.endpoint("image")}/v2/images?name=cirros`,
  );
  return { flavorRef: flavors.find((f) => f.name === "m1.nano")!.id, imageRef: images[0]!.id };
}

/** The p-th percentile (0–100) of the values, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Deletes the project's servers, networks and key pairs named with `prefix` (what a failed run left): a
 * benchmark leaves nothing behind, whatever phase failed. Returns how many it found.
 */
export async function sweep(rest: Rest, prefix: string): Promise<number> {
  const nova = rest.endpoint("compute");
  const neutron = `${rest.endpoint("network")}/v2.0`;
  const named = <T extends { name?: string }>(items: T[] | undefined) =>
    (items ?? []).filter((i) => i.name?.startsWith(prefix));
  type Named = Array<{ id: string; name: string }>;
  const servers = named((await rest.call<{ servers?: Named }>("GET", `${nova}/servers`)).body.servers);
  for (const s of servers) await rest.call("DELETE", `${nova}/servers/${s.id}`);
  const deadline = Date.now() + 300_000;
  for (const s of servers) {
    while (Date.now() < deadline && (await rest.call("GET", `${nova}/servers/${s.id}`)).status !== 404) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  const networks = named((await rest.call<{ networks?: Named }>("GET", `${neutron}/networks`)).body.networks);
  for (const n of networks) await rest.call("DELETE", `${neutron}/networks/${n.id}`);
  type KeyPairs = { keypairs?: Array<{ keypair: { name: string } }> };
  const keys = ((await rest.call<KeyPairs>("GET", `${nova}/os-keypairs`)).body.keypairs ?? [])
    .map((k) => k.keypair)
    .filter((k) => k.name.startsWith(prefix));
  for (const k of keys) await rest.call("DELETE", `${nova}/os-keypairs/${encodeURIComponent(k.name)}`);
  return servers.length + networks.length + keys.length;
}
