import * as pulumi from "@pulumi/pulumi";
import { type CommonArgs, OpenStackResource, resourceProps } from "../framework/resource-class";
import { keyPairSchema } from "./keypair";

export interface KeyPairArgs extends CommonArgs {
  /** Key pair name (its id in Nova); default: the Pulumi resource name. Changing it replaces the key pair. */
  name?: pulumi.Input<string>;
  /**
   * OpenSSH public key (ssh-rsa, ssh-ed25519 or ecdsa-sha2-nistp256/384/521). When absent, the provider
   * generates an ed25519 key pair and returns the private key as the secret output `privateKey`.
   * Changing it replaces the key pair.
   */
  publicKey?: pulumi.Input<string>;
}

/** A Nova key pair, given or generated. */
export class KeyPair extends OpenStackResource {
  declare readonly name: pulumi.Output<string>;
  declare readonly publicKey: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;
  /** Only when the provider generated the key; a secret. */
  declare readonly privateKey: pulumi.Output<string | undefined>;
  declare readonly region: pulumi.Output<string | undefined>;

  constructor(name: string, args: KeyPairArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(
      "KeyPair",
      name,
      resourceProps({ ...args, name: args.name ?? name }, Object.keys(keyPairSchema.properties)),
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["privateKey"] }),
    );
  }
}
