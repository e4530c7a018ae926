// The engine tier's program for engine facts: a plain dynamic provider whose create fails with an error
// message of the configured size, beside a resource of this package, so the test sees whether the
// provider host keeps answering after a long message.
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;
const errorBytes = config.getNumber("errorBytes");

const failing: pulumi.dynamic.ResourceProvider = {
  create(inputs: { bytes: number }) {
    return Promise.reject(new Error(`long message: ${"x".repeat(inputs.bytes)}`));
  },
};

class Failing extends pulumi.dynamic.Resource {
  constructor(name: string, props: { bytes: number; after: pulumi.Input<string> }) {
    super(failing, name, props);
  }
}

const network = new os.Network("network", { name: `${prefix}-net` });
if (errorBytes !== undefined) {
  // depends on the network, so the host has answered for it before it fails
  new Failing("failing", { bytes: errorBytes, after: network.id });
}
// registered seconds after the failure: made by the same provider host, if it still answers
const later = network.id.apply(
  (id) => new Promise<string>((resolve) => setTimeout(() => resolve(`after ${id}`), 4000)),
);
const second = new os.Network("second", { name: `${prefix}-second`, description: later });
export const networkId = network.id;
export const secondId = second.id;
