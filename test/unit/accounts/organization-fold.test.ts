import {
  accountEntry,
  mergeAccountReports,
  type AccountOutcome,
} from '../../../src/accounts/merge-reports';
import { FOLD_LIMITS, OrganizationFold } from '../../../src/accounts/organization-fold';
import { withRollup } from '../../../src/analysis/rollup';
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import { withHistory } from '../../../src/history/compare';
import { accountLineOf } from '../../../src/history/report-lines';
import type { Finding, Report, SecurityHubSummary } from '../../../src/types';
import { costEstimateFor, reportOfSnapshot } from '../../helpers/report-estate';
import { generatedEstate } from '../../helpers/reports';

const TONIGHT = '2026-11-29T03:00:00.000Z';
const LAST_NIGHT = '2026-11-28T03:00:00.000Z';
const SEVERITY = { high: 0, medium: 1, low: 2 } as const;

/** An account's report of `vpcs` VPCs of `subnets` subnets; priced at `gb` GB a day per NAT. */
function accountReport(
  accountId: string,
  vpcs: number,
  options: {
    subnets?: number;
    gb?: (index: number) => number;
    healthyEvery?: number;
    region?: string;
  } = {},
): Report {
  const snapshot = generatedEstate(vpcs, options.subnets ?? 3, {
    ...(options.healthyEvery !== undefined ? { healthyEvery: options.healthyEvery } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
  });
  (snapshot as { accountId: string }).accountId = accountId;
  const report = { ...reportOfSnapshot(snapshot), generatedAt: TONIGHT };
  return withRollup(
    options.gb ? applyCostEstimate(report, costEstimateFor(report, options.gb)) : report,
  );
}

/** An account's report as the Aggregate folds it: its `accounts[]` entry, errors named by account. */
function asFolded(outcome: AccountOutcome): Report {
  const errors = [...(outcome.errors ?? []), ...(outcome.report?.errors ?? [])].map((error) => ({
    ...error,
    accountId: outcome.accountId,
  }));
  const base: Report = outcome.report ?? {
    schemaVersion: 1,
    generatedAt: TONIGHT,
    accountId: outcome.accountId,
    regions: [],
    summary: { subnets: 0, leakingSubnets: 0, byPath: {} },
    subnets: [],
    findings: [],
    errors: [],
  };
  return { ...base, accountId: outcome.accountId, accounts: [accountEntry(outcome)], errors };
}

function foldOf(reports: readonly Report[]): OrganizationFold {
  const fold = new OrganizationFold();
  for (const report of reports) fold.add(accountLineOf(report, true), report.summary);
  return fold;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    (b.estimatedMonthlyUsd ?? -1) - (a.estimatedMonthlyUsd ?? -1) ||
    SEVERITY[a.severity] - SEVERITY[b.severity]
  );
}

const HEADER = { accountId: '111111111111', organizationId: 'o-a1b2c3d4e5', generatedAt: TONIGHT };

describe('the organization folded account by account', () => {
  const outcomes: AccountOutcome[] = [
    {
      accountId: '222222222222',
      name: 'payments',
      status: 'audited',
      report: accountReport('222222222222', 4, { gb: (i) => 3 + i * 7 }),
    },
    {
      accountId: '333333333333',
      status: 'audited',
      report: accountReport('333333333333', 5, { healthyEvery: 2, region: 'eu-west-1' }),
    },
    {
      accountId: '444444444444',
      name: 'legacy',
      status: 'failed',
      reason: 'cannot assume its role',
      errors: [
        {
          region: 'us-east-1',
          operation: 'AssumeRole',
          code: 'AccessDenied',
          message: 'not authorized',
        },
      ],
    },
    { accountId: '555555555555', status: 'exempt', reason: 'tagged' },
  ];

  it('sums to the summary of the whole merged report: counts, paths, families, worst paths, regions, dollars, cost basis', () => {
    // Prepare
    const merged = mergeAccountReports({ ...HEADER, outcomes });

    // Act
    const summary = foldOf(outcomes.map(asFolded)).finalSummary();

    // Assess
    const { cost: mergedCost, ...mergedCounts } = merged.summary;
    const { cost, ...counts } = summary;
    expect(counts).toEqual(mergedCounts);
    expect(summary.byFamily).toEqual(merged.summary.byFamily);
    expect(summary.regionsFailed).toBe(1);
    expect(cost).toEqual({ ...mergedCost, gateways: [], notes: [] });
  });

  it('keeps every account entry and error, the regions sorted, and hands over the digest with the real counts', () => {
    // Prepare
    const merged = mergeAccountReports({ ...HEADER, outcomes });
    const fold = foldOf(outcomes.map(asFolded));

    // Act
    const { digest, totals } = fold.result({ ...HEADER, services: ['s3', 'dynamodb'] });

    // Assess
    expect(digest.accounts).toEqual(merged.accounts);
    expect(digest.errors).toEqual(merged.errors);
    expect(digest.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(fold.finalRegions()).toEqual(['eu-west-1', 'us-east-1']);
    expect(digest).toMatchObject({
      ...HEADER,
      services: ['s3', 'dynamodb'],
      subnets: [],
      carried: [],
    });
    expect(totals).toEqual({
      subnets: merged.subnets.length,
      findings: merged.findings.length,
      errors: 1,
      vpcs: merged.vpcs?.length,
      resolved: 0,
      carried: 0,
    });
    expect(digest.vpcs).toEqual(merged.vpcs);
    expect(digest.summary.cost?.gateways.map((line) => line.natGatewayId)).toEqual(
      merged.summary.cost?.gateways
        .slice()
        .sort((a, b) => b.estimatedMonthlyUsd - a.estimatedMonthlyUsd)
        .map((line) => line.natGatewayId),
    );
    expect(digest.securityHub).toBeUndefined();
  });

  it('counts the leaking subnets of each service and path, exempt subnets left out', () => {
    // Prepare
    const report = accountReport('222222222222', 3);
    const exempt = {
      ...report,
      subnets: report.subnets.map((subnet, index) =>
        index === 1 ? { ...subnet, exempt: true } : subnet,
      ),
    };
    const leaking = (service: 's3' | 'dynamodb', path: string) =>
      exempt.subnets.filter(
        (subnet) =>
          !subnet.exempt &&
          subnet.services[service]?.leaking === true &&
          subnet.services[service]?.path === path,
      ).length;

    // Act
    const { leakingCount } = foldOf([exempt]).result(HEADER);

    // Assess
    expect(leakingCount('s3', 'nat-gateway')).toBe(leaking('s3', 'nat-gateway'));
    expect(leakingCount('s3', 'nat-gateway')).toBe(5);
    expect(leakingCount('dynamodb', 'internet-gateway')).toBe(
      leaking('dynamodb', 'internet-gateway'),
    );
    expect(leakingCount('s3', 'transit-gateway')).toBe(0);
  });

  it('keeps only the most expensive findings and VPCs for the message, in order, whatever the number folded', () => {
    // Prepare: 3 accounts of 120 VPCs: 1,440 findings, 360 VPCs
    const reports = ['222222222222', '333333333333', '444444444444'].map((id, account) =>
      asFolded({
        accountId: id,
        status: 'audited',
        report: accountReport(id, 120, {
          subnets: 2,
          gb: (i) => ((i * 37 + account * 11) % 97) + 1,
        }),
      }),
    );
    const merged = mergeAccountReports({
      ...HEADER,
      outcomes: reports.map((report) => ({
        accountId: report.accountId,
        status: 'audited',
        report,
      })),
    });

    // Act
    const { digest, totals } = foldOf(reports).result(HEADER);

    // Assess
    expect(totals.findings).toBe(merged.findings.length);
    expect(merged.findings.length).toBeGreaterThan(FOLD_LIMITS.findings * 2);
    expect(digest.findings).toHaveLength(FOLD_LIMITS.findings);
    const best = merged.findings.filter((finding) => !finding.exempt).sort(compareFindings);
    expect(digest.findings.map((finding) => finding.estimatedMonthlyUsd ?? -1)).toEqual(
      best.slice(0, FOLD_LIMITS.findings).map((finding) => finding.estimatedMonthlyUsd ?? -1),
    );
    expect(digest.vpcs).toEqual(merged.vpcs?.slice(0, FOLD_LIMITS.vpcs));
    expect(digest.summary.cost?.gateways).toHaveLength(10);
    expect(digest.summary.cost?.gateways[0]?.estimatedMonthlyUsd).toBe(
      Math.max(...(merged.summary.cost?.gateways ?? []).map((line) => line.estimatedMonthlyUsd)),
    );
  });

  it('leaves exempt findings out of the digest', () => {
    // Prepare
    const report = accountReport('222222222222', 2);
    const exempt = {
      ...report,
      findings: report.findings.map((finding) => ({ ...finding, exempt: true })),
    };

    // Act
    const { digest, totals } = foldOf([exempt]).result(HEADER);

    // Assess
    expect(digest.findings).toEqual([]);
    expect(totals.findings).toBe(report.findings.length);
  });
});

describe('the folded history', () => {
  /** Tonight's report of an account against last night's (which had `before` VPCs). */
  function compared(
    accountId: string,
    before: number,
    now: number,
    gb?: (i: number) => number,
  ): Report {
    const previous = {
      ...accountReport(accountId, before, gb ? { gb } : {}),
      generatedAt: LAST_NIGHT,
    };
    return withHistory(
      asFolded({
        accountId,
        status: 'audited',
        report: accountReport(accountId, now, gb ? { gb } : {}),
      }),
      withHistory(previous, undefined),
    );
  }

  it('sums new, persisting and resolved findings and their dollars, and counts the resolved by why', () => {
    // Prepare: one account lost 2 VPCs (resolved), one grew by 1 (new)
    const shrunk = compared('222222222222', 4, 2, (i) => 2 + i);
    const grown = compared('333333333333', 1, 2, (i) => 5 + i);

    // Act
    const fold = foldOf([shrunk, grown]);
    const history = fold.finalSummary().history;

    // Assess
    const sum = (key: 'new' | 'persisting' | 'resolved') => ({
      findings:
        (shrunk.summary.history?.[key].findings ?? 0) +
        (grown.summary.history?.[key].findings ?? 0),
      estimatedMonthlyUsd:
        Math.round(
          ((shrunk.summary.history?.[key].estimatedMonthlyUsd ?? 0) +
            (grown.summary.history?.[key].estimatedMonthlyUsd ?? 0)) *
            100,
        ) / 100,
    });
    expect(history).toEqual({
      since: LAST_NIGHT,
      new: sum('new'),
      persisting: sum('persisting'),
      resolved: sum('resolved'),
      carried: 0,
      resolvedByWhy: { gone: shrunk.resolved?.length },
    });
    expect(history?.resolved.findings).toBeGreaterThan(0);
    expect(history?.new.findings).toBeGreaterThan(0);
  });

  it('keeps the first resolved findings and the first of each severity, and the first new finding of each severity', () => {
    // Prepare: 60 VPCs resolved in each of 3 accounts (more than the digest keeps)
    const reports = ['222222222222', '333333333333', '444444444444'].map((id) =>
      compared(id, 62, 2),
    );
    const resolved = reports.flatMap((report) => report.resolved ?? []);
    const fresh = compared('555555555555', 0, 1);

    // Act
    const { digest, totals } = foldOf([...reports, fresh]).result(HEADER);

    // Assess
    expect(totals.resolved).toBe(resolved.length);
    expect(resolved.length).toBeGreaterThan(FOLD_LIMITS.resolved);
    expect(digest.resolved?.slice(0, FOLD_LIMITS.resolved)).toEqual(
      resolved.slice(0, FOLD_LIMITS.resolved),
    );
    for (const severity of new Set(resolved.map((finding) => finding.severity))) {
      expect(digest.resolved?.some((finding) => finding.severity === severity)).toBe(true);
    }
    const newOnes = fresh.findings.filter((finding) => finding.status === 'new');
    for (const severity of new Set(newOnes.map((finding) => finding.severity))) {
      expect(digest.findings.some((f) => f.status === 'new' && f.severity === severity)).toBe(true);
    }
  });

  it('counts carried findings of lines that carry only, without an account entry', () => {
    // Prepare
    const report = accountReport('222222222222', 1);
    const carried = report.findings.map((finding) => ({
      ...finding,
      carriedBecause: 'not-audited' as const,
    }));
    const fold = new OrganizationFold();

    // Act
    fold.add({
      accountId: '222222222222',
      subnets: [],
      findings: [],
      errors: [],
      vpcs: [],
      resolved: [],
      carried,
    });
    const { digest, totals } = fold.result(HEADER);

    // Assess
    expect(totals.carried).toBe(carried.length);
    expect(digest.accounts).toEqual([]);
    expect(fold.finalSummary()).toEqual({
      subnets: 0,
      leakingSubnets: 0,
      byPath: {},
      leakingSubnetsByWorstPath: {},
      regionsAudited: 0,
      regionsFailed: 0,
    });
  });
});

describe('the folded cost and Security Hub exports', () => {
  it('marks the cost partial when one account is, unions its regions and keeps 10 notes', () => {
    // Prepare
    const priced = (id: string, region: string, partial: boolean, notes: number) => {
      const report = accountReport(id, 2, { gb: (i) => 1 + i, region });
      const cost = report.summary.cost;
      if (!cost) throw new Error('no cost');
      return asFolded({
        accountId: id,
        status: 'audited',
        report: {
          ...report,
          summary: {
            ...report.summary,
            cost: {
              ...cost,
              partial,
              unknownRegions: partial ? ['ap-south-1'] : [],
              notes: Array.from({ length: notes }, (_, index) => `note ${index}`),
            },
          },
        },
      });
    };

    // Act
    const { digest } = foldOf([
      priced('222222222222', 'us-east-1', false, 6),
      priced('333333333333', 'eu-west-1', true, 6),
    ]).result(HEADER);

    // Assess
    expect(digest.summary.cost).toMatchObject({
      partial: true,
      knownRegions: ['eu-west-1', 'us-east-1'],
      unknownRegions: ['ap-south-1'],
    });
    expect(digest.summary.cost?.notes).toHaveLength(10);
    expect(digest.summary.cost?.notes[0]).toBe('222222222222: note 0');
    expect(digest.summary.estimatedMonthlyUsd).toBeGreaterThan(0);
  });

  it("sums the accounts' Security Hub exports, failed when one failed", () => {
    // Prepare
    const exported = (
      imported: number,
      status: SecurityHubSummary['status'],
    ): SecurityHubSummary => ({
      status,
      imported,
      archived: 1,
      failedFindings: 0,
      errors: [],
      ...(status === 'failed' ? { message: 'not enabled' } : {}),
    });
    const reports = [
      asFolded({
        accountId: '222222222222',
        status: 'audited',
        report: accountReport('222222222222', 1),
        securityHub: exported(4, 'exported'),
      }),
      asFolded({
        accountId: '333333333333',
        status: 'audited',
        report: accountReport('333333333333', 1),
        securityHub: exported(2, 'failed'),
      }),
    ];

    // Act
    const fold = foldOf(reports);

    // Assess
    expect(fold.finalSecurityHub()).toEqual({
      status: 'failed',
      imported: 6,
      archived: 2,
      failedFindings: 0,
      errors: [],
      message: 'not enabled',
    });
    expect(fold.result(HEADER).digest.securityHub).toEqual(fold.finalSecurityHub());
  });
});
