// What the real engine does with what a dynamic provider returns (docs/engine.md): an error message of
// a megabyte fails that resource at once, is shown whole, and the provider host keeps answering for the
// resources registered after it.
import { join } from "node:path";
import { expect } from "chai";
import { findTestCloud, issueToken, type TestCloud } from "../support/cloud";
import { CliError, CliProgram } from "../support/pulumi-cli";
import { Rest } from "../support/rest";
import { describeWithEngine } from "./support";

const PROGRAM = join(__dirname, "programs", "facts");

describeWithEngine("engine facts with the pulumi CLI", "member", (use) => {
  const stack = `it-facts-${process.pid}`;
  let program: CliProgram | undefined;

  before(async function () {
    this.timeout(60_000);
    program = await CliProgram.open({ programDir: PROGRAM, stack, cloud: use() });
  });

  after(async function () {
    this.timeout(120_000);
    if (program) {
      await program.destroy().catch((e: unknown) => console.warn(`  facts: destroy failed: ${String(e)}`));
      program.close();
    }
  });

  it("a 1 MiB error message fails its resource at once; the host still creates what comes after", async function () {
    this.timeout(120_000);
    const bytes = 1024 * 1024;
    const started = Date.now();
    const failed = await program!.up({ errorBytes: String(bytes) }, ["--continue-on-error"]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).to.be.instanceOf(CliError);
    expect(Date.now() - started).to.be.below(60_000);
    const { stdout } = (failed as CliError).result;
    // shown whole: the engine does not cut messages (the provider must keep its own short)
    expect(stdout).to.include(`long message: ${"x".repeat(bytes)}`);
    const second = program!.state.find((r) => r.name === "second");
    expect(second?.id, "the resource registered after the failure").to.match(/^[0-9a-f-]{36}$/);
    const admin = findTestCloud("admin") as TestCloud;
    const { token, body } = await issueToken(admin);
    const rest = new Rest(token, body.token.catalog, admin.region);
    const { network } = await rest.expect<{ network: { description: string } }>(
      200,
      "GET",
      `${rest.endpoint("network")}/v2.0/networks/${second!.id}`,
    );
    expect(network.description).to.match(/^after /);
  });
});
