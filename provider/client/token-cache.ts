// Process-wide token cache. The package is loaded once per Pulumi provider-host process (serialized
// providers reach it through require by package name), so every resource of one `pulumi up` that uses
// the same identity shares one token and one Keystone round trip.
import { LRUCache } from "lru-cache";
import type { AuthResult } from "../auth/types";

const tokens = new LRUCache<string, AuthResult>({ max: 256 });
const inFlight = new Map<string, Promise<AuthResult>>();
let authentications = 0;

/** True while `result` can still be used `marginSeconds` from now. Tokens without expiry stay until a 401. */
function fresh(result: AuthResult, marginSeconds: number, now: number): boolean {
  return result.expiresAt === undefined || result.expiresAt.getTime() - marginSeconds * 1000 > now;
}

/**
 * The cached token for `key`, or the result of `authenticate()`; concurrent callers with the same key
 * share one in-flight authentication, and a failure is not cached.
 */
export async function cachedAuth(
  key: string,
  marginSeconds: number,
  authenticate: () => Promise<AuthResult>,
): Promise<AuthResult> {
  const cached = tokens.get(key);
  if (cached && fresh(cached, marginSeconds, Date.now())) return cached;
  const pending = inFlight.get(key);
  if (pending) return pending;
  const started = (async () => {
    try {
      authentications++;
      const result = await authenticate();
      tokens.set(key, result);
      return result;
    } finally {
      inFlight.delete(key);
    }
  })();
  inFlight.set(key, started);
  return started;
}

/** Forgets the token for `key` if it is still `token` (another caller may already have replaced it). */
export function dropToken(key: string, token: string): void {
  if (tokens.get(key)?.token === token) tokens.delete(key);
}

/** Empties the cache (tests, and users rotating credentials in a long-lived process). */
export function clearTokenCache(): void {
  tokens.clear();
  inFlight.clear();
}

/** Number of authentications started in this process (benchmarks and tests). */
export function authenticationCount(): number {
  return authentications;
}
