/**
 * Publishes a run's message to SNS: the audit's report, or the remediate function's applied plan.
 * One message per run, when the notification policy (./notification-policy) asks for it; both go through {@link publishToTopic}.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { classifyAwsError } from '../aws-errors';
import type { Report, ReportTotals } from '../types';
import { shouldNotify, type NotificationPolicy } from './notification-policy';
import { PublishError } from './publish-error';
import { buildRemediationSnsMessage } from './remediation-message';
import { buildSnsMessage } from './sns-message';
import type { AppliedRemediation, BuiltSnsMessage, SnsOutcome } from './types';

/** Where a message goes and when: the topic (none configured = nothing sent) and the policy. */
export interface PublishTarget {
  sns: SNSClient | undefined;
  topicArn: string | undefined;
  policy: NotificationPolicy;
}

/** Options of {@link publishReport}. */
export interface PublishReportOptions extends PublishTarget {
  /** The remediation the audit applied after auditing. */
  remediation?: AppliedRemediation;
  /** The stored full report, which the message points to. */
  fullReport?: { uri: string };
  /** The true sizes of the lists when `report` is a digest (the organization run). */
  totals?: ReportTotals;
}

/**
 * Publishes the report's message (with the remediation the audit applied, if any; pointing to the
 * stored full report when it does not fit) to the topic, or skips it (no topic configured, or
 * nothing the policy notifies).
 *
 * @throws PublishError when SNS rejects the message
 */
export async function publishReport(
  report: Report,
  options: PublishReportOptions,
): Promise<SnsOutcome> {
  const { sns, topicArn, policy, remediation, fullReport, totals } = options;
  if (sns === undefined || topicArn === undefined) return { status: 'skipped', reason: 'no-topic' };
  if (
    !shouldNotify(policy, { report, ...(remediation ? { remediation: remediation.result } : {}) })
  ) {
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

/**
 * Publishes the message of an applied remediation, or skips it (no topic, or nothing the policy
 * notifies).
 *
 * @throws PublishError when SNS rejects the message
 */
export async function publishRemediation(
  applied: AppliedRemediation,
  { sns, topicArn, policy }: PublishTarget,
): Promise<SnsOutcome> {
  if (sns === undefined || topicArn === undefined) return { status: 'skipped', reason: 'no-topic' };
  if (!shouldNotify(policy, { remediation: applied.result })) {
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
