/** `vpce-auditor diff OLD NEW`: what changed between two saved reports (pure). */
import type { CarriedFinding, Finding, HistorySummary, Report, ResolvedFinding } from '../types';
import { withHistory } from './compare';
import { changeHeadline } from './headline';

/** The changes between two reports. */
export interface ReportDiff {
  schemaVersion: 1;
  /** The older report: its time and account. */
  from: { generatedAt: string; accountId: string };
  /** The newer report. */
  to: { generatedAt: string; accountId: string };
  /** The change in one line (`3 new leaks (~$120/month), 2 fixed, 40 persisting`). */
  headline: string;
  summary: HistorySummary;
  /** Leaks of the newer report that the older one did not have. */
  new: Finding[];
  /** Leaks in both, with the older report's `firstSeen`. */
  persisting: Finding[];
  /** Leaks of the older report that the newer one no longer has, with why. */
  resolved: ResolvedFinding[];
  /** Leaks of the older report in places the newer one failed in or did not audit. */
  carried: CarriedFinding[];
}

/** Compares `newer` against `older` (the newer report's own history, if any, is recomputed). */
export function diffReports(older: Report, newer: Report): ReportDiff {
  const compared = withHistory(newer, older);
  const history = compared.summary.history as HistorySummary;
  return {
    schemaVersion: 1,
    from: { generatedAt: older.generatedAt, accountId: older.accountId },
    to: { generatedAt: newer.generatedAt, accountId: newer.accountId },
    headline: changeHeadline(compared) ?? '',
    summary: history,
    new: compared.findings.filter((finding) => finding.status === 'new'),
    persisting: compared.findings.filter((finding) => finding.status === 'persisting'),
    resolved: compared.resolved ?? [],
    carried: compared.carried ?? [],
  };
}
