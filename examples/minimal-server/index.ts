// One server and the key pair to log in to it. The server goes on an existing network named in the
// stack config, or on no network at all ("none"), which every cloud allows.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
/** Name or id of an existing network; unset: the server gets no network. */
const network = config.get("network");
const flavor = config.get("flavor") ?? "m1.tiny";
const image = config.get("image") ?? "cirros";

// Key pair names are unique per OpenStack user: the stack name keeps two stacks of this example apart.
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

// No publicKey: the provider generates an ed25519 key and keeps the private half as a secret output.
const key = new os.KeyPair("login", { name: `${prefix}-login` });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const server = new os.Server("server", {
  name: `${prefix}-server`,
  flavor,
  image,
  keyPair: key.name,
  networks: network === undefined ? "none" : [UUID.test(network) ? { uuid: network } : { name: network }],
  metadata: { example: "minimal-server" },
});

export const serverId = server.id;
export const serverName = server.name;
export const status = server.status;
export const flavorId = server.flavorId;
export const addresses = server.addresses;
export const keyPairName = key.name;
export const privateKey = key.privateKey; // a secret: `pulumi stack output privateKey --show-secrets`
