// Type-checked by `npm run typecheck`, never run: the README's resource example must compile.
import * as os from "../../../provider";

export function readmeProgram() {
  const net = new os.Network("app", {});
  const subnet = new os.Subnet("app", {
    networkId: net.id,
    cidr: "10.10.0.0/24",
    dnsNameservers: ["9.9.9.9"],
  });
  const router = new os.Router("app", { externalNetworkId: "public" });
  new os.RouterInterface("app", { routerId: router.id, subnetId: subnet.id });
  const key = new os.KeyPair("deployer", {}); // generates an ed25519 key; key.privateKey is a secret
  const web = new os.Server("web", {
    flavor: "m1.small",
    image: "cirros",
    keyPair: key.name,
    networks: [{ uuid: net.id }],
    userData: "#cloud-config\n",
  });
  const ip = new os.FloatingIp("web", { pool: "public", serverId: web.id });
  const spread = new os.ServerGroup("db", { policy: "anti-affinity" });
  const db = new os.Server("db", {
    flavor: "m1.small",
    image: "cirros", // copied into the boot volume; without blockDevices the server boots from it directly
    blockDevices: [{ sourceType: "image", volumeSize: 10, bootIndex: 0 }], // deleted with the server
    schedulerHints: { group: spread.id },
    networks: [{ uuid: net.id }],
  });
  const data = new os.Volume("db-data", { size: 50 }); // size can grow in place, never shrink
  new os.VolumeAttachment("db-data", { serverId: db.id, volumeId: data.id });
  return { address: ip.address, privateKey: key.privateKey };
}

export function readmeSecurityGroups() {
  const web = new os.SecurityGroup("web", { deleteDefaultRules: true });
  new os.SecurityGroupRule("ssh", {
    securityGroupId: web.id,
    direction: "ingress",
    protocol: "tcp",
    portRangeMin: 22,
    portRangeMax: 22,
    remoteIpPrefix: "10.0.0.0/8",
  });
  new os.SecurityGroupRule("ping", { securityGroupId: web.id, direction: "ingress", protocol: "icmp" });
  new os.SecurityGroupRule("out", { securityGroupId: web.id, direction: "egress", ethertype: "IPv4" });
  return web.ruleIds;
}
