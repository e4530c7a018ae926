// SecurityGroup and SecurityGroupRule through the real provider host against the cloud, with the
// openstack CLI as witness: the group without Neutron's default rules, updated in place, drift; rules
// created, read without a diff, replaced (deleting first when Neutron would see a duplicate), deleted
// out of band, refused when someone else's identical rule exists; a group a port holds is not deleted.
import { expect } from "chai";
import { userTags } from "../../../provider/resources/framework/host/creation";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import type { ResourceDriver, ResourceState } from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliGroup {
  id: string;
  name: string;
  description: string;
  stateful: boolean;
  tags: string[];
  rules: Array<{ id: string; direction: string; ethertype: string }>;
}

interface CliRule {
  id: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  description: string;
}

describeWithCloud("SecurityGroup and SecurityGroupRule resources", "admin", (use) => {
  let rh: ResourceHost;
  let groups: ResourceDriver;
  let rules: ResourceDriver;
  let group: ResourceState | undefined;
  let plain: ResourceState | undefined;
  const ruleStates: Record<string, ResourceState | undefined> = {};
  const name = `it-sg-${process.pid}`;
  /** What the CLI made, as the commands that delete it. */
  const cliMade: string[] = [];
  let sshInputs: Record<string, unknown>;

  const show = async (id: string) =>
    (await openstackCli(use(), ["security", "group", "show", id])) as CliGroup;
  const showRule = async (id: string) =>
    (await openstackCli(use(), ["security", "group", "rule", "show", id])) as CliRule;
  const ruleGone = async (id: string) =>
    openstackCli(use(), ["security", "group", "rule", "show", id]).then(
      () => false,
      (e: Error) => /No (security group rule|SecurityGroupRule) found|Not ?Found|404/i.test(e.message),
    );

  before(async function () {
    this.timeout(60_000);
    rh = await startResourceHost(use());
    groups = await rh.driver("SecurityGroup");
    rules = await rh.driver("SecurityGroupRule");
  });
  after(async function () {
    this.timeout(120_000);
    for (const [key, state] of Object.entries(ruleStates))
      if (state) await rules.destroy(key, state).catch(() => undefined);
    for (const command of [...cliMade].reverse())
      await openstackCli(use(), ["--no-json", ...command.split(" ")]).catch(() => undefined);
    if (group) await groups.destroy("sg", group).catch(() => undefined);
    if (plain) await groups.destroy("plain", plain).catch(() => undefined);
    await rh?.stop();
  });

  it("creates a group without Neutron's default rules when asked, tagged as declared", async function () {
    this.timeout(90_000);
    group = await groups.up("sg", { name, description: "web", tags: ["b", "a"], deleteDefaultRules: true });
    expect(group.outs).to.deep.include({ name, description: "web", stateful: true, ruleIds: [] });
    const cli = await show(group.id);
    expect(cli.rules).to.deep.equal([]);
    expect(userTags(cli.tags)).to.deep.equal(["a", "b"]);

    plain = await groups.up("plain", { name: `${name}-plain` });
    const defaults = (await show(plain.id)).rules;
    expect(defaults.map((r) => `${r.direction} ${r.ethertype}`).sort()).to.deep.equal([
      "egress IPv4",
      "egress IPv6",
    ]);
    expect(plain.outs.ruleIds).to.deep.equal(defaults.map((r) => r.id).sort());
  });

  it("updates the group in place, and shows drift made out of band", async function () {
    this.timeout(90_000);
    const before = group!.id;
    const outcome = await groups.update("sg", group!, {
      name: `${name}-2`,
      description: "changed",
      tags: ["c"],
      stateful: false,
      deleteDefaultRules: true,
    });
    expect(outcome.action).to.equal("updated");
    group = outcome.state;
    expect(group.id).to.equal(before);
    const cli = await show(group.id);
    expect(cli).to.include({ name: `${name}-2`, description: "changed", stateful: false });
    expect(userTags(cli.tags)).to.deep.equal(["c"]);

    await openstackCli(use(), [
      "--no-json",
      "security",
      "group",
      "set",
      "--description",
      "drifted",
      group.id,
    ]);
    group = (await groups.refresh("sg", group))!;
    expect(group.outs.description).to.equal("drifted");
  });

  it("creates a rule the CLI sees as declared, read back without a diff", async function () {
    this.timeout(90_000);
    const inputs = (sshInputs = {
      securityGroupId: group!.id,
      direction: "ingress",
      protocol: "tcp",
      portRangeMin: 22,
      portRangeMax: 22,
      remoteIpPrefix: "10.0.0.0/8",
      description: "ssh",
    });
    const ssh = (ruleStates.ssh = await rules.up("ssh", inputs));
    expect(await showRule(ssh.id)).to.include({
      protocol: "tcp",
      port_range_min: 22,
      port_range_max: 22,
      remote_ip_prefix: "10.0.0.0/8",
      description: "ssh",
    });
    ruleStates.ssh = (await rules.refresh("ssh", ssh))!;
    expect((await rules.update("ssh", ruleStates.ssh, inputs)).action).to.equal("same");

    // forms Neutron stores otherwise (ICMP on IPv6 as ipv6-icmp, 1-65535 as no range) are no drift
    const icmp6 = { securityGroupId: group!.id, direction: "ingress", ethertype: "IPv6", protocol: "icmp" };
    ruleStates.icmp6 = await rules.up("icmp6", icmp6);
    expect((await showRule(ruleStates.icmp6.id)).protocol).to.equal("ipv6-icmp");
    ruleStates.icmp6 = (await rules.refresh("icmp6", ruleStates.icmp6))!;
    expect((await rules.update("icmp6", ruleStates.icmp6, icmp6)).action).to.equal("same");
    const allTcp = {
      securityGroupId: group!.id,
      direction: "egress",
      protocol: 6,
      portRangeMin: 1,
      portRangeMax: 65535,
    };
    ruleStates.allTcp = await rules.up("allTcp", allTcp);
    expect((await showRule(ruleStates.allTcp.id)).port_range_min).to.equal(null);
    ruleStates.allTcp = (await rules.refresh("allTcp", ruleStates.allTcp))!;
    expect((await rules.update("allTcp", ruleStates.allTcp, allTcp)).action).to.equal("same");
  });

  it("replaces a rule on any change, deleting first when Neutron would see a duplicate", async function () {
    this.timeout(90_000);
    const old = ruleStates.ssh!;
    const inputs = { ...sshInputs, portRangeMin: 2222, portRangeMax: 2222 };
    let outcome = await rules.update("ssh", old, inputs);
    expect(outcome.action).to.equal("replaced");
    expect(outcome.deletedBeforeCreate).to.equal(false);
    ruleStates.ssh = outcome.state;
    expect(outcome.state.id).not.to.equal(old.id);
    expect(await ruleGone(old.id)).to.equal(true);
    expect((await showRule(outcome.state.id)).port_range_min).to.equal(2222);

    // only the description differs: the same rule to Neutron, which would refuse it beside the old
    sshInputs = { ...inputs, description: "ssh on 2222" };
    outcome = await rules.update("ssh", ruleStates.ssh, sshInputs);
    expect(outcome.action).to.equal("replaced");
    expect(outcome.deletedBeforeCreate).to.equal(true);
    ruleStates.ssh = outcome.state;
    expect((await showRule(outcome.state.id)).description).to.equal("ssh on 2222");
  });

  it("drops a rule deleted out of band on refresh, and creates it again", async function () {
    this.timeout(90_000);
    const ssh = ruleStates.ssh!;
    await openstackCli(use(), ["--no-json", "security", "group", "rule", "delete", ssh.id]);
    expect(await rules.refresh("ssh", ssh)).to.equal(undefined);
    ruleStates.ssh = await rules.up("ssh", sshInputs);
    expect(ruleStates.ssh.id).not.to.equal(ssh.id);
  });

  it("refuses to take over someone else's identical rule, naming it", async function () {
    this.timeout(90_000);
    const theirs = (await openstackCli(use(), [
      "security",
      "group",
      "rule",
      "create",
      "--ingress",
      "--protocol",
      "udp",
      "--dst-port",
      "53:53",
      group!.id,
    ])) as CliRule;
    const error = await rules
      .up("dns", {
        securityGroupId: group!.id,
        direction: "ingress",
        protocol: "17",
        portRangeMin: 53,
        portRangeMax: 53,
      })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).to.include(`already has rule ${theirs.id}`).and.include(`adoptId: "${theirs.id}"`);
    await openstackCli(use(), ["--no-json", "security", "group", "rule", "delete", theirs.id]);
  });

  it("deletes rules, and the group once no port holds it, naming the port that does", async function () {
    this.timeout(120_000);
    for (const [key, state] of Object.entries(ruleStates)) {
      await rules.destroy(key, state!);
      expect(await ruleGone(state!.id)).to.equal(true);
      ruleStates[key] = undefined;
    }
    const net = (await openstackCli(use(), ["network", "create", `${name}-net`])) as { id: string };
    cliMade.push(`network delete ${net.id}`);
    const port = (await openstackCli(use(), [
      "port",
      "create",
      "--network",
      net.id,
      "--security-group",
      group!.id,
      `${name}-port`,
    ])) as { id: string };
    cliMade.push(`port delete ${port.id}`);
    // the port stays: Neutron's 409 is permanent, and the failure names the port (found by the
    // ports' security_groups filter)
    const error = await groups.destroy("sg", group!).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.include("in use").and.include(`held by port ${port.id}`);
    await openstackCli(use(), ["--no-json", "port", "delete", port.id]);
    await groups.destroy("sg", group!);
    expect(await groups.refresh("sg", group!)).to.equal(undefined);
    group = undefined;
    await groups.destroy("plain", plain!);
    plain = undefined;
  });
});
