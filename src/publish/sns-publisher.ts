/**
 * Publishes a run's message to SNS: the audit's report, or the remediate function's applied plan.
 * One message per run, when the notify mode asks for it; both go through {@link publishToTopic}.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { classifyAwsError } from '../aws-errors';
import type { NotifyMode } from '../config';
import { hasChanges } from '../history/headline';
import type { RemediationResult } from '../remediation/result-types';
import { isAtLeast } from '../path-kinds';
import type { Report, ReportTotals, Severity } from '../types';
import { PublishError } from './publish-error';
import { buildRemediationSnsMessage } from './remediation-message';
import { buildSnsMessage } from './sns-message';
import type { AppliedRemediation, BuiltSnsMessage, SnsOutcome } from './types';

/** True when the report has a non-exempt finding at least as severe as `minSeverity`. */
export function hasLeakAtLeast(report: Report, minSeverity: Severity): boolean {
  return report.findings.some((f) => !f.exempt && isAtLeast(f.severity, minSeverity));
}

/**
 * True when the run deserves a message: always; a failed region or a remediation that had something
 * to do; under `on-leak` a leak at least as severe as `minSeverity` (`NOTIFY_MIN_SEVERITY`, default
 * `low`: any leak); under `on-change` a new or resolved leak at least that severe (as `on-leak` when
 * the report has no history to tell).
 */
export function shouldNotify(
  report: Report,
  mode: NotifyMode,
  remediation?: AppliedRemediation,
  minSeverity: Severity = 'low',
): boolean {
  if (mode === 'always') return true;
  if (
    remediation &&
    (remediation.result.results.length > 0 || remediation.result.errors.length > 0)
  )
    return true;
  if (report.errors.length > 0) return true;
  if (mode === 'on-change' && report.summary.history) return hasChanges(report, minSeverity);
  return hasLeakAtLeast(report, minSeverity);
}

/**
 * Publishes the report's message (with the remediation the audit applied, if any; pointing to the
 * stored full report when it does not fit) to the topic, or skips it (no topic configured, or nothing to
 * report under `on-leak`).
 *
 * @throws PublishError when SNS rejects the message
 */
export async function publishReport(
  sns: SNSClient | undefined,
  topicArn: string | undefined,
  report: Report,
  mode: NotifyMode,
  remediation?: AppliedRemediation,
  fullReport?: { uri: string },
  minSeverity: Severity = 'low',
  totals?: ReportTotals,
): Promise<SnsOutcome> {
  if (sns === undefined || topicArn === undefined) return { status: 'skipped', reason: 'no-topic' };
  if (!shouldNotify(report, mode, remediation, minSeverity)) {
    return { status: 'skipped', reason: 'nothing-to-report' };
  }
  return publishToTopic(
    sns,
    topicArn,
    buildSnsMessage(report, {
      ...(remediation ? { remediation } : {}),
      ...(fullReport ? { fullReport } : {}),
      ...(totals ? { totals } : {}),
    }),
  );
}

/** True when an applied run deserves a message: always, or (`on-leak`) when it had anything to do. */
export function shouldNotifyRemediation(result: RemediationResult, mode: NotifyMode): boolean {
  return mode === 'always' || result.results.length > 0 || result.errors.length > 0;
}

/**
 * Publishes the message of an applied remediation, or skips it (no topic, or nothing to do under
 * `on-leak`).
 *
 * @throws PublishError when SNS rejects the message
 */
export async function publishRemediation(
  sns: SNSClient | undefined,
  topicArn: string | undefined,
  applied: AppliedRemediation,
  mode: NotifyMode,
): Promise<SnsOutcome> {
  if (sns === undefined || topicArn === undefined) return { status: 'skipped', reason: 'no-topic' };
  if (!shouldNotifyRemediation(applied.result, mode)) {
    return { status: 'skipped', reason: 'nothing-to-report' };
  }
  return publishToTopic(sns, topicArn, buildRemediationSnsMessage(applied));
}

/**
 * Sends a built message to the topic.
 *
 * @throws PublishError naming the topic and SNS's error
 */
export async function publishToTopic(
  sns: SNSClient,
  topicArn: string,
  built: BuiltSnsMessage,
): Promise<SnsOutcome> {
  try {
    const response = await sns.send(new PublishCommand({ TopicArn: topicArn, ...built.message }));
    return {
      status: 'published',
      messageId: response.MessageId ?? '',
      bytes: built.bytes,
      ...(built.truncated ? { truncated: built.truncated } : {}),
    };
  } catch (error) {
    const { code, message } = classifyAwsError(error);
    throw new PublishError(`SNS Publish to ${topicArn} failed: ${code}: ${message}`, {
      cause: error,
    });
  }
}
