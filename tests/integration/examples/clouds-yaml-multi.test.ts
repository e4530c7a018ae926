// examples/clouds-yaml-multi through the engine stand-in against the cloud: one program with resources
// in two clouds.yaml entries (local-admin and local-demo: two projects, two users); each side is where
// its `cloud` input says, and nowhere else; pointing side b at the other entry replaces its resources
// there; destroy cleans both. Each project's own REST view is the witness.
import { expect } from "chai";
import { ensureBuilt } from "../../support/build";
import { describeWithCloud, findTestCloud, type TestCloud } from "../../support/cloud";
import { openProgram, type EngineResource, type ProgramRun } from "../../support/engine";
import { exampleDir, linkPackage, STACK, Witness } from "./support";

const byName = (resources: EngineResource[], name: string) => {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
};

describeWithCloud("example clouds-yaml-multi", "admin", (use) => {
  const dir = exampleDir("clouds-yaml-multi");
  const prefix = `openstack-clouds-yaml-multi-${STACK}`;
  let run: ProgramRun | undefined;
  let unlink: (() => void) | undefined;
  let admin: TestCloud;
  let member: TestCloud;
  let asAdmin: Witness;
  let asMember: Witness;
  let firstB: Record<string, string> = {};

  before(async function () {
    this.timeout(60_000);
    admin = use();
    const found = findTestCloud("member");
    // two entries of one clouds.yaml are the point; a single OS_CLOUD gives only one
    if ("missing" in found || found.name === admin.name || found.file !== admin.file) {
      console.warn(`\n  !!! SKIPPING "example clouds-yaml-multi": needs two entries of one clouds.yaml\n`);
      this.skip();
    }
    member = found;
    ensureBuilt();
    unlink = linkPackage(dir);
    [asAdmin, asMember] = await Promise.all([Witness.of(admin), Witness.of(member)]);
    expect(asAdmin.projectId).to.not.equal(asMember.projectId);
    run = await openProgram({ programDir: dir, stack: STACK, cloud: admin });
  });

  after(async function () {
    this.timeout(300_000);
    try {
      if (run && run.state.length > 0) await run.destroy();
    } catch (error) {
      console.warn(`  clouds-yaml-multi: destroy failed, sweeping: ${(error as Error).message}`);
    }
    await run?.stop();
    await asAdmin?.sweep(prefix);
    await asMember?.sweep(prefix);
    unlink?.();
  });

  it("puts side a in the first entry's project and side b in the second's", async function () {
    this.timeout(120_000);
    const result = await run!.up({
      cloudA: admin.name,
      cloudB: member.name,
      ...(member.region ? { regionB: member.region } : {}),
    });
    expect(result.resources.map((r) => `${r.kind} ${r.name} ${r.action}`).sort()).to.deep.equal([
      "KeyPair key-a created",
      "KeyPair key-b created",
      "Network net-a created",
      "Network net-b created",
      "Subnet subnet-a created",
      "Subnet subnet-b created",
    ]);
    const a = result.outputs.a as Record<string, string>;
    const b = result.outputs.b as Record<string, string>;
    expect(a).to.include({ cloud: admin.name, projectId: asAdmin.projectId });
    expect(b).to.include({ cloud: member.name, projectId: asMember.projectId });
    expect(byName(result.resources, "net-b").inputs).to.include({ cloud: member.name });

    expect(await asAdmin.network(a.networkId!)).to.deep.include({ project_id: asAdmin.projectId });
    expect(await asMember.network(b.networkId!)).to.deep.include({ project_id: asMember.projectId });
    // each project sees only its own: the demo member cannot see side a's network at all
    expect(await asMember.network(a.networkId!)).to.equal(undefined);
    expect(await asAdmin.subnet(a.subnetId!)).to.deep.include({
      network_id: a.networkId,
      cidr: "10.30.1.0/24",
    });
    expect(await asMember.subnet(b.subnetId!)).to.deep.include({
      network_id: b.networkId,
      cidr: "10.30.2.0/24",
    });
    // key pairs belong to users: each user has its own side's key pair only
    expect((await asAdmin.keyPair(`${prefix}-a`))?.fingerprint).to.equal(a.keyPairFingerprint);
    expect((await asMember.keyPair(`${prefix}-b`))?.fingerprint).to.equal(b.keyPairFingerprint);
    expect(await asAdmin.keyPair(`${prefix}-b`)).to.equal(undefined);
    expect(await asMember.keyPair(`${prefix}-a`)).to.equal(undefined);
    firstB = b;
  });

  it("replaces side b's resources in the other entry's project when cloudB changes", async function () {
    this.timeout(180_000);
    const result = await run!.up({ cloudA: admin.name, cloudB: admin.name });
    const actions = Object.fromEntries(result.resources.map((r) => [r.name, r.action]));
    expect(actions).to.deep.equal({
      "net-a": "same",
      "subnet-a": "same",
      "key-a": "same",
      "net-b": "replaced",
      "subnet-b": "replaced",
      "key-b": "replaced",
    });
    const b = result.outputs.b as Record<string, string>;
    expect(b).to.include({ cloud: admin.name, projectId: asAdmin.projectId });
    expect(await asAdmin.network(b.networkId!)).to.deep.include({ project_id: asAdmin.projectId });
    expect(await asMember.network(firstB.networkId!), "old side-b network").to.equal(undefined);
    expect(await asMember.subnet(firstB.subnetId!), "old side-b subnet").to.equal(undefined);
    expect(await asMember.keyPair(`${prefix}-b`), "old side-b key pair").to.equal(undefined);
    expect((await asAdmin.keyPair(`${prefix}-b`))?.fingerprint).to.equal(b.keyPairFingerprint);
  });

  it("destroy deletes both sides", async function () {
    this.timeout(120_000);
    const state = run!.state;
    await run!.destroy();
    expect(run!.state).to.deep.equal([]);
    for (const r of state.filter((r) => r.kind === "Network"))
      expect(await asAdmin.network(r.id)).to.equal(undefined);
    expect(await asAdmin.keyPair(`${prefix}-a`)).to.equal(undefined);
    expect(await asAdmin.keyPair(`${prefix}-b`)).to.equal(undefined);
  });
});
