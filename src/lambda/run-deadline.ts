/**
 * The deadline of a Lambda run: the time left before the function's timeout, less a reserve to
 * analyse, publish and store what the run has collected by then.
 */
import type { Context } from 'aws-lambda';

/**
 * Time kept after the deadline to analyse, publish and store what the run has, before the Lambda's
 * own timeout: a minute (publishing is a few calls of at most the clients' request timeout).
 */
export const PUBLISH_RESERVE_MS = 60_000;

/**
 * The run's deadline (epoch ms): the Lambda's remaining time minus {@link PUBLISH_RESERVE_MS}.
 * Undefined outside Lambda (no `getRemainingTimeInMillis`).
 */
export function deadlineOf(
  context: Partial<Context> | undefined,
  now = Date.now(),
): number | undefined {
  const remaining = context?.getRemainingTimeInMillis?.();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) return undefined;
  return now + remaining - PUBLISH_RESERVE_MS;
}
