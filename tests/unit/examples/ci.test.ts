// examples/ci without a cloud or GitHub: the workflow files parse, the pull-request workflow runs
// `pulumi preview --diff` and comments, the scheduled one runs `pulumi refresh --preview-only
// --expect-no-changes` so that drift fails the job, and no file holds a secret value, only
// `${{ secrets.NAME }}` references that the README names.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { parseDocument } from "yaml";
import { PROJECT_DIR } from "../../support/cloud";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, unknown>;
  if?: string;
  "continue-on-error"?: unknown;
}

interface Job {
  steps?: Step[];
  env?: Record<string, unknown>;
  permissions?: Record<string, string>;
  "continue-on-error"?: unknown;
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const CI_DIR = join(PROJECT_DIR, "examples", "ci");
const WORKFLOWS = join(CI_DIR, ".github", "workflows");
const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");

function load(file: string): Workflow {
  const doc = parseDocument(text(file));
  expect(
    doc.errors.map((e) => e.message),
    `${file} parses`,
  ).to.deep.equal([]);
  return doc.toJS() as Workflow;
}

const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
/** Run scripts with line continuations joined, so a command split over lines reads as one. */
const scripts = (wf: Workflow) => steps(wf).map((s) => (s.run ?? "").replace(/\\\n\s*/g, ""));

/** Every env mapping of the workflow: top level, per job, per step. */
function envs(wf: Workflow): Array<Record<string, unknown>> {
  return [
    wf.env ?? {},
    ...Object.values(wf.jobs).flatMap((job) => [job.env ?? {}, ...(job.steps ?? []).map((s) => s.env ?? {})]),
  ];
}

const SECRET_REF = /^\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const SENSITIVE = /TOKEN|PASSWORD|PASSPHRASE|SECRET|CLOUDS_YAML|PRIVATE|API_KEY/i;

describe("example ci: GitHub Actions workflows", () => {
  it("has the two workflows, each a valid YAML workflow", () => {
    expect(files.sort()).to.deep.equal(["pulumi-drift.yml", "pulumi-preview.yml"]);
    for (const file of files) {
      const wf = load(file);
      expect(wf.on, `${file}: on`).to.be.an("object");
      expect(Object.keys(wf.jobs), `${file}: jobs`).to.not.be.empty;
      for (const step of steps(wf)) {
        expect(step.uses ?? step.run, `${file}: a step uses an action or runs a script`).to.be.a("string");
        if (step.uses)
          expect(step.uses, `${file}: actions are pinned to a version`).to.match(/^[\w.-]+\/[\w./-]+@v\d+$/);
      }
    }
  });

  it("previews with `pulumi preview --diff` on pull requests and posts the output as a comment", () => {
    const wf = load("pulumi-preview.yml");
    expect(wf.on).to.have.property("pull_request");
    expect(
      wf.on,
      "never pull_request_target: it would run a fork's program with the secrets",
    ).to.not.have.property("pull_request_target");
    expect(scripts(wf).some((s) => /\bpulumi preview\b[^\n]*--diff\b/.test(s))).to.equal(true);
    expect(wf.permissions).to.include({ "pull-requests": "write" });
    const comment = steps(wf).find((s) => /issues\/\$PR_NUMBER\/comments/.test(s.run ?? ""));
    expect(comment, "a step posts the preview as a pull-request comment").to.not.equal(undefined);
    // the comment is posted whether the preview succeeded or failed
    expect(comment!.if).to.match(/always\(\)/);
  });

  it("checks drift on a schedule with `pulumi refresh --preview-only --expect-no-changes`, failing the job", () => {
    const wf = load("pulumi-drift.yml");
    const schedule = wf.on.schedule as Array<{ cron: string }>;
    expect(schedule).to.be.an("array").that.is.not.empty;
    for (const { cron } of schedule) expect(cron.trim().split(/\s+/)).to.have.length(5);
    const refresh = steps(wf).filter((s) =>
      /\bpulumi refresh\b(?=[^\n]*--preview-only)(?=[^\n]*--expect-no-changes)/.test(
        (s.run ?? "").replace(/\\\n\s*/g, ""),
      ),
    );
    expect(refresh).to.have.length(1);
    // the failure must reach the job: no continue-on-error on the step or the job, and a pipe keeps the status
    expect(refresh[0]).to.not.have.property("continue-on-error");
    for (const job of Object.values(wf.jobs)) expect(job).to.not.have.property("continue-on-error");
    if (refresh[0]!.run!.includes("|")) expect(refresh[0]!.run).to.match(/set -o pipefail/);
    // and drift opens (or updates) an issue
    expect(wf.permissions).to.include({ issues: "write" });
    expect(
      steps(wf).some((s) => /failure\(\)/.test(s.if ?? "") && /gh issue create/.test(s.run ?? "")),
    ).to.equal(true);
  });

  it("holds no secret values: sensitive variables are ${{ secrets.* }} references, nothing else", () => {
    for (const file of files) {
      const wf = load(file);
      for (const env of envs(wf)) {
        for (const [name, value] of Object.entries(env)) {
          if (!SENSITIVE.test(name)) continue;
          const ok =
            typeof value === "string" && (SECRET_REF.test(value) || value.trim() === "${{ github.token }}");
          expect(ok, `${file}: ${name} must come from secrets, not be written here`).to.equal(true);
        }
      }
      const raw = text(file);
      expect(raw, `${file}: a private key`).to.not.match(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      expect(raw, `${file}: a Pulumi access token`).to.not.match(/\bpul-[0-9a-f]{40}\b/);
      expect(raw, `${file}: a password in clear`).to.not.match(/\bpassword:\s*["']?[^\s"'$]/i);
      expect(raw, `${file}: OS_PASSWORD set in clear`).to.not.match(/OS_PASSWORD\s*[=:]\s*["']?[^\s"'$]/);
    }
  });

  it("names every secret it reads in the README", () => {
    const readme = readFileSync(join(CI_DIR, "README.md"), "utf8");
    const used = new Set(
      files.flatMap((f) => [...text(f).matchAll(/\$\{\{\s*secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]!)),
    );
    expect([...used]).to.include.members(["PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]);
    for (const name of used) expect(readme, `README names secret ${name}`).to.include(`\`${name}\``);
  });
});
