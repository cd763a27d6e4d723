/**
 * Measured dollars from existing flow logs: the live audit finds the flow log covering each leaking
 * NAT gateway, queries it with Logs Insights (a fake that evaluates the queries' text, see
 * test/support/fake-logs-insights.ts; moto does not evaluate Logs Insights) and prices the bytes to
 * and from S3 and DynamoDB, both directions, each byte once, per NAT gateway and per route table.
 */
import { DescribeFlowLogsCommand } from '@aws-sdk/client-ec2';
import { runCli } from '../../../src/cli/program';
import type { Report } from '../../../src/types';
import { GIB } from '../../helpers/cost-fixtures';
import {
  account,
  CUSTOM_FORMAT,
  DEFAULT_FORMAT,
  NAT,
  RTB_A,
  RTB_B,
  traffic,
  vpcFlowLog,
} from '../../helpers/flow-log-estate';
import { memoryIo } from '../../helpers/memory-io';
import { runInMemory } from '../../helpers';

async function audit(clients: ReturnType<typeof account>['clients']): Promise<Report> {
  const { code, stdout } = await runInMemory(
    ['audit', '--format', 'json', '--quiet'],
    {},
    {
      clients: () => clients,
    },
  );
  expect(code).toBe(0);
  return JSON.parse(stdout) as Report;
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

  it('builds no CloudWatch Logs client in a region where no flow log covers a NAT gateway', async () => {
    // Prepare
    const { clients } = account([], []);
    const logs = jest.fn(clients.logs);

    // Act
    await audit({ ...clients, logs });

    // Assess
    expect(logs).not.toHaveBeenCalled();
  });

  it('builds the CloudWatch Logs client of a region where it queries a flow log', async () => {
    // Prepare
    const { clients } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));
    const logs = jest.fn(clients.logs);

    // Act
    await audit({ ...clients, logs });

    // Assess
    expect(logs).toHaveBeenCalledWith('us-east-1');
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
    const { stdout } = await runInMemory(
      ['snapshot', '--out', '-', '--quiet'],
      {},
      { clients: () => clients },
    );
    const offlineIo = memoryIo({}, false, stdout);

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

    // Act
    await runInMemory(
      ['audit', '--format', 'json', '--quiet', '--flow-log-hours', '0'],
      {},
      {
        clients: () => clients,
      },
    );

    // Assess
    expect(mocked.ec2('us-east-1')).not.toHaveReceivedCommand(DescribeFlowLogsCommand);
  });
});
