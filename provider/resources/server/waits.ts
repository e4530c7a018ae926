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
  return waitForServer(client, deadline, id, wanted.join("/"), (s) => wanted.includes(s.status));
}

/**
 * After a resize request: VERIFY_RESIZE (the resize waits for a confirmation), or, on a cloud that
 * confirms resizes itself (resize_confirm_window), one of the `settled` statuses with the new flavor
 * already in place. Returns whether a confirmation is still needed.
 */
export async function waitForResize(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  flavor: { id: string; name: string },
  settled: readonly string[],
): Promise<{ needsConfirm: boolean }> {
  const resized = (s: NovaServer) => s.flavor?.id === flavor.id || s.flavor?.original_name === flavor.name;
  const server = await waitForServer(
    client,
    deadline,
    id,
    `VERIFY_RESIZE or ${settled.join("/")} with flavor ${flavor.name}`,
    (s) => s.status === "VERIFY_RESIZE" || (settled.includes(s.status) && resized(s)),
  );
  return { needsConfirm: server.status === "VERIFY_RESIZE" };
}

function waitForServer(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  what: string,
  accept: (server: NovaServer) => boolean,
): Promise<NovaServer> {
  return pollUntil(deadline, async () => {
    const server = await getServer(client, id);
    if (!server) throw new ServiceError(`server ${id} disappeared while waiting for ${what}`);
    if (server.status === "ERROR") {
      const fault = server.fault ? `: ${server.fault.message}` : "";
      throw new ServerErrorState(`server ${id} went to ERROR${fault}`);
    }
    const idle = !server["OS-EXT-STS:task_state"];
    if (idle && accept(server)) return { done: true, value: server };
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
