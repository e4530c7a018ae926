// npm run demo / npm run demo:destroy: `pulumi up` / `pulumi destroy` of the root program (program/) on a
// stack of its own, with the state in a local file backend under .pulumi-demo/ (git-ignored).
//
// The cloud: the one configured (OS_CLOUD, OS_AUTH_URL, or openstack:* in the stack's Pulumi.<stack>.yaml),
// else this repository's local cloud as the plain member local-demo (started with `npm run cloud:up` when
// it is not running and this machine can run it: Debian, root).
// The CLI: the one `npm run tools:pulumi` builds (.tools/pulumi/bin/pulumi), else `pulumi` on PATH; it is
// never downloaded. Without one, the same program runs through the engine stand-in of the tests
// (tests/support/engine.ts) against the same cloud, keeping a secret-free state in
// .pulumi-demo/engine-state.json that `npm run demo:destroy` deletes from.
//
// Environment: PULUMI_DEMO_DIR (default .pulumi-demo), PULUMI_DEMO_STACK (default demo),
// PULUMI_DEMO_CLI=none (use the stand-in even where a CLI exists), PULUMI_CONFIG_PASSPHRASE (see passphrase()).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join, relative, resolve } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { ensureBuilt } from "../tests/support/build";
import {
  findTestCloud,
  issueToken,
  LOCAL_CLOUDS_YAML,
  PROJECT_DIR,
  type TestCloud,
} from "../tests/support/cloud";
import { openProgram, type EngineResource, type SavedState } from "../tests/support/engine";

const DESTROY = process.argv.includes("--destroy");
const DEMO_DIR = resolve(process.env.PULUMI_DEMO_DIR ?? join(PROJECT_DIR, ".pulumi-demo"));
const STACK = process.env.PULUMI_DEMO_STACK ?? "demo";
const ENGINE_STATE = join(DEMO_DIR, "engine-state.json");
const KEY_FILE = join(DEMO_DIR, "id_ed25519");
const INSTALL_DOCS = "https://www.pulumi.com/docs/install/";

/** A path as the user would type it from here: relative inside the working directory, else absolute. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}
const say = (line = "") => console.log(line);

// ---------------------------------------------------------------------------------------------------------
// The cloud

interface CloudChoice {
  /** How it was chosen, for the first line of output. */
  what: string;
  /** A clouds.yaml cloud: the CLI gets OS_CLIENT_CONFIG_FILE and openstack:cloud, the stand-in the same. */
  cloud?: TestCloud;
}

/** Plain values of the stack's config file (secure ones need the CLI to decrypt: they are skipped). */
function stackFileConfig(): Record<string, string> {
  const file = join(PROJECT_DIR, `Pulumi.${STACK}.yaml`);
  if (!existsSync(file)) return {};
  const doc = parse(readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc?.config ?? {})) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      out[key] = String(value);
  }
  return out;
}

async function reachable(cloud: TestCloud): Promise<string | undefined> {
  try {
    await issueToken(cloud);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function chooseCloud(config: Record<string, string>): Promise<CloudChoice> {
  if (process.env.OS_CLOUD) {
    const found = findTestCloud("member");
    if ("missing" in found) throw new Error(found.missing);
    return { what: `OS_CLOUD=${found.name} (${found.file})`, cloud: found };
  }
  if (process.env.OS_AUTH_URL) return { what: `the OS_* variables (OS_AUTH_URL=${process.env.OS_AUTH_URL})` };
  if (Object.keys(config).some((k) => k.startsWith("openstack:"))) {
    return { what: `the openstack:* config of stack ${STACK} (Pulumi.${STACK}.yaml)` };
  }
  const local = (): TestCloud | undefined => {
    const found = findTestCloud("member");
    return "missing" in found ? undefined : found;
  };
  let cloud = local();
  const problem = cloud ? await reachable(cloud) : `${shown(LOCAL_CLOUDS_YAML)} does not exist`;
  if (problem !== undefined) {
    const canStart = existsSync("/etc/debian_version") && process.getuid?.() === 0;
    if (!canStart) {
      throw new Error(
        `no cloud configured (OS_CLOUD, OS_AUTH_URL or openstack:* stack config) and the local cloud is not ` +
          `running (${problem}); it needs Debian and root to start (npm run cloud:up)`,
      );
    }
    say(`The local cloud is not running (${problem}): starting it with npm run cloud:up`);
    const up = spawnSync("npm", ["run", "--silent", "cloud:up"], { cwd: PROJECT_DIR, stdio: "inherit" });
    if (up.status !== 0) throw new Error(`npm run cloud:up failed (exit ${up.status ?? up.signal})`);
    cloud = local();
    const again = cloud ? await reachable(cloud) : "no clouds.yaml after cloud:up";
    if (again !== undefined) throw new Error(`the local cloud did not come up: ${again}`);
  }
  return {
    what: `the local cloud, as the project member ${cloud!.name} (${shown(cloud!.file)})`,
    cloud: cloud!,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The Pulumi CLI, through the Automation API

/** The CLI `npm run tools:pulumi` builds, beside its language host and dynamic-provider plugin. */
const TOOLS_DIR = join(PROJECT_DIR, ".tools", "pulumi");

interface FoundCli {
  command: PulumiCommand;
  /** Where it was found, for the first lines of output. */
  where: string;
  /** Its directory, put first on PATH so it finds the plugins beside it. */
  binDir: string;
}

/** The CLI in .tools/pulumi/bin, else on PATH; never a download. PULUMI_DEMO_CLI=none: none. */
async function pulumiCli(): Promise<FoundCli | { why: string }> {
  if (process.env.PULUMI_DEMO_CLI === "none") return { why: "PULUMI_DEMO_CLI=none" };
  const built = join(TOOLS_DIR, "bin", "pulumi");
  if (existsSync(built)) {
    const command = await PulumiCommand.get({ root: TOOLS_DIR, skipVersionCheck: true });
    return { command, where: `${shown(built)} (npm run tools:pulumi)`, binDir: join(TOOLS_DIR, "bin") };
  }
  try {
    const command = await PulumiCommand.get({ skipVersionCheck: true });
    return { command, where: "pulumi on PATH", binDir: "" };
  } catch {
    const go = spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
    return {
      why:
        "none in .tools/pulumi/bin and none on PATH" +
        (go ? " (Go is installed: npm run tools:pulumi builds it)" : ""),
    };
  }
}

/**
 * The local backend encrypts the stack's secrets (the private key) with a passphrase. Without
 * PULUMI_CONFIG_PASSPHRASE the demo uses a fixed, public one: fine for a throwaway demo stack on this
 * machine, no protection at all — set your own before the first `npm run demo` to keep it secret.
 */
function passphrase(): string {
  const own = process.env.PULUMI_CONFIG_PASSPHRASE;
  if (own !== undefined) return own;
  say(
    "Note: PULUMI_CONFIG_PASSPHRASE is not set; the demo stack's secrets are encrypted with the fixed " +
      'passphrase "openstack-dynamic-demo", which protects nothing. Set your own before the first run.',
  );
  return "openstack-dynamic-demo";
}

async function cliStack(cli: FoundCli, choice: CloudChoice, create: boolean): Promise<Stack> {
  mkdirSync(DEMO_DIR, { recursive: true, mode: 0o700 });
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${DEMO_DIR}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase(),
    // offline: no update check, no plugin download (the plugins are beside the CLI or on PATH)
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...(cli.binDir ? { PATH: `${cli.binDir}${delimiter}${process.env.PATH ?? ""}` } : {}),
    ...(choice.cloud ? { OS_CLIENT_CONFIG_FILE: choice.cloud.file } : {}),
  };
  const args = { workDir: PROJECT_DIR, stackName: STACK };
  const opts = { pulumiCommand: cli.command, envVars };
  const stack = create
    ? await LocalWorkspace.createOrSelectStack(args, opts)
    : await LocalWorkspace.selectStack(args, opts);
  if (choice.cloud && create) {
    const current = await stack.getAllConfig();
    if (!current["openstack:cloud"]) await stack.setConfig("openstack:cloud", { value: choice.cloud.name });
  }
  return stack;
}

async function upWithCli(cli: FoundCli, choice: CloudChoice): Promise<void> {
  const stack = await cliStack(cli, choice, true);
  say(`pulumi up (stack ${STACK}, state in ${shown(DEMO_DIR)})`);
  const res = await stack.up({ onOutput: (text) => process.stdout.write(text) });
  say();
  say("Made:");
  for (const [name, output] of Object.entries(res.outputs)) {
    say(`  ${name}: ${output.secret ? "[secret]" : JSON.stringify(output.value)}`);
  }
  const env = `PULUMI_BACKEND_URL=file://${DEMO_DIR} PULUMI_CONFIG_PASSPHRASE=…`;
  const pulumi = cli.binDir ? shown(join(cli.binDir, "pulumi")) : "pulumi";
  say(`The stack: ${env} ${pulumi} stack --stack ${STACK}`);
  say(
    `The private key: ${env} ${pulumi} stack output privateKey --show-secrets --stack ${STACK} > id_ed25519`,
  );
  say("Delete it all: npm run demo:destroy");
}

async function destroyWithCli(cli: FoundCli, choice: CloudChoice): Promise<void> {
  let stack: Stack;
  try {
    stack = await cliStack(cli, choice, false);
  } catch {
    say(`No stack ${STACK} in ${shown(DEMO_DIR)}: nothing to destroy.`);
    return;
  }
  await stack.destroy({ onOutput: (text) => process.stdout.write(text) });
  await stack.workspace.removeStack(STACK);
  say(`Destroyed stack ${STACK}.`);
}

// ---------------------------------------------------------------------------------------------------------
// Without the CLI: the engine stand-in

function savedState(): SavedState | undefined {
  return existsSync(ENGINE_STATE)
    ? (JSON.parse(readFileSync(ENGINE_STATE, "utf8")) as SavedState)
    : undefined;
}

function table(resources: EngineResource[]): void {
  for (const r of resources) say(`  ${r.kind.padEnd(16)}${r.name.padEnd(18)}${r.action.padEnd(10)}${r.id}`);
}

async function upWithEngine(choice: CloudChoice, config: Record<string, string>): Promise<void> {
  mkdirSync(DEMO_DIR, { recursive: true, mode: 0o700 });
  const run = await openProgram({
    programDir: PROJECT_DIR,
    stack: STACK,
    cloud: choice.cloud,
    config,
    state: savedState(),
    persist: ENGINE_STATE,
  });
  try {
    const res = await run.up(config);
    say("Made (kind, name, what this run did, id):");
    table(res.resources);
    for (const r of res.deleted) say(`  ${r.kind.padEnd(16)}${r.name.padEnd(18)}deleted`);
    say("Outputs:");
    for (const [name, value] of Object.entries(res.outputs)) {
      if (name !== "privateKey") say(`  ${name}: ${JSON.stringify(value)}`);
    }
    if (typeof res.outputs.privateKey === "string") {
      writeFileSync(KEY_FILE, res.outputs.privateKey, { mode: 0o600 });
      chmodSync(KEY_FILE, 0o600);
      say(`  privateKey: [secret] written to ${shown(KEY_FILE)} (mode 0600), not printed`);
    } else {
      // the saved state keeps no secrets: an unchanged key pair has its private key only in that file
      say(`  privateKey: [secret] unchanged, in ${shown(KEY_FILE)} since the key pair was made`);
    }
    say(`State (no secrets, mode 0600): ${shown(ENGINE_STATE)}. Delete it all: npm run demo:destroy`);
  } catch (error) {
    say(`The demo failed: ${(error as Error).message}`);
    say(`What it made is recorded in ${shown(ENGINE_STATE)}: npm run demo:destroy deletes it.`);
    throw error;
  } finally {
    await run.stop();
  }
}

async function destroyWithEngine(choice: CloudChoice, config: Record<string, string>, saved: SavedState) {
  const run = await openProgram({
    programDir: PROJECT_DIR,
    stack: STACK,
    cloud: choice.cloud,
    config,
    state: saved,
    persist: ENGINE_STATE,
  });
  try {
    const count = run.state.length;
    await run.destroy();
    rmSync(ENGINE_STATE, { force: true });
    rmSync(KEY_FILE, { force: true });
    say(
      `Destroyed ${count} resources of stack ${STACK}; removed ${shown(ENGINE_STATE)} and ${shown(KEY_FILE)}.`,
    );
  } finally {
    await run.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const config = stackFileConfig();
  const choice = await chooseCloud(config);
  say(`Cloud: ${choice.what}`);
  const saved = savedState();
  if (DESTROY && saved) return destroyWithEngine(choice, config, saved);

  // the provider host loads the package from dist/ in either mode
  ensureBuilt();
  const cli = saved ? undefined : await pulumiCli();
  if (cli && "command" in cli) {
    say(`Pulumi CLI: ${cli.where}, ${cli.command.version?.toString() ?? "version unknown"}`);
    return DESTROY ? destroyWithCli(cli, choice) : upWithCli(cli, choice);
  }
  if (DESTROY) {
    say(`Nothing to destroy: no ${shown(ENGINE_STATE)} and no Pulumi CLI to ask about a stack.`);
    return;
  }
  if (cli) {
    say(
      `!!! No Pulumi CLI: ${cli.why}. Install it from ${INSTALL_DOCS}; until then this runs the program ` +
        `through the repository's engine stand-in (tests/support/engine.ts).`,
    );
  } else {
    say(
      `Continuing stack ${STACK} of the engine stand-in (${shown(ENGINE_STATE)}); npm run demo:destroy ends it.`,
    );
  }
  await upWithEngine(choice, config);
}

main().catch((error: unknown) => {
  console.error(
    `demo${DESTROY ? ":destroy" : ""} failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
