// Every resource kind the runtime serves, by the name its provider object passes.
import type { ResourceDefinition } from "./framework/definition";
import { imageDefinition } from "./image/image";
import { keyPairDefinition } from "./keypair/keypair";
import { networkDefinition } from "./network/network";
import { serverDefinition } from "./server/server";

export const definitions: Record<string, ResourceDefinition> = {
  Image: imageDefinition,
  KeyPair: keyPairDefinition,
  Network: networkDefinition,
  Server: serverDefinition,
};
