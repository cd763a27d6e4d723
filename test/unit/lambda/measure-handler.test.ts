/**
 * The scheduled measure function (measureSchedule) against mocked EC2, CloudWatch Logs and S3
 * (aws-sdk-client-mock; a fake Logs Insights evaluates the queries' text): it measures like
 * `measure --apply`, removes what it made and what a killed run left, stops before the function's
 * timeout, and writes the measurement that the nightly audit then prices with.
 */
import { CreateFlowLogsCommand, DeleteFlowLogsCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { auditLive } from '../../../src/audit-live';
import { loadConfig } from '../../../src/config';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import { createMeasureHandler, MeasureRunError } from '../../../src/lambda/measure-handler';
import { storedMeasurement } from '../../../src/lambda/stored-measurement';
import type { MeasurementFile } from '../../../src/snapshot/cost-inputs';
import { createReportStore } from '../../../src/store/report-store';
import type { Report } from '../../../src/types';
import { publishingSpies } from '../../helpers';
import { awsError } from '../../helpers';
import { GIB } from '../../helpers/cost-fixtures';
import {
  account,
  exchange,
  NAT,
  NAT_ENI,
  serveMeasurement,
  type TaggedFlowLog,
} from '../../helpers/flow-log-estate';
import { lambdaContext, SCHEDULED_EVENT, silentLogger, TOPIC } from '../../helpers/lambda';
import { memoryBucket } from '../../helpers/memory-bucket';
import { FakeLogsInsights } from '../../support/fake-logs-insights';

const BUCKET = 'vpce-auditor-reports';
const ROLE = 'arn:aws:iam::111122223333:role/vpce-auditor-dev-MeasureDeliveryRole';
const KEY = 'measurements/111122223333/latest.json';
/** The run's start: a day ago, by default (the audit below reads the measurement now). */
const DAY = 86_400_000;
const { sns, reset } = publishingSpies();

beforeEach(() => reset());

/** Two subnets' S3 and DynamoDB exchanges through the NAT gateway, and internet traffic. */
function recorded(t0: number) {
  const at = Math.floor(t0 / 1000) + 120;
  return [
    ...exchange('measure', '10.0.1.5', '52.216.10.10', 2 * GIB, 6 * GIB, at), // A → S3
    ...exchange('measure', '10.0.2.7', '3.5.1.1', 1 * GIB, 3 * GIB, at), // B → S3
    ...exchange('measure', '10.0.1.5', '52.94.0.10', GIB, GIB, at), // A → DynamoDB
    ...exchange('measure', '10.0.1.5', '93.184.216.34', 9 * GIB, 9 * GIB, at), // internet
  ];
}

/** The account, its stateful measurement fakes, a fake clock and the handler's dependencies. */
function setup(
  options: {
    existing?: { flowLogs?: TaggedFlowLog[]; logGroups?: string[] };
    /** How much longer than asked each wait of this many ms takes (a slow platform). */
    overrun?: { of: number; by: number };
    timeLeftMs?: number;
    /** When the run starts (default: a day ago). */
    t0?: number;
  } = {},
) {
  const t0 = options.t0 ?? Date.now() - DAY;
  const { clients, mocked, logs } = account([], []);
  const clock = { now: t0 };
  const state = serveMeasurement(mocked.ec2('us-east-1'), logs, {
    fake: new FakeLogsInsights(),
    events: recorded(t0),
    clock,
    ...(options.existing ? { existing: options.existing } : {}),
  });
  const bucket = memoryBucket(BUCKET);
  const store = createReportStore(bucket.client, BUCKET);
  const handler = createMeasureHandler({
    config: loadConfig(
      { REGIONS: 'us-east-1', REPORT_BUCKET: BUCKET, DELIVERY_ROLE_ARN: ROLE },
      'measure',
    ),
    clients,
    auditLive,
    ec2: (region) => clients.ec2(region),
    logs: (region) => clients.logs(region),
    store,
    logger: silentLogger(),
    timing: {
      now: () => new Date(clock.now),
      sleep: (ms) => {
        clock.now += ms + (ms === options.overrun?.of ? options.overrun.by : 0);
        return Promise.resolve();
      },
      deliveryPollMs: 15_000,
      queryPollMs: 1,
    },
  });
  const end = t0 + (options.timeLeftMs ?? 900_000);
  const context = { ...lambdaContext(), getRemainingTimeInMillis: () => end - clock.now };
  return { clients, mocked, state, bucket, store, handler, context, clock };
}

describe('the measure function', () => {
  it('measures both directions once per subnet, removes everything and stores the measurement', async () => {
    // Prepare
    const h = setup();

    // Act
    const result = await h.handler(SCHEDULED_EVENT, h.context);

    // Assess
    expect(result).toMatchObject({ status: 'measured', gateways: 1, leftovers: [] });
    expect(h.mocked.ec2('us-east-1')).toHaveReceivedCommandWith(CreateFlowLogsCommand, {
      ResourceIds: [NAT_ENI],
      DeliverLogsPermissionArn: ROLE,
    });
    expect(h.state.flowLogs.size).toBe(0);
    expect(h.state.logGroups.size).toBe(0);
    const file = h.bucket.json(KEY) as MeasurementFile;
    const [measured] = file.regions['us-east-1'] ?? [];
    expect(measured).toMatchObject({
      natGatewayId: NAT,
      status: 'measured',
      source: 'measure',
      attribution: 'subnet',
      services: {
        s3: { bytesToService: 3 * GIB, bytesFromService: 9 * GIB },
        dynamodb: { bytesToService: GIB, bytesFromService: GIB },
      },
    });
    expect(Date.parse(measured?.endTime ?? '') - Date.parse(measured?.startTime ?? '')).toBe(
      5 * 60_000,
    );
    expect(result.measurementObject?.key).toBe(KEY);
  });

  it('first removes what a killed run left behind, found by its tag', async () => {
    // Prepare
    const h = setup({
      existing: {
        flowLogs: [
          {
            FlowLogId: 'fl-0leftover0000001',
            ResourceId: NAT_ENI,
            FlowLogStatus: 'ACTIVE',
            LogDestinationType: 'cloud-watch-logs',
            LogGroupName: '/vpce-auditor/measure/killed',
            Tags: [{ Key: 'vpce-auditor:measure', Value: 'killed' }],
          },
        ],
        logGroups: ['/vpce-auditor/measure/killed'],
      },
    });

    // Act
    const result = await h.handler(SCHEDULED_EVENT, h.context);

    // Assess
    expect(result.leftoversRemoved).toEqual([
      'fl-0leftover0000001',
      '/vpce-auditor/measure/killed',
    ]);
    expect(h.mocked.ec2('us-east-1')).toHaveReceivedCommandWith(DeleteFlowLogsCommand, {
      FlowLogIds: ['fl-0leftover0000001'],
    });
    expect(result.status).toBe('measured');
    expect(h.state.flowLogs.size).toBe(0);
    expect(h.state.logGroups.size).toBe(0);
  });

  it('creates nothing when the recording cannot fit in the time left', async () => {
    // Prepare
    const h = setup({ timeLeftMs: 400_000 });

    // Act
    const running = h.handler(SCHEDULED_EVENT, h.context);

    // Assess
    await expect(running).rejects.toThrow(MeasureRunError);
    await expect(running).rejects.toThrow(/400 s left: too little for 5 minute\(s\) of recording/);
    expect(h.mocked.ec2('us-east-1')).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(h.bucket.objects.has(KEY)).toBe(false);
  });

  it('stops at the deadline and removes what it created before the function times out', async () => {
    // Prepare: the recording's wait overruns by 9 minutes, past the point where cleanup must start
    const h = setup({ overrun: { of: 5 * 60_000, by: 9 * 60_000 } });

    // Act
    const running = h.handler(SCHEDULED_EVENT, h.context);

    // Assess
    await expect(running).rejects.toThrow(/measurement interrupted/);
    expect(h.mocked.ec2('us-east-1')).toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(h.state.flowLogs.size).toBe(0);
    expect(h.state.logGroups.size).toBe(0);
    expect(h.bucket.objects.has(KEY)).toBe(false);
    expect(h.context.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('refuses to start without the report bucket, naming the variable', async () => {
    // Prepare
    const { clients } = account([], []);
    const handler = createMeasureHandler({
      config: loadConfig({ DELIVERY_ROLE_ARN: ROLE }, 'measure'),
      clients,
      auditLive,
      ec2: (region) => clients.ec2(region),
      logs: (region) => clients.logs(region),
      logger: silentLogger(),
    });

    // Act
    const running = handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    await expect(running).rejects.toThrow(/^REPORT_BUCKET: is empty/);
  });
});

describe('the nightly audit and the stored measurement', () => {
  /** The audit function of the same account and bucket, publishing its report. */
  async function audit(h: ReturnType<typeof setup>) {
    const handler = createAuditHandler({
      config: loadConfig({
        SNS_TOPIC_ARN: TOPIC,
        NOTIFY: 'always',
        REPORT_BUCKET: BUCKET,
        FLOW_LOG_HOURS: '0',
      }),
      clients: h.clients,
      auditLive,
      sns: new SNSClient({ region: 'us-east-1' }),
      cloudwatch: h.clients.cloudwatch('us-east-1'),
      regionalCloudwatch: (region) => h.clients.cloudwatch(region),
      regionalEc2: (region) => h.clients.ec2(region),
      store: h.store,
      logger: silentLogger(),
    });
    const result = await handler(SCHEDULED_EVENT, lambdaContext());
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    const published = JSON.parse(
      (JSON.parse(input?.Message ?? '{}') as { default: string }).default,
    ) as Report;
    return { result, line: published.summary.cost?.gateways.find((g) => g.natGatewayId === NAT) };
  }

  it('prices the NAT gateway from a fresh measurement, and says so', async () => {
    // Prepare
    const h = setup();
    await h.handler(SCHEDULED_EVENT, h.context);

    // Act
    const { result, line } = await audit(h);

    // Assess
    expect(result.measurement).toMatchObject({ used: true, uri: `s3://${BUCKET}/${KEY}` });
    expect(line?.basis).toBe('measured');
    expect(line?.measured?.source).toBe('measure');
    // 3 + 9 GiB to and from S3, 1 + 1 GiB DynamoDB: each byte once, × the price
    expect(line?.measured?.windowUsd).toBeCloseTo(14 * (line?.pricePerGb ?? 0), 2);
  });

  it('keeps the upper bound when the measurement is older than 8 days', async () => {
    // Prepare
    const h = setup({ t0: Date.now() - 9 * DAY });
    await h.handler(SCHEDULED_EVENT, h.context);

    // Act
    const { result, line } = await audit(h);

    // Assess
    expect(result.measurement).toMatchObject({
      used: false,
      reason: expect.stringMatching(/older than 8 days/) as string,
    });
    expect(line?.basis).toBe('upper-bound');
  });
});

describe('storedMeasurement', () => {
  it.each([
    ['not a measurement file', { kind: 'report' }, /^not a measurement file: /],
    [
      'of another account',
      {
        schemaVersion: 1,
        kind: 'vpce-auditor-measurement',
        accountId: '444455556666',
        takenAt: new Date().toISOString(),
        regions: {},
      },
      /^it is of account 444455556666$/,
    ],
  ])('does not price with a stored file %s, and says why', async (_what, body, reason) => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set(KEY, JSON.stringify(body));

    // Act
    const stored = await storedMeasurement(
      createReportStore(bucket.client, BUCKET),
      '111122223333',
      { logger: silentLogger() },
    );

    // Assess
    expect(stored.traffic).toBeUndefined();
    expect(stored.outcome).toEqual(
      expect.objectContaining({ used: false, reason: expect.stringMatching(reason) as string }),
    );
  });

  it('says none is stored, and a bucket it cannot read', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    const store = createReportStore(bucket.client, BUCKET);
    const refusing = memoryBucket(BUCKET);
    refusing.stub.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'));

    // Act
    const none = await storedMeasurement(store, '111122223333', { logger: silentLogger() });
    const refused = await storedMeasurement(
      createReportStore(refusing.client, BUCKET),
      '111122223333',
      { logger: silentLogger() },
    );

    // Assess
    expect(none.outcome.reason).toMatch(/^none stored/);
    expect(refused.outcome.reason).toMatch(/^not readable: .*Access Denied/);
  });
});
