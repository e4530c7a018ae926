// What the benchmark scripts share: a pool that runs tasks N at a time, as the engine's --parallel does,
// and the ids the bare-REST baselines boot servers from.
import type { Rest } from "../tests/support/rest";

/** Runs task(0 … count-1), `parallel` at a time; results in order. */
export async function pool<T>(
  count: number,
  parallel: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
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
