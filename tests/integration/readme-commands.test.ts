// The README read as a newcomer would: every npm command it gives exists, and each is run — by .ci/run,
// by a test (named below), or here. A command added to the README without a way to run it fails this.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { describeWithCloud, PROJECT_DIR } from "../support/cloud";
import { describeWithEngine } from "../engine/support";

const run = promisify(execFile);
const readme = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");
const ciScript = readFileSync(join(PROJECT_DIR, ".ci", "run"), "utf8");
const scripts = (
  JSON.parse(readFileSync(join(PROJECT_DIR, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** Commands run elsewhere, and where. */
const RUN_ELSEWHERE: Record<string, string> = {
  "npm ci": ".ci/run",
  "npm test": ".ci/run",
  "npm run lint": ".ci/run",
  "npm run typecheck": ".ci/run",
  "npm run build": ".ci/run",
  "npm run cloud:up": ".ci/run",
  "npm run cloud:down": ".ci/run",
  "npm run tools:pulumi": ".ci/run",
  "npm run demo": "tests/integration/program/demo.test.ts and demo-cli.test.ts",
  "npm run demo:destroy": "tests/integration/program/demo.test.ts and demo-cli.test.ts",
  // the two subsets of npm test
  "npm run test:unit": "npm test (tests/unit)",
  "npm run test:integration": "npm test (tests/integration)",
  "npm run test:engine": "npm test (tests/engine)",
  // its check is tests/unit/resources/readme-reference.test.ts (the same function, without writing)
  "npm run docs:resources": "tests/unit/resources/readme-reference.test.ts",
};
/** Commands this file runs itself (cheap forms). */
const RUN_HERE = [
  "npm run cloud:verify",
  "npm run bench:client",
  "npm run bench:resources",
  "npm run bench:stack",
];

function readmeCommands(): string[] {
  const found = readme.match(/npm (?:run [a-z:-]+|ci|test)\b/g) ?? [];
  return [...new Set(found)].sort();
}

describe("README commands", () => {
  it("name npm scripts that exist", () => {
    for (const command of readmeCommands()) {
      const script = command.startsWith("npm run ") ? command.slice("npm run ".length) : undefined;
      if (script) expect(scripts, `${command} (README)`).to.have.property(script);
    }
  });

  it("are each run by .ci/run, a named test, or this file", () => {
    for (const command of readmeCommands()) {
      const where = RUN_ELSEWHERE[command];
      expect(where !== undefined || RUN_HERE.includes(command), `${command} is not run anywhere`).to.equal(
        true,
      );
      if (where === ".ci/run") {
        const silent = command.replace("npm run ", "npm run --silent ");
        expect(ciScript.includes(command) || ciScript.includes(silent), `${command} in .ci/run`).to.equal(
          true,
        );
      }
    }
  });
});

describeWithCloud("README commands against the cloud", "admin", () => {
  const npm = (args: string[], timeout: number) =>
    run("npm", args, { cwd: PROJECT_DIR, timeout, env: { ...process.env, OPENSTACK_REQUIRE_CLOUD: "1" } });

  it("npm run cloud:verify passes", async function () {
    this.timeout(180_000);
    const { stdout } = await npm(["run", "-s", "cloud:verify"], 170_000);
    expect(stdout)
      .to.match(/\d+ passing/)
      .and.not.match(/failing/);
  });

  it("npm run bench:client ends with its JSON line", async function () {
    this.timeout(120_000);
    const { stdout } = await npm(["run", "-s", "bench:client", "--", "20"], 110_000);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, number>;
    expect(result).to.include({ benchmark: "client", getsPerRound: 20 });
    expect(result.authCalls).to.equal(
      result.rounds,
      "one authentication per round (the cache is cleared between)",
    );
    expect(result.overheadRatio).to.be.greaterThan(0);
  });

  it("npm run bench:resources ends with its JSON line", async function () {
    this.timeout(300_000);
    const { stdout } = await npm(["run", "-s", "bench:resources", "--", "2"], 290_000);
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(result).to.include({ benchmark: "resources", perKind: 2, authentications: 1 });
    expect(result.httpRequestsPerResource).to.have.keys(["KeyPair", "Network", "Server"]);
  });
});

describeWithEngine("README commands with the Pulumi CLI", "member", () => {
  it("npm run bench:stack ends with its JSON line", async function () {
    this.timeout(300_000);
    const { stdout } = await run("npm", ["run", "-s", "bench:stack", "--", "1"], {
      cwd: PROJECT_DIR,
      timeout: 290_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(result).to.include({ benchmark: "stack", resources: 4 });
    // one authentication per CLI command: the token is shared by every resource of the run
    expect(result.keystoneAuthentications).to.deep.equal({ up: 1, destroy: 1 });
    expect(result.ratio).to.be.greaterThan(0);
  });
});
