/**
 * The message of a function that could not start (an invalid environment variable, an unreadable
 * endpoint policy file): nothing was audited, and without this message the reason would be in the
 * log alone. Published once per cold start to the configured topic, when its ARN itself is valid.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { SNS_TOPIC_ARN } from '../config';
import type { ChatNotification } from './chat-notification';
import { snsEnvelope } from './sns-envelope';
import { sanitizeSubject } from './sns-limits';
import type { BuiltSnsMessage } from './types';

/** The JSON document of the message (`default`: SQS, Lambda and HTTP subscribers). */
export interface PublishedStartupFailure {
  schemaVersion: 1;
  kind: 'startup-failure';
  /** `audit` or `remediate`. */
  function: string;
  time: string;
  error: { name: string; message: string };
}

/** The longest error message carried (a configuration error names every bad variable). */
const MAX_MESSAGE = 4000;

/** Builds the message: the failure first in the subject, the reason in every part. */
export function buildStartupFailureMessage(
  functionRole: string,
  error: { name: string; message: string },
  time: Date,
): BuiltSnsMessage {
  const message =
    error.message.length > MAX_MESSAGE
      ? `${error.message.slice(0, MAX_MESSAGE - 3)}...`
      : error.message;
  const subject = sanitizeSubject(
    `1 startup failure: vpce-auditor ${functionRole} did not run (${error.name})`,
  );
  const text =
    `The vpce-auditor ${functionRole} function could not start, so nothing was audited:\n\n` +
    `${error.name}: ${message}\n\n` +
    'Fix the stack parameters (or the environment variables) and deploy again; every invocation fails until then.\n';
  const chat: ChatNotification = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: subject,
      description: `*${error.name}*: ${message}`.slice(0, 3000),
      nextSteps: ['Fix the stack parameters or environment variables and deploy again'],
      keywords: ['vpce-auditor', 'startup-failure'],
    },
    metadata: {
      threadId: `vpce-auditor-${functionRole}-startup`,
      summary: subject,
      eventType: 'vpce-auditor-startup-failure',
      relatedResources: [],
      additionalContext: { function: functionRole },
    },
  };
  const envelope = snsEnvelope<PublishedStartupFailure>({
    subject,
    text,
    https: JSON.stringify(chat),
  });
  return envelope.build({
    schemaVersion: 1,
    kind: 'startup-failure',
    function: functionRole,
    time: time.toISOString(),
    error: { name: error.name, message },
  });
}

/**
 * The topic a startup failure can go to: `SNS_TOPIC_ARN` when it is a valid topic ARN (it may be
 * the invalid variable itself), else none.
 */
export function startupFailureTopic(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const value = env.SNS_TOPIC_ARN?.trim();
  return value !== undefined && SNS_TOPIC_ARN.test(value) ? value : undefined;
}

/** Publishes the message; SNS's own failure is returned, not thrown (the caller logs it). */
export async function publishStartupFailure(
  sns: SNSClient,
  topicArn: string,
  built: BuiltSnsMessage,
): Promise<{ messageId: string } | { error: unknown }> {
  try {
    const response = await sns.send(new PublishCommand({ TopicArn: topicArn, ...built.message }));
    return { messageId: response.MessageId ?? '' };
  } catch (error) {
    return { error };
  }
}
