/** `audit --baseline` in the human formats: the comparison is shown, not only carried in JSON. */
import { formatReport } from '../../../src/format';
import { withHistory } from '../../../src/history/compare';
import type { Report } from '../../../src/types';
import { analyze, estate } from '../../helpers';

/** One VPC whose named tables each carry one subnet, through a NAT unless it has an S3 endpoint. */
function night(tables: Record<string, 'nat' | 'endpoint'>, generatedAt: string): Report {
  const builder = estate('us-east-1').vpc('vpc-1');
  for (const [table, state] of Object.entries(tables)) {
    builder
      .subnet(`subnet-${table.slice(4)}`, 'vpc-1')
      .table(table, 'vpc-1', { subnets: [`subnet-${table.slice(4)}`] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' });
    if (state === 'endpoint')
      builder.gatewayEndpoint(`vpce-${table.slice(4)}`, 'vpc-1', 's3', [table]);
  }
  const report = analyze(builder.table('rtb-main', 'vpc-1', { main: true }).build(), {
    services: ['s3'],
  });
  return { ...report, generatedAt };
}

const BEFORE = '2026-11-26T03:00:00.000Z';
const previous = night({ 'rtb-a': 'nat', 'rtb-b': 'nat' }, BEFORE);
const current = night(
  { 'rtb-a': 'endpoint', 'rtb-b': 'nat', 'rtb-c': 'nat' },
  '2026-11-27T03:00:00.000Z',
);

/** A previous report with one more leak, in a region this run did not audit (carried). */
function withCarried(report: Report, routeTableId: string): Report {
  const [first] = report.findings;
  if (!first) throw new Error('the previous night has a finding');
  return {
    ...report,
    regions: [...report.regions, 'eu-west-1'],
    findings: [
      ...report.findings,
      {
        ...first,
        region: 'eu-west-1',
        routeTableId,
        id: `${first.accountId}/eu-west-1/${routeTableId}/s3`,
      },
    ],
  };
}

describe('a report compared with a baseline', () => {
  it('says new, fixed and persisting on the first screen of the table, then lists the changes', () => {
    // Prepare
    const compared = withHistory(current, previous);

    // Act
    const table = formatReport(compared, 'table', { width: 100 });

    // Assess
    const firstScreen = table.split('\n').slice(0, 8).join('\n');
    expect(firstScreen).toContain(`Since ${BEFORE}: 1 new leak, 1 fixed, 1 persisting`);
    const changes = table.slice(
      table.indexOf('Changes since the baseline'),
      table.indexOf('Findings ('),
    );
    expect(changes).toMatch(/New leaks \(1\):[\s\S]*rtb-c/);
    expect(changes).toMatch(/Resolved \(1\):[\s\S]*fixed\s+rtb-a/);
    expect(changes).not.toContain('Persisting');
    expect(table.split('\n').every((line) => line.length <= 100)).toBe(true);
  });

  it('has a changes section in markdown and HTML with the new, resolved and carried leaks', () => {
    // Prepare
    const compared = withHistory(current, withCarried(previous, 'rtb-gone'));

    // Act
    const markdown = formatReport(compared, 'markdown');
    const html = formatReport(compared, 'html');

    // Assess
    expect(markdown).toContain(`### Changes since ${BEFORE}`);
    expect(markdown).toContain('**1 new leak, 1 fixed, 1 persisting, 1 not re-checked**');
    expect(markdown).toMatch(
      /#### New leaks \(1\)\n\n\|[^\n]*\n\|[^\n]*\n\| HIGH \| 111122223333 \| us-east-1 \| vpc-1 \| rtb-c \|/,
    );
    expect(markdown).toMatch(
      /#### Resolved \(1\)[\s\S]*\| fixed \(now gateway-endpoint\) \|[^\n]*rtb-a/,
    );
    expect(markdown).toMatch(/#### Not re-checked[^\n]*\(1\)[\s\S]*rtb-gone/);
    const start = html.indexOf('<section id="changes">');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain('1 new leak, 1 fixed, 1 persisting, 1 not re-checked');
    expect(section).toMatch(/data-changes="new"[\s\S]*<td>rtb-c<\/td>/);
    expect(section).toMatch(
      /data-changes="resolved"[\s\S]*<td>fixed \(now gateway-endpoint\)<\/td>[\s\S]*<td>rtb-a<\/td>/,
    );
    expect(section).toMatch(/data-changes="carried"[\s\S]*<td>rtb-gone<\/td>/);
    expect(section).not.toContain('data-changes="persisting"');
  });

  it('escapes what it shows like every other string of the format', () => {
    // Prepare
    const hostile = 'rtb-<img src=x onerror=alert(1)>|forged|\n\u001b[31mFAKE';
    const compared = withHistory(current, withCarried(previous, hostile));

    // Act
    const markdown = formatReport(compared, 'markdown');
    const html = formatReport(compared, 'html');
    const table = formatReport(compared, 'table');

    // Assess
    expect(markdown).not.toContain('<img');
    expect(markdown).not.toContain('|forged|');
    expect(html).not.toContain('<img');
    expect(html).toContain('rtb-&lt;img src=x onerror=alert(1)&gt;');
    for (const output of [markdown, html, table]) {
      expect(output).not.toContain('\u001b');
      expect(output.split('\n').some((line) => line.startsWith('FAKE'))).toBe(false);
    }
  });

  it('shows no comparison without a baseline', () => {
    // Prepare
    const outputs = (['table', 'markdown', 'html'] as const).map((format) =>
      formatReport(current, format),
    );

    // Act
    const mentions = outputs.filter((output) => /Changes since|Since .*: \d+ new/.test(output));

    // Assess
    expect(mentions).toEqual([]);
  });
});
