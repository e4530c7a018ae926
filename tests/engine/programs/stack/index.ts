// npm run bench:stack's program: `count` key pairs, networks with one subnet each, and servers on no
// network, so a stack of 4 × count resources whose creates run in parallel as far as the engine allows.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const count = config.getNumber("count") ?? 0;
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

for (let i = 0; i < count; i++) {
  new os.KeyPair(`key-${i}`, { name: `${prefix}-key-${i}` });
  const network = new os.Network(`net-${i}`, { name: `${prefix}-net-${i}` });
  new os.Subnet(`subnet-${i}`, { networkId: network.id, cidr: `10.90.${i}.0/24` });
  new os.Server(`server-${i}`, {
    name: `${prefix}-server-${i}`,
    flavor: "m1.nano",
    image: "cirros",
    networks: "none",
  });
}
