/**
 * The Lambda's finding history: the previous report of the scope is read from the report bucket
 * (`reports/<account>/latest.json`) before this run's report replaces it, and this run's report is
 * compared with it. No previous report (a first run): every leak is new. A previous report that
 * cannot be read or is not valid: no history this run (logged), rather than calling every leak new.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { withHistory } from '../history/compare';
import { parseReport } from '../history/report-file';
import { latestReportKey } from '../store/report-keys';
import type { ReportStore } from '../store/report-store';
import type { Report } from '../types';
import { errorSummary } from './cold-start';

/** What the history step did. */
export type HistoryOutcome =
  | {
      status: 'compared';
      /** The previous report's `generatedAt`; null on a first run. */
      since: string | null;
      new: number;
      persisting: number;
      resolved: number;
      carried: number;
    }
  | { status: 'not-compared'; reason: string };

/** Reads the previous report (`reports/<account>/latest.json`) and returns this run's report with its history. */
export async function withStoredHistory(
  store: ReportStore,
  report: Report,
  { logger }: { logger: Logger },
): Promise<{ report: Report; history: HistoryOutcome }> {
  const key = latestReportKey(report.accountId);
  let previous: Report | undefined;
  try {
    const stored = await store.getJson(key);
    previous =
      stored === undefined ? undefined : parseReport(stored, `s3://${store.bucket}/${key}`);
  } catch (error) {
    const summary = errorSummary(error);
    logger.error('previous report not usable: no history this run', summary);
    return { report, history: { status: 'not-compared', reason: summary.message } };
  }
  const compared = withHistory(report, previous);
  const summary = compared.summary.history;
  const history: HistoryOutcome = {
    status: 'compared',
    since: summary?.since ?? null,
    new: summary?.new.findings ?? 0,
    persisting: summary?.persisting.findings ?? 0,
    resolved: summary?.resolved.findings ?? 0,
    carried: summary?.carried ?? 0,
  };
  logger.info('history', { history });
  return { report: compared, history };
}
