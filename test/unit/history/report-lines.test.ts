/** The organization report as JSON Lines: read back line by line, by the CLI too. */
import {
  assembleReportLines,
  linesOf,
  splitLines,
  type AccountLine,
  type ReportLinesHeader,
  type ReportLinesTrailer,
} from '../../../src/history/report-lines';
import { loadReport } from '../../../src/history/report-file';
import type { Report } from '../../../src/types';
import { scenarioReport } from '../../helpers/reports';
import { writeTemp } from '../../helpers/temp-file';

const HEADER: ReportLinesHeader = {
  reportLines: 1,
  schemaVersion: 1,
  generatedAt: '2026-11-29T03:00:00.000Z',
  accountId: '111111111111',
  organizationId: 'o-abcdefghij',
  services: ['s3', 'dynamodb'],
};

function accountLine(report: Report, accountId: string): AccountLine {
  return {
    accountId,
    account: {
      accountId,
      status: 'audited',
      regions: report.regions,
      summary: { subnets: report.summary.subnets, leakingSubnets: report.summary.leakingSubnets },
    },
    subnets: report.subnets.map((subnet) => ({ ...subnet, accountId })),
    findings: report.findings.map((finding) => ({ ...finding, accountId })),
    errors: [],
    vpcs: (report.vpcs ?? []).map((vpc) => ({ ...vpc, accountId })),
    resolved: [],
    carried: [],
  };
}

function linesText(report: Report): string {
  const trailer: ReportLinesTrailer = {
    end: true,
    regions: report.regions,
    summary: report.summary,
    errors: [],
  };
  return [
    JSON.stringify(HEADER),
    JSON.stringify(accountLine(report, '222222222222')),
    JSON.stringify(accountLine(report, '333333333333')),
    JSON.stringify(trailer),
    '',
  ].join('\n');
}

describe('the organization report as JSON Lines', () => {
  it('assembles the accounts of its lines into one report', async () => {
    // Prepare
    const report = scenarioReport('02');

    // Act
    const assembled = await assembleReportLines(linesOf(linesText(report)));

    // Assess
    expect(assembled.accounts?.map((account) => account.accountId)).toEqual([
      '222222222222',
      '333333333333',
    ]);
    expect(assembled.findings).toHaveLength(report.findings.length * 2);
    expect(assembled.subnets.filter((s) => s.accountId === '333333333333')).toHaveLength(
      report.subnets.length,
    );
    expect(assembled).toMatchObject({
      generatedAt: HEADER.generatedAt,
      organizationId: HEADER.organizationId,
      summary: report.summary,
    });
  });

  it('refuses lines without their header or their trailer, naming what is missing', async () => {
    // Prepare
    const lines = linesText(scenarioReport('02')).trimEnd().split('\n');

    // Act
    const headless = assembleReportLines(linesOf(lines.slice(1).join('\n')));
    const cut = assembleReportLines(linesOf(lines.slice(0, -1).join('\n')));

    // Assess
    await expect(headless).rejects.toThrow(/line 1 is not a report-lines header/);
    await expect(cut).rejects.toThrow(/without their trailer/);
  });

  it('splits a byte stream into lines whatever the chunks cut (multi-byte characters too)', async () => {
    // Prepare
    const text = 'première ligne\nzweite Zeile — ü\n\n最後の行';
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: bytes.length }, (_, index) =>
      bytes.subarray(index, index + 1),
    );

    // Act
    const lines: string[] = [];
    for await (const line of splitLines(chunks)) lines.push(line);

    // Assess
    expect(lines).toEqual(text.split('\n'));
  });

  it('is read by the CLI (diff, --baseline) from a file, like a JSON report', async () => {
    // Prepare
    const report = scenarioReport('02');
    const file = writeTemp('org-report.jsonl', linesText(report));

    // Act
    const loaded = await loadReport(file, '--baseline');

    // Assess
    expect(loaded.findings.map((finding) => finding.id)).toEqual([
      ...report.findings.map((finding) => finding.id.replace(report.accountId, '222222222222')),
      ...report.findings.map((finding) => finding.id.replace(report.accountId, '333333333333')),
    ]);
  });
});
