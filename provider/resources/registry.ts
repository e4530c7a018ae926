// Every resource kind the runtime serves, by the name its provider object passes.
import type { ResourceDefinition } from "./framework/definition";
import { keyPairDefinition } from "./keypair/keypair";
import { networkDefinition } from "./network/network";

export const definitions: Record<string, ResourceDefinition> = {
  KeyPair: keyPairDefinition,
  Network: networkDefinition,
};
