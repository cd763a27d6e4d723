import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { runCli } from '../../../src/cli/program';
import type { Report } from '../../../src/types';
import { everyDay, fakeNatMetrics, GIB } from '../../helpers/cost-fixtures';
import { mockAccount, serveEstate, type MockEstate } from '../../helpers/mock-aws';
import { memoryIo } from '../../helpers/memory-io';
import { loadScenarios, type Scenario } from '../../helpers/scenarios';
import { awsError } from '../../helpers';
import { runInMemory } from '../../helpers';

const natScenario = loadScenarios().find((s) => s.name === '02-nat-private-subnet') as Scenario;
const estate = (natScenario.snapshot as { regions: Record<string, MockEstate> }).regions[
  'us-east-1'
] as MockEstate;
const natGatewayId = (estate.NatGateways as { NatGatewayId: string }[])[0]?.NatGatewayId as string;

/** The NAT scenario served live, its gateway processing 10 GiB/day from sources, 30 from destinations. */
function natAccount() {
  const mocked = mockAccount({ regions: [{ name: 'us-east-1' }] });
  serveEstate(mocked.ec2('us-east-1'), estate);
  mocked
    .cloudwatch('us-east-1')
    .on(GetMetricDataCommand)
    .callsFake(
      fakeNatMetrics({
        [natGatewayId]: { source: everyDay(14, 10 * GIB), destination: everyDay(14, 30 * GIB) },
      }),
    );
  return mocked;
}

describe('vpce-auditor audit (live) cost estimate', () => {
  it('estimates 40 GiB/day through the NAT gateway at $54.00 a month and names the gateway', async () => {
    // Prepare
    const mocked = natAccount();

    // Act
    const { code, stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.summary.estimatedMonthlyUsd).toBeCloseTo(54, 2);
    const natFindings = report.findings.filter((f) => f.path === 'nat-gateway');
    // the gateway's $54 is counted once: on the first finding through it; the other shares it
    expect(natFindings.map((f) => [f.service, f.targets, f.estimatedMonthlyUsd])).toEqual([
      ['dynamodb', [natGatewayId], 54],
      ['s3', [natGatewayId], undefined],
    ]);
    expect(natFindings[1]?.costShares?.[0]).toMatchObject({
      gatewayId: natGatewayId,
      carriedBy: natFindings[0]?.id,
      findings: 2,
    });
    expect(report.vpcs?.reduce((sum, v) => sum + (v.estimatedMonthlyUsd ?? 0), 0)).toBe(54);
    expect(mocked.cloudwatch('us-east-1')).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
  });

  it('lists the GetMetricData requests with their duration with --verbose', async () => {
    // Prepare
    const io = memoryIo({}, false);

    // Act
    const code = await runCli(['audit', '--format', 'json', '--verbose'], io, {
      clients: () => natAccount().clients,
    });

    // Assess
    expect(code).toBe(0);
    const lines = io.stderr().trim().split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^us-east-1 DescribeRouteTables \d+ ms$/));
    expect(lines.filter((line) => /^us-east-1 GetMetricData \d+ ms$/.test(line))).toHaveLength(1);
  });

  it('makes no CloudWatch call with --no-cost', async () => {
    // Prepare
    const mocked = natAccount();

    // Act
    const { code, stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet', '--no-cost'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Report).summary.estimatedMonthlyUsd).toBeUndefined();
    expect(mocked.cloudwatch('us-east-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
  });

  it('makes no CloudWatch call with COST_ESTIMATE=false', async () => {
    // Prepare
    const mocked = natAccount();

    // Act
    const { code } = await runInMemory(
      ['audit', '--format', 'json', '--quiet'],
      { COST_ESTIMATE: 'FALSE' },
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(mocked.cloudwatch('us-east-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
  });

  it('applies --nat-price-per-gb to every region', async () => {
    // Prepare
    const mocked = natAccount();

    // Act
    const { stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet', '--nat-price-per-gb', '0.09'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect((JSON.parse(stdout) as Report).summary.estimatedMonthlyUsd).toBeCloseTo(108, 2);
  });

  it('still reports the audit, cost unknown, when the metrics cannot be read', async () => {
    // Prepare
    const mocked = natAccount();
    mocked
      .cloudwatch('us-east-1')
      .on(GetMetricDataCommand)
      .rejects(awsError('AccessDenied', 'not allowed'));

    // Act
    const { code, stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.summary.leakingSubnets).toBe(2);
    expect(report.findings.every((f) => f.estimatedMonthlyUsd === undefined)).toBe(true);
  });

  it.each([
    [['--cost-days', '0'], /--cost-days: "0" is not a whole number of days from 1 to 455/],
    [['--nat-price-per-gb', 'free'], /--nat-price-per-gb: "free" is not a positive number/],
  ])('exits 2 on %j, having called nothing', async (flags, message) => {
    // Prepare
    const mocked = natAccount();

    // Act
    const { code, stderr } = await runInMemory(
      ['audit', '--quiet', ...flags],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(mocked.sts.calls()).toHaveLength(0);
  });

  it('exits 2 on a COST_ESTIMATE that is neither true nor false', async () => {
    // Act
    const { code, stderr } = await runInMemory(
      ['audit', '--quiet'],
      { COST_ESTIMATE: 'maybe' },
      { clients: () => natAccount().clients },
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe('vpce-auditor: COST_ESTIMATE: "maybe" is not one of "true", "false"\n');
  });
});
