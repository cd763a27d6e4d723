/** Finding history: new, persisting and resolved across two reports. */
import fc from 'fast-check';
import { analyzeRegion, analyzeSnapshot, buildReport } from '../../../src/analysis/analyze';
import { withHistory } from '../../../src/history/compare';
import type { HistorySummary, Report, ServiceName } from '../../../src/types';
import { estate, exemptTag } from '../../helpers/estate-builder';
import { costSummary } from '../../helpers/cost-summary';

const ACCOUNT = '111122223333';
const NIGHT_1 = '2026-11-27T03:00:00.000Z';
const NIGHT_2 = '2026-11-28T03:00:00.000Z';
const NIGHT_3 = '2026-11-29T03:00:00.000Z';
const TABLES = ['rtb-a', 'rtb-b', 'rtb-c', 'rtb-d'] as const;
type Table = (typeof TABLES)[number];

/** How one route table looks on a night. */
type TableState = 'nat' | 'endpoint' | 'exempt' | 'absent';

/** One VPC per region with one subnet per table; every table's default route goes to a NAT gateway. */
function nightSnapshot(states: Partial<Record<string, Partial<Record<Table, TableState>>>>) {
  const builder = estate('us-east-1');
  for (const region of ['us-east-1', 'eu-west-1']) {
    builder.region(region).vpc('vpc-1');
    const tables = states[region] ?? {};
    const endpointTables: string[] = [];
    for (const table of TABLES) {
      const state = tables[table] ?? 'nat';
      if (state === 'absent') continue;
      const subnet = `subnet-${table.slice(4)}`;
      builder
        .subnet(subnet, 'vpc-1')
        .table(table, 'vpc-1', {
          subnets: [subnet],
          ...(state === 'exempt' ? { tags: exemptTag() } : {}),
        })
        .route('0.0.0.0/0', { NatGatewayId: 'nat-1' });
      if (state === 'endpoint') endpointTables.push(table);
    }
    builder.table('rtb-main', 'vpc-1', { main: true });
    if (endpointTables.length > 0) builder.gatewayEndpoint('vpce-1', 'vpc-1', 's3', endpointTables);
  }
  return builder.build();
}

function night(
  generatedAt: string,
  states: Partial<Record<string, Partial<Record<Table, TableState>>>> = {},
  failedRegions: string[] = [],
): Report {
  const snapshot = nightSnapshot(states);
  const services: ServiceName[] = ['s3'];
  const regions = ['eu-west-1', 'us-east-1'];
  return buildReport({
    accountId: ACCOUNT,
    generatedAt,
    regions,
    services,
    analyses: regions
      .filter((region) => !failedRegions.includes(region))
      .map((region) => {
        const regional = snapshot.regions[region];
        if (!regional) throw new Error(region);
        return analyzeRegion(region, regional, services, ACCOUNT);
      }),
    errors: failedRegions.map((region) => ({
      region,
      operation: 'DescribeRouteTables',
      code: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
    })),
  });
}

/** The history summary of an unpriced run compared with the run of `since`: its finding counts. */
function historyOf(
  since: string | null,
  counts: { new: number; persisting: number; resolved: number; carried: number },
): HistorySummary {
  return {
    since,
    new: { findings: counts.new },
    persisting: { findings: counts.persisting },
    resolved: { findings: counts.resolved },
    carried: counts.carried,
  };
}

const idOf = (region: string, table: string) => `${ACCOUNT}/${region}/${table}/s3`;
const statuses = (report: Report) =>
  Object.fromEntries(report.findings.map((f) => [f.id, [f.status, f.firstSeen]]));

describe('withHistory', () => {
  it('marks every leak new on a first run, with this run as first seen', () => {
    // Prepare
    const first = night(NIGHT_1);

    // Act
    const report = withHistory(first, undefined);

    // Assess
    expect(report.findings).toHaveLength(8);
    expect(report.findings.every((f) => f.status === 'new' && f.firstSeen === NIGHT_1)).toBe(true);
    expect(report.resolved).toEqual([]);
    expect(report.summary.history).toEqual(
      historyOf(null, { new: 8, persisting: 0, resolved: 0, carried: 0 }),
    );
  });

  it('tells new from persisting leaks and says why the others were resolved', () => {
    // Prepare
    const first = withHistory(night(NIGHT_1, { 'us-east-1': { 'rtb-d': 'absent' } }), undefined);
    const second = night(NIGHT_2, {
      'us-east-1': { 'rtb-a': 'endpoint', 'rtb-b': 'exempt', 'rtb-c': 'absent' },
    });

    // Act
    const report = withHistory(second, first);

    // Assess
    expect(statuses(report)).toEqual({
      [idOf('eu-west-1', 'rtb-a')]: ['persisting', NIGHT_1],
      [idOf('eu-west-1', 'rtb-b')]: ['persisting', NIGHT_1],
      [idOf('eu-west-1', 'rtb-c')]: ['persisting', NIGHT_1],
      [idOf('eu-west-1', 'rtb-d')]: ['persisting', NIGHT_1],
      [idOf('us-east-1', 'rtb-b')]: [undefined, undefined],
      [idOf('us-east-1', 'rtb-d')]: ['new', NIGHT_2],
    });
    expect(
      report.resolved?.map((r) => [r.id, r.why, r.pathNow, r.resolvedAt, r.firstSeen]),
    ).toEqual([
      [idOf('us-east-1', 'rtb-a'), 'fixed', 'gateway-endpoint', NIGHT_2, NIGHT_1],
      [idOf('us-east-1', 'rtb-b'), 'exempted', undefined, NIGHT_2, NIGHT_1],
      [idOf('us-east-1', 'rtb-c'), 'gone', undefined, NIGHT_2, NIGHT_1],
    ]);
    expect(report.summary.history).toEqual(
      historyOf(NIGHT_1, { new: 1, persisting: 4, resolved: 3, carried: 0 }),
    );
  });

  it('resolves nothing in a region that failed, and carries its leaks to the next run', () => {
    // Prepare
    const first = withHistory(night(NIGHT_1), undefined);
    const failed = night(NIGHT_2, { 'eu-west-1': { 'rtb-a': 'endpoint' } }, ['eu-west-1']);

    // Act
    const second = withHistory(failed, first);
    const third = withHistory(night(NIGHT_3, { 'eu-west-1': { 'rtb-a': 'endpoint' } }), second);

    // Assess
    expect(second.resolved).toEqual([]);
    expect(second.carried?.map((c) => [c.id, c.carriedBecause, c.firstSeen])).toEqual(
      TABLES.map((table) => [idOf('eu-west-1', table), 'failed', NIGHT_1]),
    );
    expect(
      second.findings.every((f) => f.region === 'us-east-1' && f.status === 'persisting'),
    ).toBe(true);
    expect(third.resolved?.map((r) => [r.id, r.why])).toEqual([
      [idOf('eu-west-1', 'rtb-a'), 'fixed'],
    ]);
    expect(third.findings.filter((f) => f.region === 'eu-west-1').map((f) => f.firstSeen)).toEqual([
      NIGHT_1,
      NIGHT_1,
      NIGHT_1,
    ]);
    expect(third.carried).toEqual([]);
  });

  it('resolves nothing in a region or service this run did not audit', () => {
    // Prepare
    const first = withHistory(
      analyzeSnapshot(nightSnapshot({}), { generatedAt: NIGHT_1 }),
      undefined,
    );
    const onlyUsS3 = analyzeSnapshot(nightSnapshot({ 'us-east-1': { 'rtb-a': 'endpoint' } }), {
      generatedAt: NIGHT_2,
      regions: ['us-east-1'],
      services: ['s3'],
    });

    // Act
    const report = withHistory(onlyUsS3, first);

    // Assess
    expect(report.resolved?.map((r) => r.id)).toEqual([idOf('us-east-1', 'rtb-a')]);
    expect(report.carried?.every((c) => c.carriedBecause === 'not-audited')).toBe(true);
    expect(report.carried?.map((c) => c.id).sort()).toEqual(
      [
        ...TABLES.map((t) => `${ACCOUNT}/eu-west-1/${t}/s3`),
        ...TABLES.map((t) => `${ACCOUNT}/eu-west-1/${t}/dynamodb`),
        ...TABLES.map((t) => `${ACCOUNT}/us-east-1/${t}/dynamodb`),
      ].sort(),
    );
  });

  it('matches a previous report written with the old id form, and counts each NAT gateway once', () => {
    // Prepare
    const first = night(NIGHT_1);
    const legacy: Report = {
      ...first,
      findings: first.findings.map((f) => ({
        ...f,
        id: `${f.region}/${f.routeTableId}/${f.service}`,
      })),
    };
    const priced = (report: Report): Report => ({
      ...report,
      findings: report.findings.map((f) => ({ ...f, estimatedMonthlyUsd: 45 })),
      summary: {
        ...report.summary,
        estimatedMonthlyUsd: 90,
        cost: costSummary({
          knownRegions: ['eu-west-1', 'us-east-1'],
          gateways: ['eu-west-1', 'us-east-1'].map((region) => ({
            region,
            natGatewayId: 'nat-1',
            gbPerDay: 33.33,
            daysAveraged: 14,
            pricePerGb: 0.045,
            priceSource: 'table' as const,
            estimatedMonthlyUsd: 45,
          })),
        }),
      },
    });

    // Act
    const report = withHistory(
      priced(night(NIGHT_2, { 'us-east-1': { 'rtb-a': 'endpoint' } })),
      priced(legacy),
    );

    // Assess
    expect(report.summary.history).toMatchObject({
      new: { findings: 0, estimatedMonthlyUsd: 0 },
      persisting: { findings: 7, estimatedMonthlyUsd: 90 },
      resolved: { findings: 1, estimatedMonthlyUsd: 45 },
    });
  });
});

describe('withHistory invariants', () => {
  const state = fc.constantFrom<TableState>('nat', 'endpoint', 'exempt', 'absent');
  const region = fc.record({ 'rtb-a': state, 'rtb-b': state, 'rtb-c': state, 'rtb-d': state });
  const nightArbitrary = fc.record({
    states: fc.record({ 'us-east-1': region, 'eu-west-1': region }),
    failed: fc.subarray(['us-east-1', 'eu-west-1']),
  });

  it('new and persisting are the current leaks, resolved are not among them, a failed region resolves nothing', () => {
    fc.assert(
      fc.property(nightArbitrary, nightArbitrary, (before, after) => {
        // Prepare
        const previous = withHistory(night(NIGHT_1, before.states, before.failed), undefined);
        const current = night(NIGHT_2, after.states, after.failed);

        // Act
        const report = withHistory(current, previous);

        // Assess
        const leaks = current.findings.filter((f) => !f.exempt).map((f) => f.id);
        const marked = report.findings.filter((f) => f.status !== undefined).map((f) => f.id);
        expect(marked.sort()).toEqual([...leaks].sort());
        const resolved = new Set(report.resolved?.map((r) => r.id));
        expect(leaks.some((id) => resolved.has(id))).toBe(false);
        expect(report.resolved?.some((r) => after.failed.includes(r.region))).toBe(false);
        const previousLeaks = previous.findings.filter((f) => !f.exempt).map((f) => f.id);
        const accounted = [
          ...report.findings.filter((f) => f.status === 'persisting').map((f) => f.id),
          ...(report.resolved ?? []).map((r) => r.id),
          ...(report.carried ?? []).map((c) => c.id),
        ];
        expect(accounted.sort()).toEqual(previousLeaks.sort());
        expect(report.summary.history?.new.findings).toBe(
          report.findings.filter((f) => f.status === 'new').length,
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('withHistory in a multi-account report', () => {
  it('resolves nothing in an account that failed, and marks an exempt account exempted', () => {
    // Prepare
    const leakOf = (accountId: string) => {
      const report = night(NIGHT_1, {
        'us-east-1': { 'rtb-b': 'absent', 'rtb-c': 'absent', 'rtb-d': 'absent' },
      });
      const finding = report.findings.find((f) => f.region === 'us-east-1');
      if (!finding) throw new Error('no finding');
      return { ...finding, accountId, id: `${accountId}/us-east-1/${finding.routeTableId}/s3` };
    };
    const accounts = ['222222222222', '333333333333', '444444444444'];
    const previous = withHistory(
      { ...night(NIGHT_1), regions: ['us-east-1'], subnets: [], findings: accounts.map(leakOf) },
      undefined,
    );
    const summary = { subnets: 0, leakingSubnets: 0 };
    const current: Report = {
      ...night(NIGHT_2),
      regions: ['us-east-1'],
      subnets: [],
      findings: [],
      accounts: [
        { accountId: '222222222222', status: 'failed', regions: [], summary },
        { accountId: '333333333333', status: 'exempt', regions: [], summary },
        { accountId: '444444444444', status: 'skipped', regions: [], summary },
      ],
      errors: [
        {
          accountId: '222222222222',
          region: 'us-east-1',
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: 'not authorized to perform sts:AssumeRole',
        },
      ],
    };

    // Act
    const report = withHistory(current, previous);

    // Assess
    expect(report.resolved?.map((r) => [r.accountId, r.why])).toEqual([
      ['333333333333', 'exempted'],
    ]);
    expect(report.carried?.map((c) => [c.accountId, c.carriedBecause])).toEqual([
      ['222222222222', 'failed'],
      ['444444444444', 'not-audited'],
    ]);
  });
});
