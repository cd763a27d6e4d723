import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type BatchImportFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { createAggregateHandler } from '../../../../src/lambda/org/aggregate-handler';
import {
  createAuditAccountHandler,
  type AuditAccountDeps,
} from '../../../../src/lambda/org/audit-account-handler';
import { accountSecurityHubClients } from '../../../../src/securityhub/account-clients';
import { exportToSecurityHub } from '../../../../src/securityhub/export';
import { createListAccountsHandler } from '../../../../src/lambda/org/list-accounts-handler';
import { createReportStore } from '../../../../src/store/report-store';
import type { Config } from '../../../../src/config';
import type { Report } from '../../../../src/types';
import { INSTANT, lambdaContext, silentLogger, TEST_CONFIG, TOPIC } from '../../../helpers/lambda';
import { memoryBucket, type MemoryBucket } from '../../../helpers/memory-bucket';
import { mockOrganization, ORGANIZATION_ID } from '../../../helpers/mock-organization';
import { loadScenarios, type Scenario } from '../../../helpers/scenarios';
import { memoryMapBucket, runStateMachine } from '../../../helpers/state-machine-run';
import { awsError } from '../../../helpers';

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
/** The NAT scenario's route table whose default route is the NAT gateway. */
const NAT_TABLE = 'rtb-0b8adbc4f8145d962';
const SECOND_NIGHT = '9b1d7e20-0000-4000-8000-000000000000';

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

/** What changes from one night to the next. */
interface NightOptions {
  /** The organization (default: {@link organization} of these options). */
  org?: ReturnType<typeof mockOrganization>;
  /** The bucket of an earlier night (default: an empty one). */
  bucket?: MemoryBucket;
  executionName?: string;
  /** The NAT account's estate (default: the NAT scenario). */
  natScenario?: Scenario;
  /** The NAT account's member role refuses to be assumed. */
  natRefuses?: boolean;
  /** The management account's estate (default: the isolated-subnet scenario). */
  managementScenario?: Scenario;
  config?: Config;
  /** The AuditAccount function's Security Hub export (`SECURITY_HUB=true`). */
  exportSecurityHub?: AuditAccountDeps['exportSecurityHub'];
  /** `ACCOUNT_METRICS` of the Aggregate function (default false). */
  accountMetrics?: boolean;
}

/**
 * The NAT scenario after its owner added an S3 gateway endpoint to the NAT route table: exactly
 * one leak (that table's S3 traffic) is fixed; its DynamoDB traffic and the public table stay.
 */
function natScenarioWithS3Endpoint(): Scenario {
  const base = scenario('02-nat-private-subnet');
  const snapshot = structuredClone(base.snapshot) as {
    regions: Record<
      string,
      { RouteTables: { RouteTableId: string; Routes: unknown[] }[]; VpcEndpoints: unknown[] }
    >;
  };
  const estate = snapshot.regions['us-east-1'];
  if (!estate) throw new Error('the NAT scenario has no us-east-1');
  estate.VpcEndpoints.push({
    VpcEndpointId: 'vpce-0fixed0000000000a',
    VpcEndpointType: 'Gateway',
    VpcId: 'vpc-0affbe7e710015eb9',
    ServiceName: 'com.amazonaws.us-east-1.s3',
    State: 'available',
    RouteTableIds: [NAT_TABLE],
    SubnetIds: [],
    OwnerId: '111122223333',
    Tags: [],
  });
  estate.RouteTables.find((table) => table.RouteTableId === NAT_TABLE)?.Routes.push({
    DestinationPrefixListId: 'pl-63a5400a',
    GatewayId: 'vpce-0fixed0000000000a',
    Origin: 'CreateRoute',
    State: 'active',
  });
  return { ...base, snapshot };
}

function organization(options: NightOptions = {}) {
  return mockOrganization(MANAGEMENT, [
    {
      id: MANAGEMENT,
      name: 'management',
      scenario: options.managementScenario ?? scenario('04-isolated-subnet'),
    },
    options.natRefuses
      ? { id: NAT, name: 'payments', refuse: true }
      : {
          id: NAT,
          name: 'payments',
          scenario: options.natScenario ?? scenario('02-nat-private-subnet'),
        },
    { id: REFUSING, name: 'legacy', refuse: true },
    // No mocked clients: its AuditAccount function fails, and the map's Catch records it.
    { id: CRASHING, name: 'broken', broken: true },
    { id: EXEMPT, name: 'sandbox', tags: { 'vpce-auditor:exempt': 'true' } },
    { id: SUSPENDED, name: 'closed', state: 'SUSPENDED' },
    { id: ABORTED, name: 'aborted', scenario: scenario('01-igw-public-subnet') },
  ]);
}

async function runNight(options: NightOptions = {}) {
  const org = options.org ?? organization(options);
  const bucket = options.bucket ?? memoryBucket(BUCKET);
  const config = options.config ?? TEST_CONFIG;
  const store = createReportStore(bucket.client, BUCKET);
  const logger = silentLogger();
  const listAccounts = createListAccountsHandler({
    config: TEST_CONFIG,
    organizations: org.access.organizations(),
    callerAccountId: () => Promise.resolve(MANAGEMENT),
    store,
    logger,
  });
  const auditAccount = createAuditAccountHandler({
    config,
    access: org.access,
    store,
    logger,
    ...(options.exportSecurityHub ? { exportSecurityHub: options.exportSecurityHub } : {}),
  });
  const aggregate = createAggregateHandler({
    config,
    store,
    s3: bucket.client,
    sns,
    cloudwatch,
    logger,
    region: 'us-east-1',
    ...(options.accountMetrics !== undefined ? { accountMetrics: options.accountMetrics } : {}),
  });
  const run = await runStateMachine({
    definition: definitionWith(40),
    functions: {
      ListAccounts: (payload) => listAccounts(payload, lambdaContext('req-list')),
      AuditAccount: (payload) => auditAccount(payload, lambdaContext('req-audit')),
      Aggregate: (payload) => aggregate(payload, lambdaContext('req-aggregate')),
    },
    bucket: memoryMapBucket(bucket),
    bucketName: BUCKET,
    executionName: options.executionName ?? '3f2a9c1e-0000-4000-8000-000000000000',
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
    const report = (await bucket.report(`runs/${runId}/report.jsonl`)) as Report;
    expect(await bucket.report('latest/report.jsonl')).toEqual(report);
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

  it('puts the totals and, with ACCOUNT_METRICS=true, LeakingSubnets per AccountId', async () => {
    // Act
    await runNight({ accountMetrics: true });

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

  it.each([false, undefined])(
    'puts the totals only with ACCOUNT_METRICS=%s (the default is false): no series per account',
    async (accountMetrics) => {
      // Act
      await runNight(accountMetrics === undefined ? {} : { accountMetrics });

      // Assess
      const data = cloudwatchMock
        .commandCalls(PutMetricDataCommand)
        .flatMap((call) => call.args[0].input.MetricData ?? []);
      expect(data.filter((d) => d.MetricName === 'LeakingSubnets' && !d.Dimensions)).toHaveLength(
        1,
      );
      expect(
        data.filter((d) => d.Dimensions?.some((dimension) => dimension.Name === 'AccountId')),
      ).toEqual([]);
    },
  );

  it('ends without error when SNS refuses the message: the report stays stored, PublishFailed = 1', async () => {
    // Prepare
    snsMock
      .on(PublishCommand)
      .rejects(awsError('InvalidParameter', 'Invalid parameter: Message too long'));

    // Act
    const { run, bucket } = await runNight();

    // Assess
    expect(await bucket.report('latest/report.jsonl')).toMatchObject({
      organizationId: ORGANIZATION_ID,
    });
    expect(run.output).toMatchObject({
      notification: { status: 'failed', message: expect.stringContaining('Message too long') },
    });
    const data = cloudwatchMock
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? []);
    expect(data.filter((d) => d.MetricName === 'PublishFailed').map((d) => d.Value)).toEqual([1]);
    expect(data.filter((d) => d.MetricName === 'LeakingSubnets' && !d.Dimensions)).toHaveLength(1);
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

/**
 * The NAT scenario as a participant sees it: its VPC shared with the participant through AWS RAM,
 * so every subnet and table carries the owner's (the NAT account's) id.
 */
function sharedByNatAccount(): Scenario {
  const base = scenario('02-nat-private-subnet');
  const text = JSON.stringify(base.snapshot).replaceAll(
    '"OwnerId":"111122223333"',
    `"OwnerId":"${NAT}"`,
  );
  return { ...base, snapshot: JSON.parse(text) as Scenario['snapshot'] };
}

describe('an organization run with a VPC shared through AWS RAM', () => {
  it('counts each shared subnet once, under the account that owns it', async () => {
    // Act
    const { bucket } = await runNight({ managementScenario: sharedByNatAccount() });

    // Assess
    const report = (await bucket.report('latest/report.jsonl')) as Report;
    const copies = report.subnets.filter((s) => s.subnetId === 'subnet-0baf275109f57c8ff');
    expect(copies.map((s) => s.accountId)).toEqual([NAT]);
    expect(report.summary.leakingSubnets).toBe(2);
    expect(report.findings.every((f) => f.accountId !== MANAGEMENT)).toBe(true);
    const management = report.accounts?.find((a) => a.accountId === MANAGEMENT);
    expect(management?.summary).toMatchObject({ subnets: 0, leakingSubnets: 0 });
  });
});

describe('an organization run keeps a finding history', () => {
  const statusOf = (report: Report) =>
    report.findings.map((finding) => [finding.id, finding.status]).sort();

  it('resolves exactly the leak fixed between two nights, and writes the report history', async () => {
    // Prepare
    const first = await runNight();
    const firstReport = (await first.bucket.report('latest/report.jsonl')) as Report;

    // Act
    const second = await runNight({
      bucket: first.bucket,
      executionName: SECOND_NIGHT,
      natScenario: natScenarioWithS3Endpoint(),
    });

    // Assess
    const report = (await second.bucket.report('latest/report.jsonl')) as Report;
    expect(report.resolved?.map((resolved) => [resolved.id, resolved.why])).toEqual([
      [`${NAT}/us-east-1/${NAT_TABLE}/s3`, 'fixed'],
    ]);
    expect(statusOf(report)).toEqual(
      firstReport.findings
        .filter((finding) => finding.id !== `${NAT}/us-east-1/${NAT_TABLE}/s3`)
        .map((finding) => [finding.id, 'persisting'])
        .sort(),
    );
    expect(report.findings.every((finding) => finding.firstSeen === firstReport.generatedAt)).toBe(
      true,
    );
    expect(statusOf(firstReport).every(([, status]) => status === 'new')).toBe(true);
    const runId = '20261129T030000Z-9b1d7e20';
    const day = report.generatedAt.slice(0, 10).replace(/-/g, '/');
    expect(await second.bucket.report(`reports/${ORGANIZATION_ID}/${day}/${runId}.jsonl`)).toEqual(
      report,
    );
    expect(await second.bucket.report(`reports/${ORGANIZATION_ID}/latest.jsonl`)).toEqual(report);
    expect(second.run.output).toMatchObject({
      historyKey: `reports/${ORGANIZATION_ID}/${day}/${runId}.jsonl`,
      history: { status: 'compared', since: firstReport.generatedAt, new: 0, resolved: 1 },
    });
    const metrics = cloudwatchMock
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? []);
    expect(metrics).toContainEqual(
      expect.objectContaining({ MetricName: 'ResolvedFindings', Value: 1 }),
    );
    expect(metrics).toContainEqual(
      expect.objectContaining({ MetricName: 'NewFindings', Value: 0 }),
    );
  });

  it('resolves nothing of an account that failed on the second night', async () => {
    // Prepare
    const first = await runNight();
    const natLeaks = ((await first.bucket.report('latest/report.jsonl')) as Report).findings.filter(
      (finding) => finding.accountId === NAT,
    );

    // Act
    const second = await runNight({
      bucket: first.bucket,
      executionName: SECOND_NIGHT,
      natRefuses: true,
    });

    // Assess
    const report = (await second.bucket.report('latest/report.jsonl')) as Report;
    expect(natLeaks.length).toBeGreaterThan(0);
    expect(report.accounts?.find((account) => account.accountId === NAT)?.status).toBe('failed');
    expect(report.resolved ?? []).toEqual([]);
    expect(report.carried?.map((finding) => finding.id).sort()).toEqual(
      natLeaks.map((finding) => finding.id).sort(),
    );
  });

  it('publishes nothing under NOTIFY=on-change when nothing is new, resolved or failed', async () => {
    // Prepare
    const quiet = mockOrganization(MANAGEMENT, [
      { id: MANAGEMENT, name: 'management', scenario: scenario('04-isolated-subnet') },
      { id: NAT, name: 'payments', scenario: scenario('02-nat-private-subnet') },
    ]);
    const bucket = memoryBucket(BUCKET);
    const onChange: Config = { ...TEST_CONFIG, notify: 'on-change' };
    const night = async (executionName: string) =>
      (await runNight({ org: quiet, bucket, config: onChange, executionName })).run.output;
    await night('3f2a9c1e-0000-4000-8000-000000000000');
    snsMock.resetHistory();

    // Act
    const output = await night(SECOND_NIGHT);

    // Assess
    expect(output).toMatchObject({
      notification: { status: 'skipped' },
      history: { status: 'compared', new: 0, resolved: 0 },
    });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});

describe('an organization run with securityHub=true', () => {
  it("exports each account's leaks from its AuditAccount function, with that account's clients", async () => {
    // Prepare: one Security Hub client per account, built by the export's own provider
    const hubs = new Map<
      string,
      { client: SecurityHubClient; stub: AwsClientStub<SecurityHubClient> }
    >();
    const built: { accountId: string; region: string; credentials: unknown }[] = [];
    const hubOf = (accountId: string) => {
      let hub = hubs.get(accountId);
      if (!hub) {
        const client = new SecurityHubClient({
          region: 'us-east-1',
          credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        });
        const stub = mockClient(client);
        stub.on(GetFindingsCommand).resolves({ Findings: [] });
        stub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
          SuccessCount: input.Findings?.length ?? 0,
          FailedCount: 0,
          FailedFindings: [],
        }));
        hub = { client, stub };
        hubs.set(accountId, hub);
      }
      return hub.client;
    };
    const exportSecurityHub: AuditAccountDeps['exportSecurityHub'] = (report, clients) =>
      exportToSecurityHub(
        report,
        accountSecurityHubClients(report.accountId, clients, (region, credentials) => {
          built.push({ accountId: report.accountId, region, credentials });
          return hubOf(report.accountId);
        }),
        { clock: INSTANT },
      );

    // Act
    const { bucket, org } = await runNight({
      config: { ...TEST_CONFIG, securityHub: true },
      exportSecurityHub,
    });

    // Assess: the NAT account's leaks went to its own Security Hub, signed as that account
    const report = (await bucket.report('latest/report.jsonl')) as Report;
    const natLeaks = report.findings.filter((finding) => finding.accountId === NAT);
    const imports = (hubs.get(NAT)?.stub.commandCalls(BatchImportFindingsCommand) ?? []).flatMap(
      (call) => call.args[0].input.Findings ?? [],
    );
    expect(imports.map((finding) => finding.Id).sort()).toEqual(
      natLeaks.map((finding) => finding.id).sort(),
    );
    expect(imports.every((finding) => finding.AwsAccountId === NAT)).toBe(true);
    expect(
      imports.every((finding) => finding.ProductArn?.includes(`:${NAT}:product/${NAT}/`)),
    ).toBe(true);
    expect(built.filter((entry) => entry.accountId === NAT)).toEqual([
      {
        accountId: NAT,
        region: 'us-east-1',
        credentials: org.account(NAT).clients.sts().config.credentials,
      },
    ]);
    expect(built.find((entry) => entry.accountId === REFUSING)).toBeUndefined();
    // The summaries reach the account's entry and the merged report
    expect(report.accounts?.find((account) => account.accountId === NAT)?.securityHub).toEqual({
      status: 'exported',
      imported: natLeaks.length,
      archived: 0,
      failedFindings: 0,
      errors: [],
    });
    expect(report.securityHub).toMatchObject({ status: 'exported', errors: [] });
    expect(report.securityHub?.imported).toBeGreaterThanOrEqual(natLeaks.length);
  });
});
