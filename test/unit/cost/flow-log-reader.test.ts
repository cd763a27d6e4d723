/**
 * Reading existing flow logs for each leaking NAT gateway: which flow log is chosen, and what a
 * gateway's measurement says when none can be read or a query fails. EC2 and CloudWatch Logs are
 * mocked with aws-sdk-client-mock; the query results come from a fake Logs Insights that evaluates
 * the queries' text (moto does not evaluate Logs Insights queries).
 */
import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, EC2Client, type FlowLog } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  describeFlowLogsOf,
  measureFromFlowLogs,
  type FlowLogReadOptions,
  type NatGatewayTarget,
} from '../../../src/cost/flow-log-reader';
import { awsError } from '../../helpers';
import { GIB } from '../../helpers/cost-fixtures';
import { CUSTOM_FORMAT, DEFAULT_FORMAT, exchange, NAT_ENI } from '../../helpers/flow-log-estate';
import { FakeLogsInsights } from '../../support/fake-logs-insights';

const ec2Client = new EC2Client({ region: 'us-east-1' });
const logsClient = new CloudWatchLogsClient({ region: 'us-east-1' });
const ec2 = mockClient(ec2Client);
const logs = mockClient(logsClient);
const NOW = Date.parse('2026-12-07T12:00:00Z');
const NAT = 'nat-0aaaaaaaaaaaaaaa1';

const target: NatGatewayTarget = {
  natGatewayId: NAT,
  vpcId: 'vpc-0aaaaaaaaaaaaaaa1',
  subnetId: 'subnet-0aaaaaaaaaaaa0000',
  interfaceIds: [NAT_ENI],
  services: ['s3'],
};

const flowLog = (id: string, resourceId: string, extra: Partial<FlowLog> = {}): FlowLog => ({
  FlowLogId: id,
  ResourceId: resourceId,
  FlowLogStatus: 'ACTIVE',
  TrafficType: 'ALL',
  LogDestinationType: 'cloud-watch-logs',
  LogGroupName: `/flow/${id}`,
  LogFormat: DEFAULT_FORMAT,
  ...extra,
});

let fake: FakeLogsInsights;

function options(extra: Partial<FlowLogReadOptions> = {}): FlowLogReadOptions {
  return {
    ec2: ec2Client,
    logs: logsClient,
    window: { startTime: new Date(NOW - 3_600_000), endTime: new Date(NOW) },
    serviceCidrs: { s3: ['52.216.0.0/15'], dynamodb: ['52.94.0.0/22'] },
    subnets: [{ subnetId: 'subnet-0aaaaaaaaaaaa0001', cidr: '10.0.1.0/24' }],
    pollMs: 1,
    sleep: () => Promise.resolve(),
    ...extra,
  };
}

beforeEach(() => {
  ec2.reset();
  logs.reset();
  fake = new FakeLogsInsights();
  logs.on(StartQueryCommand).callsFake(fake.startQuery);
  logs.on(GetQueryResultsCommand).callsFake(fake.getQueryResults);
  logs.on(StopQueryCommand).callsFake(fake.stopQuery);
});

const at = (NOW - 600_000) / 1000;

describe('measureFromFlowLogs', () => {
  it('measures nothing for no target, without a call', async () => {
    // Act
    const out = await measureFromFlowLogs([], options());

    // Assess
    expect(out).toEqual([]);
    expect(ec2).not.toHaveReceivedCommand(DescribeFlowLogsCommand);
  });

  it('prefers a flow log with pkt-* fields, then the narrowest resource', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        flowLog('fl-3', NAT_ENI), // interface, default format
        flowLog('fl-2', 'vpc-0aaaaaaaaaaaaaaa1', { LogFormat: CUSTOM_FORMAT }),
        flowLog('fl-1', 'subnet-0aaaaaaaaaaaa0000', { LogFormat: CUSTOM_FORMAT }),
      ],
    });
    fake.put('/flow/fl-1', exchange('custom', '10.0.1.5', '52.216.1.1', GIB, 2 * GIB, at));

    // Act
    const [measured] = await measureFromFlowLogs([target], options());

    // Assess
    expect(measured).toMatchObject({
      status: 'measured',
      flowLogIds: ['fl-1'],
      attribution: 'subnet',
      services: { s3: { bytesToService: GIB, bytesFromService: 2 * GIB } },
    });
    expect(measured?.bytesScanned).toBeGreaterThan(0);
  });

  it('among default-format flow logs, reads the one on the interface; ignores inactive and REJECT-only ones', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        flowLog('fl-vpc', 'vpc-0aaaaaaaaaaaaaaa1'),
        flowLog('fl-eni', NAT_ENI),
        flowLog('fl-off', NAT_ENI, { FlowLogStatus: 'INACTIVE', LogFormat: CUSTOM_FORMAT }),
        flowLog('fl-rej', NAT_ENI, { TrafficType: 'REJECT', LogFormat: CUSTOM_FORMAT }),
        flowLog('fl-other', 'vpc-0other'),
      ],
    });
    fake.put('/flow/fl-eni', exchange('default', '10.0.1.5', '52.216.1.1', GIB, 3 * GIB, at));

    // Act
    const [measured] = await measureFromFlowLogs([target], options());

    // Assess
    expect(measured).toMatchObject({
      status: 'measured',
      flowLogIds: ['fl-eni'],
      attribution: 'nat-gateway',
      services: { s3: { bytesToService: GIB, bytesFromService: 3 * GIB } },
    });
    expect(measured?.subnets).toBeUndefined();
  });

  it('says so for a gateway without a flow log, or whose flow logs go to S3', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        flowLog('fl-s3', 'vpc-0bbbbbbbbbbbbbbb2', {
          LogDestinationType: 's3',
          LogGroupName: undefined,
        }),
      ],
    });
    const other: NatGatewayTarget = {
      ...target,
      natGatewayId: 'nat-0b',
      vpcId: 'vpc-0bbbbbbbbbbbbbbb2',
      interfaceIds: ['eni-0b'],
    };

    // Act
    const out = await measureFromFlowLogs([target, other], options());

    // Assess
    expect(out).toEqual([
      { natGatewayId: NAT, status: 'no-flow-log', reason: 'no active flow log covers it' },
      {
        natGatewayId: 'nat-0b',
        status: 'not-readable',
        reason: 'its flow logs deliver to S3 or Firehose, which are not read (fl-s3 → s3)',
      },
    ]);
  });

  it('fails a gateway whose flow log format lacks a field the queries need, or whose interfaces are unknown', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [
        flowLog('fl-thin', 'vpc-0aaaaaaaaaaaaaaa1', {
          LogFormat: '${version} ${srcaddr} ${dstaddr}',
        }),
        flowLog('fl-c', 'vpc-0ccccccccccccccc3'),
      ],
    });
    const noInterfaces: NatGatewayTarget = {
      ...target,
      natGatewayId: 'nat-0c',
      vpcId: 'vpc-0ccccccccccccccc3',
      interfaceIds: [],
    };

    // Act
    const out = await measureFromFlowLogs([target, noInterfaces], options());

    // Assess
    expect(out.map((m) => [m.status, m.reason])).toEqual([
      ['failed', 'the format of its flow logs lacks interface-id, srcaddr, dstaddr or bytes'],
      ['failed', 'its network interfaces are unknown'],
    ]);
  });

  it('fails every gateway when flow logs cannot be described, naming the permission', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).rejects(awsError('UnauthorizedOperation', 'no'));

    // Act
    const out = await measureFromFlowLogs([target], options());

    // Assess
    expect(out[0]?.status).toBe('failed');
    expect(out[0]?.reason).toMatch(/UnauthorizedOperation.*needs ec2:DescribeFlowLogs/);
  });

  it('says which bytes came from outside the region subnets', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [flowLog('fl-1', NAT_ENI, { LogFormat: CUSTOM_FORMAT })],
    });
    fake.put('/flow/fl-1', exchange('custom', '172.16.0.9', '52.216.1.1', GIB, GIB, at));

    // Act
    const [measured] = await measureFromFlowLogs([target], options());

    // Assess
    expect(measured?.status).toBe('measured');
    expect(measured?.reason).toMatch(
      /2147483648 byte\(s\) came from addresses outside the region's subnets/,
    );
  });

  describe('a query that does not give every row', () => {
    beforeEach(() => {
      ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', NAT_ENI)] });
    });

    it('fails when StartQuery answers no id', async () => {
      // Prepare
      logs.on(StartQueryCommand).resolves({});

      // Act
      const [measured] = await measureFromFlowLogs([target], options());

      // Assess
      expect(measured).toMatchObject({
        status: 'failed',
        reason: 'StartQuery returned no query id',
      });
    });

    it('fails at 10 000 rows rather than undercount', async () => {
      // Prepare
      logs.on(GetQueryResultsCommand).resolves({
        status: 'Complete',
        results: Array.from({ length: 10_000 }, () => [{ field: 'bytes', value: '1' }]),
      });

      // Act
      const [measured] = await measureFromFlowLogs([target], options());

      // Assess
      expect(measured?.status).toBe('failed');
      expect(measured?.reason).toMatch(/returned 10000 rows, the most it may: not all counted/);
    });

    it('fails when the query ends Failed or Cancelled', async () => {
      // Prepare
      logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });

      // Act
      const [measured] = await measureFromFlowLogs([target], options());

      // Assess
      expect(measured?.reason).toBe('a Logs Insights query ended Failed');
    });

    it('stops a query that takes too long', async () => {
      // Prepare
      logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });

      // Act
      const [measured] = await measureFromFlowLogs([target], options({ maxQueryMs: 0 }));

      // Assess
      expect(measured?.reason).toBe('a Logs Insights query took too long and was stopped');
      expect(logs).toHaveReceivedCommand(StopQueryCommand);
    });

    it('fails with the AWS error of a refused query, keeping the window and the flow log', async () => {
      // Prepare
      logs.on(StartQueryCommand).rejects(awsError('AccessDeniedException', 'not allowed'));

      // Act
      const [measured] = await measureFromFlowLogs([target], options());

      // Assess
      expect(measured).toMatchObject({
        status: 'failed',
        reason: 'AccessDeniedException: not allowed',
        flowLogIds: ['fl-1'],
        logGroups: ['/flow/fl-1'],
        bytesScanned: 0,
      });
    });

    it('waits between polls, doubling up to the longest wait', async () => {
      // Prepare
      const waits: number[] = [];
      logs
        .on(GetQueryResultsCommand)
        .resolvesOnce({ status: 'Scheduled' })
        .resolvesOnce({ status: 'Running' })
        .resolvesOnce({ status: 'Running' })
        .resolves({ status: 'Complete', results: [[{ field: 'bytes', value: '5' }]] });

      // Act
      const [measured] = await measureFromFlowLogs(
        [target],
        options({
          pollMs: 250,
          sleep: (ms) => {
            waits.push(ms);
            return Promise.resolve();
          },
        }),
      );

      // Assess
      expect(measured?.status).toBe('measured');
      expect(waits.slice(0, 3)).toEqual([100, 200, 250]);
    });
  });
});

describe('measureFromFlowLogs with sparse answers', () => {
  it('takes absent fields at their defaults: active, all traffic, CloudWatch Logs, the default format', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({
      FlowLogs: [{ FlowLogId: 'fl-gw', ResourceId: NAT, LogGroupName: '/flow/gw' }],
    });
    fake.put('/flow/gw', exchange('default', '10.0.1.5', '52.216.1.1', GIB, GIB, at));

    // Act
    const [measured] = await measureFromFlowLogs(
      [target],
      options({ source: 'measure', sleep: undefined }),
    );

    // Assess
    expect(measured).toMatchObject({
      status: 'measured',
      source: 'measure',
      flowLogIds: ['fl-gw'],
      attribution: 'nat-gateway',
      services: { s3: { bytesToService: GIB, bytesFromService: GIB } },
    });
  });

  it('counts an answer without rows, statistics or status fields as nothing, and a missing status as a failure', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', NAT_ENI)] });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Complete' })
      .resolvesOnce({ status: 'Complete', results: [[{ field: 'other', value: '1' }]] })
      .resolves({});

    // Act
    const [first] = await measureFromFlowLogs([target], options());
    const [second] = await measureFromFlowLogs([target], options());

    // Assess
    expect(first).toMatchObject({
      status: 'measured',
      services: { s3: { bytesToService: 0, bytesFromService: 0 } },
      bytesScanned: 0,
    });
    expect(second).toMatchObject({
      status: 'failed',
      reason: 'a Logs Insights query ended Unknown',
    });
  });

  it('still says the query took too long when it cannot be stopped', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', NAT_ENI)] });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logs.on(StopQueryCommand).rejects(awsError('InvalidParameterException', 'gone'));

    // Act
    const [measured] = await measureFromFlowLogs([target], options({ maxQueryMs: 0 }));

    // Assess
    expect(measured?.reason).toBe('a Logs Insights query took too long and was stopped');
  });

  it('measures only the services whose prefix lists are known', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', NAT_ENI)] });

    // Act
    const [measured] = await measureFromFlowLogs(
      [{ ...target, services: ['s3', 'dynamodb'] }],
      options({ serviceCidrs: { s3: ['52.216.0.0/15'], dynamodb: [] } }),
    );

    // Assess
    expect(measured?.status).toBe('measured');
    expect(fake.started).toHaveLength(2);
  });
});

describe('describeFlowLogsOf', () => {
  it('asks with Filter (singular), at most 200 values a call, each resource once', async () => {
    // Prepare
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'eni-0')] });
    const ids = Array.from({ length: 250 }, (_, i) => `eni-${i}`);

    // Act
    const found = await describeFlowLogsOf(ec2Client, [...ids, 'eni-0']);

    // Assess
    expect(found).toHaveLength(2);
    const calls = ec2.commandCalls(DescribeFlowLogsCommand);
    expect(calls.map((c) => c.args[0].input.Filter?.[0]?.Values?.length)).toEqual([200, 50]);
    expect(calls[0]?.args[0].input.Filter?.[0]?.Name).toBe('resource-id');
  });
});
