/** Publishes a run's report to SNS: one message per run, when the notify mode asks for it. */
import { classifyAwsError } from '../aws-errors';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { NotifyMode } from '../config';
import type { Report } from '../types';
import { PublishError } from './publish-error';
import type { AppliedRemediation } from './remediation-message';
import { buildSnsMessage, type TruncationNote } from './sns-message';

/** What happened to the SNS message of a run. */
export type SnsOutcome =
  | { status: 'published'; messageId: string; bytes: number; truncated?: TruncationNote }
  | { status: 'skipped'; reason: 'no-topic' | 'nothing-to-report' };

/**
 * True when the run deserves a message: always, or (`on-leak`) leaks, a failed region or a
 * remediation that had something to do.
 */
export function shouldNotify(
  report: Report,
  mode: NotifyMode,
  remediation?: AppliedRemediation,
): boolean {
  if (mode === 'always') return true;
  if (
    remediation &&
    (remediation.result.results.length > 0 || remediation.result.errors.length > 0)
  )
    return true;
  return report.summary.leakingSubnets > 0 || report.errors.length > 0;
}

/**
 * Publishes the report's message (with the remediation the audit applied, if any) to the topic, or
 * skips it (no topic configured, or nothing to
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
): Promise<SnsOutcome> {
  if (sns === undefined || topicArn === undefined) return { status: 'skipped', reason: 'no-topic' };
  if (!shouldNotify(report, mode, remediation)) {
    return { status: 'skipped', reason: 'nothing-to-report' };
  }
  const built = buildSnsMessage(report, remediation ? { remediation } : {});
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
