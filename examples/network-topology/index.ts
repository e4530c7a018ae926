// A private network with two IPv4 subnets (and optionally an IPv6 one), a router that connects them to
// the external network, one server on each subnet, and a floating IP on the first server.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const externalNetwork = config.get("externalNetwork") ?? "public";
const cidrA = config.get("cidrA") ?? "10.20.1.0/24";
const cidrB = config.get("cidrB") ?? "10.20.2.0/24";
const ipv6 = config.getBoolean("ipv6") ?? false;
const cidrV6 = config.get("cidrV6") ?? "fd00:20::/64";
const dnsNameservers = config.getObject<string[]>("dnsNameservers") ?? [];
const flavor = config.get("flavor") ?? "m1.tiny";
const image = config.get("image") ?? "cirros";

const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

/** The n-th address of an IPv4 range: servers get fixed addresses, so each lands on its own subnet. */
function hostAddress(cidr: string, n: number): string {
  const [address = "", bits = "32"] = cidr.split("/");
  const base = address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const mask = 2 ** (32 - Number(bits));
  const value = base - (base % mask) + n;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

// Every resource of this package has the same Pulumi type (a dynamic resource), so resource names must
// be unique across kinds: "subnet-a" and "server-a", not two "a".
const network = new os.Network("net", { name: `${prefix}-net` });

const subnetA = new os.Subnet("subnet-a", {
  name: `${prefix}-subnet-a`,
  networkId: network.id,
  cidr: cidrA,
  dnsNameservers,
});
const subnetB = new os.Subnet("subnet-b", {
  name: `${prefix}-subnet-b`,
  networkId: network.id,
  cidr: cidrB,
  dnsNameservers,
});
const subnetV6 = ipv6
  ? new os.Subnet("subnet-v6", {
      name: `${prefix}-subnet-v6`,
      networkId: network.id,
      cidr: cidrV6,
      ipVersion: 6,
    })
  : undefined;

// The gateway: the router gets an address on the external network and does SNAT for the subnets.
const router = new os.Router("router", { name: `${prefix}-router`, externalNetworkId: externalNetwork });
const interfaceA = new os.RouterInterface("interface-a", { routerId: router.id, subnetId: subnetA.id });
new os.RouterInterface("interface-b", { routerId: router.id, subnetId: subnetB.id });
if (subnetV6) new os.RouterInterface("interface-v6", { routerId: router.id, subnetId: subnetV6.id });

// Both servers are on the same network; the fixed address picks the subnet. The network input only
// names the network, so dependsOn makes sure the subnet exists before the server asks for the address.
const serverA = new os.Server(
  "server-a",
  {
    name: `${prefix}-server-a`,
    flavor,
    image,
    networks: [{ uuid: network.id, fixedIp: hostAddress(cidrA, 10) }],
  },
  { dependsOn: [subnetA] },
);
const serverB = new os.Server(
  "server-b",
  {
    name: `${prefix}-server-b`,
    flavor,
    image,
    networks: [{ uuid: network.id, fixedIp: hostAddress(cidrB, 10) }],
  },
  { dependsOn: [subnetB] },
);

// Neutron only maps a floating IP to a port whose subnet a router connects to the external network.
const floatingIp = new os.FloatingIp(
  "floating-ip-a",
  { pool: externalNetwork, serverId: serverA.id, description: `${prefix}: server-a` },
  { dependsOn: [interfaceA] },
);

export const networkId = network.id;
export const subnetIds = { a: subnetA.id, b: subnetB.id, v6: subnetV6?.id };
export const routerId = router.id;
export const routerExternalIps = router.externalFixedIps;
export const servers = {
  a: { id: serverA.id, addresses: serverA.addresses },
  b: { id: serverB.id, addresses: serverB.addresses },
};
export const floatingIpAddress = floatingIp.address;
