// Warnings about the configuration, given once per process: each resource kind's provider is
// configured on its own, and the same misspelt key should not be reported once per kind.
const given = new Set<string>();

/** Passes each message not given before in this process to `warn`. */
export function warnOnce(messages: readonly string[], warn: (message: string) => void): void {
  for (const message of messages) {
    if (given.has(message)) continue;
    given.add(message);
    warn(message);
  }
}
