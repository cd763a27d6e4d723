/**
 * When a run sends its message: the notification policy, built once from the configuration
 * (`NOTIFY`, `NOTIFY_MIN_SEVERITY`), and the one pure rule that reads it. A setting that changes
 * when to notify is a field here and a line of {@link shouldNotify}.
 */
import type { NotifyMode } from '../config';
import { hasChanges } from '../history/headline';
import { isAtLeast } from '../path-kinds';
import type { RemediationResult } from '../remediation/result-types';
import type { Report, Severity } from '../types';

/** What notification honours. */
export interface NotificationPolicy {
  /** `always`, `on-leak` or `on-change` (`NOTIFY`). */
  mode: NotifyMode;
  /** The least severity of leak that sends a message under `on-leak` and `on-change`. */
  minSeverity: Severity;
}

/** The policy of a function's configuration. */
export function notificationPolicy(config: {
  notify: NotifyMode;
  notifyMinSeverity?: Severity;
}): NotificationPolicy {
  return { mode: config.notify, minSeverity: config.notifyMinSeverity ?? 'low' };
}

/** What a run did: the audit's report, the remediation it applied, or both. */
export interface RunOutcome {
  report?: Report;
  remediation?: RemediationResult;
}

/** True when the report has a non-exempt finding at least as severe as `minSeverity`. */
export function hasLeakAtLeast(report: Report, minSeverity: Severity): boolean {
  return report.findings.some((f) => !f.exempt && isAtLeast(f.severity, minSeverity));
}

/**
 * True when the run deserves a message: always under `always`; a remediation that had something to
 * do or failed; a failed region; under `on-leak` a leak at least as severe as `minSeverity`; under
 * `on-change` a new or resolved leak at least that severe (as `on-leak` when the report has no
 * history to tell).
 */
export function shouldNotify(policy: NotificationPolicy, run: RunOutcome): boolean {
  if (policy.mode === 'always') return true;
  const { report, remediation } = run;
  if (remediation && (remediation.results.length > 0 || remediation.errors.length > 0)) return true;
  if (report === undefined) return false;
  if (report.errors.length > 0) return true;
  if (policy.mode === 'on-change' && report.summary.history) {
    return hasChanges(report, policy.minSeverity);
  }
  return hasLeakAtLeast(report, policy.minSeverity);
}
