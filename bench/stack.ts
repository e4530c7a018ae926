// npm run bench:stack [-- COUNT]: a whole stack through the real Pulumi CLI against the cloud, beside the
// same work as bare REST calls. The program (tests/engine/programs/stack) declares COUNT key pairs,
// networks with a subnet each, and servers: 4 × COUNT resources (default COUNT 25: 100 resources).
//   cli     `pulumi up` and `pulumi destroy` with --parallel 16, timed; the provider's HTTP requests and
//           Keystone authentications counted in its OPENSTACK_DEBUG log
//   empty   the same commands on the same program with COUNT 0: the CLI's own cost (engine start,
//           language host, program run, plugin start, state writes), reported apart
//   baseline the same creates and deletes as bare REST with one token, 16 at a time, dependencies in order
// Last line: JSON with the seconds of each, the ratios (with and without the CLI's own cost), requests and
// authentications.
import { join } from "node:path";
import { generateEd25519 } from "../provider/resources/keypair/ssh-keys";
import { ensureBuilt } from "../tests/support/build";
import { findTestCloud, issueToken, PROJECT_DIR, type TestCloud } from "../tests/support/cloud";
import { CliProgram, findPulumiCli } from "../tests/support/pulumi-cli";
import { Rest, waitFor } from "../tests/support/rest";
import { pool, serverRefs } from "./support";

const COUNT = Number(process.argv[2] ?? 25);
const PARALLEL = 16;
const PROGRAM = join(PROJECT_DIR, "tests", "engine", "programs", "stack");
const tag = `bench-stack-${process.pid}`;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number((Number(process.hrtime.bigint() - started) / 1e9).toFixed(2));
}

/** `up` then `destroy` of the program with `count`, in a stack of its own; seconds and requests of each. */
async function throughCli(cloud: TestCloud, stack: string, count: number) {
  const program = await CliProgram.open({
    programDir: PROGRAM,
    stack,
    cloud,
    config: { count: String(count) },
  });
  const parallel = ["--parallel", String(PARALLEL)];
  try {
    const at0 = program.logOffset();
    const up = await seconds(() => program.up(undefined, parallel));
    const at1 = program.logOffset();
    const destroy = await seconds(() => program.destroy(parallel));
    const sinceUp = program.requestsSince(at0);
    const destroyList = program.requestsSince(at1);
    const upList = sinceUp.slice(0, sinceUp.length - destroyList.length);
    const auths = (list: string[]) => list.filter((r) => /^POST \S+\/auth\/tokens$/.test(r)).length;
    return {
      up,
      destroy,
      upRequests: upList.length,
      destroyRequests: destroyList.length,
      upAuthentications: auths(upList),
      destroyAuthentications: auths(destroyList),
    };
  } finally {
    // a failed run leaves the stack's objects: destroy once more, then drop the workspace
    if (program.state.length > 0) await program.destroy(parallel).catch(() => undefined);
    program.close();
  }
}

/** The same creates and deletes as bare REST with one token, 16 at a time; requests counted. */
async function baseline(cloud: TestCloud) {
  const { token, body } = await issueToken(cloud);
  const rest = new Rest(token, body.token.catalog, cloud.region);
  let requests = 0;
  const call = async <T>(expected: number | number[], method: string, url: string, payload?: unknown) => {
    requests++;
    return rest.expect<T>(expected, method, url, payload, { "openstack-api-version": "compute 2.79" });
  };
  const nova = rest.endpoint("compute");
  const neutron = `${rest.endpoint("network")}/v2.0`;
  const { flavorRef, imageRef } = await serverRefs(rest);
  const made = {
    keys: [] as string[],
    networks: [] as string[],
    subnets: [] as string[],
    servers: [] as string[],
  };

  const create = await seconds(() =>
    pool(COUNT * 3, PARALLEL, async (task) => {
      const i = Math.floor(task / 3);
      if (task % 3 === 0) {
        await call([200, 201], "POST", `${nova}/os-keypairs`, {
          keypair: { name: `${tag}-key-${i}`, public_key: generateEd25519("b").publicKey },
        });
        made.keys.push(`${tag}-key-${i}`);
      } else if (task % 3 === 1) {
        const { network } = await call<{ network: { id: string } }>(201, "POST", `${neutron}/networks`, {
          network: { name: `${tag}-net-${i}` },
        });
        made.networks.push(network.id);
        const { subnet } = await call<{ subnet: { id: string } }>(201, "POST", `${neutron}/subnets`, {
          subnet: { network_id: network.id, cidr: `10.91.${i}.0/24`, ip_version: 4 },
        });
        made.subnets.push(subnet.id);
      } else {
        const { server } = await call<{ server: { id: string } }>(202, "POST", `${nova}/servers`, {
          server: { name: `${tag}-server-${i}`, flavorRef, imageRef, networks: "none" },
        });
        made.servers.push(server.id);
        await waitFor("ACTIVE", 600_000, async () => {
          const s = await call<{ server: { status: string } }>(200, "GET", `${nova}/servers/${server.id}`);
          if (s.server.status === "ERROR") throw new Error(`server ${server.id} went to ERROR`);
          return s.server.status === "ACTIVE" ? true : undefined;
        });
      }
    }),
  );
  const createRequests = requests;
  const destroy = await seconds(async () => {
    await pool(made.servers.length + made.keys.length + made.subnets.length, PARALLEL, async (task) => {
      if (task < made.servers.length) {
        const id = made.servers[task]!;
        await call(204, "DELETE", `${nova}/servers/${id}`);
        await waitFor("404", 600_000, async () => {
          requests++;
          return (await rest.call("GET", `${nova}/servers/${id}`)).status === 404 ? true : undefined;
        });
      } else if (task < made.servers.length + made.keys.length) {
        await call([202, 204], "DELETE", `${nova}/os-keypairs/${made.keys[task - made.servers.length]!}`);
      } else {
        await call(
          204,
          "DELETE",
          `${neutron}/subnets/${made.subnets[task - made.servers.length - made.keys.length]!}`,
        );
      }
    });
    await pool(made.networks.length, PARALLEL, (i) =>
      call(204, "DELETE", `${neutron}/networks/${made.networks[i]!}`),
    );
  });
  return { create, destroy, createRequests, destroyRequests: requests - createRequests };
}

async function main(): Promise<void> {
  const cloud = findTestCloud("member");
  if ("missing" in cloud) throw new Error(cloud.missing);
  const cli = findPulumiCli();
  if ("missing" in cli) throw new Error(cli.missing);
  ensureBuilt();
  console.log(`${cli.version}: ${COUNT * 4} resources, --parallel ${PARALLEL}`);
  const empty = await throughCli(cloud, `${tag}-empty`, 0);
  console.log(`empty stack: up ${empty.up} s, destroy ${empty.destroy} s`);
  const full = await throughCli(cloud, `${tag}-full`, COUNT);
  console.log(`stack: up ${full.up} s, destroy ${full.destroy} s`);
  const base = await baseline(cloud);
  console.log(`baseline: create ${base.create} s, delete ${base.destroy} s`);
  const cliSeconds = full.up + full.destroy;
  const cliOwn = empty.up + empty.destroy;
  const baseSeconds = base.create + base.destroy;
  console.log(
    JSON.stringify({
      benchmark: "stack",
      cli: cli.version,
      resources: COUNT * 4,
      parallel: PARALLEL,
      seconds: { up: full.up, destroy: full.destroy, emptyUp: empty.up, emptyDestroy: empty.destroy },
      baselineSeconds: { create: base.create, delete: base.destroy },
      httpRequests: {
        up: full.upRequests,
        destroy: full.destroyRequests,
        baselineCreate: base.createRequests,
        baselineDelete: base.destroyRequests,
      },
      keystoneAuthentications: { up: full.upAuthentications, destroy: full.destroyAuthentications },
      cliOwnSeconds: Number(cliOwn.toFixed(2)),
      ratio: Number((cliSeconds / baseSeconds).toFixed(3)),
      ratioWithoutCliOwn: Number(((cliSeconds - cliOwn) / baseSeconds).toFixed(3)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
