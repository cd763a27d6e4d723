/**
 * The same dollars offline: `snapshot` records the cost inputs the live audit reads, and `audit
 * --snapshot` of that file prints the live audit's dollars to the cent.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../../src/types';
import {
  everyDay,
  fakeNatMetrics,
  GIB,
  type FakeGatewayMetrics,
} from '../../helpers/cost-fixtures';
import { accountServing, type MockEstate } from '../../helpers/mock-aws';
import { writeTemp } from '../../helpers/temp-file';
import { runInMemory } from '../../helpers';

const sample = JSON.parse(
  readFileSync(join(__dirname, '../../../examples/sample-estate.json'), 'utf8'),
) as { regions: Record<string, MockEstate> };
const regionNames = Object.keys(sample.regions);

/** Every NAT gateway of the sample estate, with different traffic (one with only 3 days of data). */
function metricsOfSample(): Record<string, FakeGatewayMetrics> {
  const ids = Object.values(sample.regions).flatMap((region) =>
    (region.NatGateways as { NatGatewayId: string }[]).map((nat) => nat.NatGatewayId),
  );
  return Object.fromEntries(
    ids.map((id, i) => [
      id,
      i === 1
        ? { source: { 11: 3 * GIB, 12: 1.25 * GIB, 13: 7 * GIB } }
        : { source: everyDay(14, (i + 1) * 1.37 * GIB), destination: everyDay(14, 11 * GIB + i) },
    ]),
  );
}

/** The sample estate served live, every gateway with CloudWatch metrics. */
function sampleAccount() {
  const mocked = accountServing(sample);
  const metrics = fakeNatMetrics(metricsOfSample());
  for (const name of regionNames)
    mocked.cloudwatch(name).on(GetMetricDataCommand).callsFake(metrics);
  return mocked;
}

/** The parts of a report that carry dollars. */
function dollarsOf(report: Report) {
  return {
    total: report.summary.estimatedMonthlyUsd,
    cost: report.summary.cost,
    findings: report.findings.map((f) => [f.id, f.estimatedMonthlyUsd, f.costShares]),
    vpcs: report.vpcs?.map((v) => [v.vpcId, v.estimatedMonthlyUsd]),
  };
}

describe('the same dollars offline', () => {
  it('audit --snapshot of a recorded snapshot prints the live audit dollars to the cent', async () => {
    // Prepare
    const mocked = sampleAccount();
    const audited = await runInMemory(
      ['audit', '--format', 'json', '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );
    const live = JSON.parse(audited.stdout) as Report;
    const file = writeTemp('recorded-cost.json', '');
    await runInMemory(
      ['snapshot', '--out', file, '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Act
    const { code, stdout } = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

    // Assess
    expect(code).toBe(0);
    const offline = JSON.parse(stdout) as Report;
    expect(live.summary.estimatedMonthlyUsd).toBeGreaterThan(0);
    expect(dollarsOf(offline)).toEqual(dollarsOf(live));
    expect({ ...offline, generatedAt: '' }).toEqual({ ...live, generatedAt: '' });
  });

  it('records the window, the prices and each gateway daily sums in the snapshot', async () => {
    // Prepare
    const mocked = sampleAccount();
    const file = writeTemp('recorded-inputs.json', '');

    // Act
    const { code } = await runInMemory(
      ['snapshot', '--out', file, '--quiet', '--cost-days', '7', '--nat-price-per-gb', '0.05'],
      {},
      { clients: () => mocked.clients },
    );

    // Assess
    expect(code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      cost: {
        days: number;
        regions: Record<
          string,
          { natPricePerGb: number; natGateways: { dailyBytes: unknown[] }[] }
        >;
      };
    };
    expect(written.cost.days).toBe(7);
    expect(written.cost.regions['us-east-1']?.natPricePerGb).toBe(0.05);
    expect(written.cost.regions['us-east-1']?.natGateways[0]?.dailyBytes).toHaveLength(7);
  });

  it('records no cost inputs with --no-cost (and then the offline audit prints no dollars)', async () => {
    // Prepare
    const mocked = sampleAccount();
    const file = writeTemp('no-cost.json', '');
    await runInMemory(
      ['snapshot', '--out', file, '--quiet', '--no-cost'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Act
    const { stdout } = await runInMemory(['audit', '--snapshot', file, '--format', 'json']);

    // Assess
    expect(mocked.cloudwatch('us-east-1')).not.toHaveReceivedCommand(GetMetricDataCommand);
    expect((JSON.parse(stdout) as Report).summary.estimatedMonthlyUsd).toBeUndefined();
  });

  it('refuses cost inputs with a negative byte count, naming the JSON path (exit 2)', async () => {
    // Prepare
    const snapshot = JSON.parse(
      readFileSync(join(__dirname, '../../../examples/sample-estate.json'), 'utf8'),
    ) as Record<string, unknown>;
    const file = writeTemp(
      'bad-cost.json',
      JSON.stringify({
        ...snapshot,
        cost: {
          days: 1,
          startTime: '2026-12-06T00:00:00.000Z',
          endTime: '2026-12-07T00:00:00.000Z',
          regions: {
            'us-east-1': {
              status: 'known',
              natPricePerGb: 0.045,
              natPriceSource: 'table',
              tgwPricePerGb: 0.02,
              tgwPriceSource: 'table',
              natGateways: [
                { natGatewayId: 'nat-1', dailyBytes: [{ day: '2026-12-06', bytes: -5 }] },
              ],
            },
          },
        },
      }),
    );

    // Act
    const { code, stderr } = await runInMemory(['audit', '--snapshot', file]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('cost.regions.us-east-1.natGateways[0].dailyBytes[0].bytes');
  });
});

describe('audit --snapshot with --traffic (a measurement laid over the recorded inputs)', () => {
  const samplePath = join(__dirname, '../../../examples/sample-estate.json');
  /** The sample's us-east-1 gateway that no flow log measures: an upper bound without a file. */
  const unmeasured = 'nat-0ab871800dbc2a180';
  const toS3 = 3 * GIB;
  const fromS3 = 9 * GIB;

  function measurementFile(accountId = '111122223333'): string {
    return writeTemp(
      `traffic-${accountId}.json`,
      JSON.stringify({
        schemaVersion: 1,
        kind: 'vpce-auditor-measurement',
        accountId,
        takenAt: '2026-12-07T10:30:00Z',
        regions: {
          'us-east-1': [
            {
              natGatewayId: unmeasured,
              status: 'measured',
              source: 'measure',
              startTime: '2026-12-07T10:00:00Z',
              endTime: '2026-12-07T10:15:00Z',
              attribution: 'nat-gateway',
              services: { s3: { bytesToService: toS3, bytesFromService: fromS3 } },
              bytesScanned: 4096,
            },
          ],
        },
      }),
    );
  }

  function lineOf(report: Report, id: string) {
    return report.summary.cost?.gateways.find((g) => g.natGatewayId === id);
  }

  it('prices the measured gateway from the file: bytes both ways × the price', async () => {
    // Prepare
    const without = await runInMemory(['audit', '--snapshot', samplePath, '--format', 'json']);

    // Act
    const { code, stdout } = await runInMemory([
      'audit',
      '--snapshot',
      samplePath,
      '--traffic',
      measurementFile(),
      '--format',
      'json',
    ]);

    // Assess
    expect(code).toBe(0);
    const before = lineOf(JSON.parse(without.stdout) as Report, unmeasured);
    const line = lineOf(JSON.parse(stdout) as Report, unmeasured);
    expect(before?.basis).toBe('upper-bound');
    expect(line?.basis).toBe('measured');
    expect(line?.measured?.source).toBe('measure');
    expect(line?.measured?.windowUsd).toBeCloseTo(((toS3 + fromS3) / GIB) * 0.045, 2);
    // 15 minutes are 1/96 of a day, and a month is 30 days.
    expect(line?.estimatedMonthlyUsd).toBeCloseTo(((toS3 + fromS3) / GIB) * 96 * 30 * 0.045, 2);
  });

  it('gives the live audit dollars with the same file', async () => {
    // Prepare
    const mocked = sampleAccount();
    const traffic = measurementFile();
    const { stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet', '--traffic', traffic],
      {},
      {
        clients: () => mocked.clients,
      },
    );
    const file = writeTemp('recorded-for-traffic.json', '');
    await runInMemory(
      ['snapshot', '--out', file, '--quiet'],
      {},
      {
        clients: () => mocked.clients,
      },
    );

    // Act
    const run = await runInMemory([
      'audit',
      '--snapshot',
      file,
      '--traffic',
      traffic,
      '--format',
      'json',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const live = JSON.parse(stdout) as Report;
    expect(lineOf(live, unmeasured)?.basis).toBe('measured');
    expect(dollarsOf(JSON.parse(run.stdout) as Report)).toEqual(dollarsOf(live));
  });

  it.each([
    [
      'a snapshot without cost inputs',
      'no-cost',
      /--traffic: the snapshot ".*" recorded no cost inputs/,
    ],
    [
      'a measurement of another account',
      'other-account',
      /--traffic: the measurement is of account 444455556666/,
    ],
  ])('refuses %s with exit 2, naming --traffic', async (_what, kind, message) => {
    // Prepare
    const sample = JSON.parse(readFileSync(samplePath, 'utf8')) as Record<string, unknown>;
    const snapshot =
      kind === 'no-cost'
        ? writeTemp('traffic-no-cost.json', JSON.stringify({ ...sample, cost: undefined }))
        : samplePath;
    const traffic = measurementFile(kind === 'other-account' ? '444455556666' : '111122223333');

    // Act
    const { code, stdout, stderr } = await runInMemory([
      'audit',
      '--snapshot',
      snapshot,
      '--traffic',
      traffic,
    ]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });
});
