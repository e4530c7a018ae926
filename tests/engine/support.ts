// Shared by the engine tier: suites that need both a cloud and the real Pulumi CLI, the examples installed
// as a user installs them, and the checks every program goes through with the real engine.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { ensureBuilt } from "../support/build";
import { describeWithCloud, PROJECT_DIR, type TestCloud } from "../support/cloud";
import {
  findPulumiCli,
  type CliProgram,
  type CliResult,
  type PulumiCli,
  type StackResource,
} from "../support/pulumi-cli";

/** PULUMI_REQUIRE_CLI=1 (set by .ci/run): a missing CLI fails the tier instead of skipping it. */
export function cliRequired(): boolean {
  return process.env.PULUMI_REQUIRE_CLI === "1";
}

/**
 * A suite that runs programs with the real CLI against a cloud. Without a CLI it is skipped with one loud
 * line (a failure under PULUMI_REQUIRE_CLI=1); without a cloud, as every integration suite is.
 */
export function describeWithEngine(
  title: string,
  role: "admin" | "member",
  body: (use: () => TestCloud, cli: () => PulumiCli) => void,
): void {
  describeWithCloud(title, role, (use) => {
    let cli: PulumiCli | undefined;
    before(function () {
      const found = findPulumiCli();
      if ("missing" in found) {
        if (cliRequired()) throw new Error(`PULUMI_REQUIRE_CLI=1 but ${found.missing}`);
        console.warn(`\n  !!! SKIPPING "${title}": ${found.missing}\n`);
        this.skip();
      }
      cli = found;
      ensureBuilt();
    });
    body(use, () => cli!);
  });
}

export function exampleDir(name: string): string {
  return join(PROJECT_DIR, "examples", name);
}

const installed = new Set<string>();

/**
 * `npm install` in an example, as its README tells a user: the package comes from this checkout
 * (`file:../..`, copied, not linked: the example's .npmrc sets install-links), built first. The copy is
 * made again on each test run so it is never stale.
 */
export function installExample(dir: string): void {
  if (installed.has(dir)) return;
  ensureBuilt();
  rmSync(join(dir, "node_modules", "pulumi-openstack-dynamic"), { recursive: true, force: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 300_000,
  });
  if (!existsSync(join(dir, "node_modules", "pulumi-openstack-dynamic", "dist", "index.js"))) {
    throw new Error(`npm install in ${dir} did not install pulumi-openstack-dynamic`);
  }
  installed.add(dir);
}

const MUTATING = /^(POST|PUT|PATCH|DELETE) /;
const AUTH = /^POST \S+\/auth\/tokens$/;

/**
 * `pulumi preview` of what is not deployed yet: it succeeds and the provider sends no mutating request
 * (GETs, and one authentication per identity the program uses: `identities`).
 */
export async function expectReadOnlyPreview(
  program: CliProgram,
  flags: string[] = [],
  identities = 1,
): Promise<CliResult> {
  const from = program.logOffset();
  const result = await program.preview(flags);
  expect(result.code, `preview failed:\n${result.stdout}\n${result.stderr}`).to.equal(0);
  const requests = program.requestsSince(from);
  const mutating = requests.filter((r) => MUTATING.test(r) && !AUTH.test(r));
  expect(mutating, "mutating requests during preview").to.deep.equal([]);
  expect(requests.filter((r) => AUTH.test(r)).length, "authentications during preview").to.be.at.most(
    identities,
  );
  return result;
}

/** After an up: `preview --expect-no-changes` and `refresh --preview-only --expect-no-changes` both pass. */
export async function expectNoChanges(program: CliProgram): Promise<void> {
  const preview = await program.preview(["--expect-no-changes"]);
  expect(preview.code, `preview found changes:\n${preview.stdout}\n${preview.stderr}`).to.equal(0);
  const refresh = await program.refresh(["--preview-only", "--expect-no-changes"]);
  expect(refresh.code, `refresh found drift:\n${refresh.stdout}\n${refresh.stderr}`).to.equal(0);
}

/**
 * With `config` set, `preview --diff` shows `resource` to be updated or replaced, naming `property`.
 * The config stays set (the next up applies it).
 */
export async function expectPreviewDiff(
  program: CliProgram,
  config: Record<string, string>,
  expected: { resource: string; property: string; op: "update" | "replace" },
): Promise<void> {
  await program.useConfig(config);
  const { code, stdout, stderr } = await program.preview(["--diff"]);
  expect(code, `preview --diff failed:\n${stdout}\n${stderr}`).to.equal(0);
  const block = diffBlock(stdout, expected.resource);
  expect(block, `no block for ${expected.resource} in:\n${stdout}`).to.not.equal(undefined);
  expect(block!.header).to.include(`(${expected.op})`);
  // a value of another type (a string becoming a list) shows as removed and added
  expect(block!.body).to.match(new RegExp(`^\\s*[~+-] ${expected.property}\\s*:`, "m"));
}

/** The block `preview --diff` / `refresh --diff` prints for one resource (by its name in the program). */
export function diffBlock(output: string, name: string): { header: string; body: string } | undefined {
  const lines = output.split("\n");
  const urnAt = lines.findIndex((l) => l.trim().startsWith("[urn=") && l.trim().endsWith(`::${name}]`));
  if (urnAt < 0) return undefined;
  let start = urnAt;
  while (start > 0 && !/\((update|replace|create|delete|same|read)[^)]*\)\s*$/.test(lines[start]!)) start--;
  const indent = /^\s*/.exec(lines[start]!)![0].length;
  let end = urnAt + 1;
  while (end < lines.length && lines[end]!.trim() !== "" && /^\s*/.exec(lines[end]!)![0].length > indent)
    end++;
  return { header: lines[start]!, body: lines.slice(urnAt + 1, end).join("\n") };
}

/**
 * Drift made out of band: `refresh --preview-only --expect-no-changes` (the scheduled drift check of
 * examples/ci) exits non-zero and names the drifted property of the resource.
 */
export async function expectDrift(program: CliProgram, resource: string, property: string): Promise<void> {
  const { code, stdout, stderr } = await program.refresh(["--preview-only", "--expect-no-changes", "--diff"]);
  expect(code, `refresh did not report drift:\n${stdout}`).to.not.equal(0);
  expect(stderr + stdout).to.include("no changes were expected");
  const block = diffBlock(stdout, resource);
  expect(block?.body, `no drift shown for ${resource}:\n${stdout}`).to.match(
    new RegExp(`^\\s*~ ${property}\\s*:`, "m"),
  );
}

/** The stack's exported state holds none of these values in clear, and does hold ciphertext. */
export async function expectNoPlaintextSecrets(program: CliProgram, secrets: string[]): Promise<void> {
  const { text } = await program.exportState(false);
  for (const secret of secrets.filter((s) => s.length >= 6)) {
    expect(text.includes(secret), `the state holds a secret in clear (${secret.slice(0, 12)}…)`).to.equal(
      false,
    );
    // JSON-escaped forms too (private keys have newlines)
    expect(text.includes(JSON.stringify(secret).slice(1, -1)), "escaped secret in state").to.equal(false);
  }
  expect(text).to.include('"ciphertext"');
}

/** The resource named `name` in the program, or an error listing those there are. */
export function byName(resources: StackResource[], name: string): StackResource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
}

/**
 * An example test's cleanup: destroy what the stack still has (a failure is reported, not thrown), drop
 * the workspace, then run the sweeps that delete whatever a failed run left in the cloud.
 */
export async function tearDown(
  program: CliProgram | undefined,
  label: string,
  ...sweeps: Array<() => Promise<void> | undefined>
): Promise<void> {
  try {
    if (program && program.state.length > 0) await program.destroy();
  } catch (error) {
    console.warn(`  ${label}: destroy failed, sweeping: ${(error as Error).message}`);
  }
  program?.close();
  for (const sweep of sweeps) await sweep();
}
