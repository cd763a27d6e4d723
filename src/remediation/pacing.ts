/**
 * Pacing of the endpoint APIs: `CreateVpcEndpoint` and `ModifyVpcEndpoint` share a token bucket of
 * 4 calls refilled at 0.3 per second per account and region, so calls in a region are spaced and a
 * `RequestLimitExceeded` is retried with exponential backoff. Clock and sleep are injected so tests
 * run instantly.
 */

/** The timing of endpoint calls. */
export interface Pacing {
  /** Minimum time between two endpoint calls in one region (default 3400 ms). */
  minIntervalMs: number;
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
    backoffBaseMs: 5000,
    backoffMaxMs: 60000,
    maxAttempts: 6,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    random: () => Math.random(),
    ...overrides,
  };
}

/** The error codes that mean "slow down". */
export const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);

/** The AWS error code of a thrown SDK error (`name`, or `Code` on older shapes). */
export function errorCodeOf(error: unknown): string {
  const e = error as { name?: unknown; Code?: unknown; code?: unknown } | null;
  if (e && typeof e.Code === 'string') return e.Code;
  if (e && typeof e.name === 'string' && e.name !== 'Error') return e.name;
  if (e && typeof e.code === 'string') return e.code;
  return 'Error';
}

/** The message of a thrown error. */
export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One region's lane: runs endpoint calls one at a time, at least `minIntervalMs` apart, retrying
 * throttled calls with backoff.
 */
export class RegionLane {
  private lastCallAt: number | undefined;

  public constructor(
    private readonly pacing: Pacing,
    private readonly onThrottle?: (attempt: number, waitMs: number) => void,
  ) {}

  /** Runs `call` once the interval has passed; throttling errors are retried, others thrown. */
  public async run<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await this.space();
      try {
        return await call();
      } catch (error) {
        if (!THROTTLING_CODES.has(errorCodeOf(error)) || attempt >= this.pacing.maxAttempts) {
          throw error;
        }
        const exponential = Math.min(
          this.pacing.backoffMaxMs,
          this.pacing.backoffBaseMs * 2 ** (attempt - 1),
        );
        const waitMs = Math.round(exponential / 2 + (exponential / 2) * this.pacing.random());
        this.onThrottle?.(attempt, waitMs);
        await this.pacing.sleep(waitMs);
      }
    }
  }

  private async space(): Promise<void> {
    if (this.lastCallAt !== undefined) {
      const waitMs = this.lastCallAt + this.pacing.minIntervalMs - this.pacing.now();
      if (waitMs > 0) await this.pacing.sleep(waitMs);
    }
    this.lastCallAt = this.pacing.now();
  }
}
