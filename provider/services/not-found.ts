// The one place a 404 becomes "gone": reads return undefined, deletes succeed.
import { NotFoundError } from "../errors";

export async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function ignoreNotFound(call: Promise<unknown>): Promise<void> {
  await orUndefined(call);
}
