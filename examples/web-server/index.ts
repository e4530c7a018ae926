// A web server the way production stacks build one: a security group letting in ssh from one range and
// http from anywhere, a port on a private subnet carrying that group, a server placed on the port, and
// a floating IP on the port. The port is the server's identity on the network: it keeps its addresses
// and its floating IP when the server is replaced.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const externalNetwork = config.get("externalNetwork") ?? "public";
const flavor = config.get("flavor") ?? "m1.tiny";
const image = config.get("image") ?? "cirros";
const cidr = config.get("cidr") ?? "10.30.0.0/24";
/** Who may reach port 22. */
const sshFrom = config.get("sshFrom") ?? "192.0.2.0/24";
const httpPort = config.getNumber("httpPort") ?? 80;
/** Changing it replaces the server (user data changes do): the port and its floating IP stay. */
const release = config.get("release") ?? "1";

const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

const network = new os.Network("net", { name: `${prefix}-net` });
const subnet = new os.Subnet("subnet", { name: `${prefix}-subnet`, networkId: network.id, cidr });
const router = new os.Router("router", { name: `${prefix}-router`, externalNetworkId: externalNetwork });
const routerInterface = new os.RouterInterface("router-interface", {
  routerId: router.id,
  subnetId: subnet.id,
});

const web = new os.SecurityGroup("web", {
  name: `${prefix}-web`,
  description: "ssh from the admin range, http from anywhere",
});
new os.SecurityGroupRule("ssh", {
  securityGroupId: web.id,
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "tcp",
  portRangeMin: 22,
  portRangeMax: 22,
  remoteIpPrefix: sshFrom,
});
new os.SecurityGroupRule("http", {
  securityGroupId: web.id,
  direction: "ingress",
  ethertype: "IPv4",
  protocol: "tcp",
  portRangeMin: httpPort,
  portRangeMax: httpPort,
  remoteIpPrefix: "0.0.0.0/0",
});

const port = new os.Port("port", {
  name: `${prefix}-port`,
  networkId: network.id,
  fixedIps: [{ subnetId: subnet.id }],
  securityGroups: [web.id],
});

const server = new os.Server("server", {
  name: `${prefix}-server`,
  flavor,
  image,
  networks: [{ port: port.id }],
  userData: `#cloud-config\n# release ${release}\n`,
});

// the floating IP needs the router's interface on the port's subnet to reach the port
const address = new os.FloatingIp(
  "address",
  { pool: externalNetwork, portId: port.id, description: `${prefix} web` },
  { dependsOn: [routerInterface] },
);

export const serverId = server.id;
export const portId = port.id;
export const securityGroupId = web.id;
export const floatingIp = address.address;
export const url = pulumi.interpolate`http://${address.address}:${httpPort}/`;
