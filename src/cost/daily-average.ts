/**
 * The averaging rule of the cost estimate: how daily sums become one "bytes a day" figure.
 *
 * The average runs from the gateway's first data point in the window to the end of the window:
 * - a gateway created 3 days ago is averaged over 3 days, not diluted by the 11 days before it existed;
 * - after that first data point, a day without a data point is a day without traffic (it counts, as 0);
 * - a gateway without any data point in the window processed nothing: 0 bytes a day.
 * The divisor is never fewer than the days that carry data, nor more than the window (so data points
 * CloudWatch might return outside the window cannot inflate or dilute the average).
 * A gateway that existed all along but was idle before its first data point is, like a new one,
 * averaged from that first data point: the estimate errs high, which suits an upper bound.
 */
import { DAY_MS, type MetricWindow } from './metric-window';
import type { NatGatewayTraffic } from './nat-traffic';

/** Bytes in a GB as AWS bills NAT data processing (2^30). */
export const BYTES_PER_GB = 2 ** 30;

/** Days in the month the estimate projects to. */
export const DAYS_PER_MONTH = 30;

/** A gateway's average daily traffic. */
export interface DailyAverage {
  /** Average bytes processed a day over `daysAveraged`. */
  bytesPerDay: number;
  /** The divisor: days from the first data point to the end of the window (0 without data). */
  daysAveraged: number;
  /** Days that carry at least one data point. */
  daysWithData: number;
  /** The first day with a data point (`YYYY-MM-DD`), if any. */
  firstDay?: string;
}

/** Applies the averaging rule (see the file's comment) to one gateway's daily sums. */
export function dailyAverage(
  traffic: Pick<NatGatewayTraffic, 'dailyBytes'>,
  window: MetricWindow,
): DailyAverage {
  const first = traffic.dailyBytes[0];
  const daysWithData = traffic.dailyBytes.length;
  if (!first) return { bytesPerDay: 0, daysAveraged: 0, daysWithData: 0 };
  const firstMs = Date.parse(`${first.day}T00:00:00Z`);
  const span = Math.ceil((window.endTime.getTime() - firstMs) / DAY_MS);
  const daysAveraged = Math.max(daysWithData, Math.min(span, window.days));
  const total = traffic.dailyBytes.reduce((sum, day) => sum + day.bytes, 0);
  return { bytesPerDay: total / daysAveraged, daysAveraged, daysWithData, firstDay: first.day };
}

/** USD a month for a daily volume in GB at a price per GB: `gbPerDay × 30 × price`. */
export function monthlyUsd(gbPerDay: number, pricePerGb: number): number {
  return gbPerDay * DAYS_PER_MONTH * pricePerGb;
}

/** Rounds USD to cents. */
export function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}
