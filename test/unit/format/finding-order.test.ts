import fc from 'fast-check';
import { withRollup } from '../../../src/analysis/rollup';
import { formatReport } from '../../../src/format';
import { formatTable } from '../../../src/format/table';
import type { Finding, Report } from '../../../src/types';
import { analyze, estate, exemptTag, finding, report } from '../../helpers';

/** The route tables of the table's finding rows, top to bottom. */
function tableRowTables(text: string, tables: readonly string[]): string[] {
  const start = text.indexOf('Findings (');
  const end = text.indexOf('Leaking subnets (');
  const section = text.slice(start, end === -1 ? undefined : end);
  return section
    .split('\n')
    .map((line) => tables.find((id) => new RegExp(`^\\s{4}\\S+\\s+${id}\\s`).test(line)))
    .filter((id): id is string => id !== undefined);
}

/** The route tables of the markdown findings rows, top to bottom. */
function markdownRowTables(text: string): string[] {
  return [...text.matchAll(/^\| (?:high|medium|low|exempt) \|[^|]+\|[^|]+\| `([^`]+)` \|/gm)].map(
    (m) => m[1] ?? '',
  );
}

/** The route tables of the HTML findings rows, top to bottom. */
function htmlRowTables(text: string): string[] {
  const body = text.slice(text.indexOf('<table id="findings">'));
  const rows = body.slice(0, body.indexOf('</table>')).split('<tr').slice(2);
  return rows.map((row) => /<code>(rtb-[^<]+)<\/code>/.exec(row)?.[1] ?? '');
}

describe('the findings keep the JSON report order in every human format', () => {
  it('lists an exempt finding after the other VPCs, where the JSON has it, not under its VPC', () => {
    // Prepare: vpc-a (first, through NAT) has an exempt leaking table too; vpc-b leaks less
    const snapshot = estate()
      .vpc('vpc-a')
      .subnet('subnet-a1', 'vpc-a')
      .subnet('subnet-a2', 'vpc-a')
      .table('rtb-a-exempt', 'vpc-a', { subnets: ['subnet-a1'], tags: exemptTag() })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-a' })
      .table('rtb-a', 'vpc-a', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-a2' })
      .vpc('vpc-b')
      .subnet('subnet-b1', 'vpc-b')
      .table('rtb-b', 'vpc-b', { main: true })
      .route('0.0.0.0/0', { GatewayId: 'igw-b' })
      .build();
    const audited = analyze(snapshot);
    const order = audited.findings.map((f) => f.routeTableId);
    const tables = [...new Set(order)];

    // Act
    const table = formatTable(audited, { width: 200 });
    const markdown = formatReport(audited, 'markdown') as string;
    const html = formatReport(audited, 'html') as string;

    // Assess
    expect(order.slice(-2)).toEqual(['rtb-a-exempt', 'rtb-a-exempt']);
    expect(order.slice(0, -2)).not.toContain('rtb-a-exempt');
    expect(tableRowTables(table, tables)).toEqual(order);
    expect(markdownRowTables(markdown)).toEqual(order);
    expect(htmlRowTables(html)).toEqual(order);
  });

  it('keeps the JSON order for any mix of VPCs, exempt findings and order', () => {
    const arbitraryFinding = fc.record({
      vpc: fc.constantFrom('vpc-1', 'vpc-2', 'vpc-3'),
      exempt: fc.boolean(),
      usd: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
      severity: fc.constantFrom<Finding['severity']>('high', 'medium', 'low'),
    });
    fc.assert(
      fc.property(
        fc.array(arbitraryFinding, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (specs, rolled) => {
          // Prepare: rolled up (the analysis's order) or as a hand-made file holds them
          const findings = specs.map((spec, i) =>
            finding({
              routeTableId: `rtb-${i}`,
              vpcId: spec.vpc,
              exempt: spec.exempt,
              severity: spec.severity,
              subnetIds: [`subnet-${i}`],
              ...(spec.usd === undefined ? {} : { estimatedMonthlyUsd: spec.usd }),
            }),
          );
          const base: Report = report(findings);
          const input = rolled ? withRollup(base) : base;
          const order = input.findings.map((f) => f.routeTableId);

          // Act
          const rows = tableRowTables(formatTable(input, { width: 220 }), order);

          // Assess
          expect(rows).toEqual(order);
        },
      ),
      { numRuns: 150 },
    );
  });
});
