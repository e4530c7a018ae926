// Waiting for a volume to settle, under the operation's deadline. An error status (error,
// error_extending, error_restoring...) ends the wait at once with Cinder's own message for it.
import type { OpenStackClient } from "../../client/client";
import { ServiceError } from "../../errors";
import { type CinderVolume, latestMessage, volumes } from "../../services/block-storage";
import { type Deadline, pollUntil } from "../framework/host/deadline";

export class VolumeErrorState extends ServiceError {}

/** The volume once `ready` holds for it; throws when it reaches an error status or disappears. */
export function waitForVolume(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  wanted: string,
  ready: (volume: CinderVolume) => boolean,
): Promise<CinderVolume> {
  return pollUntil(deadline, async () => {
    const volume = await volumes.get(client, id);
    if (!volume) throw new ServiceError(`volume ${id} disappeared while waiting for ${wanted}`);
    if (volume.status.startsWith("error")) {
      const message = await latestMessage(client, id);
      throw new VolumeErrorState(`volume ${id} went to ${volume.status}${message ? `: ${message}` : ""}`);
    }
    if (ready(volume)) return { done: true, value: volume };
    return { done: false, state: volume.status };
  });
}

/** The volume once its status is one of `statuses`. */
export function waitForVolumeStatus(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
  statuses: readonly string[],
): Promise<CinderVolume> {
  return waitForVolume(client, deadline, id, statuses.join("/"), (v) => statuses.includes(v.status));
}

/** Resolves once GET answers 404; error_deleting ends the wait with Cinder's message. */
export function waitForVolumeDeletion(
  client: OpenStackClient,
  deadline: Deadline,
  id: string,
): Promise<void> {
  return pollUntil(deadline, async () => {
    const volume = await volumes.get(client, id);
    if (!volume) return { done: true, value: undefined };
    if (volume.status === "error_deleting") {
      const message = await latestMessage(client, id);
      throw new VolumeErrorState(`volume ${id} went to error_deleting${message ? `: ${message}` : ""}`);
    }
    return { done: false, state: volume.status };
  });
}
