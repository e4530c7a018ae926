// Brings a network and a key pair that were created outside Pulumi under management. Dynamic providers
// cannot `pulumi import`; `adoptId` does the job: on the first `pulumi up` the provider reads the existing
// resource with that id instead of creating one, and changes it to match what is declared here.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const networkId = config.require("networkId");
const keyPairName = config.require("keyPairName");

// Everything declared is applied to the adopted network, the name included: declare the name it has
// unless renaming it is the point.
const network = new os.Network(
  "legacy-net",
  {
    adoptId: networkId,
    name: config.get("networkName") ?? "legacy-net",
    description: config.get("description") ?? "managed by Pulumi",
    tags: config.getObject<string[]>("tags") ?? ["pulumi"],
  },
  // Others used this network before the stack existed: `pulumi destroy` forgets it instead of deleting it.
  { retainOnDelete: true },
);

// A key pair's id is its name. Its public key cannot change in place, so none is declared: the one it
// has is kept. Without retainOnDelete, `pulumi destroy` deletes it like any resource the stack created.
const key = new os.KeyPair("legacy-key", { adoptId: keyPairName, name: keyPairName });

export const adoptedNetworkId = network.id;
export const networkName = network.name;
export const networkDescription = network.description;
export const networkTags = network.tags;
export const keyPairFingerprint = key.fingerprint;
