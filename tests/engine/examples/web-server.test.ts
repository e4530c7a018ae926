// examples/web-server with the real Pulumi CLI against the cloud, installed as its README says: a
// security group with ssh and http rules, a port carrying it, a server on the port and a floating IP on
// the port. Preview changes nothing; a new http port replaces only that rule; a new release replaces
// the server, deleting the old one first, and the port keeps its address and floating IP; a rule
// deleted and a group changed out of band are reported by refresh and put back by up; destroy removes
// everything. Neutron and Nova, over plain REST and with the openstack CLI, are the witnesses.
import { expect } from "chai";
import { openstackCli } from "../../support/openstack-cli";
import { CliProgram } from "../../support/pulumi-cli";
import {
  byName,
  describeWithEngine,
  exampleDir,
  expectDrift,
  expectNoChanges,
  expectPreviewDiff,
  expectReadOnlyPreview,
  installExample,
  tearDown,
} from "../support";
import { STACK, Witness } from "./witness";

/** An ingress rule as the openstack CLI lists it. */
interface IngressRule {
  id: string;
  /** "22:22" */
  range: string;
  summary: string;
}

describeWithEngine("example web-server (pulumi CLI)", "member", (use) => {
  const dir = exampleDir("web-server");
  const prefix = `openstack-web-server-${STACK}`;
  let program: CliProgram | undefined;
  let witness: Witness;
  let config: Record<string, string>;
  let ids: { server: string; port: string; group: string; address: string; fixedIp: string };

  const ingressRules = async (): Promise<IngressRule[]> => {
    const rules = (await openstackCli(use(), ["security", "group", "rule", "list", ids.group])) as Array<
      Record<string, string | null>
    >;
    return rules
      .filter((r) => r.Direction === "ingress")
      .map((r) => ({
        id: r.ID!,
        range: r["Port Range"] ?? "",
        summary: `${r["IP Protocol"]} ${r["Port Range"]} ${r["IP Range"]}`,
      }));
  };

  before(async function () {
    this.timeout(300_000);
    installExample(dir);
    witness = await Witness.of(use());
    config = { image: "cirros", flavor: "m1.nano", cidr: "10.31.0.0/24" };
    program = await CliProgram.open({ programDir: dir, stack: STACK, cloud: use(), config });
  });

  after(async function () {
    this.timeout(300_000);
    await tearDown(program, "web-server", () => witness?.sweep(prefix));
  });

  it("preview plans the group, its rules, the port, the server and the address without a mutating request", async function () {
    this.timeout(120_000);
    const { stdout } = await expectReadOnlyPreview(program!);
    for (const [kind, name] of [
      ["SecurityGroup", "web"],
      ["SecurityGroupRule", "ssh"],
      ["SecurityGroupRule", "http"],
      ["Port", "port"],
      ["Server", "server"],
      ["FloatingIp", "address"],
    ])
      expect(stdout).to.match(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/openstack:${kind} ${name} create`));
  });

  it("up puts the server on the port, behind the group, reachable on the floating IP; nothing changes after", async function () {
    this.timeout(400_000);
    const result = await program!.up(config);
    const server = byName(result.resources, "server");
    const port = byName(result.resources, "port");
    const group = byName(result.resources, "web");
    const address = byName(result.resources, "address");
    const live = await witness.ports(`device_id=${server.id}`);
    expect(live.map((p) => p.id)).to.deep.equal([port.id]);
    const cliPort = (await openstackCli(use(), ["port", "show", port.id])) as {
      security_group_ids: string[];
      fixed_ips: Array<{ ip_address: string }>;
    };
    expect(cliPort.security_group_ids).to.deep.equal([group.id]);
    const fip = (await openstackCli(use(), ["floating", "ip", "show", address.id])) as { port_id: string };
    expect(fip.port_id).to.equal(port.id);
    ids = {
      server: server.id,
      port: port.id,
      group: group.id,
      address: address.id,
      fixedIp: cliPort.fixed_ips[0]!.ip_address,
    };
    const rules = await ingressRules();
    expect(rules.map((r) => r.summary).sort()).to.deep.equal([
      "tcp 22:22 192.0.2.0/24",
      "tcp 80:80 0.0.0.0/0",
    ]);
    expect(result.outputs.url).to.match(/^http:\/\/[\d.]+:80\/$/);
    await expectNoChanges(program!);
  });

  it("a new http port replaces only that rule", async function () {
    this.timeout(240_000);
    const next = { ...config, httpPort: "8080" };
    await expectPreviewDiff(program!, next, { resource: "http", property: "portRangeMin", op: "replace" });
    const result = await program!.up(next);
    expect(byName(result.resources, "http").action).to.equal("replaced");
    for (const name of ["ssh", "web", "port", "server", "address"])
      expect(byName(result.resources, name).action, name).to.equal("same");
    const ranges = (await ingressRules()).map((r) => r.range).sort();
    expect(ranges).to.deep.equal(["22:22", "8080:8080"]);
    config = next;
  });

  it("a new release replaces the server, old one first; the port keeps its address and floating IP", async function () {
    this.timeout(400_000);
    const next = { ...config, release: "2" };
    // user data is secret: the preview shows the replacement (old server deleted first) without the value
    await program!.useConfig(next);
    const preview = await program!.preview([]);
    expect(preview.code, preview.stdout + preview.stderr).to.equal(0);
    expect(preview.stdout).to.match(
      /--\s+pulumi-nodejs:dynamic\/openstack:Server\s+server\s+delete original/,
    );
    expect(preview.stdout).to.match(/\+-1 to replace/);
    expect(preview.stdout).to.not.include("release 2");
    const result = await program!.up(next);
    const server = byName(result.resources, "server");
    expect(server.action).to.equal("replaced");
    expect(server.id).to.not.equal(ids.server);
    expect(byName(result.resources, "port")).to.include({ action: "same", id: ids.port });
    expect(byName(result.resources, "address")).to.include({ action: "same", id: ids.address });
    await witness.serverGone(ids.server);
    const cliPort = (await openstackCli(use(), ["port", "show", ids.port])) as {
      device_id: string;
      fixed_ips: Array<{ ip_address: string }>;
    };
    expect(cliPort.device_id).to.equal(server.id);
    expect(cliPort.fixed_ips[0]!.ip_address).to.equal(ids.fixedIp);
    ids.server = server.id;
    config = next;
    await expectNoChanges(program!);
  });

  it("a rule deleted and a group description changed out of band are reported by refresh and put back by up", async function () {
    this.timeout(300_000);
    await openstackCli(use(), [
      "--no-json",
      "security",
      "group",
      "set",
      "--description",
      "drifted",
      ids.group,
    ]);
    await expectDrift(program!, "web", "description");
    const ssh = (await ingressRules()).find((r) => r.range === "22:22")!;
    await openstackCli(use(), ["--no-json", "security", "group", "rule", "delete", ssh.id]);
    const refresh = await program!.refresh(["--preview-only", "--expect-no-changes"]);
    expect(refresh.code, "refresh reports the deleted rule").to.not.equal(0);
    const result = await program!.up(config, ["--refresh"]);
    expect(byName(result.resources, "ssh").action).to.equal("created");
    const group = (await openstackCli(use(), ["security", "group", "show", ids.group])) as {
      description: string;
    };
    expect(group.description).to.equal("ssh from the admin range, http from anywhere");
    expect((await ingressRules()).map((r) => r.range).sort()).to.deep.equal(["22:22", "8080:8080"]);
    await expectNoChanges(program!);
  });

  it("destroy removes the address, server, port, rules and group", async function () {
    this.timeout(300_000);
    await program!.destroy();
    expect(program!.state).to.deep.equal([]);
    await witness.serverGone(ids.server);
    expect(await witness.ports(`name=${prefix}-port`)).to.deep.equal([]);
    const groups = (await openstackCli(use(), [
      "security",
      "group",
      "list",
      "--project",
      witness.projectId,
    ])) as Array<{
      Name: string;
    }>;
    expect(groups.filter((g) => g.Name.startsWith(prefix))).to.deep.equal([]);
  });
});
