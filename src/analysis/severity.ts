/** Severity thresholds: which findings are bad enough to fail a CI gate or to page someone. */
import { isAtLeast } from '../path-kinds';
import type { Finding, Report, Severity } from '../types';

/** The non-exempt findings at or above the threshold. */
export function findingsAtLeast(report: Pick<Report, 'findings'>, threshold: Severity): Finding[] {
  return report.findings.filter((f) => !f.exempt && isAtLeast(f.severity, threshold));
}
