/** Severity thresholds: which findings are bad enough to fail a CI gate or to page someone. */
import { SEVERITIES, type Finding, type Report, type Severity } from '../types';

export { SEVERITIES };

/** True when `severity` is at least as bad as `threshold` (`high` ≥ `medium` ≥ `low`). */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** The non-exempt findings at or above the threshold. */
export function findingsAtLeast(report: Pick<Report, 'findings'>, threshold: Severity): Finding[] {
  return report.findings.filter((f) => !f.exempt && isAtLeast(f.severity, threshold));
}

/** The more sensitive of two thresholds (`low` is more sensitive than `high`). */
export function mostSensitive(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
