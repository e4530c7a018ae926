// Waiting for a server to reach a status, under the operation's deadline. ERROR ends the wait at once
// with Nova's fault message. All servers a provider host waits on through one client share one list
// request per half second (framework/host/status-watch.ts).
import type { OpenStackClient } from "../../client/client";
import { ServiceError } from "../../errors";
import { getServerAt, listServersChangedSince, type NovaServer } from "../../services/compute";
import type { Deadline } from "../framework/host/deadline";
import { type StatusSource, watchStatus } from "../framework/host/status-watch";

export class ServerErrorState extends ServiceError {}

function describe(server: NovaServer): string {
  const task = server["OS-EXT-STS:task_state"];
  return task ? `${server.status} (${task})` : server.status;
}

const isGone = (server: NovaServer) => server.status === "DELETED" || server.status === "SOFT_DELETED";

function servers(client: OpenStackClient): StatusSource<NovaServer> {
  return {
    get: async (id) => {
      const { server, at } = await getServerAt(client, id);
      return { item: server, at };
    },
    changedSince: async (since) => {
      const { servers: listed, at } = await listServersChangedSince(client, since);
      // the list leaves out why a server failed: its own GET has the fault Nova recorded
      const items = await Promise.all(
        listed.map(async (s) =>
          s.status === "ERROR" && !s.fault ? ((await getServerAt(client, s.id)).server ?? s) : s,
        ),
      );
      return { items, at };
    },
    idOf: (server) => server.id,
    isGone,
  };
}

/**
 * The server once its status is one of `wanted` and no task is running on it. `knownState`: what the
 * caller knows it to be now (BUILD right after the create), which saves the first GET.
 */
export function waitForStatus(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  wanted: readonly string[],
  knownState?: string,
): Promise<NovaServer> {
  return waitForServer(client, deadline, id, wanted.join("/"), (s) => wanted.includes(s.status), knownState);
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
  knownState?: string,
): Promise<NovaServer> {
  const probe = (server: NovaServer | undefined) => {
    if (!server || isGone(server))
      throw new ServiceError(`server ${id} disappeared while waiting for ${what}`);
    if (server.status === "ERROR") {
      const fault = server.fault ? `: ${server.fault.message}` : "";
      throw new ServerErrorState(`server ${id} went to ERROR${fault}`);
    }
    const idle = !server["OS-EXT-STS:task_state"];
    if (idle && accept(server)) return { done: true as const, value: server };
    return { done: false as const, state: describe(server) };
  };
  return watchStatus(client, "server", servers(client), id, deadline, probe, { knownState });
}

/**
 * Resolves once the server is gone (404, or listed as DELETED). Called right after the DELETE: the
 * first news comes from the shared list.
 */
export function waitForDeletion(client: OpenStackClient, deadline: Deadline, id: string): Promise<void> {
  return watchStatus(
    client,
    "server",
    servers(client),
    id,
    deadline,
    (server) =>
      !server || isGone(server) ? { done: true, value: undefined } : { done: false, state: describe(server) },
    { knownState: "deleting" },
  );
}
