// Waiting on many objects at once: every object of one kind that a provider host waits on through one
// client shares one list request per interval (Nova's GET /servers/detail?changes-since=…), fanned out
// to the waiters, instead of one GET per object per interval. A stack of a hundred servers waiting for
// ACTIVE costs two requests a second, not fifty.
//
// Each waiter keeps its own deadline and its own test of the object. Its first look is a GET of its own
// (a lone waiter sees its status at once); after that it learns of changes from the shared list. The
// list asks for what changed since the service's own clock (its Date header) at the previous answer,
// less an overlap, so neither clock skew nor a change between two lists is missed; and a waiter whose
// object has not been listed for a while gets a GET of its own again, in case the list misses it.
import type { Deadline } from "./deadline";

export interface StatusSource<T> {
  /** One object now (undefined: gone), and the service's clock at the answer (ms since the epoch). */
  get(id: string): Promise<{ item: T | undefined; at: number }>;
  /** The objects changed since `since` (service clock, ms), gone ones included, and the clock of the answer. */
  changedSince(since: number): Promise<{ items: T[]; at: number }>;
  idOf(item: T): string;
  /** A listed object that counts as gone (Nova lists deleted servers as DELETED). */
  isGone?(item: T): boolean;
}

/** What a waiter makes of the object's current form: done with a value, a failure (throw), or a state. */
export type Probe<T, V> = (item: T | undefined) => { done: true; value: V } | { done: false; state: string };

export interface WatchOptions {
  /** Time between two list requests, ms. */
  intervalMs?: number;
  /** A waiter not seen in a list for this long gets a GET of its own, ms. */
  recheckMs?: number;
}

export interface WaiterOptions {
  /**
   * The state the object is known to be in (a server just created is building): the waiter skips its
   * first GET and learns of changes from the shared list only.
   */
  knownState?: string;
}

/** How far back each list reaches before the previous answer: Nova's timestamps have whole seconds. */
const OVERLAP_MS = 2000;
/** How far back the first list reaches when no answer gave the service's clock yet: any clock skew. */
const FIRST_REACH_MS = 5 * 60_000;

interface Waiter {
  id: string;
  deadline: Deadline;
  probe: Probe<unknown, unknown>;
  state: string;
  seenAt: number;
  /** Rejects at the deadline, whatever a list in flight is waiting for. */
  timer?: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

class Watcher<T> {
  private readonly waiters = new Set<Waiter>();
  private since: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly source: StatusSource<T>,
    private readonly options: Required<WatchOptions>,
  ) {}

  async add<V>(id: string, deadline: Deadline, probe: Probe<T, V>, known?: string): Promise<V> {
    let verdict: ReturnType<Probe<T, V>> = { done: false, state: known ?? "" };
    if (known === undefined) {
      const first = await this.source.get(id);
      verdict = probe(first.item);
      if (verdict.done) return verdict.value;
      // changes after this GET are in every later list: the list reaches back to before it
      this.since = Math.min(this.since ?? first.at, first.at);
    }
    const state = verdict.state;
    return new Promise<V>((resolve, reject) => {
      const waiter: Waiter = {
        id,
        deadline,
        probe: probe as Probe<unknown, unknown>,
        state,
        seenAt: Date.now(),
        resolve: (value) => resolve(value as V),
        reject,
      };
      waiter.timer = setTimeout(
        () => this.settle(waiter, () => reject(deadline.error(`last state: ${waiter.state}`))),
        deadline.remainingMs(),
      );
      this.waiters.add(waiter);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.waiters.size === 0) return;
    const nearest = Math.min(...[...this.waiters].map((w) => w.deadline.remainingMs()));
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.tick().finally(() => this.schedule());
      },
      Math.max(0, Math.min(this.options.intervalMs, nearest)),
    );
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.listChanges();
      await this.recheckUnseen();
      for (const w of this.waiters) {
        if (w.deadline.expired()) this.settle(w, () => w.reject(w.deadline.error(`last state: ${w.state}`)));
      }
    } finally {
      this.ticking = false;
    }
  }

  private async listChanges(): Promise<void> {
    let listed: { items: T[]; at: number };
    const sent = Date.now();
    try {
      listed = await this.source.changedSince((this.since ?? Date.now() - FIRST_REACH_MS) - OVERLAP_MS);
    } catch {
      // the list failed (a gateway, a timeout): every waiter looks for itself this time
      for (const w of this.waiters) w.seenAt = 0;
      return;
    }
    // the service's clock when the list was asked for: a change while it was answered is in the next one
    this.since = listed.at - (Date.now() - sent);
    const byId = new Map<string, T>();
    for (const item of listed.items) byId.set(this.source.idOf(item), item);
    for (const w of [...this.waiters]) {
      if (!byId.has(w.id)) continue;
      const item = byId.get(w.id)!;
      this.judge(w, this.source.isGone?.(item) ? undefined : item);
    }
  }

  private async recheckUnseen(): Promise<void> {
    const stale = [...this.waiters].filter((w) => Date.now() - w.seenAt >= this.options.recheckMs);
    await Promise.all(
      stale.map(async (w) => {
        try {
          this.judge(w, (await this.source.get(w.id)).item);
        } catch {
          // a failed look is not a verdict: the deadline decides
        }
      }),
    );
  }

  private judge(w: Waiter, item: T | undefined): void {
    w.seenAt = Date.now();
    let verdict: ReturnType<Probe<unknown, unknown>>;
    try {
      verdict = w.probe(item);
    } catch (error) {
      this.settle(w, () => w.reject(error));
      return;
    }
    if (verdict.done) this.settle(w, () => w.resolve(verdict.value));
    else w.state = verdict.state;
  }

  private settle(w: Waiter, finish: () => void): void {
    if (!this.waiters.delete(w)) return;
    clearTimeout(w.timer);
    finish();
    if (this.waiters.size === 0) this.since = undefined;
  }
}

const watchers = new WeakMap<object, Map<string, Watcher<unknown>>>();

/**
 * Resolves with the probe's value once it says done, rejects with what it throws or with the deadline's
 * error. Waiters with the same `owner` (the client) and `kind` share one watcher.
 */
export function watchStatus<T, V>(
  owner: object,
  kind: string,
  source: StatusSource<T>,
  id: string,
  deadline: Deadline,
  probe: Probe<T, V>,
  options: WatchOptions & WaiterOptions = {},
): Promise<V> {
  let byKind = watchers.get(owner);
  if (!byKind) {
    byKind = new Map<string, Watcher<unknown>>();
    watchers.set(owner, byKind);
  }
  let watcher = byKind.get(kind) as Watcher<T> | undefined;
  if (!watcher) {
    watcher = new Watcher<T>(source, { intervalMs: 500, recheckMs: 30_000, ...options });
    byKind.set(kind, watcher);
  }
  return watcher.add(id, deadline, probe, options.knownState);
}
