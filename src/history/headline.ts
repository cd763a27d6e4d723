/**
 * The change of a run in one line: `3 new leaks (~$120/month), 2 fixed, 40 persisting` — used as the
 * first line of the notification, in its subject and by `vpce-auditor diff`.
 */
import { isAtLeast } from '../path-kinds';
import { type ChangeCount, type Report, type ResolutionReason, type Severity } from '../types';

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** ` (~$120/month)` when the count has a cost above zero; whole dollars (the figure is an upper bound). */
function dollars(count: ChangeCount): string {
  const usd = count.estimatedMonthlyUsd;
  if (usd === undefined || usd <= 0) return '';
  return ` (~$${Math.round(usd).toLocaleString('en-US')}/month)`;
}

/**
 * The headline of a report with a history: new leaks with their cost, the resolved ones by why
 * (`fixed` always shown; `exempted` and `gone` when there are some), persisting leaks, and the leaks
 * carried over from failed or unaudited places. Undefined when the report has no history.
 */
export function changeHeadline(report: Report): string | undefined {
  const history = report.summary.history;
  if (!history) return undefined;
  const why = (reason: ResolutionReason) =>
    history.resolvedByWhy
      ? (history.resolvedByWhy[reason] ?? 0)
      : (report.resolved ?? []).filter((resolved) => resolved.why === reason).length;
  const parts = [
    `${plural(history.new.findings, 'new leak', 'new leaks')}${dollars(history.new)}`,
    `${why('fixed')} fixed`,
  ];
  if (why('exempted') > 0) parts.push(`${why('exempted')} exempted`);
  if (why('gone') > 0) parts.push(`${why('gone')} gone`);
  parts.push(`${history.persisting.findings} persisting`);
  if (history.carried > 0) parts.push(`${history.carried} not re-checked`);
  return parts.join(', ');
}

/**
 * True when the run changed something worth telling: a new or a resolved leak at least as severe as
 * `minSeverity` (default `low`: any).
 */
export function hasChanges(report: Report, minSeverity: Severity = 'low'): boolean {
  if (!report.summary.history) return false;
  const severe = (severity: Severity) => isAtLeast(severity, minSeverity);
  return (
    report.findings.some((f) => f.status === 'new' && severe(f.severity)) ||
    (report.resolved ?? []).some((r) => severe(r.severity))
  );
}
