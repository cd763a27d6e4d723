/**
 * A deadline for a run that must finish before something else stops it (the Lambda's timeout): work
 * not started by then is not started, and work still running is reported as unfinished instead of
 * awaited. A Lambda keeps about a minute to analyse and publish what it has.
 */
import { VpceAuditorError } from '../errors';

/** The `errors[]` code of a region the deadline cut short. */
export const DEADLINE_CODE = 'DeadlineExceeded';

/** A region (or call) left unfinished at the deadline. */
export class DeadlineExceededError extends VpceAuditorError {
  public override readonly name = DEADLINE_CODE;
}

/** Milliseconds until `deadline` (epoch ms), or Infinity when there is none. */
export function remainingMs(deadline: number | undefined, now = Date.now()): number {
  return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now;
}

/**
 * Runs `work`, but settles with a {@link DeadlineExceededError} when the deadline comes first (the
 * work goes on in the background, its result ignored), or at once when it has already passed.
 */
export async function beforeDeadline<T>(
  deadline: number | undefined,
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const left = remainingMs(deadline);
  if (left === Number.POSITIVE_INFINITY) return work();
  if (left <= 0) {
    throw new DeadlineExceededError(`${what} not started: the run's deadline had passed`);
  }
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineExceededError(`${what} unfinished at the run's deadline`)),
      left,
    );
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
