// Deadlines of long operations. Pulumi's customTimeouts never reach a dynamic provider, so each resource
// takes a `timeouts` input and the waits below enforce it themselves.
import { ServiceError } from "../../../errors";

export type TimeoutKey = "create" | "update" | "delete";

export class Deadline {
  readonly expiresAt: number;
  constructor(
    readonly what: string,
    readonly seconds: number,
    /** The `timeouts` key that sets this deadline; none for reads, whose limit is fixed. */
    readonly key?: TimeoutKey,
  ) {
    this.expiresAt = Date.now() + seconds * 1000;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  expired(): boolean {
    return Date.now() >= this.expiresAt;
  }

  error(detail: string): ServiceError {
    return new ServiceError(`${this.what} did not finish within ${this.seconds} s (${detail})${this.hint()}`);
  }

  /** How to give the operation more time, naming its own timeouts key. */
  hint(): string {
    return this.key
      ? `; raise it with the resource's timeouts input, e.g. timeouts: { ${this.key}: "20m" }`
      : "";
  }
}

export interface PollOptions {
  /** First wait between polls in ms; grows by half each time up to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
}

/**
 * Polls `probe` until it returns `{ done: true, value }`; throws the deadline's error with the last
 * state the probe described when time runs out.
 */
export async function pollUntil<T>(
  deadline: Deadline,
  probe: () => Promise<{ done: true; value: T } | { done: false; state: string }>,
  options: PollOptions = {},
): Promise<T> {
  // short first waits: on a healthy cloud most operations finish within a few seconds
  let interval = options.intervalMs ?? 100;
  const max = options.maxIntervalMs ?? 2000;
  for (;;) {
    const result = await probe();
    if (result.done) return result.value;
    if (deadline.remainingMs() === 0) throw deadline.error(`last state: ${result.state}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, deadline.remainingMs())));
    interval = Math.min(Math.ceil(interval * 1.5), max);
  }
}
