// Malformed inputs, per resource, as a user would write them: each must be refused by check (which
// sends nothing) with a failure on the property at fault. The table is also the measure of how many
// mistakes are caught before the cloud sees them.
import { expect } from "chai";
import { checkInputs } from "../../../provider/resources/framework/host/check";
import { withCommonProperties } from "../../../provider/resources/framework/schema/common";
import { definitions } from "../../../provider/resources/registry";

const long = (n: number, ch = "a") => ch.repeat(n);
const ESC = "web\u001b[31mred\u001b[0m";
const EMOJI = "web-\u{1F600}";
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYpGEV3kBjfG5kKnXq1Ck/5Px6V8AXiNczKOQCJDO2b";

interface Case {
  /** Property the failure must name. */
  property: string;
  inputs: Record<string, unknown>;
  /** Text the reason must contain (the limit, the size). */
  says?: string[];
  /** Text the reason must not contain (a secret's value). */
  hides?: string[];
}

const TAG_CASES = (property = "tags"): Case[] => [
  { property, inputs: { [property]: [long(61)] }, says: ["61 characters", "limit is 60"] },
  { property, inputs: { [property]: ["a,b"] }, says: [","] },
  { property, inputs: { [property]: ["a/b"] }, says: ["/"] },
  { property, inputs: { [property]: [""] }, says: ["empty"] },
  { property, inputs: { [property]: ["x\u0007"] }, says: ["U+0007"] },
  {
    property,
    inputs: { [property]: Array.from({ length: 51 }, (_, i) => `t${i}`) },
    says: ["51 items", "50"],
  },
];

const NEUTRON_TEXT = (extra: string[] = []): Case[] => [
  { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
  { property: "name", inputs: { name: ESC }, says: ["U+001B"] },
  { property: "name", inputs: { name: EMOJI }, says: ["U+1F600", "utf8mb3"] },
  { property: "description", inputs: { description: long(256) }, says: ["256 characters", "255"] },
  { property: "description", inputs: { description: "bell\u0007" }, says: ["U+0007"] },
  { property: "description", inputs: { description: `x${"\u{1F4A9}"}` }, says: ["utf8mb3"] },
  ...TAG_CASES(),
  ...extra.map((property) => ({
    property,
    inputs: { [property]: "\u001b]0;title\u0007" },
    says: ["U+001B"],
  })),
];

const TABLE: Record<string, { base: Record<string, unknown>; cases: Case[] }> = {
  Network: {
    base: { name: "net" },
    cases: [
      ...NEUTRON_TEXT(["projectId"]),
      { property: "mtu", inputs: { mtu: -1 }, says: ["-1", "68"] },
      { property: "mtu", inputs: { mtu: 0 }, says: ["minimum is 68"] },
      { property: "mtu", inputs: { mtu: 70000 }, says: ["65535"] },
      { property: "availabilityZoneHints", inputs: { availabilityZoneHints: [long(256)] }, says: ["255"] },
      { property: "qosPolicyId", inputs: { qosPolicyId: "  " }, says: ["blank"] },
      { property: "qosPolicyId", inputs: { qosPolicyId: ESC }, says: ["U+001B"] },
      { property: "dnsDomain", inputs: { dnsDomain: "example.org" }, says: ["dot", "example.org."] },
      { property: "dnsDomain", inputs: { dnsDomain: "web_1.example.org." }, says: ["web_1", "lower-case"] },
      { property: "segments", inputs: { segments: [{ networkType: "ovs" }] }, says: ["vxlan"] },
      {
        property: "segments",
        inputs: { segments: [{ networkType: "vlan", physicalNetwork: "physnet1", segmentationId: 5000 }] },
        says: ["5000", "1 to 4094"],
      },
      { property: "segments", inputs: { segments: [{ networkType: "flat" }] }, says: ["physicalNetwork"] },
    ],
  },
  Subnet: {
    base: { name: "sub", networkId: "n-1", cidr: "10.0.0.0/24" },
    cases: [
      ...NEUTRON_TEXT(),
      { property: "networkId", inputs: { networkId: "" }, says: ["empty"] },
      { property: "networkId", inputs: { networkId: "   " }, says: ["blank"] },
      { property: "networkId", inputs: { networkId: ESC }, says: ["U+001B"] },
      {
        property: "ipv6AddressMode",
        inputs: { ipv6AddressMode: "auto" },
        says: ["slaac", "dhcpv6-stateful"],
      },
      { property: "ipv6RaMode", inputs: { ipv6RaMode: "dhcpv6" }, says: ["dhcpv6-stateless"] },
      { property: "ipv6AddressMode", inputs: { ipv6AddressMode: "slaac" }, says: ["IPv6 subnets only"] },
      {
        property: "ipv6RaMode",
        inputs: { cidr: "fd00::/64", ipv6AddressMode: "slaac", ipv6RaMode: "dhcpv6-stateful" },
        says: ["same"],
      },
      { property: "cidr", inputs: { cidr: "fd00::/48", ipv6AddressMode: "slaac" }, says: ["/64", "/48"] },
      { property: "subnetPoolId", inputs: { subnetPoolId: " " }, says: ["blank"] },
      { property: "prefixLength", inputs: { subnetPoolId: "p-1", prefixLength: 24 }, says: ["exclusive"] },
      {
        property: "prefixLength",
        inputs: { cidr: undefined, subnetPoolId: "p-1", prefixLength: 0 },
        says: ["1"],
      },
      {
        property: "prefixLength",
        inputs: { cidr: undefined, subnetPoolId: "p-1", ipVersion: 4, prefixLength: 32 },
        says: ["1 to 30"],
      },
      { property: "cidr", inputs: { cidr: undefined }, says: ["subnetPoolId"] },
    ],
  },
  Router: {
    base: { name: "router" },
    cases: [
      ...NEUTRON_TEXT(),
      { property: "externalNetworkId", inputs: { externalNetworkId: " " }, says: ["blank"] },
      {
        property: "externalFixedIps",
        inputs: { externalNetworkId: "public", externalFixedIps: [{ ipAddress: "172.24.4.300" }] },
        says: ["externalFixedIps[0].ipAddress", "172.24.4.300"],
      },
      {
        property: "externalFixedIps",
        inputs: { externalFixedIps: [{ subnetId: "s" }] },
        says: ["externalNetworkId"],
      },
      {
        property: "externalSubnetIds",
        inputs: { externalNetworkId: "public", externalSubnetIds: ["s", "s"] },
        says: ["twice"],
      },
      {
        property: "externalSubnetIds",
        inputs: {
          externalNetworkId: "public",
          externalSubnetIds: ["s"],
          externalFixedIps: [{ subnetId: "s" }],
        },
        says: ["exclusive"],
      },
    ],
  },
  Port: {
    base: { name: "port", networkId: "n-1" },
    cases: [
      ...NEUTRON_TEXT(["projectId"]),
      { property: "networkId", inputs: { networkId: "" }, says: ["empty"] },
      {
        property: "fixedIps",
        inputs: { fixedIps: [{}] },
        says: ["fixedIps[0]", "subnetId, ipAddress or both"],
      },
      {
        property: "fixedIps",
        inputs: { fixedIps: [{ ipAddress: "10.0.0.300" }] },
        says: ["fixedIps[0].ipAddress", "not an IPv4 or IPv6 address"],
      },
      { property: "fixedIps", inputs: { fixedIps: "10.0.0.5" }, says: ["list of objects"] },
      {
        property: "allowedAddressPairs",
        inputs: { allowedAddressPairs: [{ ipAddress: "10.0.0.0/33" }] },
        says: ["allowedAddressPairs[0].ipAddress", "not a CIDR"],
      },
      {
        property: "allowedAddressPairs",
        inputs: { allowedAddressPairs: [{ ipAddress: "10.0.0.5", macAddress: "zz:16:3e:00:00:01" }] },
        says: ["allowedAddressPairs[0].macAddress", "six hex pairs"],
      },
      { property: "macAddress", inputs: { macAddress: "fa:16:3e:1:2:3" }, says: ["not a MAC address"] },
      { property: "macAddress", inputs: { macAddress: "ff:ff:ff:ff:ff:ff" }, says: ["reserved"] },
      { property: "securityGroups", inputs: { securityGroups: ["web"] }, says: ["ids (UUIDs), not names"] },
      {
        property: "securityGroups",
        inputs: { portSecurityEnabled: false, securityGroups: ["0f4c1e0a-8d55-4d6e-9a3e-2b1d7a7c9f10"] },
        says: ["portSecurityEnabled is false"],
      },
    ],
  },
  FloatingIp: {
    base: { pool: "public" },
    cases: [
      { property: "description", inputs: { description: long(256) }, says: ["255"] },
      { property: "description", inputs: { description: ESC }, says: ["U+001B"] },
      ...TAG_CASES(),
      { property: "pool", inputs: { pool: "" }, says: ["empty"] },
      { property: "pool", inputs: { pool: ESC }, says: ["U+001B"] },
      { property: "serverId", inputs: { serverId: "  " }, says: ["blank"] },
    ],
  },
  KeyPair: {
    base: { name: "deployer" },
    cases: [
      { property: "name", inputs: { name: "   " }, says: ["blank"] },
      { property: "name", inputs: { name: " deployer" }, says: ["whitespace"] },
      { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
      { property: "name", inputs: { name: ESC } },
      {
        property: "publicKey",
        inputs: { publicKey: `${ED25519} ${long(65536)}` },
        says: ["bytes", "65535"],
      },
    ],
  },
  Server: {
    base: { name: "web", flavor: "m1.tiny", image: "cirros" },
    cases: [
      { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
      { property: "name", inputs: { name: "   " }, says: ["blank"] },
      { property: "name", inputs: { name: "web " }, says: ["whitespace"] },
      { property: "name", inputs: { name: ESC }, says: ["U+001B"] },
      { property: "name", inputs: { name: EMOJI }, says: ["utf8mb3"] },
      { property: "description", inputs: { description: long(256) }, says: ["255"] },
      { property: "flavor", inputs: { flavor: "" }, says: ["empty"] },
      { property: "image", inputs: { image: "  " }, says: ["blank"] },
      { property: "image", inputs: { image: ESC }, says: ["U+001B"] },
      { property: "keyPair", inputs: { keyPair: long(256) }, says: ["255"] },
      { property: "availabilityZone", inputs: { availabilityZone: ESC }, says: ["U+001B"] },
      { property: "securityGroups", inputs: { securityGroups: [""] }, says: ["empty"] },
      {
        property: "userData",
        inputs: { userData: long(49200) },
        says: ["49200 bytes", "65600 once base64-encoded", "65535"],
        hides: [long(100)],
      },
      { property: "metadata", inputs: { metadata: { [long(256)]: "v" } }, says: ["256 characters", "255"] },
      { property: "metadata", inputs: { metadata: { k: long(256) } }, says: ["256 characters", "255"] },
      { property: "metadata", inputs: { metadata: { "": "v" } }, says: ["empty"] },
      { property: "metadata", inputs: { metadata: { k: ESC } }, says: ["U+001B"] },
      { property: "metadata", inputs: { metadata: { [EMOJI]: "v" } }, says: ["utf8mb3"] },
      {
        property: "metadata",
        inputs: { metadata: Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"])) },
        says: ["129 entries", "128"],
      },
      ...TAG_CASES(),
      { property: "adminPass", inputs: { adminPass: 987654321 }, says: ["a number"], hides: ["987654321"] },
      { property: "adminPass", inputs: { adminPass: ["s3cr3t-pass"] }, hides: ["s3cr3t-pass"] },
      {
        property: "adminPass",
        inputs: { adminPass: "pass\u0000word" },
        says: ["U+0000"],
        hides: ["pass", "word"],
      },
    ],
  },
  Image: {
    base: { name: "img", diskFormat: "raw", url: "https://images.example.net/cirros.img" },
    cases: [
      { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
      { property: "name", inputs: { name: ESC }, says: ["U+001B"] },
      { property: "name", inputs: { name: EMOJI }, says: ["utf8mb3"] },
      { property: "tags", inputs: { tags: [long(256)] }, says: ["256 characters", "255"] },
      { property: "tags", inputs: { tags: ["x\u001b"] }, says: ["U+001B"] },
      { property: "visibility", inputs: { visibility: ESC }, says: ["private"] },
      { property: "properties", inputs: { properties: { [long(256)]: "v" } }, says: ["255"] },
      { property: "properties", inputs: { properties: { os_distro: ESC } }, says: ["U+001B"] },
      { property: "minDisk", inputs: { minDisk: 2 ** 31 }, says: ["2147483647"] },
      { property: "minRam", inputs: { minRam: 2 ** 31 }, says: ["2147483647"] },
    ],
  },
  Volume: {
    base: { name: "data", size: 1 },
    cases: [
      { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
      { property: "name", inputs: { name: ESC }, says: ["U+001B"] },
      { property: "description", inputs: { description: `x${"\u{1F4A9}"}` }, says: ["utf8mb3"] },
      { property: "volumeType", inputs: { volumeType: "  " }, says: ["blank"] },
      { property: "metadata", inputs: { metadata: { [long(256)]: "v" } }, says: ["255"] },
      {
        property: "metadata",
        inputs: { metadata: Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, "v"])) },
        says: ["129", "128"],
      },
    ],
  },
  VolumeAttachment: {
    base: { serverId: "s-1", volumeId: "v-1" },
    cases: [
      { property: "serverId", inputs: { serverId: "" }, says: ["empty"] },
      { property: "volumeId", inputs: { volumeId: ESC }, says: ["U+001B"] },
    ],
  },
  ServerGroup: {
    base: { name: "spread", policy: "anti-affinity" },
    cases: [
      { property: "name", inputs: { name: long(256) }, says: ["256 characters", "255"] },
      { property: "name", inputs: { name: EMOJI }, says: ["U+1F600"] },
    ],
  },
  SecurityGroup: {
    base: { name: "web" },
    cases: [
      ...NEUTRON_TEXT(["projectId"]),
      { property: "name", inputs: { name: "Default" }, says: ["reserved", "another name"] },
      { property: "stateful", inputs: { stateful: "no" }, says: ["true or false"] },
      { property: "deleteDefaultRules", inputs: { deleteDefaultRules: 1 }, says: ["true or false"] },
    ],
  },
  SecurityGroupRule: {
    base: { securityGroupId: "sg-1", direction: "ingress" },
    cases: [
      { property: "securityGroupId", inputs: { securityGroupId: "" }, says: ["empty"] },
      { property: "securityGroupId", inputs: { securityGroupId: ESC }, says: ["U+001B"] },
      { property: "direction", inputs: { direction: "in" }, says: ["ingress, egress"] },
      { property: "ethertype", inputs: { ethertype: "IPv5" }, says: ["IPv4, IPv6"] },
      { property: "protocol", inputs: { protocol: "http" }, says: ["0 to 255", "tcp"] },
      { property: "protocol", inputs: { protocol: 300 }, says: ["0 to 255"] },
      { property: "protocol", inputs: { protocol: "ipv6-icmp" }, says: ["IPv6"] },
      {
        property: "portRangeMin",
        inputs: { protocol: "tcp", portRangeMin: 0, portRangeMax: 80 },
        says: ["1 to 65535"],
      },
      { property: "portRangeMax", inputs: { protocol: "tcp", portRangeMin: 80 }, says: ["required"] },
      {
        property: "portRangeMin",
        inputs: { protocol: "udp", portRangeMin: 90, portRangeMax: 80 },
        says: ["90", "80"],
      },
      {
        property: "portRangeMax",
        inputs: { protocol: "tcp", portRangeMin: 1, portRangeMax: 70000 },
        says: ["65535"],
      },
      { property: "portRangeMin", inputs: { protocol: "icmp", portRangeMin: 256 }, says: ["0 to 255"] },
      { property: "portRangeMin", inputs: { protocol: "icmp", portRangeMax: 1 }, says: ["ICMP type"] },
      { property: "portRangeMin", inputs: { portRangeMin: 22, portRangeMax: 22 }, says: ["protocol"] },
      { property: "portRangeMin", inputs: { protocol: "gre", portRangeMin: 1 }, says: ["no ports"] },
      { property: "remoteIpPrefix", inputs: { remoteIpPrefix: "10.1.2.3/8" }, says: ["10.0.0.0/8"] },
      { property: "remoteIpPrefix", inputs: { remoteIpPrefix: "any" }, says: ["not a CIDR"] },
      { property: "remoteIpPrefix", inputs: { remoteIpPrefix: "::/0" }, says: ["IPv6", "ethertype"] },
      {
        property: "remoteGroupId",
        inputs: { remoteGroupId: "sg-2", remoteIpPrefix: "10.0.0.0/8" },
        says: ["exclusive"],
      },
      { property: "description", inputs: { description: long(256) }, says: ["255"] },
    ],
  },
  RouterInterface: {
    base: { routerId: "r-1", subnetId: "s-1" },
    cases: [
      { property: "routerId", inputs: { routerId: "" }, says: ["empty"] },
      { property: "routerId", inputs: { routerId: ESC }, says: ["U+001B"] },
      { property: "subnetId", inputs: { subnetId: "  " }, says: ["blank"] },
    ],
  },
};

describe("malformed inputs are refused by check, naming the property, the limit and the size", () => {
  let total = 0;
  for (const [kind, { base, cases }] of Object.entries(TABLE)) {
    const def = definitions[kind]!;
    const schema = withCommonProperties(def.schema);
    describe(kind, () => {
      it("its valid base is accepted", () => {
        expect(checkInputs(schema, base).failures).to.deep.equal([]);
      });
      for (const c of cases) {
        total++;
        const label = JSON.stringify(c.inputs).slice(0, 70);
        it(`${c.property}: ${label}`, () => {
          const failures = checkInputs(schema, { ...base, ...c.inputs }).failures;
          const failure = failures.find((f) => f.property === c.property);
          expect(failure, `no failure on ${c.property}; got ${JSON.stringify(failures)}`).to.not.equal(
            undefined,
          );
          for (const text of c.says ?? []) expect(failure!.reason).to.include(text);
          for (const text of c.hides ?? []) expect(failure!.reason).not.to.include(text);
          // a reason never carries a control character to the terminal
          // eslint-disable-next-line no-control-regex
          expect(failure!.reason).not.to.match(/[\u0000-\u0008\u000b-\u001f\u007f]/u);
        });
      }
    });
  }
  it("covers every resource kind", () => {
    expect(Object.keys(TABLE).sort()).to.deep.equal(Object.keys(definitions).sort());
    expect(total).to.be.greaterThan(100);
  });
});
