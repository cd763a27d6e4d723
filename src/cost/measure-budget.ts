/**
 * The bounds of the scheduled measurement (pure, no AWS SDK: the configuration and the CLI load
 * it): how many minutes fit in the measure function's 15 minutes, when the audit before it and the
 * run must stop, and how long the nightly audit prices with a stored measurement.
 */
import type { MeasurementFile } from '../snapshot/cost-inputs';

/**
 * The longest scheduled measurement, in minutes (`MEASURE_MINUTES`). The function's 15 minutes hold
 * the audit before it (about a minute), creating and verifying, the recording, the records' delivery
 * (best effort, usually within 5 minutes), the queries and the removal: 1 + 5 + 5 + 3 + 1.5.
 */
export const MAX_SCHEDULED_MEASURE_MINUTES = 5;

/** The minutes a scheduled measurement records by default. */
export const DEFAULT_SCHEDULED_MEASURE_MINUTES = 5;

/** The time kept to remove what the run created, verified, before the function's timeout. */
export const CLEANUP_RESERVE_MS = 90_000;

/** The time kept for creating and verifying the flow logs, and for the queries after delivery. */
export const WORK_RESERVE_MS = 180_000;

/** The shortest wait for delivery worth starting a run for. */
export const MIN_DELIVERY_WAIT_MS = 60_000;

/** The longest wait for delivery (as the CLI's). */
const MAX_DELIVERY_WAIT_MS = 10 * 60_000;

/** The days a stored measurement prices the nightly audit's gateways (a weekly schedule fits). */
export const MEASUREMENT_MAX_AGE_DAYS = 8;

/** How a run fits in the time the function has left. */
export type MeasureBudget =
  | {
      /** The wait for delivery that leaves time for the queries and the removal. */
      deliveryWaitMs: number;
      /** Epoch ms at which the run stops and removes what it created. */
      abortAt: number;
    }
  | { refused: string };

/**
 * The run's budget, from the time left (`remainingMs` at `now`) and the minutes to record (pure).
 * Refused when the recording and the shortest wait for delivery do not fit.
 */
export function measureBudget(remainingMs: number, minutes: number, now: number): MeasureBudget {
  const abortAt = now + remainingMs - CLEANUP_RESERVE_MS;
  const deliveryWaitMs = Math.min(
    MAX_DELIVERY_WAIT_MS,
    remainingMs - CLEANUP_RESERVE_MS - WORK_RESERVE_MS - minutes * 60_000,
  );
  if (deliveryWaitMs < MIN_DELIVERY_WAIT_MS) {
    return {
      refused: `${Math.floor(remainingMs / 1000)} s left: too little for ${minutes} minute(s) of recording, the wait for delivery, the queries and the removal; nothing was created (lower MEASURE_MINUTES, or narrow REGIONS so that the audit before it is shorter)`,
    };
  }
  return { deliveryWaitMs, abortAt };
}

/**
 * When the audit before the run must end (epoch ms): early enough that the recording and the
 * shortest wait for delivery still fit (pure).
 */
export function auditDeadline(remainingMs: number, minutes: number, now: number): number {
  return (
    now +
    remainingMs -
    (minutes * 60_000 + WORK_RESERVE_MS + MIN_DELIVERY_WAIT_MS + CLEANUP_RESERVE_MS)
  );
}

/**
 * True when a stored measurement is recent enough to price the audit's gateways: taken within the
 * last {@link MEASUREMENT_MAX_AGE_DAYS} days (pure).
 */
export function isFreshMeasurement(file: MeasurementFile, now: Date): boolean {
  if (file.takenAt === undefined) return false;
  const age = now.getTime() - Date.parse(file.takenAt);
  return age >= 0 && age <= MEASUREMENT_MAX_AGE_DAYS * 24 * 3_600_000;
}
