/**
 * What a handler published, read from aws-sdk-client-mock stubs of SNS and CloudWatch: the one copy
 * the handler tests share.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

/** A published SNS message: its subject, and its per-protocol parts (`MessageStructure: json`). */
export interface PublishedMessage {
  Subject: string;
  structure: Record<string, string>;
}

/** The `index`-th message published through the stub (the first by default). */
export function publishedMessage(sns: AwsClientStub<SNSClient>, index = 0): PublishedMessage {
  const input = sns.commandCalls(PublishCommand)[index]?.args[0].input;
  return {
    Subject: input?.Subject ?? '',
    structure: JSON.parse(input?.Message ?? '{}') as Record<string, string>,
  };
}

/** Every value put for the metric `name`, with or without dimensions, in order. */
export function metricValues(
  cloudwatch: AwsClientStub<CloudWatchClient>,
  name: string,
): (number | undefined)[] {
  return cloudwatch
    .commandCalls(PutMetricDataCommand)
    .flatMap((call) => call.args[0].input.MetricData ?? [])
    .filter((datum) => datum.MetricName === name)
    .map((datum) => datum.Value);
}

/** The value put for the metric `name` without dimensions (the total), if it was put. */
export function metricValue(
  cloudwatch: AwsClientStub<CloudWatchClient>,
  name: string,
): number | undefined {
  return cloudwatch
    .commandCalls(PutMetricDataCommand)
    .flatMap((call) => call.args[0].input.MetricData ?? [])
    .find((datum) => datum.MetricName === name && datum.Dimensions === undefined)?.Value;
}

/** Stubs of SNS and CloudWatch that accept every publish and metric put. */
export interface PublishingSpies {
  sns: AwsClientStub<SNSClient>;
  cloudwatch: AwsClientStub<CloudWatchClient>;
  /** Forgets the calls seen so far and answers again (call it in `beforeEach`). */
  reset(): void;
}

/**
 * Stubs every SNS and CloudWatch client of the test file (call it once, at the top): `Publish`
 * answers `messageId`, `PutMetricData` succeeds; read what was sent with {@link publishedMessage}
 * and {@link metricValue}.
 */
export function publishingSpies(messageId = 'msg-1'): PublishingSpies {
  const sns = mockClient(SNSClient);
  const cloudwatch = mockClient(CloudWatchClient);
  return {
    sns,
    cloudwatch,
    reset() {
      sns.reset();
      cloudwatch.reset();
      sns.on(PublishCommand).resolves({ MessageId: messageId });
      cloudwatch.on(PutMetricDataCommand).resolves({});
    },
  };
}
