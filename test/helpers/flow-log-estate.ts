/**
 * An account whose NAT gateway carries S3, DynamoDB and internet traffic from two route tables'
 * subnets, with flow-log records of that traffic served by a fake Logs Insights (moto does not
 * evaluate Logs Insights queries; test/support/fake-logs-insights.ts evaluates their text).
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
import { everyDay, fakeNatMetrics, GIB } from './cost-fixtures';
import { mockAccount, serveEstate, type MockEstate } from './mock-aws';
import { loadScenarios, type Scenario } from './scenarios';
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
  return { clients: { ...mocked.clients, logs: () => logs }, fake, mocked, logs: stub };
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
