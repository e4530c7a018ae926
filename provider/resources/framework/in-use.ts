// Deleting what something else still uses (a network with ports being removed, a router with
// interfaces) answers 409 for a while: retried until the operation's deadline.
import { ConflictError } from "../../errors";
import { type Deadline, pollUntil } from "./deadline";

export function retryWhileInUse(deadline: Deadline, call: () => Promise<unknown>): Promise<void> {
  return pollUntil(deadline, async () => {
    try {
      await call();
      return { done: true, value: undefined };
    } catch (error) {
      if (error instanceof ConflictError) {
        return { done: false, state: `in use: ${error.serviceMessage ?? error.message}` };
      }
      throw error;
    }
  });
}
