// npm run bench:client [-- N]: N authenticated GETs (8 at a time) through OpenStackClient against plain
// axios with a fixed token and keep-alive, in alternating rounds of one run. The client's rounds start
// with an empty token cache, so each includes its authentication. Last line: JSON with the figures.
import http from "node:http";
import axios from "axios";
import { OpenStackClient } from "../provider/client/client";
import { authenticationCount, clearTokenCache } from "../provider/client/token-cache";
import { benchCloudOptions, median } from "./cloud";

const N = Number(process.argv[2] ?? 200);
const ROUNDS = 5;
const CONCURRENCY = 8;

async function inBatches(total: number, one: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next++;
        await one();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  const options = benchCloudOptions();
  const probe = new OpenStackClient(options);
  const { token } = await probe.authenticate();
  const url = `${await probe.endpoint({ serviceType: "compute" })}/flavors`;
  const plain = axios.create({
    httpAgent: new http.Agent({ keepAlive: true }),
    headers: { "X-Auth-Token": token },
  });

  const baseline: number[] = [];
  const client: number[] = [];
  let authCalls = 0;
  let requests = 0;
  await plain.get(url); // warm both paths' connections
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(await inBatches(N, () => plain.get(url)));
    clearTokenCache();
    const c = new OpenStackClient(options);
    const authBefore = authenticationCount();
    client.push(await inBatches(N, () => c.request("compute", { path: "/flavors" })));
    authCalls += authenticationCount() - authBefore;
    requests += c.session.requestCount;
    console.log(
      `round ${round + 1}: axios ${baseline.at(-1)!.toFixed(0)} ms, client ${client.at(-1)!.toFixed(0)} ms`,
    );
  }
  const result = {
    benchmark: "client",
    getsPerRound: N,
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    baselineMedianMs: Math.round(median(baseline)),
    clientMedianMs: Math.round(median(client)),
    authCalls,
    requests,
    overheadRatio: Number((median(client) / median(baseline)).toFixed(3)),
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
