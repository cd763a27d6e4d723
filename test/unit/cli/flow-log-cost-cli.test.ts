/**
 * Measured dollars from existing flow logs: the live audit finds the flow log covering each leaking
 * NAT gateway, queries it with Logs Insights (a fake that evaluates the queries' text, see
 * test/support/fake-logs-insights.ts; moto does not evaluate Logs Insights) and prices the bytes to
 * and from S3 and DynamoDB, both directions, each byte once, per NAT gateway and per route table.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, type FlowLog } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../../src/cli/program';
import type { Report } from '../../../src/types';
import { everyDay, fakeNatMetrics, GIB } from '../../helpers/cost-fixtures';
import { memoryIo } from '../../helpers/memory-io';
import { mockAccount, serveEstate, type MockEstate } from '../../helpers/mock-aws';
import { loadScenarios, type Scenario } from '../../helpers/scenarios';
import { FakeLogsInsights, type FakeLogEvent } from '../../support/fake-logs-insights';

const scenario = loadScenarios().find((s) => s.name === '02-nat-private-subnet') as Scenario;
const base = (scenario.snapshot as { regions: Record<string, MockEstate> }).regions[
  'us-east-1'
] as MockEstate;
const NAT = 'nat-0e629fe69921f1e80';
const NAT_ENI = 'eni-0aaa000000000nat';
const NAT_IP = '10.0.0.220';
const VPC = 'vpc-0affbe7e710015eb9';
const SUBNET_B = 'subnet-0bbb00000000000b2'; // 10.0.2.0/24, rtb-0bbb00000000000b2
const RTB_A = 'rtb-0b8adbc4f8145d962';
const RTB_B = 'rtb-0bbb00000000000b2';

/** The scenario with a second private subnet on its own table through the same NAT gateway. */
const estate: MockEstate = {
  ...base,
  Subnets: [
    ...(base.Subnets ?? []),
    { SubnetId: SUBNET_B, VpcId: VPC, CidrBlock: '10.0.2.0/24', AvailabilityZone: 'us-east-1a' },
  ],
  RouteTables: [
    ...(base.RouteTables ?? []),
    {
      RouteTableId: RTB_B,
      VpcId: VPC,
      Associations: [{ Main: false, SubnetId: SUBNET_B, RouteTableId: RTB_B }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
        { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: NAT, State: 'active' },
      ],
    },
  ],
  NatGateways: (base.NatGateways as object[]).map((nat) => ({
    ...nat,
    NatGatewayAddresses: [{ NetworkInterfaceId: NAT_ENI, PrivateIp: NAT_IP }],
  })),
};

const CUSTOM_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr} ${bytes} ${action} ${log-status}';
const DEFAULT_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** One exchange through the NAT gateway: its four legs on the NAT's interface, and the instance's two. */
function exchange(
  format: 'custom' | 'default',
  instance: string,
  remote: string,
  request: number,
  response: number,
  at: number,
): FakeLogEvent[] {
  const leg = (
    eni: string,
    src: string,
    dst: string,
    pktSrc: string,
    pktDst: string,
    bytes: number,
  ) =>
    format === 'custom'
      ? `5 111122223333 ${eni} ${src} ${dst} ${pktSrc} ${pktDst} ${bytes} ACCEPT OK`
      : `2 111122223333 ${eni} ${src} ${dst} 40000 443 6 10 ${bytes} ${at - 60} ${at} ACCEPT OK`;
  return [
    leg(NAT_ENI, instance, NAT_IP, instance, remote, request), // L1
    leg(NAT_ENI, NAT_IP, remote, NAT_IP, remote, request), // L2
    leg(NAT_ENI, remote, NAT_IP, remote, NAT_IP, response), // L3
    leg(NAT_ENI, NAT_IP, instance, remote, instance, response), // L4
    leg('eni-0instance0000000', instance, remote, instance, remote, request),
    leg('eni-0instance0000000', remote, instance, remote, instance, response),
  ].map((message) => ({ timestamp: at, message }));
}

/** The traffic of the day: S3 from both subnets, DynamoDB from subnet A, internet traffic, an old record. */
function traffic(format: 'custom' | 'default'): FakeLogEvent[] {
  const now = Math.floor(Date.now() / 1000);
  return [
    ...exchange(format, '10.0.1.5', '52.216.10.10', 2 * GIB, 40 * GIB, now - 3600), // A → S3
    ...exchange(format, '10.0.2.7', '3.5.1.1', 1 * GIB, 9 * GIB, now - 7200), // B → S3
    ...exchange(format, '10.0.1.5', '52.94.0.10', 1 * GIB, 3 * GIB, now - 600), // A → DynamoDB
    ...exchange(format, '10.0.1.5', '93.184.216.34', 50 * GIB, 50 * GIB, now - 900), // internet
    ...exchange(format, '10.0.1.5', '52.216.10.10', 7 * GIB, 7 * GIB, now - 30 * 3600), // too old
  ];
}

function account(flowLogs: FlowLog[], events: FakeLogEvent[]) {
  const mocked = mockAccount({ regions: [{ name: 'us-east-1' }] });
  serveEstate(mocked.ec2('us-east-1'), estate);
  mocked.ec2('us-east-1').on(DescribeFlowLogsCommand).resolves({ FlowLogs: flowLogs });
  mocked
    .cloudwatch('us-east-1')
    .on(GetMetricDataCommand)
    .callsFake(
      fakeNatMetrics({
        [NAT]: { source: everyDay(14, 250 * GIB), destination: everyDay(14, 250 * GIB) },
      }),
    );
  const fake = new FakeLogsInsights();
  fake.put('/vpc/flow-logs', events);
  const logs = new CloudWatchLogsClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const stub = mockClient(logs);
  stub.on(StartQueryCommand).callsFake(fake.startQuery);
  stub.on(GetQueryResultsCommand).callsFake(fake.getQueryResults);
  stub.on(StopQueryCommand).callsFake(fake.stopQuery);
  return { clients: { ...mocked.clients, logs: () => logs }, fake, mocked };
}

const vpcFlowLog = (format: string, extra: Partial<FlowLog> = {}): FlowLog => ({
  FlowLogId: 'fl-0123456789abcdef0',
  ResourceId: VPC,
  FlowLogStatus: 'ACTIVE',
  TrafficType: 'ALL',
  LogDestinationType: 'cloud-watch-logs',
  LogGroupName: '/vpc/flow-logs',
  LogFormat: format,
  ...extra,
});

async function audit(clients: ReturnType<typeof account>['clients']): Promise<Report> {
  const io = memoryIo();
  const code = await runCli(['audit', '--format', 'json', '--quiet'], io, {
    clients: () => clients,
  });
  expect(code).toBe(0);
  return JSON.parse(io.stdout()) as Report;
}

const usd = (gib: number) => Math.round(gib * 30 * 0.045 * 100) / 100;

describe('measured dollars from existing flow logs', () => {
  it('prices each route table from its own subnets bytes with pkt-srcaddr/pkt-dstaddr, both directions, each byte once', async () => {
    // Prepare
    const { clients, fake } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));

    // Act
    const report = await audit(clients);

    // Assess
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.upperBoundReason).toBeUndefined();
    expect(line?.basis).toBe('measured');
    expect(line?.measured?.services).toEqual({
      s3: { bytesToService: 3 * GIB, bytesFromService: 49 * GIB },
      dynamodb: { bytesToService: 1 * GIB, bytesFromService: 3 * GIB },
    });
    expect(line?.measured?.attribution).toBe('subnet');
    expect(line?.estimatedMonthlyUsd).toBe(usd(56));
    expect(line?.measured?.windowUsd).toBe(Math.round(56 * 0.045 * 100) / 100);
    const byTable = Object.fromEntries(
      report.findings
        .filter((f) => f.path === 'nat-gateway')
        .map((f) => [`${f.routeTableId}/${f.service}`, [f.estimatedMonthlyUsd, f.costBasis]]),
    );
    expect(byTable).toEqual({
      [`${RTB_A}/s3`]: [usd(42), 'measured'],
      [`${RTB_A}/dynamodb`]: [usd(4), 'measured'],
      [`${RTB_B}/s3`]: [usd(10), 'measured'],
      [`${RTB_B}/dynamodb`]: [0, 'measured'],
    });
    expect(report.summary.estimatedMonthlyUsd).toBeCloseTo(usd(42) + usd(4) + usd(10), 2);
    expect(report.summary.cost?.measuredMonthlyUsd).toBe(report.summary.estimatedMonthlyUsd);
    expect(report.summary.cost?.upperBound).toBe(false);
    // one query per service and direction, on the flow log's group, over the last 24 hours
    expect(fake.started).toHaveLength(4);
    const started = fake.started[0];
    expect((started?.endTime ?? 0) - (started?.startTime ?? 0)).toBe(24 * 3600);
    expect(started?.logGroupNames).toEqual(['/vpc/flow-logs']);
  });

  it('with the default format, measures per NAT gateway and service and says its findings share it', async () => {
    // Prepare
    const { clients } = account([vpcFlowLog(DEFAULT_FORMAT)], traffic('default'));

    // Act
    const report = await audit(clients);

    // Assess
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.measured?.attribution).toBe('nat-gateway');
    expect(line?.measured?.services?.s3).toEqual({
      bytesToService: 3 * GIB,
      bytesFromService: 49 * GIB,
    });
    const s3 = report.findings.filter((f) => f.service === 's3' && f.path === 'nat-gateway');
    // the S3 bytes (52 GiB/day) are carried once, by the first S3 finding; the other shares them
    expect(s3.map((f) => f.estimatedMonthlyUsd).filter((v) => v !== undefined)).toEqual([usd(52)]);
    expect(s3.every((f) => f.costShares?.[0]?.attribution === 'nat-gateway')).toBe(true);
    expect(report.summary.estimatedMonthlyUsd).toBeCloseTo(usd(52) + usd(4), 2);
  });

  it('keeps a NAT gateway without a flow log an upper bound and says so', async () => {
    // Prepare
    const { clients, fake } = account([], []);

    // Act
    const report = await audit(clients);

    // Assess
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.basis).toBe('upper-bound');
    expect(line?.upperBoundReason).toMatch(/no flow log/);
    expect(line?.estimatedMonthlyUsd).toBe(usd(500));
    expect(report.summary.cost?.upperBound).toBe(true);
    expect(report.summary.cost?.notes.join('\n')).toMatch(/upper bound: no flow log/);
    expect(fake.started).toHaveLength(0);
  });

  it('does not read a flow log delivered to S3, and says so for that NAT gateway', async () => {
    // Prepare
    const { clients } = account(
      [vpcFlowLog(CUSTOM_FORMAT, { LogDestinationType: 's3', LogGroupName: undefined })],
      traffic('custom'),
    );

    // Act
    const report = await audit(clients);

    // Assess
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.basis).toBe('upper-bound');
    expect(line?.upperBoundReason).toMatch(/S3 or Firehose, which are not read/);
  });

  it('records the measurement in the snapshot, and the offline audit prints the same measured dollars', async () => {
    // Prepare
    const { clients } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));
    const live = await audit(clients);
    const snapshotIo = memoryIo();
    await runCli(['snapshot', '--out', '-', '--quiet'], snapshotIo, { clients: () => clients });
    const offlineIo = memoryIo({}, false, snapshotIo.stdout());

    // Act
    await runCli(['audit', '--snapshot', '-', '--format', 'json'], offlineIo);

    // Assess
    const offline = JSON.parse(offlineIo.stdout()) as Report;
    expect(offline.summary.cost?.measuredMonthlyUsd).toBe(live.summary.cost?.measuredMonthlyUsd);
    expect(offline.findings.map((f) => [f.id, f.estimatedMonthlyUsd, f.costShares])).toEqual(
      live.findings.map((f) => [f.id, f.estimatedMonthlyUsd, f.costShares]),
    );
  });

  it('reads no flow log with --flow-log-hours 0', async () => {
    // Prepare
    const { clients, mocked } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));
    const io = memoryIo();

    // Act
    await runCli(['audit', '--format', 'json', '--quiet', '--flow-log-hours', '0'], io, {
      clients: () => clients,
    });

    // Assess
    expect(mocked.ec2('us-east-1')).not.toHaveReceivedCommand(DescribeFlowLogsCommand);
  });
});
