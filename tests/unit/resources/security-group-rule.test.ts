// SecurityGroupRule without a cloud: what check refuses (as Neutron would, naming the property), the
// forms Neutron stores that must not show as drift, when a replacement deletes first, and the create's
// idempotence by attributes against a stand-in Neutron.
import { expect } from "chai";
import type { OpenStackClient } from "../../../provider/client/client";
import { ConflictError, NotFoundError, ServiceError } from "../../../provider/errors";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { diffState } from "../../../provider/resources/framework/host/diff";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { SecurityGroupRule } from "../../../provider/resources/security-group-rule/security-group-rule";

const schema = withCommonProperties(SecurityGroupRule.definition.schema);
const GROUP = "11111111-1111-1111-1111-111111111111";
const base = { securityGroupId: GROUP, direction: "ingress" };

const check = (inputs: Props) => checkInputs(schema, { ...base, ...inputs });
const accepted = (inputs: Props) => {
  const result = check(inputs);
  expect(result.failures, JSON.stringify(inputs)).to.deep.equal([]);
  return result.inputs;
};
const refused = (inputs: Props) => {
  const failures = check(inputs).failures;
  expect(failures, `${JSON.stringify(inputs)} was accepted`).to.have.length(1);
  return failures[0]!;
};

describe("SecurityGroupRule: check", () => {
  it("accepts what Neutron accepts, in its canonical form", () => {
    expect(accepted({})).to.deep.include({ ethertype: "IPv4" });
    expect(accepted({ protocol: "TCP", portRangeMin: 22, portRangeMax: 22 }).protocol).to.equal("tcp");
    expect(accepted({ protocol: 6, portRangeMin: 1, portRangeMax: 65535 }).protocol).to.equal("6");
    expect(accepted({ protocol: "017", portRangeMin: 53, portRangeMax: 53 }).protocol).to.equal("17");
    accepted({ protocol: "any", remoteIpPrefix: "0.0.0.0/0" });
    accepted({ protocol: "icmp", portRangeMin: 8, portRangeMax: 0 });
    accepted({ protocol: "icmp", portRangeMin: 0 });
    accepted({ protocol: "ipv6-icmp", ethertype: "IPv6", portRangeMin: 128, portRangeMax: 0 });
    accepted({ protocol: "icmp", ethertype: "IPv6" });
    accepted({ protocol: "gre" });
    accepted({ protocol: 255 });
    accepted({ ethertype: "IPv6", remoteIpPrefix: "2001:db8::/32" });
    accepted({ remoteGroupId: GROUP });
    expect(accepted({ ethertype: "IPv6", remoteIpPrefix: "FD00:0::/64" }).remoteIpPrefix).to.equal(
      "fd00::/64",
    );
    // values the engine does not know yet pass, to be judged when they are
    accepted({ protocol: UNKNOWN, portRangeMin: 22, portRangeMax: 22 });
    accepted({ remoteIpPrefix: UNKNOWN, remoteGroupId: GROUP });
  });

  it("refuses a protocol Neutron does not know, listing what it takes", () => {
    const f = refused({ protocol: "http" });
    expect(f.property).to.equal("protocol");
    expect(f.reason).to.include('"http" is not valid').and.include("0 to 255").and.include("tcp, udp");
    expect(refused({ protocol: 256 }).property).to.equal("protocol");
    expect(refused({ protocol: -1 }).property).to.equal("protocol");
    expect(refused({ protocol: 6.5 }).property).to.equal("protocol");
    expect(refused({ protocol: true }).property).to.equal("protocol");
  });

  it("refuses IPv6 protocols on IPv4", () => {
    for (const protocol of ["ipv6-icmp", "icmpv6", "58", "ipv6-frag"]) {
      const f = refused({ protocol });
      expect(f).to.deep.include({ property: "protocol" });
      expect(f.reason).to.include('set ethertype: "IPv6"');
    }
  });

  it("judges ports as Neutron does for protocols with ports", () => {
    expect(refused({ protocol: "tcp", portRangeMin: 22 })).to.deep.equal({
      property: "portRangeMax",
      reason:
        "portRangeMax is required with portRangeMin for protocol tcp: give both (the same port twice for one port)",
    });
    expect(refused({ protocol: "udp", portRangeMax: 53 }).property).to.equal("portRangeMin");
    expect(refused({ protocol: "tcp", portRangeMin: 0, portRangeMax: 80 })).to.deep.equal({
      property: "portRangeMin",
      reason: "portRangeMin is 0; ports go from 1 to 65535",
    });
    expect(refused({ protocol: "tcp", portRangeMin: 90, portRangeMax: 80 }).reason).to.include(
      "portRangeMin 90 is above portRangeMax 80",
    );
    expect(refused({ protocol: "tcp", portRangeMin: 1, portRangeMax: 65536 }).reason).to.equal(
      "portRangeMax is 65536; the maximum is 65535",
    );
  });

  it("takes ICMP type and code from 0 to 255, and no code without a type", () => {
    expect(refused({ protocol: "icmp", portRangeMin: 256 })).to.deep.equal({
      property: "portRangeMin",
      reason: "portRangeMin is the ICMP type for protocol icmp: 256; it goes from 0 to 255",
    });
    expect(refused({ protocol: "icmp", portRangeMin: 8, portRangeMax: 300 }).property).to.equal(
      "portRangeMax",
    );
    expect(refused({ protocol: "1", portRangeMax: 0 }).reason).to.include(
      "needs portRangeMin (the ICMP type)",
    );
  });

  it("refuses ports without a protocol, or on a protocol without ports", () => {
    expect(refused({ portRangeMin: 22, portRangeMax: 22 }).reason).to.include(
      "portRangeMin needs a protocol",
    );
    expect(refused({ protocol: "any", portRangeMax: 22 }).property).to.equal("portRangeMax");
    const gre = refused({ protocol: "gre", portRangeMin: 1, portRangeMax: 2 });
    expect(gre.property).to.equal("portRangeMin");
    expect(gre.reason).to.include("protocol gre has no ports");
  });

  it("refuses a prefix that is no CIDR, has host bits, or is of the other family", () => {
    expect(refused({ remoteIpPrefix: "10.0.0.5" }).reason).to.include("not a CIDR");
    expect(refused({ remoteIpPrefix: "10.0.0.5/24" }).reason).to.include("did you mean 10.0.0.0/24");
    expect(refused({ ethertype: "IPv6", remoteIpPrefix: "fd00::1/64" }).property).to.equal("remoteIpPrefix");
    expect(refused({ remoteIpPrefix: "fd00::/64" })).to.deep.equal({
      property: "remoteIpPrefix",
      reason:
        'remoteIpPrefix fd00::/64 is an IPv6 range but ethertype is IPv4: set ethertype: "IPv6", or give an IPv4 range',
    });
  });

  it("takes a remote prefix or a remote group, not both", () => {
    const f = refused({ remoteIpPrefix: "10.0.0.0/8", remoteGroupId: GROUP });
    expect(f.property).to.equal("remoteGroupId");
    expect(f.reason).to.include("exclusive");
  });

  it("refuses a direction or ethertype Neutron does not have", () => {
    expect(refused({ direction: "inbound" }).reason).to.equal(
      'direction "inbound" is not valid: use one of ingress, egress',
    );
    expect(refused({ ethertype: "ipv4" }).reason).to.include("IPv4, IPv6");
  });
});

describe("SecurityGroupRule: diff", () => {
  const state = {
    ...accepted({ protocol: "tcp", portRangeMin: 22, portRangeMax: 22, description: "ssh" }),
    projectId: "p-1",
  };

  it("replaces on every change", () => {
    const d = diffState(schema, state, accepted({ protocol: "tcp", portRangeMin: 22, portRangeMax: 23 }));
    expect(d.replaces).to.deep.equal(["portRangeMax", "description"]);
    expect(d.updates).to.deep.equal([]);
    expect(d.deleteBeforeReplace).to.equal(false);
  });

  it("deletes first when Neutron would take the new rule for the old one", () => {
    const described = accepted({ protocol: "6", portRangeMin: 22, portRangeMax: 22, description: "other" });
    const d = diffState(schema, state, described);
    expect(d.replaces).to.deep.equal(["protocol", "description"]);
    expect(d.deleteBeforeReplace).to.equal(true);
  });
});

// ------------------------------------------------------------------------------------------------

interface NeutronRule extends Props {
  id: string;
}

/**
 * A stand-in Neutron: the group's rules, and a script for the next POSTs. `slowLists`: how many lists
 * do not show a rule yet (a create Neutron commits after the look-ups).
 */
function fakeNeutron(rules: NeutronRule[], posts: Array<"ok" | "lose">, slowLists = 0) {
  let made = 0;
  let lists = 0;
  const calls: string[] = [];
  const client = {
    request(_service: string, req: { method?: string; path: string; body?: Record<string, Props> }) {
      const method = req.method ?? "GET";
      calls.push(`${method} ${req.path}`);
      const ok = (data: unknown) => Promise.resolve({ status: 200, headers: {}, data });
      if (method === "GET" && req.path === "/v2.0/security-group-rules") {
        const shown = lists++ === 0 || lists > slowLists + 1 ? rules : rules.slice(0, -made || undefined);
        return ok({ security_group_rules: shown });
      }
      const one = /^\/v2\.0\/security-group-rules\/(.+)$/.exec(req.path);
      if (method === "GET" && one) {
        const found = rules.find((r) => r.id === one[1]);
        return found ? ok({ security_group_rule: found }) : Promise.reject(new NotFoundError("404"));
      }
      if (method === "POST") {
        const body = req.body!.security_group_rule!;
        const twin = rules.find(
          (r) => r.protocol === body.protocol && r.port_range_min === body.port_range_min,
        );
        if (twin) {
          return Promise.reject(
            new ConflictError("409", {
              status: 409,
              method,
              serviceMessage: `Security group rule already exists. Rule id is ${twin.id}.`,
            }),
          );
        }
        const rule: NeutronRule = {
          id: `00000000-0000-0000-0000-00000000000${++made}`,
          remote_ip_prefix: null,
          remote_group_id: null,
          port_range_max: null,
          ...body,
        };
        rules.push(rule);
        if (posts.shift() === "lose")
          return Promise.reject(new ServiceError("502 Bad Gateway", { status: 502, method }));
        return ok({ security_group_rule: rule });
      }
      return Promise.reject(new Error(`unexpected ${method} ${req.path}`));
    },
  } as unknown as OpenStackClient;
  const logs: string[] = [];
  const ctx: OperationContext = { client, deadline: new Deadline("test", 30), log: (m) => logs.push(m) };
  return { ctx, calls, logs, rules };
}

const ssh = { ...base, ethertype: "IPv4", protocol: "tcp", portRangeMin: 22, portRangeMax: 22 };
const neutronSsh = (id: string): NeutronRule => ({
  id,
  security_group_id: GROUP,
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "tcp",
  port_range_min: 22,
  port_range_max: 22,
  remote_ip_prefix: null,
  remote_group_id: null,
  description: "",
});

describe("SecurityGroupRule: create", () => {
  const create = (ctx: OperationContext, inputs: Props) => SecurityGroupRule.definition.create(ctx, inputs);

  it("creates the rule, its outputs under the input names", async () => {
    const n = fakeNeutron([], ["ok"]);
    const made = await create(n.ctx, ssh);
    expect(made.outs).to.deep.include({
      protocol: "tcp",
      portRangeMin: 22,
      portRangeMax: 22,
      ethertype: "IPv4",
    });
    expect(n.rules).to.have.length(1);
  });

  it("fails naming someone else's identical rule, without sending a create", async () => {
    const theirs = "99999999-9999-9999-9999-999999999999";
    const n = fakeNeutron([neutronSsh(theirs)], ["ok"]);
    // the same rule by number: Neutron takes it for a duplicate too
    const error = await create(n.ctx, { ...ssh, protocol: "6" }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).to.be.instanceOf(ConflictError);
    expect(error!.message).to.include(`already has rule ${theirs}`).and.include(`adoptId: "${theirs}"`);
    expect(n.calls.filter((c) => c.startsWith("POST"))).to.deep.equal([]);
  });

  it("adopts the rule its own create made when the answer was lost", async () => {
    const n = fakeNeutron([], ["lose"]);
    const made = await create(n.ctx, ssh);
    expect(n.rules).to.have.length(1);
    expect(made.id).to.equal(n.rules[0]!.id);
    expect(n.calls.filter((c) => c.startsWith("POST"))).to.have.length(1);
    expect(n.logs.join("\n")).to.include("adopted");
  });

  it("adopts its own rule when a create sent again after a lost answer is refused as a duplicate", async function () {
    this.timeout(10_000);
    // the look-ups after the lost answer do not see the rule yet: the create is sent again
    const n = fakeNeutron([], ["lose"], 2);
    const made = await create(n.ctx, ssh);
    expect(n.calls.filter((c) => c.startsWith("POST"))).to.have.length(2);
    expect(n.rules).to.have.length(1);
    expect(made.id).to.equal(n.rules[0]!.id);
  });
});

describe("SecurityGroupRule: read", () => {
  it("keeps the declared form of what Neutron stores otherwise, and shows real drift", async () => {
    const stored = {
      ...neutronSsh("r-1"),
      ethertype: "IPv6",
      protocol: "ipv6-icmp",
      port_range_min: null,
      port_range_max: null,
    };
    const n = fakeNeutron([stored], []);
    const declared = accepted({ ethertype: "IPv6", protocol: "icmp" });
    expect(await SecurityGroupRule.definition.read(n.ctx, "r-1", declared)).to.deep.include({
      protocol: "icmp",
    });
    const full = { ...neutronSsh("r-1"), port_range_min: null, port_range_max: null };
    const tcpAll = accepted({ protocol: "tcp", portRangeMin: 1, portRangeMax: 65535 });
    expect(
      await SecurityGroupRule.definition.read(fakeNeutron([full], []).ctx, "r-1", tcpAll),
    ).to.deep.include({
      portRangeMin: 1,
      portRangeMax: 65535,
    });
    const drifted = { ...neutronSsh("r-1"), protocol: "udp" };
    expect(
      await SecurityGroupRule.definition.read(fakeNeutron([drifted], []).ctx, "r-1", ssh),
    ).to.deep.include({
      protocol: "udp",
    });
    expect(await SecurityGroupRule.definition.read(fakeNeutron([], []).ctx, "r-1", ssh)).to.equal(undefined);
  });
});
