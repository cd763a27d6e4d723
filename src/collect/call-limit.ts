/**
 * One bound on the AWS calls in flight in the whole process, whatever the client: a multi-account
 * run builds a dozen clients per account, and without a shared bound 8 accounts × 17 regions × 7
 * concurrent collectors would open over a thousand connections at once.
 *
 * The bound is a middleware in each client's `deserialize` step at low priority, inside the SDK's
 * deserializer: it holds a slot from the moment an HTTP attempt is sent until the answer's headers
 * are back (its body is read and parsed after the slot is freed), and not during the retry
 * strategy's backoff: a throttled call waiting to retry holds no slot.
 */

/** A counting semaphore (FIFO). Hand-written: a dozen lines, not worth a dependency. */
export class CallLimiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most calls ever in flight at once (benchmarks report it). */
  public peak = 0;

  /** @param limit - the most calls in flight at once (a positive integer) */
  public constructor(public readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`call limit ${String(limit)} is not a positive integer`);
    }
  }

  /** Runs `task` once a slot is free. */
  public async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight += 1;
    }
    this.peak = Math.max(this.peak, this.inFlight);
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; otherwise it is freed.
      if (next) next();
      else this.inFlight -= 1;
    }
  }
}

/** The calls in flight by default: far more than one account needs, few enough for any machine. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 256;

/**
 * The part of an SDK client that this project's middlewares need (every v3 client has it): the
 * call limiter here, the call observer of ./observe-calls.
 */
export interface WithMiddlewareStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize' | 'deserialize'; name: string; priority?: 'low' },
    ): void;
  };
}

const LIMITED = new WeakSet<object>();

/** Makes every call of `client` (each attempt) wait for a slot of `limiter`; idempotent. */
export function limitCalls<C extends object>(client: C, limiter: CallLimiter): C {
  if (LIMITED.has(client)) return client;
  LIMITED.add(client);
  (client as unknown as WithMiddlewareStack).middlewareStack.add(
    (next) => (args) => limiter.run(() => next(args)),
    { step: 'deserialize', name: 'vpceAuditorCallLimit', priority: 'low' },
  );
  return client;
}

/** Regions collected at once by default: more than AWS has, so no region waits for another. */
export const DEFAULT_REGION_CONCURRENCY = 64;
