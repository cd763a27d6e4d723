/**
 * Pacing of the endpoint APIs: `CreateVpcEndpoint` and `ModifyVpcEndpoint` share a token bucket of
 * 4 calls refilled at 0.3 per second per account and region. Each region's calls go one at a time
 * through a token bucket that mirrors it (a small burst, then one call per `minIntervalMs`), and a
 * `RequestLimitExceeded` is retried with exponential backoff. Clock and sleep are injected so tests
 * run instantly.
 */
import { MAX_TIMEOUT_ATTEMPTS, isRetryableError, isTimeoutError } from '../aws-errors';
import { VpceAuditorError } from '../errors';

/** A call of the lane was not sent because the run was asked to stop while it waited its turn. */
export class StopRequestedError extends VpceAuditorError {
  public override readonly name: string = 'StopRequestedError';
}

/** The timing of endpoint calls. */
export interface Pacing {
  /** Time between two endpoint calls in one region once the burst is spent (default 3400 ms). */
  minIntervalMs: number;
  /**
   * Calls allowed back to back before the spacing applies (default 3, under AWS's bucket of 4 so
   * that another client's call does not tip it over); 1 spaces every call.
   */
  burst: number;
  /** First backoff after `RequestLimitExceeded` (default 5000 ms), doubled at each retry. */
  backoffBaseMs: number;
  /** Longest backoff (default 60000 ms). */
  backoffMaxMs: number;
  /** Attempts of one call, the first included (default 6). */
  maxAttempts: number;
  /** Waits (default: a timer). */
  sleep(ms: number): Promise<void>;
  /** The clock in ms (default: `Date.now`). */
  now(): number;
  /** Jitter source in [0, 1) (default: `Math.random`). */
  random(): number;
}

/** The real-time pacing. */
export function defaultPacing(overrides: Partial<Pacing> = {}): Pacing {
  return {
    minIntervalMs: 3400,
    burst: 3,
    backoffBaseMs: 5000,
    backoffMaxMs: 60000,
    maxAttempts: 6,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => Math.random(),
    ...overrides,
  };
}

/**
 * One region's lane: runs endpoint calls one at a time through a token bucket (`burst` tokens, one
 * more every `minIntervalMs`), retrying throttled, timed-out and transient failures with backoff (a call that times out
 * {@link MAX_TIMEOUT_ATTEMPTS} times is not sent again).
 * It is the only retry layer of those calls (their client makes one attempt per send), so one call
 * is sent at most `maxAttempts` times (6 by default). Retrying a call that may have happened is
 * safe: a create carries its ClientToken (the same endpoint comes back), and an attach that did
 * happen answers RouteAlreadyExists, which apply checks.
 */
export class RegionLane {
  private tokens: number;
  private refilledAt: number | undefined;

  /**
   * @param stop - once aborted, a call still waiting for its turn is not sent (it rejects with
   *   {@link StopRequestedError}) and a failed call is not retried
   */
  public constructor(
    private readonly pacing: Pacing,
    private readonly onThrottle?: (attempt: number, waitMs: number) => void,
    private readonly stop?: AbortSignal,
  ) {
    this.tokens = Math.max(1, Math.floor(pacing.burst));
  }

  /** Runs `call` once a token is available; throttling errors are retried, others thrown. */
  public async run<T>(call: () => Promise<T>): Promise<T> {
    let timeouts = 0;
    for (let attempt = 1; ; attempt += 1) {
      await this.take();
      if (this.stop?.aborted === true && attempt === 1) {
        throw new StopRequestedError('not sent: the run was asked to stop');
      }
      try {
        return await call();
      } catch (error) {
        if (isTimeoutError(error)) timeouts += 1;
        if (
          !isRetryableError(error) ||
          timeouts >= MAX_TIMEOUT_ATTEMPTS ||
          attempt >= this.pacing.maxAttempts ||
          this.stop?.aborted === true
        ) {
          throw error;
        }
        const exponential = Math.min(
          this.pacing.backoffMaxMs,
          this.pacing.backoffBaseMs * 2 ** (attempt - 1),
        );
        const waitMs = Math.round(exponential / 2 + (exponential / 2) * this.pacing.random());
        this.onThrottle?.(attempt, waitMs);
        // AWS's bucket is empty: so is ours.
        this.tokens = 0;
        this.refilledAt = this.pacing.now();
        await this.pacing.sleep(waitMs);
      }
    }
  }

  private refill(): void {
    const now = this.pacing.now();
    const burst = Math.max(1, Math.floor(this.pacing.burst));
    if (this.refilledAt === undefined) {
      this.refilledAt = now;
      return;
    }
    const earned = Math.floor((now - this.refilledAt) / this.pacing.minIntervalMs);
    if (earned > 0) {
      this.tokens = Math.min(burst, this.tokens + earned);
      this.refilledAt =
        this.tokens === burst ? now : this.refilledAt + earned * this.pacing.minIntervalMs;
    }
  }

  private async take(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      // The next token is earned one interval after the last: wait for it (once, so a clock that
      // does not move, as in tests, cannot stall the lane).
      const due = (this.refilledAt ?? this.pacing.now()) + this.pacing.minIntervalMs;
      const waitMs = due - this.pacing.now();
      if (waitMs > 0) await this.pacing.sleep(waitMs);
      this.refilledAt = due;
      this.tokens = 1;
    }
    this.tokens -= 1;
  }
}
