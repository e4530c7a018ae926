// npm run bench:resources [-- N]: through the real provider host against the cloud, create and then
// delete N key pairs, N networks and N servers (networks "none"), 16 operations at a time as a Pulumi
// engine would run them; then the same operations as bare REST calls with one token (the baseline).
// Last line: JSON with the wall seconds of each phase, HTTP requests per resource, authentications and
// the provider/baseline ratio.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "../tests/support/build";
import { findTestCloud, issueToken, PROJECT_DIR, type TestCloud } from "../tests/support/cloud";
import {
  ResourceDriver,
  ResourceInitFailedError,
  type ResourceState,
  serializeProvider,
  startProviderHost,
} from "../tests/support/provider-host";
import { Rest, waitFor } from "../tests/support/rest";
import { percentile, pool, serverRefs, sweep } from "./support";
import { providerFor } from "../provider/resources/framework/program/resource-class";

const N = Number(process.argv[2] ?? 10);
const PARALLEL = 16;
const tag = `bench-${process.pid}`;

async function timed<T>(phases: Record<string, number>, name: string, work: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  phases[name] = Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2));
  console.log(`${name}: ${phases[name]} s`);
  return result;
}

const SPECS = {
  KeyPair: (i: number) => ({ name: `${tag}-key-${i}` }),
  Network: (i: number) => ({ name: `${tag}-net-${i}` }),
  Server: (i: number) => ({ name: `${tag}-srv-${i}`, flavor: "m1.nano", image: "cirros", networks: "none" }),
} as const;

async function throughProvider(cloud: TestCloud, phases: Record<string, number>) {
  const debugLog = join(tmpdir(), `bench-resources-${process.pid}.log`);
  const host = await startProviderHost({
    cwd: PROJECT_DIR,
    env: { OS_CLIENT_CONFIG_FILE: cloud.file, OS_CLOUD: "", OPENSTACK_DEBUG: debugLog },
  });
  // a create waits as long as the cloud needs: the harness's per-call limit would abort a busy run
  host.rpcTimeoutMs = 30 * 60_000;
  try {
    await host.configure({ "openstack:cloud": cloud.name });
    const requests: Record<string, number> = {};
    // ms from Nova marking a server ACTIVE (its `updated` time) to the provider returning it
    const activeDelays: number[] = [];
    for (const [kind, spec] of Object.entries(SPECS)) {
      const driver = new ResourceDriver(host, await serializeProvider(providerFor(kind)));
      const before = countRequests(debugLog);
      // whatever was made is deleted, also when a create fails (a partial create still has an id)
      const made: ResourceState[] = [];
      try {
        await timed(phases, `provider.create.${kind}`, () =>
          pool(N, PARALLEL, async (i) => {
            try {
              const state = await driver.up(`${kind}-${i}`, spec(i));
              const returned = Date.now();
              made.push(state);
              const updated = Date.parse(
                typeof state.outs.updatedAt === "string" ? state.outs.updatedAt : "",
              );
              if (kind === "Server" && !Number.isNaN(updated)) activeDelays.push(returned - updated);
            } catch (error) {
              if (error instanceof ResourceInitFailedError) made.push(error.state);
              throw error;
            }
          }),
        );
      } finally {
        await timed(phases, `provider.delete.${kind}`, () =>
          pool(made.length, PARALLEL, (i) => driver.destroy(`${kind}-${i}`, made[i]!)),
        );
      }
      requests[kind] = Number(((countRequests(debugLog) - before) / N).toFixed(1));
    }
    const log = readFileSync(debugLog, "utf8");
    return {
      requests,
      activeDelayMs: { median: percentile(activeDelays, 50), p95: percentile(activeDelays, 95) },
      authentications: log.split("\n").filter((l) => /--> POST \S+\/auth\/tokens/.test(l)).length,
    };
  } finally {
    await host.stop();
    if (!process.env.BENCH_KEEP_LOG) rmSync(debugLog, { force: true });
  }
}

function countRequests(file: string): number {
  try {
    return readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("[openstack] --> ")).length;
  } catch {
    return 0;
  }
}

/** The same work as bare REST calls with one token: what the provider's overhead is measured against. */
async function baseline(cloud: TestCloud, phases: Record<string, number>) {
  const { token, body } = await issueToken(cloud);
  const rest = new Rest(token, body.token.catalog, cloud.region);
  const nova = rest.endpoint("compute");
  const neutron = `${rest.endpoint("network")}/v2.0`;
  const { flavorRef, imageRef } = await serverRefs(rest);
  const { generateEd25519 } = await import("../provider/resources/keypair/ssh-keys");

  await timed(phases, "baseline.create.KeyPair", () =>
    pool(N, PARALLEL, (i) =>
      rest.expect([200, 201], "POST", `${nova}/os-keypairs`, {
        keypair: { name: `${tag}-bk-${i}`, public_key: generateEd25519("b").publicKey },
      }),
    ),
  );
  await timed(phases, "baseline.delete.KeyPair", () =>
    pool(N, PARALLEL, (i) => rest.expect([202, 204], "DELETE", `${nova}/os-keypairs/${tag}-bk-${i}`)),
  );
  const nets = await timed(phases, "baseline.create.Network", () =>
    pool(N, PARALLEL, (i) =>
      rest.expect<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
        network: { name: `${tag}-bn-${i}` },
      }),
    ),
  );
  await timed(phases, "baseline.delete.Network", () =>
    pool(N, PARALLEL, (i) => rest.expect(204, "DELETE", `${neutron}/networks/${nets[i]!.network.id}`)),
  );
  const servers = await timed(phases, "baseline.create.Server", () =>
    pool(N, PARALLEL, async (i) => {
      const { server } = await rest.expect<{ server: { id: string } }>(
        202,
        "POST",
        `${nova}/servers`,
        {
          server: { name: `${tag}-bs-${i}`, flavorRef, imageRef, networks: "none" },
        },
        { "openstack-api-version": "compute 2.79" },
      );
      await waitFor("ACTIVE", 300_000, async () => {
        const s = await rest.expect<{ server: { status: string } }>(
          200,
          "GET",
          `${nova}/servers/${server.id}`,
        );
        if (s.server.status === "ERROR") throw new Error("server went to ERROR");
        return s.server.status === "ACTIVE" ? true : undefined;
      });
      return server.id;
    }),
  );
  await timed(phases, "baseline.delete.Server", () =>
    pool(N, PARALLEL, async (i) => {
      await rest.expect(204, "DELETE", `${nova}/servers/${servers[i]!}`);
      await waitFor("404", 300_000, async () =>
        (await rest.call("GET", `${nova}/servers/${servers[i]!}`)).status === 404 ? true : undefined,
      );
    }),
  );
}

async function main(): Promise<void> {
  const cloud = findTestCloud("admin");
  if ("missing" in cloud) throw new Error(cloud.missing);
  ensureBuilt();
  const phases: Record<string, number> = {};
  let provider: Awaited<ReturnType<typeof throughProvider>>;
  try {
    provider = await throughProvider(cloud, phases);
    await baseline(cloud, phases);
  } finally {
    // whatever a failed phase left, by the names this run gave
    const { token, body } = await issueToken(cloud);
    const left = await sweep(new Rest(token, body.token.catalog, cloud.region), tag);
    if (left > 0) console.log(`swept ${left} objects a failed phase left`);
  }
  const sum = (prefix: string) =>
    Object.entries(phases)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((a, [, v]) => a + v, 0);
  console.log(
    JSON.stringify({
      benchmark: "resources",
      perKind: N,
      parallel: PARALLEL,
      phasesSeconds: phases,
      httpRequestsPerResource: provider.requests,
      serverActiveToReturnMs: provider.activeDelayMs,
      authentications: provider.authentications,
      providerSeconds: Number(sum("provider.").toFixed(2)),
      baselineSeconds: Number(sum("baseline.").toFixed(2)),
      overheadRatio: Number((sum("provider.") / sum("baseline.")).toFixed(3)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
