// Two key pairs: one whose key the provider generates (the private key is a secret stack output), and
// one from a public key you already have, so only its public half ever leaves your machine.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as pulumi from "@pulumi/pulumi";
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const prefix = `${pulumi.getProject()}-${pulumi.getStack()}`;

// No publicKey: an ed25519 key is generated when the key pair is created. The private key lives only in
// the stack's state, encrypted like every secret; it changes only if the key pair is replaced.
const generated = new os.KeyPair("generated", { name: `${prefix}-generated` });

/** The public key to upload: `publicKey` (the text) or `publicKeyFile` (a path, ~ allowed) from the config. */
function existingPublicKey(): string | undefined {
  const text = config.get("publicKey");
  if (text !== undefined) return text;
  const file = config.get("publicKeyFile");
  return file === undefined ? undefined : readFileSync(file.replace(/^~(?=$|\/)/, homedir()), "utf8");
}

const publicKey = existingPublicKey();
// A new public key replaces this key pair: Nova cannot change a key pair's key in place.
const existing =
  publicKey === undefined ? undefined : new os.KeyPair("existing", { name: `${prefix}-existing`, publicKey });
if (existing === undefined) {
  void pulumi.log.info(
    "no publicKey or publicKeyFile in the config: only the generated key pair is declared",
  );
}

export const generatedName = generated.name;
export const generatedPublicKey = generated.publicKey;
export const generatedFingerprint = generated.fingerprint;
// Already secret (the class says so); pulumi.secret keeps it so even if that ever changed.
export const privateKey = pulumi.secret(generated.privateKey);
export const existingName = existing?.name;
export const existingFingerprint = existing?.fingerprint;
