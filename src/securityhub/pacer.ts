/**
 * Spaces calls to one API in one account and region: Security Hub allows `BatchImportFindings` 10
 * requests a second (burst 30) and `GetFindings` 3 a second. A minimum interval between calls keeps
 * each place under its rate without a token bucket (hand-written: a few lines, and the clock and
 * sleep are injected so tests run instantly).
 */

/** The clock and sleep a pacer uses (injected for tests). */
export interface PacerClock {
  /** Milliseconds, monotonic enough for spacing calls. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const SYSTEM_CLOCK: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Waits so that calls start at least `intervalMs` apart. */
export class Pacer {
  private next = Number.NEGATIVE_INFINITY;

  public constructor(
    private readonly intervalMs: number,
    private readonly clock: PacerClock = SYSTEM_CLOCK,
  ) {}

  /** Resolves when the next call may start. Calls must not overlap (one caller per pacer). */
  public async wait(): Promise<void> {
    const wait = this.next - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
    this.next = this.clock.now() + this.intervalMs;
  }
}
