import {
  CloudWatchClient,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { Config } from '../../../src/config';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import { InvalidEventError } from '../../../src/lambda/events';
import type { LiveAuditRequest } from '../../../src/lambda/live-audit';
import { PublishError } from '../../../src/publish/publish-error';
import type { PublishedReport } from '../../../src/publish/types';
import { createReportStore } from '../../../src/store/report-store';
import type { Report } from '../../../src/types';
import { everyDay, fakeNatMetrics, GIB } from '../../helpers/cost-fixtures';
import { pricedNamedReport } from '../../helpers/report-estate';
import { generatedReport, scenarioReport } from '../../helpers/reports';
import {
  SCHEDULED_EVENT,
  TEST_CONFIG,
  TOPIC,
  lambdaContext,
  silentLogger,
} from '../../helpers/lambda';
import { awsError, metricValue, publishedMessage, publishingSpies } from '../../helpers';

const { sns, cloudwatch, reset: resetPublishing } = publishingSpies();
const s3 = mockClient(S3Client);
const CLIENTS = { kind: 'fake client factory' };

function setup(report: Report, config: Partial<Config> = {}, { bucket }: { bucket?: string } = {}) {
  const requests: LiveAuditRequest<typeof CLIENTS>[] = [];
  const handler = createAuditHandler({
    config: { ...TEST_CONFIG, ...config },
    clients: CLIENTS,
    auditLive: async (request) => {
      requests.push(request);
      return { report, snapshot: { schemaVersion: 1, accountId: report.accountId, regions: {} } };
    },
    sns: new SNSClient({ region: 'us-east-1' }),
    cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
    regionalCloudwatch: (region) => new CloudWatchClient({ region }),
    ...(bucket ? { store: createReportStore(new S3Client({ region: 'us-east-1' }), bucket) } : {}),
    logger: silentLogger(),
  });
  return { handler, requests };
}

describe('the audit handler', () => {
  beforeEach(() => {
    resetPublishing();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('audits the configured scope on a scheduled event, publishes one message and the metrics', async () => {
    // Prepare
    const report = scenarioReport('02');
    const { handler, requests } = setup(report);

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(requests).toEqual([
      {
        regions: 'all',
        services: ['s3', 'dynamodb'],
        clients: CLIENTS,
        // The context's 600 s, less the minute kept to publish.
        deadline: expect.any(Number) as number,
      },
    ]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      MessageStructure: 'json',
    });
    const { Subject, structure } = publishedMessage(sns);
    expect(Subject).toBe('vpce-auditor 111122223333: 2 of 2 subnet(s) bypass gateway endpoints');
    expect(JSON.parse(structure.default ?? '')).toEqual(report);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'VpceAuditor',
    });
    expect(metricValue(cloudwatch, 'SubnetsAudited')).toBe(2);
    expect(metricValue(cloudwatch, 'LeakingSubnets')).toBe(2);
    expect(metricValue(cloudwatch, 'RegionsFailed')).toBe(0);
    expect(result).toMatchObject({
      trigger: 'schedule',
      accountId: '111122223333',
      summary: report.summary,
      findings: report.findings.length,
      errors: [],
      notification: { status: 'published', messageId: 'msg-1' },
      metrics: { namespace: 'VpceAuditor', calls: 1 },
    });
  });

  it('lets a manual invoke override regions and services', async () => {
    // Prepare
    const { handler, requests } = setup(scenarioReport('02'));

    // Act
    const result = await handler({ regions: ['eu-west-1'], services: ['s3'] }, lambdaContext());

    // Assess
    expect(requests[0]).toMatchObject({ regions: ['eu-west-1'], services: ['s3'] });
    expect(result.trigger).toBe('manual');
    const dimensions = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? [])
      .flatMap((datum) => datum.Dimensions ?? [])
      .filter((dimension) => dimension.Name === 'Service');
    expect(new Set(dimensions.map((d) => d.Value))).toEqual(new Set(['s3']));
  });

  it.each([
    [{ 'detail-type': 'Object Created', source: 'aws.s3' }, /detail-type: "Object Created"/],
    [{ regions: ['moon-1'] }, /regions\[0\]: "moon-1" is not an AWS region name/],
    [{ services: ['ec2'] }, /services\[0\]: "ec2"/],
    [{ region: 'us-east-1' }, /unknown field\(s\) region/],
  ])('refuses %j without auditing or publishing anything', async (event, message) => {
    // Prepare
    const { handler, requests } = setup(scenarioReport('02'));

    // Act
    const run = handler(event, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(InvalidEventError);
    await expect(run).rejects.toThrow(message);
    expect(requests).toHaveLength(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 0);
  });

  it('estimates the NAT cost when enabled and publishes it in the message and the metric', async () => {
    // Prepare
    const report = scenarioReport('02');
    const nat = report.findings.find((f) => f.path === 'nat-gateway')?.targets[0] as string;
    cloudwatch.on(GetMetricDataCommand).callsFake(
      fakeNatMetrics({
        [nat]: { source: everyDay(14, 10 * GIB), destination: everyDay(14, 30 * GIB) },
      }),
    );
    const { handler } = setup(report, { cost: { enabled: true, days: 14, flowLogHours: 0 } });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.summary.estimatedMonthlyUsd).toBeCloseTo(54, 2);
    expect(cloudwatch).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(metricValue(cloudwatch, 'EstimatedMonthlyUsd')).toBeCloseTo(54, 2);
    expect(publishedMessage(sns).structure.email).toContain('$54.00');
  });

  it('makes no metric read when the cost estimate is disabled', async () => {
    // Prepare
    const { handler } = setup(scenarioReport('02'));

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.summary.estimatedMonthlyUsd).toBeUndefined();
    expect(cloudwatch).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect(metricValue(cloudwatch, 'EstimatedMonthlyUsd')).toBeUndefined();
  });

  it('stays silent on SNS under on-leak when nothing leaks, but still puts the metrics', async () => {
    // Prepare
    const { handler } = setup(scenarioReport('04'));

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(result.notification).toEqual({ status: 'skipped', reason: 'nothing-to-report' });
    expect(metricValue(cloudwatch, 'LeakingSubnets')).toBe(0);
  });

  it('does not page anyone under NOTIFY_MIN_SEVERITY=high when the only leak is an internet gateway', async () => {
    // Prepare: scenario 01 leaks through an internet gateway only (severity low)
    const report = scenarioReport('01');
    const high = setup(report, { notifyMinSeverity: 'high' });
    const low = setup(report, { notifyMinSeverity: 'low' });

    // Act
    const quiet = await high.handler(SCHEDULED_EVENT, lambdaContext());
    const loud = await low.handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(report.findings.every((f) => f.severity === 'low')).toBe(true);
    expect(quiet.notification).toEqual({ status: 'skipped', reason: 'nothing-to-report' });
    expect(loud.notification.status).toBe('published');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(metricValue(cloudwatch, 'LeakingSubnets')).toBeGreaterThan(0);
  });

  it('publishes every run under always, and never without a topic', async () => {
    // Prepare
    const always = setup(scenarioReport('04'), { notify: 'always' });
    const noTopic = setup(scenarioReport('02'), { snsTopicArn: undefined });

    // Act
    const first = await always.handler(SCHEDULED_EVENT, lambdaContext());
    const second = await noTopic.handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(first.notification.status).toBe('published');
    expect(second.notification).toEqual({ status: 'skipped', reason: 'no-topic' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('carries a region failure to SNS and to the RegionsFailed metric', async () => {
    // Prepare: no leak at all, only a failed region
    const report: Report = {
      ...scenarioReport('04'),
      regions: ['eu-west-1', 'us-east-1'],
      errors: [
        {
          region: 'eu-west-1',
          operation: 'DescribeRouteTables',
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
        },
      ],
    };
    const { handler } = setup(report);

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.errors).toEqual(report.errors);
    const { Subject, structure } = publishedMessage(sns);
    expect(Subject).toContain('1 region(s) failed');
    expect(structure.email).toContain('eu-west-1 DescribeRouteTables UnauthorizedOperation');
    expect((JSON.parse(structure.default ?? '') as Report).errors).toEqual(report.errors);
    expect(structure.https).toContain('Region errors');
    expect(metricValue(cloudwatch, 'RegionsFailed')).toBe(1);
  });

  it('publishes a trimmed report when the full one exceeds 256 KB', async () => {
    // Prepare
    const report = generatedReport(400, 4, 3);
    const { handler } = setup(report);

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(Buffer.byteLength(input?.Message ?? '', 'utf8')).toBeLessThanOrEqual(262_144);
    const published = JSON.parse(publishedMessage(sns).structure.default ?? '') as PublishedReport;
    expect(published.truncated?.findingsOmitted).toBeGreaterThan(0);
    expect(result.notification).toMatchObject({
      status: 'published',
      truncated: published.truncated,
    });
  });

  it('still puts the metrics when SNS fails, then fails the invocation naming SNS', async () => {
    // Prepare
    sns.on(PublishCommand).rejects(awsError('AuthorizationError', 'Access denied'));
    const { handler } = setup(scenarioReport('02'));

    // Act
    const run = handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(PublishError);
    await expect(run).rejects.toThrow(/SNS Publish to .* failed: AuthorizationError/);
    expect(cloudwatch).toHaveReceivedCommand(PutMetricDataCommand);
    const failed = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? [])
      .filter((datum) => datum.MetricName === 'PublishFailed');
    expect(failed.map((datum) => datum.Value)).toEqual([1]);
  });

  it('stores every run report in the bucket, dated and as the latest, before publishing', async () => {
    // Prepare
    const report = scenarioReport('04');
    const { handler } = setup(report, {}, { bucket: 'my-reports' });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext('c0ffee00-aaaa-bbbb'));

    // Assess
    const key = 'reports/111122223333/2026/11/27/20261127T030000Z-c0ffee00.json';
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts.map((input) => input.Key)).toEqual([
      key,
      'reports/111122223333/latest.json',
      key.replace(/\.json$/, '.html'),
      'reports/111122223333/latest.html',
    ]);
    for (const input of puts.slice(0, 2)) {
      expect(input).toMatchObject({ Bucket: 'my-reports', ContentType: 'application/json' });
      expect(JSON.parse(input.Body as string)).toEqual(report);
    }
    // the HTML report sits next to the JSON one
    for (const input of puts.slice(2)) {
      expect(input).toMatchObject({
        Bucket: 'my-reports',
        ContentType: 'text/html; charset=utf-8',
      });
      expect(input.Body as string).toMatch(/^<!DOCTYPE html>/);
      expect(input.Body as string).toContain(
        `Leaking subnets</span><b>${report.summary.leakingSubnets}</b>`,
      );
    }
    expect(result.reportObject).toMatchObject({ uri: `s3://my-reports/${key}` });
  });

  it('points a message too large for SNS to the report it stored', async () => {
    // Prepare
    const report = generatedReport(400, 4, 3);
    const { handler } = setup(report, {}, { bucket: 'my-reports' });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext('c0ffee00-aaaa-bbbb'));

    // Assess
    const uri = 's3://my-reports/reports/111122223333/2026/11/27/20261127T030000Z-c0ffee00.json';
    const stored = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(JSON.parse(stored?.Body as string)).toEqual(report);
    const published = JSON.parse(publishedMessage(sns).structure.default ?? '') as PublishedReport;
    expect(published.reportObject).toBe(uri);
    expect(published.truncated?.note).toContain(uri);
    expect(result.notification).toMatchObject({
      status: 'published',
      truncated: published.truncated,
    });
  });

  it('publishes one message within 256 KB for 400 leaking VPCs (one NAT, one private table each), pointing to the complete stored report', async () => {
    // Prepare: every NAT gateway priced, so that every cost line and note is in the report
    const report = pricedNamedReport(400, 2);
    expect(report.vpcs).toHaveLength(400);
    expect(report.summary.cost?.gateways).toHaveLength(400);
    const { handler } = setup(report, {}, { bucket: 'my-reports' });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext('c0ffee00-aaaa-bbbb'));

    // Assess
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(Buffer.byteLength(input?.Message ?? '', 'utf8')).toBeLessThanOrEqual(262_144);
    const uri = 's3://my-reports/reports/111122223333/2026/11/27/20261127T030000Z-c0ffee00.json';
    const stored = s3
      .commandCalls(PutObjectCommand)
      .find((call) => `s3://my-reports/${call.args[0].input.Key}` === uri)?.args[0].input;
    expect(JSON.parse(stored?.Body as string)).toEqual(report);
    const { structure } = publishedMessage(sns);
    const published = JSON.parse(structure.default ?? '') as PublishedReport;
    expect(published.reportObject).toBe(uri);
    expect(published.summary.estimatedMonthlyUsd).toBe(report.summary.estimatedMonthlyUsd);
    expect(published.vpcs).toEqual(report.vpcs?.slice(0, published.vpcs?.length));
    expect(published.truncated?.vpcsOmitted).toBe(400 - (published.vpcs?.length ?? 0));
    expect(structure.email).toContain(uri);
    expect(structure.https).toContain(uri);
    expect(result.notification).toMatchObject({ status: 'published' });
  });

  it('writes nothing without a bucket', async () => {
    // Prepare
    const { handler } = setup(scenarioReport('02'));

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(result.reportObject).toBeUndefined();
  });

  it('still publishes when the bucket refuses, then fails the invocation naming the object', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'));
    const { handler } = setup(scenarioReport('02'), {}, { bucket: 'my-reports' });

    // Act
    const run = handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(PublishError);
    await expect(run).rejects.toThrow(
      /PutObject s3:\/\/my-reports\/reports\/111122223333\/.* AccessDenied/,
    );
    expect(sns).toHaveReceivedCommand(PublishCommand);
    expect(cloudwatch).toHaveReceivedCommand(PutMetricDataCommand);
  });
});
