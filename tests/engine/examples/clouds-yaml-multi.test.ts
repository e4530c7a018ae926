// examples/clouds-yaml-multi with the real Pulumi CLI against the cloud, installed as its README says: one
// program with resources in two clouds.yaml entries (local-admin and local-demo: two projects, two users);
// each side is where its `cloud` input says, and nowhere else; preview changes nothing; a network renamed
// out of band in the second project is reported as drift and renamed back by `up --refresh`; pointing side
// b at the other entry replaces its resources there; destroy cleans both. Each project's own REST view
// (and the openstack CLI as that project's user) is the witness.
import { expect } from "chai";
import { findTestCloud, type TestCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram } from "../../support/pulumi-cli";
import {
  byName,
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectNoPlaintextSecrets,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

describeWithEngine("example clouds-yaml-multi (pulumi CLI)", "admin", (use) => {
  const dir = exampleDir("clouds-yaml-multi");
  const prefix = `openstack-clouds-yaml-multi-${STACK}`;
  let program: CliProgram | undefined;
  let admin: TestCloud;
  let member: TestCloud;
  let asAdmin: Witness;
  let asMember: Witness;
  let config: Record<string, string>;
  let firstB: Record<string, string> = {};

  before(async function () {
    this.timeout(300_000);
    admin = use();
    const found = findTestCloud("member");
    // two entries of one clouds.yaml are the point; a single OS_CLOUD gives only one
    if ("missing" in found || found.name === admin.name || found.file !== admin.file) {
      console.warn(`\n  !!! SKIPPING "example clouds-yaml-multi": needs two entries of one clouds.yaml\n`);
      this.skip();
    }
    member = found;
    installExample(dir);
    [asAdmin, asMember] = await Promise.all([Witness.of(admin), Witness.of(member)]);
    expect(asAdmin.projectId).to.not.equal(asMember.projectId);
    config = {
      cloudA: admin.name,
      cloudB: member.name,
      ...(member.region ? { regionB: member.region } : {}),
    };
    program = await CliProgram.open({ programDir: dir, stack: STACK, cloud: admin, config });
  });

  after(async function () {
    this.timeout(300_000);
    await tearDown(
      program,
      "clouds-yaml-multi",
      () => asAdmin?.sweep(prefix),
      () => asMember?.sweep(prefix),
    );
  });

  it("preview plans both sides without a single mutating request", async function () {
    this.timeout(120_000);
    // two clouds.yaml entries, two identities: one token each
    const { stdout } = await expectReadOnlyPreview(program!, [], 2);
    for (const name of ["net-a", "subnet-a", "key-a", "net-b", "subnet-b", "key-b"])
      expect(stdout).to.match(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/openstack:\\w+ ${name} create`));
  });

  it("puts side a in the first entry's project and side b in the second's; nothing changes after", async function () {
    this.timeout(180_000);
    const result = await program!.up(config);
    expect(program!.state.map((r) => `${r.kind} ${r.name} ${r.action}`).sort()).to.deep.equal([
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
    expect(byName(program!.state, "net-b").inputs).to.include({ cloud: member.name });

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

    await expectNoChanges(program!);
    // the generated private keys, and both entries' passwords (the state names the entries only)
    await expectNoPlaintextSecrets(program!, [
      byName(program!.state, "key-a").outs.privateKey as string,
      byName(program!.state, "key-b").outs.privateKey as string,
      admin.auth.password ?? "",
      member.auth.password ?? "",
    ]);
  });

  it("a network renamed out of band in the second project is reported by refresh --preview-only --expect-no-changes; up --refresh renames it back", async function () {
    this.timeout(180_000);
    await openstackCli(member, [
      "--no-json",
      "network",
      "set",
      "--name",
      `${prefix}-drifted`,
      firstB.networkId!,
    ]);
    expect((await asMember.network(firstB.networkId!))?.name).to.equal(`${prefix}-drifted`);
    await expectDrift(program!, "net-b", "name");
    await program!.up(undefined, ["--refresh"]);
    expect(byName(program!.state, "net-b")).to.include({ action: "updated", id: firstB.networkId });
    expect((await asMember.network(firstB.networkId!))?.name).to.equal(`${prefix}-b`);
    await expectNoChanges(program!);
  });

  it("preview --diff shows cloudB's change as a replacement; up replaces side b's resources in the other entry's project", async function () {
    this.timeout(240_000);
    const next = { cloudA: admin.name, cloudB: admin.name };
    await expectPreviewDiff(program!, next, { resource: "net-b", property: "cloud", op: "replace" });
    const result = await program!.up(next);
    const actions = Object.fromEntries(program!.state.map((r) => [r.name, r.action]));
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
    await expectNoChanges(program!);
  });

  it("destroy deletes both sides", async function () {
    this.timeout(180_000);
    const state = program!.state;
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    for (const r of state.filter((r) => r.kind === "Network"))
      expect(await asAdmin.network(r.id)).to.equal(undefined);
    expect(await asAdmin.keyPair(`${prefix}-a`)).to.equal(undefined);
    expect(await asAdmin.keyPair(`${prefix}-b`)).to.equal(undefined);
  });
});
