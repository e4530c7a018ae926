// A `pulumi up` killed (with its language host and provider host) while a server is being created, then
// `pulumi cancel` and `pulumi up` again: the engine has forgotten the pending creates, and the provider
// finds what the killed run made by its creation tag instead of making a second copy. Counted in the
// cloud over plain REST; destroy leaves nothing.
import { join } from "node:path";
import { expect } from "chai";
import { findTestCloud, issueToken, type TestCloud } from "../support/cloud";
import { CliProgram } from "../support/pulumi-cli";
import { Rest, waitFor } from "../support/rest";
import { describeWithEngine } from "./support";

const PROGRAM = join(__dirname, "programs", "stack");

describeWithEngine("an interrupted pulumi up", "member", (use) => {
  const stack = `it-killed-${process.pid}`;
  const prefix = `engine-stack-${stack}`;
  let program: CliProgram | undefined;
  let rest: Rest;
  const named = async (path: string, key: string) => {
    const res = await rest.call<Record<string, Array<{ id: string; name: string; status?: string }>>>(
      "GET",
      path,
    );
    return (res.body[key] ?? []).filter((o) => o.name.startsWith(prefix));
  };
  const servers = () => named(`${rest.endpoint("compute")}/servers/detail`, "servers");
  const networks = () => named(`${rest.endpoint("network")}/v2.0/networks`, "networks");
  // the program's subnets keep their resource name: they are found by their network
  const subnets = async () => {
    const ours = new Set((await networks()).map((n) => n.id));
    const res = await rest.call<{ subnets?: Array<{ id: string; network_id: string }> }>(
      "GET",
      `${rest.endpoint("network")}/v2.0/subnets`,
    );
    return (res.body.subnets ?? []).filter((s) => ours.has(s.network_id));
  };

  before(async function () {
    this.timeout(60_000);
    const cloud = findTestCloud("member") as TestCloud;
    const { token, body } = await issueToken(cloud);
    rest = new Rest(token, body.token.catalog, cloud.region);
    program = await CliProgram.open({ programDir: PROGRAM, stack, cloud: use(), config: { count: "1" } });
  });

  after(async function () {
    this.timeout(300_000);
    if (!rest) return; // skipped: no cloud or no CLI
    if (program) {
      await program.run(["cancel", "--yes"], { allowFailure: true });
      await program
        .destroy()
        .catch((e: unknown) => console.warn(`  interrupted: destroy failed: ${String(e)}`));
      program.close();
    }
    for (const s of await servers().catch(() => []))
      await rest.call("DELETE", `${rest.endpoint("compute")}/servers/${s.id}`);
  });

  it("killed while Nova builds the server, the next up adopts what it made: one of each", async function () {
    this.timeout(300_000);
    let group: number | undefined;
    const killed = program!.run(["up", "--yes", "--skip-preview"], {
      allowFailure: true,
      ownProcessGroup: true,
      onSpawn: (pid) => (group = pid),
    });
    // the moment Nova has the server: the create's answer is not recorded anywhere yet
    await waitFor("the server to exist in Nova", 120_000, async () =>
      (await servers()).length > 0 ? true : undefined,
    );
    process.kill(-group!, "SIGKILL");
    const first = await killed;
    expect(first.code, "the first up was killed, not finished").to.not.equal(0);
    expect(first.stdout).to.not.match(/Resources:\n/);

    await program!.run(["cancel", "--yes"]);
    // whether the engine had recorded the pending create when it was killed depends on timing; what
    // must hold either way is one object of each kind, the one the state tracks
    await program!.up();
    const made = await servers();
    expect(made, "exactly one server").to.have.length(1);
    expect(await networks(), "exactly one network").to.have.length(1);
    expect(await subnets(), "exactly one subnet").to.have.length(1);
    expect(program!.state.find((r) => r.name === "server-0")?.id).to.equal(made[0]!.id);
    expect(program!.state.find((r) => r.name === "net-0")?.id).to.equal((await networks())[0]!.id);
  });

  it("destroy leaves none of them", async function () {
    this.timeout(300_000);
    const serverId = program!.state.find((r) => r.name === "server-0")!.id;
    await program!.destroy();
    await waitFor("the server to be gone", 60_000, async () =>
      (await rest.call("GET", `${rest.endpoint("compute")}/servers/${serverId}`)).status === 404
        ? true
        : undefined,
    );
    expect(await subnets()).to.deep.equal([]);
    expect(await networks()).to.deep.equal([]);
  });
});
