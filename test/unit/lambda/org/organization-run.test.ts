import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createAggregateHandler } from '../../../../src/lambda/org/aggregate-handler';
import { createAuditAccountHandler } from '../../../../src/lambda/org/audit-account-handler';
import { createListAccountsHandler } from '../../../../src/lambda/org/list-accounts-handler';
import type { OrganizationConfig } from '../../../../src/lambda/org/org-config';
import { createReportStore } from '../../../../src/store/report-store';
import type { Report } from '../../../../src/types';
import { lambdaContext, silentLogger, TEST_CONFIG, TOPIC } from '../../../helpers/lambda';
import { memoryBucket } from '../../../helpers/memory-bucket';
import { mockOrganization, ORGANIZATION_ID } from '../../../helpers/mock-organization';
import { loadScenarios, type Scenario } from '../../../helpers/scenarios';
import { runStateMachine } from '../../../helpers/state-machine-run';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { definitionWith } = require('../../../../deploy/org-state-machine.js') as {
  definitionWith: (value: unknown) => unknown;
};

const scenarios = new Map(loadScenarios().map((s) => [s.name, s] as const));
const scenario = (name: string) => scenarios.get(name) as Scenario;

const BUCKET = 'vpce-auditor-reports';
const MANAGEMENT = '111111111111';
const NAT = '222222222222';
const REFUSING = '333333333333';
const CRASHING = '444444444444';
const EXEMPT = '555555555555';
const SUSPENDED = '666666666666';
const ABORTED = '777777777777';

const ORG_CONFIG: OrganizationConfig = {
  reportBucket: BUCKET,
  member: { roleName: 'vpce-auditor-member' },
  scope: {},
};

const sns = new SNSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const snsMock = mockClient(sns);
const cloudwatch = new CloudWatchClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
});
const cloudwatchMock = mockClient(cloudwatch);

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  cloudwatchMock.reset();
  cloudwatchMock.on(PutMetricDataCommand).resolves({});
});

function organization() {
  return mockOrganization(MANAGEMENT, [
    { id: MANAGEMENT, name: 'management', scenario: scenario('04-isolated-subnet') },
    { id: NAT, name: 'payments', scenario: scenario('02-nat-private-subnet') },
    { id: REFUSING, name: 'legacy', refuse: true },
    // No mocked clients: its AuditAccount function fails, and the map's Catch records it.
    { id: CRASHING, name: 'broken', broken: true },
    { id: EXEMPT, name: 'sandbox', tags: { 'vpce-auditor:exempt': 'true' } },
    { id: SUSPENDED, name: 'closed', state: 'SUSPENDED' },
    { id: ABORTED, name: 'aborted', scenario: scenario('01-igw-public-subnet') },
  ]);
}

async function runNight() {
  const org = organization();
  const bucket = memoryBucket(BUCKET);
  const store = createReportStore(bucket.client, BUCKET);
  const logger = silentLogger();
  const listAccounts = createListAccountsHandler({
    config: ORG_CONFIG,
    organizations: org.access.organizations(),
    callerAccountId: () => Promise.resolve(MANAGEMENT),
    store,
    logger,
  });
  const auditAccount = createAuditAccountHandler({
    config: TEST_CONFIG,
    access: org.access,
    store,
    logger,
  });
  const aggregate = createAggregateHandler({
    config: TEST_CONFIG,
    store,
    sns,
    cloudwatch,
    logger,
    region: 'us-east-1',
  });
  const run = await runStateMachine({
    definition: definitionWith(40),
    functions: {
      ListAccounts: (payload) => listAccounts(payload, lambdaContext('req-list')),
      AuditAccount: (payload) => auditAccount(payload, lambdaContext('req-audit')),
      Aggregate: (payload) => aggregate(payload, lambdaContext('req-aggregate')),
    },
    bucket,
    bucketName: BUCKET,
    executionName: '3f2a9c1e-0000-4000-8000-000000000000',
    aborted: [ABORTED],
  });
  return { run, bucket, org };
}

describe('an organization run: ListAccounts, AuditAccount per account, Aggregate', () => {
  it('gives each function the payload the definition builds', async () => {
    // Act
    const { run, bucket } = await runNight();

    // Assess
    expect(run.payloads.ListAccounts).toEqual([
      {
        executionName: '3f2a9c1e-0000-4000-8000-000000000000',
        startTime: '2026-11-29T03:00:00.000Z',
      },
    ]);
    const runId = '20261129T030000Z-3f2a9c1e';
    expect(bucket.json(`runs/${runId}/accounts.json`)).toEqual([
      { accountId: MANAGEMENT, name: 'management' },
      { accountId: NAT, name: 'payments' },
      { accountId: REFUSING, name: 'legacy' },
      { accountId: CRASHING, name: 'broken' },
      { accountId: ABORTED, name: 'aborted' },
    ]);
    expect(run.payloads.AuditAccount).toContainEqual({
      runId,
      account: { accountId: NAT, name: 'payments' },
    });
    expect(run.payloads.AuditAccount).toHaveLength(4);
    expect(run.payloads.Aggregate).toEqual([
      {
        runId,
        map: {
          ResultWriterDetails: {
            Bucket: BUCKET,
            Key: `runs/${runId}/map/run-uuid/manifest.json`,
          },
        },
      },
    ]);
  });

  it('leaves the merged report in the bucket and sends exactly one SNS message for the organization', async () => {
    // Act
    const { run, bucket } = await runNight();

    // Assess
    const runId = '20261129T030000Z-3f2a9c1e';
    const report = bucket.json(`runs/${runId}/report.json`) as Report;
    expect(bucket.json('latest/report.json')).toEqual(report);
    expect(report.organizationId).toBe(ORGANIZATION_ID);
    expect(report.accountId).toBe(MANAGEMENT);
    expect(report.accounts?.map((a) => [a.accountId, a.status])).toEqual([
      [MANAGEMENT, 'audited'],
      [NAT, 'audited'],
      [REFUSING, 'failed'],
      [CRASHING, 'failed'],
      [EXEMPT, 'exempt'],
      [SUSPENDED, 'skipped'],
      [ABORTED, 'failed'],
    ]);
    expect(report.subnets.find((s) => s.subnetId === 'subnet-0baf275109f57c8ff')).toMatchObject({
      accountId: NAT,
      services: { s3: { path: 'nat-gateway' } },
    });
    expect(report.errors.map((e) => [e.accountId, e.operation])).toEqual([
      [REFUSING, 'AssumeRole'],
      [CRASHING, 'AuditAccount'],
      [ABORTED, 'AuditAccount'],
    ]);
    expect(report.summary.leakingSubnets).toBe(2);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    const message = JSON.parse(
      snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}',
    ) as { email: string };
    expect(message.email).toContain('Accounts: 2 audited, 3 failed, 1 exempt, 1 skipped');
    expect(message.email).toContain(`- ${NAT} (payments): 2 leaking subnet(s)`);
    expect(message.email).toContain(`- ${REFUSING} (legacy): cannot assume`);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, { TopicArn: TOPIC });
    expect(run.output).toMatchObject({
      runId,
      accounts: { audited: 2, failed: 3, exempt: 1, skipped: 1 },
      notification: { status: 'published' },
    });
  });

  it('puts the totals and LeakingSubnets per AccountId', async () => {
    // Act
    await runNight();

    // Assess
    const data = cloudwatchMock
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? []);
    const total = data.filter((d) => d.MetricName === 'LeakingSubnets' && !d.Dimensions);
    expect(total.map((d) => d.Value)).toEqual([2]);
    expect(data).toContainEqual(
      expect.objectContaining({
        MetricName: 'LeakingSubnets',
        Value: 2,
        Dimensions: [{ Name: 'AccountId', Value: NAT }],
      }),
    );
    expect(
      data.filter((d) => d.Dimensions?.some((dimension) => dimension.Name === 'AccountId')),
    ).toHaveLength(2);
  });

  it('returns account summaries well under 4 KiB', async () => {
    // Act
    const { bucket } = await runNight();

    // Assess
    const results = [...bucket.objects.entries()].filter(([key]) =>
      key.endsWith('SUCCEEDED_0.json'),
    );
    for (const [, text] of results) {
      for (const child of JSON.parse(text) as { Output: string }[]) {
        expect(Buffer.byteLength(child.Output, 'utf8')).toBeLessThan(4096);
      }
    }
  });
});
