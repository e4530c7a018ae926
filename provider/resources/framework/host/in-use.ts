// Deleting what something else still uses answers 409. That is worth waiting out only while what holds
// the object is itself going away (a server's ports being removed, interfaces deleted in the same
// destroy): when the holders stay the same for a while, the conflict is permanent and the delete fails
// at once, naming them, instead of retrying until its deadline.
import type { OpenStackClient } from "../../../client/client";
import { ConflictError } from "../../../errors";
import { ports } from "../../../services/network";
import type { QueryValue } from "../../../session/http";
import { type Deadline, pollUntil } from "./deadline";

/** How long unchanged holders are given to go before the conflict counts as permanent. */
export const PERMANENT_AFTER_MS = 10_000;

/** Describes what holds the object now, e.g. ["port 1a2b (router interface on subnet 3c4d)"]. */
export type Holders = () => Promise<string[]>;

export function retryWhileInUse(
  deadline: Deadline,
  call: () => Promise<unknown>,
  holders?: Holders,
  permanentAfterMs = PERMANENT_AFTER_MS,
): Promise<void> {
  let seen: { key: string; since: number } | undefined;
  return pollUntil(deadline, async () => {
    try {
      await call();
      return { done: true, value: undefined };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const said = error.serviceMessage ?? error.message;
      const id = error.requestId ? ` (request id ${error.requestId})` : "";
      const now = holders ? await holders() : [];
      const key = now.join("\n");
      if (!seen || seen.key !== key) seen = { key, since: Date.now() };
      else if (now.length > 0 && Date.now() - seen.since >= permanentAfterMs) {
        throw new ConflictError(
          `${error.method ?? "DELETE"} ${error.url ?? ""} returned 409: ${said}${id}. It is held by ` +
            `${now.join(", ")}, unchanged for ${Math.round(permanentAfterMs / 1000)} s: remove ` +
            `${now.length > 1 ? "them" : "it"} (or declare ${now.length > 1 ? "them" : "it"} in this stack), then delete again`,
          error,
        );
      }
      return {
        done: false,
        state: `in use: ${said}${id}${now.length > 0 ? `; held by ${now.join(", ")}` : ""}`,
      };
    }
  });
}

// Ports Neutron removes together with what they serve: never what blocks a delete.
const GOES_WITH_IT = ["network:dhcp", "network:router_gateway", "network:floatingip"];

/** The ports matching `query` as holders ("port 1a2b… of compute:nova 5e6f…"). */
export function portHolders(client: OpenStackClient, query: Record<string, QueryValue>): Holders {
  return async () => {
    const found = await ports.list(client, query);
    return found
      .filter((p) => !GOES_WITH_IT.includes(p.device_owner))
      .map((p) => `port ${p.id}${p.device_owner ? ` of ${p.device_owner} ${p.device_id}` : ""}`)
      .sort();
  };
}
