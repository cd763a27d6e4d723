import { withRollup } from '../../../src/analysis/rollup';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { applyCostEstimate, estimateLeakCost } from '../../../src/cost/estimate';
import { ConfigurationError } from '../../../src/errors';
import { parseSnapshot } from '../../../src/snapshot/load';
import type { Report } from '../../../src/types';
import { GIB, everyDay, fakeNatMetrics, finding, reportOf } from '../../helpers/cost-fixtures';
import { costSummary } from '../../helpers/cost-summary';
import { SCENARIO_DIR } from '../../helpers/scenarios';

const NOW = new Date('2026-11-27T03:00:00Z');

function scenarioReport(name: string): Report {
  const scenario = JSON.parse(readFileSync(join(SCENARIO_DIR, `${name}.json`), 'utf8')) as {
    snapshot: unknown;
  };
  return analyzeSnapshot(parseSnapshot(scenario.snapshot, name));
}

/** One mocked client per region, and a factory that records the regions asked for. */
function regionalClients(regions: string[]) {
  const clients = new Map(regions.map((r) => [r, new CloudWatchClient({ region: r })]));
  const mocks = new Map([...clients].map(([r, c]) => [r, mockClient(c)]));
  const asked: string[] = [];
  const factory = (region: string): CloudWatchClient => {
    asked.push(region);
    const client = clients.get(region);
    if (!client) throw new Error(`no client for ${region}`);
    return client;
  };
  return { factory, asked, mock: (region: string) => mocks.get(region)! };
}

describe('estimating what the leaks cost', () => {
  it('gives $54.00 for a us-east-1 gateway at 10 GiB/day from sources and 30 GiB/day from destinations', async () => {
    // Prepare
    const report = scenarioReport('02-nat-private-subnet');
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics({
          'nat-0e629fe69921f1e80': {
            source: everyDay(14, 10 * GIB),
            destination: everyDay(14, 30 * GIB),
          },
        }),
      );

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });
    const priced = withRollup(applyCostEstimate(report, estimate));

    // Assess
    expect(estimate.gateways).toEqual([
      {
        region: 'us-east-1',
        natGatewayId: 'nat-0e629fe69921f1e80',
        gbPerDay: 40,
        daysAveraged: 14,
        pricePerGb: 0.045,
        priceSource: 'table',
        estimatedMonthlyUsd: 54,
        basis: 'upper-bound',
      },
    ]);
    expect(estimate.totalMonthlyUsd).toBe(54);
    expect(estimate.partial).toBe(false);
    // two findings (S3 and DynamoDB) share the gateway: the first in id order carries its $54 once,
    // the other says it shares it; the summary and the VPC count it once
    const natFindings = priced.findings.filter((f) => f.path === 'nat-gateway');
    expect(natFindings.map((f) => f.service)).toEqual(['dynamodb', 's3']);
    const [carrier, sharer] = natFindings;
    expect(carrier?.estimatedMonthlyUsd).toBe(54);
    expect(sharer?.estimatedMonthlyUsd).toBeUndefined();
    for (const f of natFindings) {
      expect(f.costShares).toEqual([
        {
          gatewayId: 'nat-0e629fe69921f1e80',
          kind: 'nat-gateway',
          carriedBy: carrier?.id,
          findings: 2,
          status: 'priced',
          estimatedMonthlyUsd: 54,
          basis: 'upper-bound',
        },
      ]);
    }
    expect(priced.summary.estimatedMonthlyUsd).toBe(54);
    expect(priced.vpcs?.map((v) => v.estimatedMonthlyUsd)).toEqual([54]);
    // the 14 days before NOW, us-east-1 known
    expect(priced.summary.cost).toEqual(costSummary({ gateways: estimate.gateways }));
    expect(mock('us-east-1')).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
  });

  it('leaves the input report untouched', async () => {
    // Prepare
    const report = reportOf([finding()]);
    const before = JSON.stringify(report);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'nat-1': { source: everyDay(14, GIB) } }));

    // Act
    const priced = withRollup(
      applyCostEstimate(report, await estimateLeakCost(report, { cloudwatch: factory, now: NOW })),
    );

    // Assess
    expect(JSON.stringify(report)).toBe(before);
    expect(priced).not.toBe(report);
    expect(priced.findings[0]?.estimatedMonthlyUsd).toBe(1.35);
  });

  it('makes one request per region for many gateways, and none for a region without a NAT leak', async () => {
    // Prepare
    const gateways = Array.from({ length: 40 }, (_, i) => `nat-${i}`);
    const report = reportOf([
      ...gateways.map((id, i) => finding({ routeTableId: `rtb-${i}`, targets: [id] })),
      finding({ region: 'eu-west-1', path: 'internet-gateway', targets: ['igw-1'] }),
      finding({ region: 'ap-south-1', routeTableId: 'rtb-x', targets: ['nat-x'], exempt: true }),
    ]);
    const { factory, asked, mock } = regionalClients(['us-east-1', 'eu-west-1', 'ap-south-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics(
          Object.fromEntries(gateways.map((id) => [id, { source: everyDay(14, GIB) }])),
        ),
      );

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });

    // Assess
    expect(asked).toEqual(['us-east-1']);
    expect(mock('us-east-1')).toHaveReceivedCommandTimes(GetMetricDataCommand, 1);
    expect(mock('eu-west-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect(mock('ap-south-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect(estimate.regions.map((r) => r.region)).toEqual(['us-east-1']);
    expect(estimate.gateways).toHaveLength(40);
    expect(estimate.totalMonthlyUsd).toBe(54); // 40 gateways × 1 GiB/day × 30 × 0.045
  });

  it('asks only the regions that have a NAT leak (scenario 12: eu-west-1 uses its endpoints)', async () => {
    // Prepare
    const report = scenarioReport('12-two-regions');
    const { factory, asked, mock } = regionalClients(['us-east-1', 'eu-west-1']);
    mock('us-east-1').on(GetMetricDataCommand).callsFake(fakeNatMetrics({}));

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });

    // Assess
    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(asked).toEqual(['us-east-1']);
    expect(mock('eu-west-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect(estimate.regions.map((r) => r.region)).toEqual(['us-east-1']);
  });

  it('makes no call at all and totals $0 for a report without NAT-path leaks', async () => {
    // Prepare
    const report = scenarioReport('01-igw-public-subnet');
    const factory = jest.fn((region: string) => new CloudWatchClient({ region }));

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });
    const priced = withRollup(applyCostEstimate(report, estimate));

    // Assess
    expect(report.findings.length).toBeGreaterThan(0);
    expect(factory).not.toHaveBeenCalled();
    expect(estimate).toMatchObject({
      regions: [],
      gateways: [],
      totalMonthlyUsd: 0,
      partial: false,
    });
    expect(priced.summary.estimatedMonthlyUsd).toBe(0);
    expect(priced.findings.every((f) => f.estimatedMonthlyUsd === undefined)).toBe(true);
  });

  it('averages a new gateway over the days it has existed and an old one over the window', async () => {
    // Prepare: nat-new has data on the last 3 days only; nat-old on 7 of 14 days
    const report = reportOf([
      finding({ routeTableId: 'rtb-new', targets: ['nat-new'] }),
      finding({ routeTableId: 'rtb-old', targets: ['nat-old'] }),
    ]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics({
          'nat-new': { source: { 11: 20 * GIB, 12: 20 * GIB, 13: 20 * GIB } },
          'nat-old': {
            destination: {
              0: 4 * GIB,
              2: 4 * GIB,
              4: 4 * GIB,
              6: 4 * GIB,
              8: 4 * GIB,
              10: 4 * GIB,
              12: 4 * GIB,
            },
          },
        }),
      );

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });

    // Assess
    const byId = Object.fromEntries(estimate.gateways.map((g) => [g.natGatewayId, g]));
    expect(byId['nat-new']).toMatchObject({
      gbPerDay: 20,
      daysAveraged: 3,
      estimatedMonthlyUsd: 27,
    });
    expect(byId['nat-old']).toMatchObject({
      gbPerDay: 2,
      daysAveraged: 14,
      estimatedMonthlyUsd: 2.7,
    });
    expect(estimate.notes).toContain(
      'nat-new (us-east-1): first data point on 2026-11-24; averaged over 3 day(s), not 14.',
    );
  });

  it('shows a gateway without data points as no data, not $0, and says so', async () => {
    // Prepare
    const report = reportOf([finding({ targets: ['nat-idle'] })]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1').on(GetMetricDataCommand).callsFake(fakeNatMetrics({}));

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW, days: 7 });
    const priced = withRollup(applyCostEstimate(report, estimate));

    // Assess
    expect(estimate.gateways[0]).toMatchObject({
      natGatewayId: 'nat-idle',
      gbPerDay: 0,
      estimatedMonthlyUsd: 0,
    });
    expect(estimate.notes).toContain(
      'nat-idle (us-east-1): no data points in the last 7 day(s); shown as no data, not $0.',
    );
    expect(priced.findings[0]?.estimatedMonthlyUsd).toBeUndefined();
    expect(priced.findings[0]?.costShares?.[0]?.status).toBe('no-data');
    expect(priced.vpcs?.[0]?.costStatus).toBe('no-data');
  });

  it('marks a region whose metrics cannot be read unknown, without throwing, and the total partial', async () => {
    // Prepare
    const report = reportOf([
      finding({ region: 'us-east-1', targets: ['nat-east'] }),
      finding({ region: 'eu-west-1', targets: ['nat-west'] }),
    ]);
    const { factory, mock } = regionalClients(['us-east-1', 'eu-west-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'nat-east': { source: everyDay(14, 10 * GIB) } }));
    mock('eu-west-1')
      .on(GetMetricDataCommand)
      .rejects(
        Object.assign(new Error('not authorized to perform cloudwatch:GetMetricData'), {
          name: 'AccessDenied',
        }),
      );

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });
    const priced = withRollup(applyCostEstimate(report, estimate));

    // Assess
    expect(estimate.partial).toBe(true);
    expect(estimate.regions).toEqual([
      expect.objectContaining({
        region: 'eu-west-1',
        status: 'unknown',
        error: expect.objectContaining({ code: 'AccessDenied' }),
      }),
      expect.objectContaining({ region: 'us-east-1', status: 'known' }),
    ]);
    expect(
      estimate.notes.some(
        (n) => n.startsWith('eu-west-1: cost unknown') && n.includes('cloudwatch:GetMetricData'),
      ),
    ).toBe(true);
    const west = priced.findings.find((f) => f.region === 'eu-west-1');
    const east = priced.findings.find((f) => f.region === 'us-east-1');
    expect(west && 'estimatedMonthlyUsd' in west).toBe(false);
    expect(east?.estimatedMonthlyUsd).toBe(13.5);
    expect(priced.summary.estimatedMonthlyUsd).toBe(13.5);
    expect(priced.summary.cost).toMatchObject({
      partial: true,
      knownRegions: ['us-east-1'],
      unknownRegions: ['eu-west-1'],
    });
  });

  it('gives no total when every region concerned is unknown (throttled), yet never throws', async () => {
    // Prepare
    const report = reportOf([finding()]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const priced = withRollup(
      applyCostEstimate(report, await estimateLeakCost(report, { cloudwatch: factory, now: NOW })),
    );

    // Assess
    expect(priced.summary.estimatedMonthlyUsd).toBeUndefined();
    expect(priced.summary.cost?.partial).toBe(true);
    expect(priced.summary.cost?.unknownRegions).toEqual(['us-east-1']);
    expect(priced.findings[0]?.estimatedMonthlyUsd).toBeUndefined();
  });

  it('marks the region unknown when even building its client fails', async () => {
    // Prepare
    const report = reportOf([finding()]);
    const factory = (): CloudWatchClient => {
      throw new Error('no credentials');
    };

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });

    // Assess
    expect(estimate.regions[0]).toMatchObject({ status: 'unknown', error: { code: 'Error' } });
    expect(estimate.partial).toBe(true);
  });

  it('counts each gateway once, on the first finding through it, so the findings add up to the total', async () => {
    // Prepare: rtb-a goes through nat-a and nat-b (two AZs of a range), rtb-b through nat-b only
    const report = reportOf([
      finding({ routeTableId: 'rtb-a', targets: ['nat-a', 'nat-b'] }),
      finding({ routeTableId: 'rtb-b', targets: ['nat-b'] }),
      finding({ routeTableId: 'rtb-b', service: 'dynamodb', targets: ['nat-b'] }),
    ]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics({
          'nat-a': { source: everyDay(14, 10 * GIB) },
          'nat-b': { destination: everyDay(14, 20 * GIB) },
        }),
      );

    // Act
    const priced = withRollup(
      applyCostEstimate(report, await estimateLeakCost(report, { cloudwatch: factory, now: NOW })),
    );

    // Assess
    expect(priced.findings.map((f) => [f.id, f.estimatedMonthlyUsd])).toEqual([
      ['111122223333/us-east-1/rtb-a/s3', 40.5],
      ['111122223333/us-east-1/rtb-b/dynamodb', undefined],
      ['111122223333/us-east-1/rtb-b/s3', undefined],
    ]);
    expect(priced.findings[1]?.costShares).toEqual([
      expect.objectContaining({
        gatewayId: 'nat-b',
        carriedBy: '111122223333/us-east-1/rtb-a/s3',
        findings: 3,
      }),
    ]);
    expect(priced.summary.estimatedMonthlyUsd).toBe(40.5);
  });

  it('gives exempt findings no estimate and prices a gateway carried only by exempt tables nowhere', async () => {
    // Prepare
    const report = reportOf([
      finding({ routeTableId: 'rtb-live', targets: ['nat-shared'] }),
      finding({ routeTableId: 'rtb-exempt', targets: ['nat-shared'], exempt: true }),
      finding({ routeTableId: 'rtb-exempt-only', targets: ['nat-exempt'], exempt: true }),
    ]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(
        fakeNatMetrics({
          'nat-shared': { source: everyDay(14, 10 * GIB) },
          'nat-exempt': { source: everyDay(14, 99 * GIB) },
        }),
      );

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });
    const priced = withRollup(applyCostEstimate(report, estimate));

    // Assess
    expect(estimate.gateways.map((g) => g.natGatewayId)).toEqual(['nat-shared']);
    const queried = mock('us-east-1')
      .commandCalls(GetMetricDataCommand)[0]
      ?.args[0].input.MetricDataQueries?.map((q) => q.MetricStat?.Metric?.Dimensions?.[0]?.Value);
    expect(queried).toEqual(['nat-shared', 'nat-shared']);
    expect(priced.findings.map((f) => f.estimatedMonthlyUsd)).toEqual([13.5, undefined, undefined]);
    expect(priced.summary.estimatedMonthlyUsd).toBe(13.5);
  });

  it('uses the price override, and flags a region missing from the table as default', async () => {
    // Prepare
    const report = reportOf([
      finding({ region: 'us-east-1', targets: ['nat-east'] }),
      finding({ region: 'xx-nowhere-9', targets: ['nat-far'] }),
    ]);
    const { factory, mock } = regionalClients(['us-east-1', 'xx-nowhere-9']);
    for (const region of ['us-east-1', 'xx-nowhere-9'])
      mock(region)
        .on(GetMetricDataCommand)
        .callsFake(
          fakeNatMetrics({
            'nat-east': { source: everyDay(14, 10 * GIB) },
            'nat-far': { source: everyDay(14, 10 * GIB) },
          }),
        );

    // Act
    const tabled = await estimateLeakCost(report, { cloudwatch: factory, now: NOW });
    const overridden = await estimateLeakCost(report, {
      cloudwatch: factory,
      now: NOW,
      pricePerGb: 0.1,
    });

    // Assess
    expect(
      tabled.gateways.map((g) => [g.natGatewayId, g.priceSource, g.estimatedMonthlyUsd]),
    ).toEqual([
      ['nat-east', 'table', 13.5],
      ['nat-far', 'default', 13.5],
    ]);
    expect(
      tabled.notes.some((n) => n.startsWith('xx-nowhere-9: no NAT data processing price known')),
    ).toBe(true);
    expect(overridden.gateways.map((g) => [g.priceSource, g.estimatedMonthlyUsd])).toEqual([
      ['override', 30],
      ['override', 30],
    ]);
    expect(overridden.notes).toEqual([]);
  });

  it.each([
    [{ pricePerGb: 0 }],
    [{ pricePerGb: -1 }],
    [{ pricePerGb: Number.POSITIVE_INFINITY }],
    [{ pricePerGb: Number.NaN }],
    [{ days: 0 }],
    [{ days: 456 }],
  ])('rejects invalid options %p before any call', async (options) => {
    // Prepare
    const factory = jest.fn((region: string) => new CloudWatchClient({ region }));

    // Act
    const run = estimateLeakCost(reportOf([finding()]), {
      cloudwatch: factory,
      now: NOW,
      ...options,
    });

    // Assess
    await expect(run).rejects.toBeInstanceOf(ConfigurationError);
    expect(factory).not.toHaveBeenCalled();
  });

  it('reads the requested number of days', async () => {
    // Prepare
    const report = reportOf([finding()]);
    const { factory, mock } = regionalClients(['us-east-1']);
    mock('us-east-1')
      .on(GetMetricDataCommand)
      .callsFake(fakeNatMetrics({ 'nat-1': { source: everyDay(30, GIB) } }));

    // Act
    const estimate = await estimateLeakCost(report, { cloudwatch: factory, now: NOW, days: 30 });

    // Assess
    expect(mock('us-east-1')).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date('2026-10-28T00:00:00Z'),
      EndTime: new Date('2026-11-27T00:00:00Z'),
    });
    expect(estimate).toMatchObject({ days: 30, totalMonthlyUsd: 1.35 });
  });
});
