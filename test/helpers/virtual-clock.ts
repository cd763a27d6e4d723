/** A clock for code that paces or backs off: time moves only when the code sleeps. */

/** The clock: `now()` starts at 0; `sleep(ms)` records `ms` in `sleeps`, moves `now` on and resolves at once. */
export interface VirtualClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Every wait asked for, in order. */
  readonly sleeps: number[];
}

/** A new {@link VirtualClock} at 0. */
export function virtualClock(): VirtualClock {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    sleeps,
  };
}
