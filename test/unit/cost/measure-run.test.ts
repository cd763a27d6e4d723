/**
 * A measurement run against mocked EC2 and CloudWatch Logs (aws-sdk-client-mock): it creates the
 * tagged log group and flow logs, records, measures with Logs Insights (a fake that evaluates the
 * queries' text: moto does not evaluate Logs Insights queries) and removes everything it created,
 * on success, on failure and when interrupted.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  GetQueryResultsCommand,
  PutRetentionPolicyCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { planMeasurement, type MeasureCandidate } from '../../../src/cost/measure-plan';
import {
  abortableSleep,
  runMeasurement,
  type MeasureRunOptions,
} from '../../../src/cost/measure-run';
import { awsError } from '../../helpers';
import { exchange, NAT_ENI } from '../../helpers/flow-log-estate';
import { FakeLogsInsights } from '../../support/fake-logs-insights';

const REGION = 'eu-west-1';
const NAT = 'nat-0aaaaaaaaaaaaaaa1';
const ENI = NAT_ENI;
const ROLE = 'arn:aws:iam::111122223333:role/flow-logs-delivery';
const S3_CIDR = '52.216.0.0/15';
const DDB_CIDR = '52.94.0.0/22';
const GIB = 2 ** 30;
const T0 = Date.parse('2026-12-07T10:00:00Z');

const candidate: MeasureCandidate = {
  region: REGION,
  natGatewayId: NAT,
  vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
  subnetId: 'subnet-0aaaaaaaaaaaa0001',
  interfaceIds: [ENI],
  services: ['s3', 'dynamodb'],
};

const plan = (minutes = 15, candidates: MeasureCandidate[] = [candidate], maxGateways = 20) =>
  planMeasurement(candidates, {
    runId: 'run-1',
    minutes,
    maxGateways,
    services: ['s3', 'dynamodb'],
  });

interface Harness {
  ec2: AwsClientStub<EC2Client>;
  logs: AwsClientStub<CloudWatchLogsClient>;
  fake: FakeLogsInsights;
  options: MeasureRunOptions;
  lines: string[];
  clock: { now: number };
}

/** Mocked clients where every call succeeds, a fake clock that the waits advance. */
function harness(overrides: Partial<MeasureRunOptions> = {}): Harness {
  const ec2Client = new EC2Client({ region: REGION });
  const logsClient = new CloudWatchLogsClient({ region: REGION });
  const ec2 = mockClient(ec2Client);
  const logs = mockClient(logsClient);
  const fake = new FakeLogsInsights();
  const clock = { now: T0 };
  let deleted = false;
  ec2.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-0aaaaaaaaaaaaaaa1'] });
  ec2.on(DescribeFlowLogsCommand).callsFake(() => ({
    FlowLogs: deleted
      ? []
      : [{ FlowLogId: 'fl-0aaaaaaaaaaaaaaa1', ResourceId: ENI, FlowLogStatus: 'ACTIVE' }],
  }));
  ec2.on(DeleteFlowLogsCommand).callsFake(() => {
    deleted = true;
    return { Unsuccessful: [] };
  });
  logs.on(CreateLogGroupCommand).resolves({});
  logs.on(PutRetentionPolicyCommand).resolves({});
  logs.on(DescribeLogStreamsCommand).callsFake(() => ({
    logStreams: [{ logStreamName: `${ENI}-all`, lastEventTimestamp: clock.now }],
  }));
  logs.on(DeleteLogGroupCommand).resolves({});
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
  logs.on(StartQueryCommand).callsFake(fake.startQuery);
  logs.on(GetQueryResultsCommand).callsFake(fake.getQueryResults);
  logs.on(StopQueryCommand).callsFake(fake.stopQuery);
  const lines: string[] = [];
  const options: MeasureRunOptions = {
    ec2: () => ec2Client,
    logs: () => logsClient,
    deliveryRoleArn: ROLE,
    keepLogs: false,
    inputs: () => ({
      serviceCidrs: { s3: [S3_CIDR], dynamodb: [DDB_CIDR] },
      subnets: [
        { subnetId: 'subnet-0aaaaaaaaaaaa000a', cidr: '10.0.1.0/24' },
        { subnetId: 'subnet-0aaaaaaaaaaaa000b', cidr: '10.0.2.0/24' },
      ],
    }),
    log: (line) => lines.push(line),
    now: () => new Date(clock.now),
    sleep: (ms) => {
      clock.now += ms;
      return Promise.resolve();
    },
    queryPollMs: 1,
    ...overrides,
  };
  return { ec2, logs, fake, options, lines, clock };
}

describe('runMeasurement', () => {
  it('creates tagged flow logs with pkt-* fields, measures both directions once per subnet, and removes everything', async () => {
    // Prepare
    const h = harness();
    const at = (T0 + 5 * 60_000) / 1000;
    h.fake.put('/vpce-auditor/measure/run-1', [
      ...exchange('measure', '10.0.1.5', '52.216.1.1', 2 * GIB, 6 * GIB, at), // subnet a → S3
      ...exchange('measure', '10.0.2.5', '52.217.9.9', 1 * GIB, 3 * GIB, at), // subnet b → S3
      ...exchange('measure', '10.0.1.5', '52.94.0.7', 1 * GIB, 1 * GIB, at), // subnet a → DynamoDB
      ...exchange('measure', '10.0.1.5', '93.184.216.34', 9 * GIB, 9 * GIB, at), // internet: not counted
    ]);

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('measured');
    const [measured] = result.measurements[REGION] ?? [];
    expect(measured).toMatchObject({
      natGatewayId: NAT,
      status: 'measured',
      source: 'measure',
      attribution: 'subnet',
      flowLogIds: ['fl-0aaaaaaaaaaaaaaa1'],
      logGroups: ['/vpce-auditor/measure/run-1'],
      services: {
        s3: { bytesToService: 3 * GIB, bytesFromService: 9 * GIB },
        dynamodb: { bytesToService: 1 * GIB, bytesFromService: 1 * GIB },
      },
    });
    expect(measured?.subnets).toEqual([
      {
        subnetId: 'subnet-0aaaaaaaaaaaa000a',
        service: 'dynamodb',
        bytesToService: GIB,
        bytesFromService: GIB,
      },
      {
        subnetId: 'subnet-0aaaaaaaaaaaa000a',
        service: 's3',
        bytesToService: 2 * GIB,
        bytesFromService: 6 * GIB,
      },
      {
        subnetId: 'subnet-0aaaaaaaaaaaa000b',
        service: 's3',
        bytesToService: GIB,
        bytesFromService: 3 * GIB,
      },
    ]);
    expect(Date.parse(measured?.endTime ?? '') - Date.parse(measured?.startTime ?? '')).toBe(
      15 * 60_000,
    );
    expect(result.bytesScanned).toBeGreaterThan(0);
    expect(result.queryUsd).toBeGreaterThan(0);
    expect(h.ec2).toHaveReceivedCommandWith(CreateFlowLogsCommand, {
      ResourceType: 'NetworkInterface',
      ResourceIds: [ENI],
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: '/vpce-auditor/measure/run-1',
      DeliverLogsPermissionArn: ROLE,
      MaxAggregationInterval: 60,
      LogFormat: expect.stringMatching(/\$\{pkt-srcaddr\} \$\{pkt-dstaddr\}$/) as string,
      ClientToken: `run-1-${REGION}`,
      TagSpecifications: [
        {
          ResourceType: 'vpc-flow-log',
          Tags: [
            { Key: 'vpce-auditor:measure', Value: 'run-1' },
            { Key: 'ManagedBy', Value: 'vpce-auditor' },
          ],
        },
      ],
    });
    expect(h.logs).toHaveReceivedCommandWith(CreateLogGroupCommand, {
      logGroupName: '/vpce-auditor/measure/run-1',
      tags: { 'vpce-auditor:measure': 'run-1', ManagedBy: 'vpce-auditor' },
    });
    expect(h.logs).toHaveReceivedCommandWith(PutRetentionPolicyCommand, { retentionInDays: 1 });
    expect(h.ec2).toHaveReceivedCommandWith(DeleteFlowLogsCommand, {
      FlowLogIds: ['fl-0aaaaaaaaaaaaaaa1'],
    });
    expect(h.logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, {
      logGroupName: '/vpce-auditor/measure/run-1',
    });
    expect(result.changes.flatMap((c) => c.leftovers)).toEqual([]);
    expect(h.lines.join('\n')).toMatch(/deleted log group .* \(verified\)/);
  });

  it('a failed CreateFlowLogs removes the log group it had created, and says why', async () => {
    // Prepare
    const h = harness();
    h.ec2.on(CreateFlowLogsCommand).rejects(awsError('UnauthorizedOperation', 'not allowed'));

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/UnauthorizedOperation/);
    expect(h.ec2).not.toHaveReceivedCommand(DeleteFlowLogsCommand);
    expect(h.logs).toHaveReceivedCommand(DeleteLogGroupCommand);
    expect(h.logs).not.toHaveReceivedCommand(StartQueryCommand);
    expect(result.measurements).toEqual({});
  });

  it('flow logs refused for some interfaces: the ones created are deleted too', async () => {
    // Prepare
    const h = harness();
    h.ec2.on(CreateFlowLogsCommand).resolves({
      FlowLogIds: ['fl-0aaaaaaaaaaaaaaa1'],
      Unsuccessful: [
        {
          ResourceId: 'eni-0other',
          Error: { Code: 'InvalidNetworkInterfaceId.NotFound', Message: 'gone' },
        },
      ],
    });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      /CreateFlowLogs refused eni-0other: InvalidNetworkInterfaceId.NotFound/,
    );
    expect(h.ec2).toHaveReceivedCommandWith(DeleteFlowLogsCommand, {
      FlowLogIds: ['fl-0aaaaaaaaaaaaaaa1'],
    });
    expect(h.logs).toHaveReceivedCommand(DeleteLogGroupCommand);
  });

  it('a flow log that cannot deliver fails the verification, and everything is removed', async () => {
    // Prepare
    const h = harness();
    h.ec2
      .on(DescribeFlowLogsCommand)
      .resolvesOnce({
        FlowLogs: [
          {
            FlowLogId: 'fl-0aaaaaaaaaaaaaaa1',
            ResourceId: ENI,
            FlowLogStatus: 'ACTIVE',
            DeliverLogsStatus: 'FAILED',
            DeliverLogsErrorMessage: 'Access error',
          },
        ],
      })
      .resolves({ FlowLogs: [] });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/cannot deliver: Access error/);
    expect(h.ec2).toHaveReceivedCommand(DeleteFlowLogsCommand);
    expect(h.logs).toHaveReceivedCommand(DeleteLogGroupCommand);
  });

  it('interrupted while recording: queries nothing, removes everything, says interrupted', async () => {
    // Prepare
    const controller = new AbortController();
    const h = harness({
      signal: controller.signal,
      sleep: () => {
        controller.abort('SIGINT');
        return Promise.resolve();
      },
    });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('interrupted');
    expect(result.reason).toMatch(/SIGINT/);
    expect(h.logs).not.toHaveReceivedCommand(StartQueryCommand);
    expect(h.ec2).toHaveReceivedCommand(DeleteFlowLogsCommand);
    expect(h.logs).toHaveReceivedCommand(DeleteLogGroupCommand);
    expect(result.changes.flatMap((c) => c.leftovers)).toEqual([]);
  });

  it('interrupted before anything is created: creates nothing', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort('SIGTERM');
    const h = harness({ signal: controller.signal });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('interrupted');
    expect(h.logs).not.toHaveReceivedCommand(CreateLogGroupCommand);
    expect(h.ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
  });

  it('keeps the log group with keepLogs, and still deletes the flow logs', async () => {
    // Prepare
    const h = harness({ keepLogs: true });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('measured');
    expect(h.logs).not.toHaveReceivedCommand(DeleteLogGroupCommand);
    expect(h.ec2).toHaveReceivedCommand(DeleteFlowLogsCommand);
    expect(result.changes[0]?.keptLogGroup).toBe('/vpce-auditor/measure/run-1');
  });

  it('lists as leftovers what could not be removed', async () => {
    // Prepare
    const h = harness();
    h.ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-0aaaaaaaaaaaaaaa1', ResourceId: ENI, FlowLogStatus: 'ACTIVE' }],
    });
    h.ec2.on(DeleteFlowLogsCommand).rejects(awsError('UnauthorizedOperation', 'no'));
    h.logs.on(DeleteLogGroupCommand).rejects(awsError('AccessDeniedException', 'no'));
    h.logs.on(DescribeLogGroupsCommand).resolves({
      logGroups: [{ logGroupName: '/vpce-auditor/measure/run-1' }],
    });

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('failed');
    expect(result.changes[0]?.leftovers).toEqual([
      'fl-0aaaaaaaaaaaaaaa1',
      '/vpce-auditor/measure/run-1',
    ]);
    expect(h.lines.join('\n')).toMatch(/could not delete log group: AccessDeniedException/);
  });

  it('a log group left by a retry of the same run is reused', async () => {
    // Prepare
    const h = harness();
    h.logs.on(CreateLogGroupCommand).rejects(awsError('ResourceAlreadyExistsException', 'exists'));

    // Act
    const result = await runMeasurement(plan(), h.options);

    // Assess
    expect(result.status).toBe('measured');
    expect(h.logs).toHaveReceivedCommand(DeleteLogGroupCommand);
  });

  it('waits for delivery until the last records arrive, at most the delivery wait', async () => {
    // Prepare
    const h = harness({ deliveryWaitMs: 120_000, deliveryPollMs: 30_000 });
    h.logs.on(DescribeLogStreamsCommand).resolves({ logStreams: [] });

    // Act
    const result = await runMeasurement(plan(1), h.options);

    // Assess
    expect(result.status).toBe('measured');
    // 1 minute recorded, then 4 looks 30 s apart before the 2-minute wait ran out
    expect(h.clock.now - T0).toBe(60_000 + 120_000);
    expect(h.logs).toHaveReceivedCommandTimes(DescribeLogStreamsCommand, 5);
  });

  it('creates nothing for a plan over its cap', async () => {
    // Prepare
    const h = harness();
    const over = plan(
      15,
      [
        candidate,
        { ...candidate, natGatewayId: 'nat-0bbbbbbbbbbbbbbb2', interfaceIds: ['eni-0b'] },
      ],
      1,
    );

    // Act
    const result = await runMeasurement(over, h.options);

    // Assess
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/over the cap of 1/);
    expect(h.logs).not.toHaveReceivedCommand(CreateLogGroupCommand);
  });
});

describe('abortableSleep', () => {
  it('ends early when the signal aborts, and at once when it already has', async () => {
    // Prepare
    const controller = new AbortController();
    const started = Date.now();

    // Act
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    await abortableSleep(60_000, controller.signal);

    // Assess
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits the time given without a signal', async () => {
    // Prepare
    const started = Date.now();

    // Act
    await abortableSleep(20);

    // Assess
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
