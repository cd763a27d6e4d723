/**
 * How every AWS client of vpce-auditor retries: the SDK's standard (or adaptive) strategy, except
 * that a call that timed out is not retried like throttling. Throttling means AWS is there and asks
 * for patience, so it keeps the client's long budget; a timeout means nothing answered, and waiting
 * 10 x the request timeout for a hung endpoint held a region for minutes. A call gets at most
 * {@link MAX_TIMEOUT_ATTEMPTS} attempts that time out, whatever its budget for the rest.
 */
import { AdaptiveRetryStrategy, StandardRetryStrategy } from '@smithy/core/retry';
import { MAX_TIMEOUT_ATTEMPTS, isTimeoutError } from './aws-errors';

export { MAX_TIMEOUT_ATTEMPTS } from './aws-errors';

type Inner = StandardRetryStrategy | AdaptiveRetryStrategy;
type Token = Awaited<ReturnType<StandardRetryStrategy['acquireInitialRetryToken']>>;
type AnyToken = Awaited<ReturnType<Inner['acquireInitialRetryToken']>>;
type ErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

/** What a retry strategy is told after each retry, for the progress line. */
export type OnRetry = (info: { timedOut: boolean; attempt: number }) => void;

/** The SDK's strategy with timed-out attempts capped (see the module's comment). */
export class TimeoutCappedRetryStrategy {
  public readonly mode: Inner['mode'];
  private readonly timeouts = new WeakMap<object, number>();

  public constructor(
    private readonly inner: Inner,
    private readonly maxTimeoutAttempts = MAX_TIMEOUT_ATTEMPTS,
    private readonly onRetry?: OnRetry,
  ) {
    this.mode = inner.mode;
  }

  public acquireInitialRetryToken(scope: string): Promise<AnyToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  public async refreshRetryTokenForRetry(token: Token, errorInfo: ErrorInfo): Promise<AnyToken> {
    const timedOut = isTimeoutError(errorInfo.error);
    const timeouts = (this.timeouts.get(token) ?? 0) + (timedOut ? 1 : 0);
    if (timeouts >= this.maxTimeoutAttempts) {
      // The SDK then throws the call's own error (the timeout), as when any strategy gives up.
      throw new Error(`no retry: ${timeouts} attempts timed out`);
    }
    const next = await this.inner.refreshRetryTokenForRetry(token, errorInfo);
    this.timeouts.set(next, timeouts);
    this.onRetry?.({ timedOut, attempt: next.getRetryCount() + 1 });
    return next;
  }

  public recordSuccess(token: Token): void {
    this.inner.recordSuccess(token);
  }
}

/** The SDK's retry modes. */
export type RetryMode = 'standard' | 'adaptive';

/** A client's retry strategy: `maxAttempts` in all, at most 3 of them timed out. */
export function retryStrategy(
  maxAttempts: number,
  mode: RetryMode = 'standard',
  onRetry?: OnRetry,
): TimeoutCappedRetryStrategy {
  const inner =
    mode === 'adaptive'
      ? new AdaptiveRetryStrategy(async () => maxAttempts)
      : new StandardRetryStrategy(maxAttempts);
  return new TimeoutCappedRetryStrategy(
    inner,
    Math.min(MAX_TIMEOUT_ATTEMPTS, maxAttempts),
    onRetry,
  );
}
