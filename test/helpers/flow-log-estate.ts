/**
 * An account whose NAT gateway carries S3, DynamoDB and internet traffic from two route tables'
 * subnets, with flow-log records of that traffic served by a fake Logs Insights (moto does not
 * evaluate Logs Insights queries; test/support/fake-logs-insights.ts evaluates their text).
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
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
  type CreateLogGroupCommandInput,
  type DeleteLogGroupCommandInput,
  type DescribeLogGroupsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  type CreateFlowLogsCommandInput,
  type DeleteFlowLogsCommandInput,
  type DescribeFlowLogsCommandInput,
  type FlowLog,
} from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import type { Ec2Stub } from './mock-aws';
import { everyDay, fakeNatMetrics, GIB } from './cost-fixtures';
import { mockAccount, serveEstate, type MockEstate } from './mock-aws';
import { loadScenarios, type Scenario } from './scenarios';
import type { AwsClientFactory } from '../../src/collect/client-factory';
import { FakeLogsInsights, type FakeLogEvent } from '../support/fake-logs-insights';

const scenario = loadScenarios().find((s) => s.name === '02-nat-private-subnet') as Scenario;
const base = (scenario.snapshot as { regions: Record<string, MockEstate> }).regions[
  'us-east-1'
] as MockEstate;
export const NAT = 'nat-0e629fe69921f1e80';
export const NAT_ENI = 'eni-0aaa000000000nat';
export const NAT_IP = '10.0.0.220';
export const VPC = 'vpc-0affbe7e710015eb9';
export const SUBNET_B = 'subnet-0bbb00000000000b2'; // 10.0.2.0/24, rtb-0bbb00000000000b2
export const RTB_A = 'rtb-0b8adbc4f8145d962';
export const RTB_B = 'rtb-0bbb00000000000b2';

/** The scenario with a second private subnet on its own table through the same NAT gateway. */
export const estate: MockEstate = {
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

export const CUSTOM_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr} ${bytes} ${action} ${log-status}';
export const DEFAULT_FORMAT =
  '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** One exchange through the NAT gateway: its four legs on the NAT's interface, and the instance's two. */
export function exchange(
  format: 'custom' | 'default' | 'measure',
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
      : `2 111122223333 ${eni} ${src} ${dst} 40000 443 6 10 ${bytes} ${at - 60} ${at} ACCEPT OK${
          // the format of `vpce-auditor measure`: the default fields, then pkt-srcaddr pkt-dstaddr
          format === 'measure' ? ` ${pktSrc} ${pktDst}` : ''
        }`;
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
export function traffic(format: 'custom' | 'default'): FakeLogEvent[] {
  const now = Math.floor(Date.now() / 1000);
  return [
    ...exchange(format, '10.0.1.5', '52.216.10.10', 2 * GIB, 40 * GIB, now - 3600), // A → S3
    ...exchange(format, '10.0.2.7', '3.5.1.1', 1 * GIB, 9 * GIB, now - 7200), // B → S3
    ...exchange(format, '10.0.1.5', '52.94.0.10', 1 * GIB, 3 * GIB, now - 600), // A → DynamoDB
    ...exchange(format, '10.0.1.5', '93.184.216.34', 50 * GIB, 50 * GIB, now - 900), // internet
    ...exchange(format, '10.0.1.5', '52.216.10.10', 7 * GIB, 7 * GIB, now - 30 * 3600), // too old
  ];
}

export function account(flowLogs: FlowLog[], events: FakeLogEvent[]) {
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
  const clients: AwsClientFactory = { ...mocked.clients, logs: () => logs };
  return { clients, fake, mocked, logs: stub };
}

export const vpcFlowLog = (format: string, extra: Partial<FlowLog> = {}): FlowLog => ({
  FlowLogId: 'fl-0123456789abcdef0',
  ResourceId: VPC,
  FlowLogStatus: 'ACTIVE',
  TrafficType: 'ALL',
  LogDestinationType: 'cloud-watch-logs',
  LogGroupName: '/vpc/flow-logs',
  LogFormat: format,
  ...extra,
});

/** A flow log as DescribeFlowLogs answers it, with its tags. */
export type TaggedFlowLog = FlowLog & { Tags?: { Key?: string; Value?: string }[] };

/** What a stateful measurement fake holds: the flow logs and log groups that exist. */
export interface MeasureState {
  flowLogs: Map<string, TaggedFlowLog>;
  logGroups: Set<string>;
  /** The network interfaces whose records were delivered (a log stream each). */
  streams: Set<string>;
}

/**
 * Serves the commands a measurement sends, with state (aws-sdk-client-mock): CreateFlowLogs,
 * DescribeFlowLogs (by `flow-log-id`, `resource-id` or `tag-key`), DeleteFlowLogs, and the log
 * groups; a created log group receives `events` for the fake Logs Insights, and its streams say the
 * records arrived at `clock.now`. `existing` are flow logs and log groups there before the run.
 */
export function serveMeasurement(
  ec2: Ec2Stub,
  logs: AwsClientStub<CloudWatchLogsClient>,
  options: {
    fake: FakeLogsInsights;
    events: FakeLogEvent[];
    clock: { now: number };
    existing?: { flowLogs?: TaggedFlowLog[]; logGroups?: string[] };
  },
): MeasureState {
  const state: MeasureState = {
    flowLogs: new Map((options.existing?.flowLogs ?? []).map((f) => [f.FlowLogId ?? '', f])),
    logGroups: new Set(options.existing?.logGroups ?? []),
    streams: new Set(),
  };
  let next = 1;
  ec2.on(CreateFlowLogsCommand).callsFake((input: CreateFlowLogsCommandInput) => {
    const ids = (input.ResourceIds ?? []).map((resource) => {
      const id = `fl-0measure${String(next++).padStart(8, '0')}`;
      state.streams.add(resource);
      state.flowLogs.set(id, {
        FlowLogId: id,
        ResourceId: resource,
        FlowLogStatus: 'ACTIVE',
        DeliverLogsStatus: 'SUCCESS',
        TrafficType: input.TrafficType,
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: input.LogGroupName,
        LogFormat: input.LogFormat,
        Tags: input.TagSpecifications?.[0]?.Tags ?? [],
      });
      return id;
    });
    return { FlowLogIds: ids, Unsuccessful: [] };
  });
  ec2.on(DescribeFlowLogsCommand).callsFake((input: DescribeFlowLogsCommandInput) => {
    const filter = input.Filter?.[0];
    const values = filter?.Values ?? [];
    const matches = (f: TaggedFlowLog) =>
      filter?.Name === 'flow-log-id'
        ? values.includes(f.FlowLogId ?? '')
        : filter?.Name === 'resource-id'
          ? values.includes(f.ResourceId ?? '')
          : filter?.Name === 'tag-key'
            ? (f.Tags ?? []).some((t) => values.includes(t.Key ?? ''))
            : true;
    return { FlowLogs: [...state.flowLogs.values()].filter(matches) };
  });
  ec2.on(DeleteFlowLogsCommand).callsFake((input: DeleteFlowLogsCommandInput) => {
    const missing = (input.FlowLogIds ?? []).filter((id) => !state.flowLogs.delete(id));
    return {
      Unsuccessful: missing.map((id) => ({
        ResourceId: id,
        Error: { Code: 'InvalidFlowLogId.NotFound', Message: 'not found' },
      })),
    };
  });
  logs.on(CreateLogGroupCommand).callsFake((input: CreateLogGroupCommandInput) => {
    state.logGroups.add(input.logGroupName ?? '');
    options.fake.put(input.logGroupName ?? '', options.events);
    return {};
  });
  logs.on(PutRetentionPolicyCommand).resolves({});
  logs.on(DeleteLogGroupCommand).callsFake((input: DeleteLogGroupCommandInput) => {
    state.logGroups.delete(input.logGroupName ?? '');
    return {};
  });
  logs.on(DescribeLogGroupsCommand).callsFake((input: DescribeLogGroupsCommandInput) => ({
    logGroups: [...state.logGroups]
      .filter((name) => name.startsWith(input.logGroupNamePrefix ?? ''))
      .map((logGroupName) => ({ logGroupName })),
  }));
  logs.on(DescribeLogStreamsCommand).callsFake(() => ({
    logStreams: [...state.streams].map((eni) => ({
      logStreamName: `${eni}-all`,
      lastEventTimestamp: options.clock.now,
    })),
  }));
  logs.on(StartQueryCommand).callsFake(options.fake.startQuery);
  logs.on(GetQueryResultsCommand).callsFake(options.fake.getQueryResults);
  logs.on(StopQueryCommand).callsFake(options.fake.stopQuery);
  return state;
}
