// Waiting for a server to reach a status, under the operation's deadline. ERROR ends the wait at once
// with Nova's fault message.
import type { OpenStackClient } from "../../client/client";
import { ServiceError } from "../../errors";
import { getServer, type NovaServer } from "../../services/compute";
import { type Deadline, pollUntil } from "../framework/deadline";

export class ServerErrorState extends ServiceError {}

function describe(server: NovaServer): string {
  const task = server["OS-EXT-STS:task_state"];
  return task ? `${server.status} (${task})` : server.status;
}

/** The server once its status is one of `wanted` and no task is running on it. */
export function waitForStatus(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  wanted: readonly string[],
): Promise<NovaServer> {
  return pollUntil(deadline, async () => {
    const server = await getServer(client, id);
    if (!server) throw new ServiceError(`server ${id} disappeared while waiting for ${wanted.join("/")}`);
    if (server.status === "ERROR") {
      const fault = server.fault ? `: ${server.fault.message}` : "";
      throw new ServerErrorState(`server ${id} went to ERROR${fault}`);
    }
    const idle = !server["OS-EXT-STS:task_state"];
    if (wanted.includes(server.status) && idle) return { done: true, value: server };
    return { done: false, state: describe(server) };
  });
}

/** Resolves once GET answers 404 (or the server shows as DELETED). */
export function waitForDeletion(client: OpenStackClient, deadline: Deadline, id: string): Promise<void> {
  return pollUntil(deadline, async () => {
    const server = await getServer(client, id);
    if (!server || server.status === "DELETED" || server.status === "SOFT_DELETED")
      return { done: true, value: undefined };
    return { done: false, state: describe(server) };
  });
}
