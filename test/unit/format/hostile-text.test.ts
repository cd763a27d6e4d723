import fc from 'fast-check';
import { mergeAccountReports } from '../../../src/accounts/merge-reports';
import { formatReport, FORMATS } from '../../../src/format';
import { formatDiff, DIFF_FORMAT_NAMES } from '../../../src/format/diff-report';
import { jsonReportLines } from '../../../src/format/json';
import { jsonSafe } from '../../../src/format/safe-text';
import { diffReports } from '../../../src/history/diff';
import { formatAsff } from '../../../src/securityhub/asff';
import type { Report } from '../../../src/types';
import { GENERATED_AT } from '../../helpers/reports';
import { pricedNamedReport } from '../../helpers/report-estate';

/** Strings an account administrator could set as an account name, a tag or an error message. */
const HOSTILE = [
  '\u001b]0;owned\u0007title',
  '\u001b[31mred\u001b[0m',
  'line\nFAKE: injected line',
  'cr\rFAKE: overwritten',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '| forged | cell |',
  '\u202eevil\u202c',
  '\u009b31mcsi',
  '`code` *bold* _it_ \\',
  'quote " and \' and &amp;',
  'sep\u2028FAKE: separator',
];

// eslint-disable-next-line no-control-regex
const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc
    .tuple(fc.constantFrom(...HOSTILE), fc.string(), fc.constantFrom(...HOSTILE))
    .map((parts) => parts.join('')),
);

/** A two-account report whose every AWS-controlled string is `pick(i)`. */
function hostileReport(pick: (i: number) => string): Report {
  const base = pricedNamedReport(2, 2);
  let i = 0;
  const next = () => pick((i += 1));
  const withNames = (report: Report, accountId: string): Report => ({
    ...report,
    accountId,
    subnets: report.subnets.map((s) => ({
      ...s,
      accountId,
      name: next(),
      vpcName: next(),
      routeTableName: next(),
    })),
    findings: report.findings.map((f) => ({
      ...f,
      accountId,
      id: `${accountId}/${f.region}/${f.routeTableId}/${f.service}`,
      name: next(),
      vpcName: next(),
      reason: next(),
    })),
    vpcs: (report.vpcs ?? []).map((v) => ({ ...v, accountId, name: next() })),
    errors: [
      {
        accountId,
        region: 'eu-west-1',
        operation: 'DescribeSubnets',
        code: next(),
        message: next(),
      },
    ],
  });
  return mergeAccountReports({
    accountId: '111111111111',
    organizationId: 'o-example',
    generatedAt: GENERATED_AT,
    outcomes: [
      {
        accountId: '111111111111',
        name: next(),
        status: 'audited',
        report: withNames(base, '111111111111'),
      },
      {
        accountId: '222222222222',
        name: next(),
        status: 'audited',
        report: withNames(base, '222222222222'),
      },
      {
        accountId: '333333333333',
        name: next(),
        status: 'failed',
        reason: next(),
        errors: [
          { region: 'us-east-1', operation: 'AssumeRole', code: 'AccessDenied', message: next() },
        ],
      },
    ],
  });
}

/** Lines of the output that begin with text the hostile strings tried to put on a line of its own. */
function forgedLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('FAKE:'));
}

describe('strings from AWS in every format', () => {
  it('never reach the terminal as control characters, escape sequences or extra lines', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 8 }), (texts) => {
        // Prepare
        const report = hostileReport((i) => texts[i % texts.length] as string);
        const previous = { ...report, findings: [], generatedAt: '2026-11-20T03:00:00.000Z' };

        // Act
        const outputs = [
          ...FORMATS.map((format) => formatReport(report, format, { width: 120 })),
          [...jsonReportLines(report)].join(''),
          jsonSafe(formatAsff(report)),
          ...DIFF_FORMAT_NAMES.map((format) => formatDiff(diffReports(report, previous), format)),
          ...DIFF_FORMAT_NAMES.map((format) => formatDiff(diffReports(previous, report), format)),
        ];

        // Assess
        for (const output of outputs) {
          expect(output).not.toMatch(TERMINAL_UNSAFE);
          expect(forgedLines(output)).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('stay text in markdown and HTML: no element, no link, no forged table cell', () => {
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 1, maxLength: 8 }), (texts) => {
        // Prepare
        const report = hostileReport((i) => texts[i % texts.length] as string);

        // Act
        const markdown = formatReport(report, 'markdown');
        const html = formatReport(report, 'html');

        // Assess
        for (const output of [markdown, html]) expect(output).not.toMatch(/<img/i);
        expect(markdown).not.toMatch(/(?<!\\)\]\(javascript:/);
        for (const line of markdown.split('\n').filter((l) => l.startsWith('|'))) {
          const header = markdown
            .split('\n')
            .slice(0, markdown.split('\n').indexOf(line) + 1)
            .reverse()
            .find((l, index, all) => l.startsWith('|') && !all[index + 1]?.startsWith('|'));
          const cells = (row: string) => row.split(/(?<!\\)\|/).length;
          expect(cells(line)).toBe(cells(header ?? line));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('keep their exact value in JSON', () => {
    // Prepare
    const report = hostileReport((i) => HOSTILE[i % HOSTILE.length] as string);

    // Act
    const json = [...jsonReportLines(report)].join('');

    // Assess
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(json).toContain('\\u009b31mcsi');
    expect(json).toContain('\\u202eevil');
  });
});
