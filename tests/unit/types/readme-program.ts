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
  return { address: ip.address, privateKey: key.privateKey };
}
