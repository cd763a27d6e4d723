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

/**
 * The comparison a report carries once compared with a previous one (`audit --baseline`, the
 * Lambda's stored history), as the changes from that report; undefined when it has no history.
 */
export function reportChanges(report: Report): ReportDiff | undefined {
  const history = report.summary.history;
  if (!history) return undefined;
  return {
    schemaVersion: 1,
    from: { generatedAt: history.since ?? '', accountId: report.accountId },
    to: { generatedAt: report.generatedAt, accountId: report.accountId },
    headline: changeHeadline(report) ?? '',
    summary: history,
    new: report.findings.filter((finding) => finding.status === 'new'),
    persisting: report.findings.filter((finding) => finding.status === 'persisting'),
    resolved: report.resolved ?? [],
    carried: report.carried ?? [],
  };
}

/** Compares `newer` against `older` (the newer report's own history, if any, is recomputed). */
export function diffReports(older: Report, newer: Report): ReportDiff {
  const changes = reportChanges(withHistory(newer, older)) as ReportDiff;
  return { ...changes, from: { generatedAt: older.generatedAt, accountId: older.accountId } };
}
