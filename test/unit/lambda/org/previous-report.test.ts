import { mergeAccountReports } from '../../../../src/accounts/merge-reports';
import { withRollup } from '../../../../src/analysis/rollup';
import { applyCostEstimate } from '../../../../src/cost/apply-estimate';
import { withHistory } from '../../../../src/history/compare';
import { ReportLinesError, type AccountLine } from '../../../../src/history/report-lines';
import {
  openPreviousReport,
  previousAccountReport,
  type PreviousAccount,
  type PreviousReport,
} from '../../../../src/lambda/org/previous-report';
import { ReportValidationError } from '../../../../src/history/report-file';
import { createReportStore } from '../../../../src/store/report-store';
import type { Report } from '../../../../src/types';
import { memoryBucket, type MemoryBucket } from '../../../helpers/memory-bucket';
import { costEstimateFor, reportOfSnapshot } from '../../../helpers/report-estate';
import { generatedEstate } from '../../../helpers/reports';

const BUCKET = 'vpce-auditor-reports';
const LAST_NIGHT = '2026-11-28T03:00:00.000Z';
/** The accounts of last night's stored report, in the order it lists them. */
const STORED_ACCOUNTS = ['222222222222', '333333333333', '444444444444'];

/** An account's priced report: `vpcs` VPCs of 3 subnets, each leaking through its NAT gateway. */
function accountReport(accountId: string, vpcs: number): Report {
  const snapshot = generatedEstate(vpcs, 3);
  (snapshot as { accountId: string }).accountId = accountId;
  const report = reportOfSnapshot(snapshot);
  return withRollup(
    applyCostEstimate(
      report,
      costEstimateFor(report, (i) => 2 + i),
    ),
  );
}

/** The line the Aggregate stores for an account's report. */
function lineOf(report: Report): AccountLine {
  return {
    accountId: report.accountId,
    account: {
      accountId: report.accountId,
      status: 'audited',
      regions: report.regions,
      summary: { subnets: report.summary.subnets, leakingSubnets: report.summary.leakingSubnets },
    },
    subnets: report.subnets,
    findings: report.findings,
    errors: [],
    vpcs: report.vpcs ?? [],
    resolved: [],
    carried: [],
    cost: {
      gateways: (report.summary.cost?.gateways ?? []).map((line) => ({
        accountId: report.accountId,
        ...line,
      })),
      notes: [],
    },
  };
}

async function accountsOf(previous: PreviousReport | undefined): Promise<PreviousAccount[]> {
  const all: PreviousAccount[] = [];
  for (;;) {
    const next = await previous?.accounts.next();
    if (!next || next.done === true) return all;
    all.push(next.value);
  }
}

function open(bucket: MemoryBucket): Promise<PreviousReport | undefined> {
  return openPreviousReport(bucket.client, createReportStore(bucket.client, BUCKET));
}

const HEADER = JSON.stringify({
  reportLines: 1,
  schemaVersion: 1,
  generatedAt: LAST_NIGHT,
  accountId: '111111111111',
  organizationId: 'o-a1b2c3d4e5',
  services: ['s3', 'dynamodb'],
});
const TRAILER = JSON.stringify({ end: true, regions: [], summary: {}, errors: [] });

describe("the previous night's organization report", () => {
  it('is absent on a first run', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);

    // Act
    const previous = await open(bucket);

    // Assess
    expect(previous).toBeUndefined();
  });

  it('comes account by account from its JSON Lines, each with its findings, carried findings, entry and NAT cost lines', async () => {
    // Prepare
    const first = accountReport('222222222222', 2);
    const second = accountReport('333333333333', 1);
    const carried = {
      ...first.findings[0],
      id: '444444444444/us-east-1/rtb-0gone/s3',
      accountId: '444444444444',
      carriedBecause: 'failed' as const,
    } as NonNullable<Report['carried']>[number];
    const gone: AccountLine = {
      accountId: '444444444444',
      subnets: [],
      findings: [],
      errors: [],
      vpcs: [],
      resolved: [],
      carried: [carried],
    };
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set(
      'latest/report.jsonl',
      [
        HEADER,
        JSON.stringify(lineOf(first)),
        '',
        JSON.stringify(lineOf(second)),
        JSON.stringify(gone),
        TRAILER,
        '{"after":"the trailer"}',
      ].join('\n'),
    );

    // Act
    const previous = await open(bucket);
    const accounts = await accountsOf(previous);

    // Assess
    expect(previous?.generatedAt).toBe(LAST_NIGHT);
    expect(accounts.map((account) => account.accountId)).toEqual(STORED_ACCOUNTS);
    const [a, , c] = accounts;
    expect(a?.report).toMatchObject({
      accountId: '222222222222',
      generatedAt: LAST_NIGHT,
      services: ['s3', 'dynamodb'],
      regions: ['us-east-1'],
      findings: first.findings,
      carried: [],
      accounts: [{ accountId: '222222222222', status: 'audited' }],
    });
    expect(a?.report.summary.cost?.gateways).toEqual(
      first.summary.cost?.gateways.map((line) => ({ accountId: '222222222222', ...line })),
    );
    expect(c?.report).toMatchObject({
      accounts: [],
      regions: [],
      findings: [],
      carried: [carried],
    });
    expect(c?.report.summary.cost).toBeUndefined();
  });

  it("gives the history what it needs: tonight's findings persist from last night, with last night's firstSeen", async () => {
    // Prepare
    const lastNight = withHistory(
      { ...accountReport('222222222222', 2), generatedAt: LAST_NIGHT },
      undefined,
    );
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set(
      'latest/report.jsonl',
      [HEADER, JSON.stringify(lineOf(lastNight)), TRAILER].join('\n'),
    );
    const tonight = {
      ...accountReport('222222222222', 2),
      generatedAt: '2026-11-29T03:00:00.000Z',
    };

    // Act
    const [previous] = await accountsOf(await open(bucket));
    const compared = withHistory(tonight, previous?.report);

    // Assess
    expect(compared.findings.length).toBeGreaterThan(0);
    expect(compared.findings.every((finding) => finding.status === 'persisting')).toBe(true);
    expect(compared.findings.every((finding) => finding.firstSeen === LAST_NIGHT)).toBe(true);
    expect(compared.summary.history).toMatchObject({ since: LAST_NIGHT, new: { findings: 0 } });
  });

  it.each([
    ['does not start with a header', [JSON.stringify({ accountId: '1' }), TRAILER].join('\n')],
    ['is empty', ''],
  ])('fails naming the object when its JSON Lines %s', async (_, text) => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set('latest/report.jsonl', text);

    // Act
    const opened = open(bucket);

    // Assess
    await expect(opened).rejects.toThrow(ReportLinesError);
    await expect(opened).rejects.toThrow(
      `s3://${BUCKET}/latest/report.jsonl does not start with a report-lines header`,
    );
  });

  it('is read from the single JSON document of the night before an upgrade, split by account in id order', async () => {
    // Prepare: accounts out of order; one only in the carried findings
    const b = accountReport('333333333333', 1);
    const a = accountReport('222222222222', 2);
    const whole = mergeAccountReports({
      accountId: '111111111111',
      generatedAt: LAST_NIGHT,
      outcomes: [
        { accountId: '333333333333', status: 'audited', report: b },
        { accountId: '222222222222', status: 'audited', report: a },
      ],
    });
    const source = a.findings[0] as Report['findings'][number];
    const carried = {
      ...source,
      id: `444444444444/${source.region}/${source.routeTableId}/${source.service}`,
      accountId: '444444444444',
      carriedBecause: 'failed' as const,
    };
    const stored = { ...whole, carried: [carried] };
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set('latest/report.json', JSON.stringify(stored));

    // Act
    const previous = await open(bucket);
    const accounts = await accountsOf(previous);

    // Assess
    expect(previous?.generatedAt).toBe(LAST_NIGHT);
    expect(accounts.map((account) => account.accountId)).toEqual(STORED_ACCOUNTS);
    expect(accounts[0]?.report.findings.map((finding) => finding.id).sort()).toEqual(
      a.findings.map((finding) => finding.id).sort(),
    );
    expect(accounts[0]?.report.summary.cost?.gateways).toEqual(
      a.summary.cost?.gateways.map((line) => ({ accountId: '222222222222', ...line })),
    );
    expect(accounts[0]?.report.accounts?.[0]?.accountId).toBe('222222222222');
    expect(accounts[1]?.report.findings).toHaveLength(b.findings.length);
    expect(accounts[2]?.report).toMatchObject({ accounts: [], findings: [], carried: [carried] });
    expect(accounts[2]?.report.summary.cost?.gateways).toEqual([]);
  });

  it("reads a single-account JSON document's cost lines as its own account's", async () => {
    // Prepare: a report without accounts[] whose gateway lines name no account
    const report = accountReport('222222222222', 2);
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set('latest/report.json', JSON.stringify({ ...report, services: undefined }));

    // Act
    const accounts = await accountsOf(await open(bucket));

    // Assess
    expect(accounts.map((account) => account.accountId)).toEqual(['222222222222']);
    expect(accounts[0]?.report.summary.cost?.gateways).toEqual(report.summary.cost?.gateways);
    expect(accounts[0]?.report.accounts).toEqual([]);
  });

  it('fails naming the object when the JSON document is not a report', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set('latest/report.json', JSON.stringify({ schemaVersion: 1, findings: 'no' }));

    // Act
    const opened = open(bucket);

    // Assess
    await expect(opened).rejects.toThrow(ReportValidationError);
    await expect(opened).rejects.toThrow(`s3://${BUCKET}/latest/report.json`);
  });
});

describe("an account's previous report", () => {
  it('has no cost summary without gateway lines, and no services unless given', () => {
    // Act
    const report = previousAccountReport({
      accountId: '222222222222',
      generatedAt: LAST_NIGHT,
      line: { findings: [], carried: [] },
    });

    // Assess
    expect(report).toEqual({
      schemaVersion: 1,
      generatedAt: LAST_NIGHT,
      accountId: '222222222222',
      accounts: [],
      regions: [],
      summary: { subnets: 0, leakingSubnets: 0, byPath: {} },
      subnets: [],
      findings: [],
      errors: [],
      carried: [],
    });
  });
});
