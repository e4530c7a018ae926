// The engine tier's program for resource options: each resource exercises one option, switched by the
// stack config the test sets. It imports the package by name: inside this repository that resolves to
// the built package (dist/) through package.json's "exports".
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

// protect: the engine refuses to delete it (dropped from the program, or by destroy) while the option is set
if (config.getBoolean("protectedDeclared") ?? true) {
  new os.Network(
    "protected",
    { name: `${prefix}-protected` },
    { protect: config.getBoolean("protect") ?? true },
  );
}

// ignoreChanges: a description changed in the program is not applied
new os.Network(
  "ignored",
  { name: `${prefix}-ignored`, description: config.get("description") ?? "first" },
  { ignoreChanges: ["description"] },
);

// retainOnDelete: removed from the program (or destroyed), it stays in the cloud
if (config.getBoolean("retained") ?? true) {
  new os.KeyPair("retained", { name: `${prefix}-retained` }, { retainOnDelete: true });
}

// deleteBeforeReplace on a resource others depend on: a new cidr replaces the subnet, and the router
// interface on it must go first and come back after
const network = new os.Network("network", { name: `${prefix}-net` });
const subnet = new os.Subnet(
  "subnet",
  { networkId: network.id, cidr: config.get("cidr") ?? "10.77.0.0/24" },
  { deleteBeforeReplace: true },
);
const router = new os.Router("router", { name: `${prefix}-router` });
const routerInterface = new os.RouterInterface("interface", { routerId: router.id, subnetId: subnet.id });

// a create that fails after Nova made the server (a flavor no host fits)
const serverFlavor = config.get("serverFlavor");
if (serverFlavor !== undefined) {
  new os.Server("server", {
    name: `${prefix}-server`,
    flavor: serverFlavor,
    image: "cirros",
    networks: "none",
  });
}

export const subnetId = subnet.id;
export const interfacePortId = routerInterface.portId;
