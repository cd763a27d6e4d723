/**
 * The nightly audit's use of the scheduled measurement: the measure function writes the newest
 * measurement of the account's NAT gateways to `measurements/<account>/latest.json` of the report
 * bucket; the audit prices the gateways it holds from it (as `audit --traffic FILE` does) while it
 * is fresh ({@link MEASUREMENT_MAX_AGE_DAYS} days), and says so. No measurement, an old one or one
 * that cannot be read: the audit reads flow logs and metrics as without it (logged, never fatal).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { isFreshMeasurement, MEASUREMENT_MAX_AGE_DAYS } from '../cost/measure-budget';
import { costInputSchemas, type NatMeasurement } from '../snapshot/cost-inputs';
import { latestMeasurementKey, s3Uri } from '../store/report-keys';
import type { ReportStore } from '../store/report-store';
import { formatIssues } from '../validation';
import { errorSummary } from './cold-start';

/** What the audit made of the stored measurement. */
export interface MeasurementOutcome {
  /** `s3://<bucket>/measurements/<account>/latest.json`. */
  uri: string;
  /** True when its gateways are priced from it. */
  used: boolean;
  /** When it was taken (absent when there is none or it cannot be read). */
  takenAt?: string;
  /** Why it is not used. */
  reason?: string;
}

/** The stored measurement's gateways by region, when fresh; and what became of it. */
export async function storedMeasurement(
  store: ReportStore,
  accountId: string,
  { logger, now = new Date() }: { logger: Logger; now?: Date },
): Promise<{
  traffic?: Record<string, NatMeasurement[]>;
  outcome: MeasurementOutcome;
}> {
  const key = latestMeasurementKey(accountId);
  const uri = s3Uri(store.bucket, key);
  let stored: unknown;
  try {
    stored = await store.getJson(key);
  } catch (error) {
    const reason = `not readable: ${errorSummary(error).message}`;
    logger.warn('scheduled measurement not used', { uri, reason });
    return { outcome: { uri, used: false, reason } };
  }
  if (stored === undefined) {
    return {
      outcome: { uri, used: false, reason: 'none stored (measureSchedule unset, or no run yet)' },
    };
  }
  const parsed = costInputSchemas().MeasurementFileSchema.safeParse(stored, { reportInput: true });
  if (!parsed.success) {
    const reason = `not a measurement file: ${formatIssues(parsed.error, stored).join('; ')}`;
    logger.warn('scheduled measurement not used', { uri, reason });
    return { outcome: { uri, used: false, reason } };
  }
  const file = parsed.data;
  const takenAt = file.takenAt !== undefined ? { takenAt: file.takenAt } : {};
  if (file.accountId !== undefined && file.accountId !== accountId) {
    const reason = `it is of account ${file.accountId}`;
    logger.warn('scheduled measurement not used', { uri, reason });
    return { outcome: { uri, used: false, ...takenAt, reason } };
  }
  if (!isFreshMeasurement(file, now)) {
    const reason = `older than ${MEASUREMENT_MAX_AGE_DAYS} days (or undated)`;
    logger.info('scheduled measurement not used', { uri, reason, ...takenAt });
    return { outcome: { uri, used: false, ...takenAt, reason } };
  }
  logger.info('scheduled measurement used', { uri, ...takenAt });
  return { traffic: file.regions, outcome: { uri, used: true, ...takenAt } };
}
