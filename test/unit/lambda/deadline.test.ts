/**
 * The audit function keeps a deadline a minute before its timeout: a region still collecting then is
 * reported as unfinished, and the rest is published.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { auditLive } from '../../../src/audit-live';
import { beforeDeadline, DeadlineExceededError } from '../../../src/collect/deadline';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import { PUBLISH_RESERVE_MS, deadlineOf } from '../../../src/lambda/run-deadline';
import { SCHEDULED_EVENT, TEST_CONFIG, lambdaContext, silentLogger } from '../../helpers/lambda';
import { createAuditAccountHandler } from '../../../src/lambda/org/audit-account-handler';
import { createReportStore } from '../../../src/store/report-store';
import type { Report } from '../../../src/types';
import { memoryBucket } from '../../helpers/memory-bucket';
import { accountServing } from '../../helpers/mock-aws';
import { mockOrganization } from '../../helpers/mock-organization';
import { loadScenarios, type Scenario } from '../../helpers/scenarios';

const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const twoRegions = loadScenarios().find((s) => s.name === '12-two-regions') as Scenario;

describe('the audit deadline', () => {
  beforeEach(() => {
    sns.reset();
    cloudwatch.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    cloudwatch.on(PutMetricDataCommand).resolves({});
  });

  it('is the remaining time minus a minute, and none outside Lambda', () => {
    // Act / Assess
    expect(deadlineOf({ getRemainingTimeInMillis: () => 600_000 }, 1_000)).toBe(
      1_000 + 600_000 - PUBLISH_RESERVE_MS,
    );
    expect(deadlineOf(undefined)).toBeUndefined();
    expect(deadlineOf({})).toBeUndefined();
  });

  it('starts nothing after the deadline', async () => {
    // Prepare
    const work = jest.fn(() => Promise.resolve('done'));

    // Act
    const late = beforeDeadline(Date.now() - 1, 'region eu-west-1', work);

    // Assess
    await expect(late).rejects.toThrow(DeadlineExceededError);
    expect(work).not.toHaveBeenCalled();
  });

  it('reports a region still collecting at the deadline as unfinished and publishes the rest', async () => {
    // Prepare: eu-west-1's DescribeSubnets never answers; 300 ms before the deadline
    const account = accountServing(twoRegions.snapshot as { regions: Record<string, unknown> });
    account
      .ec2('eu-west-1')
      .on(DescribeSubnetsCommand)
      .callsFake(() => new Promise(() => undefined));
    const handler = createAuditHandler({
      config: { ...TEST_CONFIG, notify: 'always' },
      clients: account.clients,
      auditLive,
      sns: new SNSClient({ region: 'us-east-1' }),
      cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
      regionalCloudwatch: (region) => new CloudWatchClient({ region }),
      logger: silentLogger(),
    });
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => PUBLISH_RESERVE_MS + 300,
    };

    // Act
    const started = Date.now();
    const result = await handler(SCHEDULED_EVENT, context);

    // Assess
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result.errors).toEqual([
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        operation: 'collect',
        code: 'DeadlineExceeded',
        message: "region eu-west-1 unfinished at the run's deadline",
      },
    ]);
    expect(result.summary.subnets).toBeGreaterThan(0);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});

describe("the AuditAccount function's deadline", () => {
  it("stores the account's report with a region still collecting at the deadline as its DeadlineExceeded error", async () => {
    // Prepare: the member's eu-west-1 DescribeSubnets never answers; 300 ms before the deadline
    const member = '222222222222';
    const org = mockOrganization('111111111111', [
      { id: '111111111111', name: 'management' },
      { id: member, name: 'payments', scenario: twoRegions },
    ]);
    org
      .account(member)
      .ec2('eu-west-1')
      .on(DescribeSubnetsCommand)
      .callsFake(() => new Promise(() => undefined));
    const bucket = memoryBucket('reports');
    const handler = createAuditAccountHandler({
      config: TEST_CONFIG,
      access: org.access,
      store: createReportStore(bucket.client, 'reports'),
      logger: silentLogger(),
    });
    const context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => PUBLISH_RESERVE_MS + 300,
    };

    // Act
    const started = Date.now();
    const summary = await handler(
      { runId: 'run-1', account: { accountId: member, name: 'payments' } },
      context,
    );

    // Assess
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(summary).toMatchObject({ accountId: member, status: 'audited', errors: 1 });
    expect(summary.firstError).toBe(
      "eu-west-1 collect: DeadlineExceeded: region eu-west-1 unfinished at the run's deadline",
    );
    expect(summary.subnets).toBeGreaterThan(0);
    const stored = bucket.json(summary.key) as { report: Report };
    expect(stored.report.errors.map((error) => [error.region, error.code])).toEqual([
      ['eu-west-1', 'DeadlineExceeded'],
    ]);
  });
});
