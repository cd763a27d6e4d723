/**
 * The time window the cost estimate reads NAT gateway metrics over: whole UTC days ending at today
 * 00:00 UTC, so every daily data point (Period 86400) covers a complete day and yesterday is the last.
 */
import { ConfigurationError } from '../errors';

/** One day in milliseconds; also the metric period in seconds × 1000. */
export const DAY_MS = 86_400_000;

/** The default number of days averaged. */
export const DEFAULT_COST_DAYS = 14;

/** The fewest days a window may cover. */
export const MIN_COST_DAYS = 1;

/**
 * The most days a window may cover. CloudWatch keeps data points of one hour (and so daily sums) for
 * 455 days (15 months); older data has expired. With the window ending at today 00:00 UTC, its first
 * day may already be partly expired at 455 days: that day then counts less than it carried.
 */
export const MAX_COST_DAYS = 455;

/** A window of whole UTC days. */
export interface MetricWindow {
  /** Inclusive start: `endTime` minus `days` days. */
  startTime: Date;
  /** Exclusive end: today 00:00 UTC. */
  endTime: Date;
  /** Number of whole days in the window. */
  days: number;
}

/** True when `days` is a whole number within {@link MIN_COST_DAYS}–{@link MAX_COST_DAYS}. */
export function isValidCostDays(days: number): boolean {
  return Number.isInteger(days) && days >= MIN_COST_DAYS && days <= MAX_COST_DAYS;
}

/**
 * The window of the last `days` whole UTC days before `now`.
 *
 * @throws ConfigurationError when `days` is not a whole number from 1 to 455
 */
export function metricWindow(now: Date, days: number = DEFAULT_COST_DAYS): MetricWindow {
  if (!isValidCostDays(days)) {
    throw new ConfigurationError(
      `cost days: "${days}" is not a whole number from ${MIN_COST_DAYS} to ${MAX_COST_DAYS}`,
    );
  }
  const endMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { startTime: new Date(endMs - days * DAY_MS), endTime: new Date(endMs), days };
}
