// The router's gateway network, given by id or by name: resolved to the id before anything is changed,
// and refused with the external networks listed when it is missing or not external.
import { ConfigError } from "../../errors";
import type { OpenStackClient } from "../../client/client";
import { findNetwork, networks, type NeutronNetwork } from "../../services/network";

async function choices(client: OpenStackClient): Promise<string> {
  const external = await networks.list(client, { "router:external": true });
  if (external.length === 0) return "no external network is visible to this project";
  return `external networks: ${external.map((n) => `${n.name} (${n.id})`).join(", ")}`;
}

/** The id of the external network `idOrName` designates; throws naming externalNetworkId otherwise. */
export async function resolveExternalNetwork(client: OpenStackClient, idOrName: string): Promise<string> {
  let network: NeutronNetwork | undefined;
  try {
    network = await findNetwork(client, idOrName);
  } catch (error) {
    // an ambiguous name: findNetwork says how many match
    throw new ConfigError(`externalNetworkId: ${(error as Error).message}`, { cause: error });
  }
  if (!network)
    throw new ConfigError(
      `externalNetworkId "${idOrName}": no network with this id or name; ${await choices(client)}`,
    );
  if (network["router:external"] !== true) {
    throw new ConfigError(
      `externalNetworkId "${idOrName}": network ${network.id} is not external (router:external is false); ` +
        (await choices(client)),
    );
  }
  return network.id;
}

/**
 * How state shows the gateway network: the form the user declared (a name) while it still designates
 * the live network, so that a name does not differ from the id forever; otherwise the live id.
 */
export async function declaredForm(
  client: OpenStackClient,
  liveId: string | undefined,
  declared: unknown,
): Promise<string | undefined> {
  if (liveId === undefined || typeof declared !== "string" || declared === liveId) return liveId;
  const network = await networks.get(client, liveId);
  return network?.name === declared ? declared : liveId;
}
