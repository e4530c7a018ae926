// The deadline of the operation a request belongs to. The provider runs each create/read/update/delete
// inside a scope; every request sent from it (however deep the call) is then bounded by the time left,
// and retries stop when it is spent, without each service call passing a deadline along.
import { AsyncLocalStorage } from "node:async_hooks";

export interface DeadlineScope {
  /** Epoch milliseconds. */
  expiresAt: number;
  /** e.g. "Server create"; said in timeout messages. */
  what: string;
  /** How to give the operation more time (e.g. `; raise it with ... timeouts: { create: "20m" }`). */
  hint?: string;
}

const scope = new AsyncLocalStorage<DeadlineScope>();

export function withinDeadline<T>(deadline: DeadlineScope, run: () => Promise<T>): Promise<T> {
  return scope.run(deadline, run);
}

export function currentDeadline(): DeadlineScope | undefined {
  return scope.getStore();
}
