// A create that got as far as an id and then failed (a server in ERROR, a wait that ran out of time).
// Thrown with the id and outputs so that Pulumi records the resource and a later destroy or retry
// deletes it, instead of leaving an orphan in the cloud.
export class PartialCreateError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly outs: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PartialCreateError";
  }
}

/** Runs a step after the create call; a failure still reports the created id so Pulumi records it. */
export async function withId<T>(
  id: string,
  outs: Record<string, unknown>,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new PartialCreateError(`created ${id}, then failed: ${(error as Error).message}`, id, outs, {
      cause: error,
    });
  }
}
