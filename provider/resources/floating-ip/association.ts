// Which port a floating IP should be on, from portId or serverId (+ serverNetwork/fixedIp), and the
// rules for moving it: a no-op when it is already there, and a refusal to take an address that
// someone bound to another port since the state last saw it.
import type { OpenStackClient } from "../../client/client";
import { ConfigError, ConflictError, NotFoundError } from "../../errors";
import { findNetwork, type NeutronFloatingIp, ports } from "../../services/network";
import { type Deadline, pollUntil } from "../framework/host/deadline";
import type { Props } from "../framework/host/definition";

export interface Target {
  portId: string | null;
  fixedIp?: string;
}

export async function desiredTarget(client: OpenStackClient, inputs: Props): Promise<Target> {
  const fixedIp = inputs.fixedIp as string | undefined;
  if (typeof inputs.portId === "string") return { portId: inputs.portId, fixedIp };
  if (typeof inputs.serverId !== "string") return { portId: null };
  let candidates = await ports.list(client, { device_id: inputs.serverId });
  if (candidates.length === 0) {
    throw new ConfigError(`serverId ${inputs.serverId}: the server has no ports (is it on a network?)`);
  }
  if (typeof inputs.serverNetwork === "string") {
    const network = await findNetwork(client, inputs.serverNetwork);
    candidates = candidates.filter((p) => p.network_id === network?.id);
    if (candidates.length === 0) {
      throw new ConfigError(
        `serverNetwork "${inputs.serverNetwork}": the server has no port on that network`,
      );
    }
  }
  if (fixedIp) {
    candidates = candidates.filter((p) => p.fixed_ips.some((ip) => ip.ip_address === fixedIp));
    if (candidates.length === 0)
      throw new ConfigError(`fixedIp ${fixedIp}: no port of server ${inputs.serverId} has it`);
  }
  if (candidates.length > 1) {
    throw new ConfigError(
      `serverId ${inputs.serverId} has ${candidates.length} ports: choose one with serverNetwork or fixedIp`,
    );
  }
  return { portId: candidates[0]!.id, fixedIp };
}

/** Whether the address already is where it should be. */
export function isAt(fip: NeutronFloatingIp, target: Target): boolean {
  return fip.port_id === target.portId && (!target.fixedIp || fip.fixed_ip_address === target.fixedIp);
}

// Neutron's ExternalGatewayForFloatingIPNotFound (404, "External network … is not reachable from subnet
// …"): the router interface that makes the port's subnet reachable was added moments ago and Neutron
// has not caught up. A known race, which users otherwise work around with dependsOn.
const GATEWAY_RACE = /ExternalGatewayForFloatingIPNotFound|is not reachable from subnet/;

/** Whether the error is the gateway race, which a retry a moment later gets past. */
export function isGatewayRace(error: unknown): boolean {
  return (
    error instanceof NotFoundError && GATEWAY_RACE.test(`${error.serviceMessage ?? ""} ${error.message}`)
  );
}

/** Runs `associate`, again while Neutron answers the gateway race, until the operation's deadline. */
export function retryGatewayRace<T>(deadline: Deadline, associate: () => Promise<T>): Promise<T> {
  return pollUntil(deadline, async () => {
    try {
      return { done: true, value: await associate() };
    } catch (error) {
      if (!isGatewayRace(error)) throw error;
      return {
        done: false,
        state: `waiting for the router to reach the port's subnet: ${(error as Error).message}`,
      };
    }
  });
}

/** Refuses to move an address that is bound to a port the state does not know about. */
export function assertMovable(fip: NeutronFloatingIp, knownPortId: unknown): void {
  if (fip.port_id && fip.port_id !== knownPortId) {
    throw new ConflictError(
      `floating IP ${fip.floating_ip_address} is bound to port ${fip.port_id}, which this stack did not bind it ` +
        `to. Run 'pulumi refresh' to accept that binding, or detach it first ('openstack floating ip unset --port ${fip.id}').`,
    );
  }
}
