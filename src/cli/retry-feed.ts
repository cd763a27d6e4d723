/**
 * The retries of this process's AWS calls, for the progress line: the default client factory tells
 * each retry here (`onRetry` of ../aws-retry), and the progress display of the command running
 * listens. A throttled or hung call then shows on stderr instead of leaving the CLI silent.
 */

/** What a retry is: whether the attempt that failed timed out, and the attempt coming. */
export interface RetryInfo {
  timedOut: boolean;
  attempt: number;
}

const listeners = new Set<(retry: RetryInfo) => void>();

/** Tells every listener of a retry. */
export function reportRetry(retry: RetryInfo): void {
  for (const listener of listeners) listener(retry);
}

/**
 * Listens to the retries until the returned function is called.
 *
 * @returns a function that stops listening
 */
export function onRetries(listener: (retry: RetryInfo) => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
