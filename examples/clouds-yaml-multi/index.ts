// The same small set of resources (network, subnet, key pair) in two clouds.yaml entries at once: two
// projects, two users or two regions. Each resource's `cloud` (and `region`) input picks the entry; the
// credentials stay in clouds.yaml (and secure.yaml), never in the program or the state.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

interface Site {
  label: string;
  cloud: string;
  region?: string;
  cidr: string;
}

function declare(site: Site) {
  // Changing `cloud` or `region` replaces a resource: made in the new place, deleted in the old one.
  const where = { cloud: site.cloud, region: site.region };
  const network = new os.Network(`net-${site.label}`, { name: `${prefix}-${site.label}`, ...where });
  const subnet = new os.Subnet(`subnet-${site.label}`, {
    name: `${prefix}-${site.label}`,
    networkId: network.id,
    cidr: site.cidr,
    ...where,
  });
  // Key pairs belong to a user: with two users in clouds.yaml, each gets its own.
  const key = new os.KeyPair(`key-${site.label}`, { name: `${prefix}-${site.label}`, ...where });
  return {
    cloud: site.cloud,
    networkId: network.id,
    projectId: network.projectId,
    subnetId: subnet.id,
    keyPairName: key.name,
    keyPairFingerprint: key.fingerprint,
  };
}

export const a = declare({
  label: "a",
  cloud: config.require("cloudA"),
  region: config.get("regionA"),
  cidr: config.get("cidrA") ?? "10.30.1.0/24",
});
export const b = declare({
  label: "b",
  cloud: config.require("cloudB"),
  region: config.get("regionB"),
  cidr: config.get("cidrB") ?? "10.30.2.0/24",
});
