import { withRollup } from '../../../src/analysis/rollup';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { applyCostEstimate } from '../../../src/cost/apply-estimate';
import { runCli } from '../../../src/cli/program';
import { formatReport } from '../../../src/format';
import { formatTable } from '../../../src/format/table';
import { textWidth } from '../../../src/format/text-width';
import { parseSnapshotText } from '../../../src/snapshot/load';
import type { Report } from '../../../src/types';
import { memoryIo } from '../../helpers/memory-io';
import {
  AWKWARD_NAMES,
  costEstimateFor,
  defaultVpcOnlyEstate,
  namedEstate,
  pricedNamedReport,
  reportOfSnapshot,
} from '../../helpers/report-estate';
import { writeTemp } from '../../helpers/temp-file';
import { runInMemory } from '../../helpers';

const SAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sample-estate.json');

function sampleReport(): Report {
  return analyzeSnapshot(parseSnapshotText(readFileSync(SAMPLE, 'utf8'), SAMPLE), {
    generatedAt: '2026-11-27T03:00:00Z',
  });
}

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => textWidth(line)));
}

function cents(value: number | undefined): number {
  return Math.round((value ?? 0) * 100);
}

describe('the first screen of the table', () => {
  it('holds the totals and the top VPCs by dollars in its first 25 lines', () => {
    // Prepare
    const report = pricedNamedReport(40, 4);
    const top = (report.vpcs ?? []).slice(0, 15);

    // Act
    const first = formatTable(report, { width: 120 }).split('\n').slice(0, 25).join('\n');

    // Assess
    expect(first).toContain(`Subnets audited: ${report.summary.subnets} in 1 region`);
    expect(first).toContain(`Leaking subnets: ${report.summary.leakingSubnets}`);
    expect(first).toMatch(/Estimated \$\/month: up to \$[\d,]+\.\d\d\/month/);
    expect(first).toContain('Regions failed: 0');
    const dollars = top.map((vpc) => vpc.estimatedMonthlyUsd ?? -1);
    expect(dollars).toEqual([...dollars].sort((a, b) => b - a));
    for (const vpc of top) expect(first).toContain(vpc.vpcId);
  });

  it('never exceeds 120 columns, on the sample estate and on a wide estate with awkward names', () => {
    // Prepare
    const reports = [sampleReport(), pricedNamedReport(30, 5)];

    // Act
    const tables = reports.flatMap((report) => [
      formatTable(report, { width: 120 }),
      formatTable(report, { width: 120, allSubnets: true }),
    ]);

    // Assess
    for (const table of tables) expect(widest(table)).toBeLessThanOrEqual(120);
  });

  it('fits any width from 60 columns, shortening with a visible mark rather than wrapping', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 220 }), (width) => {
        // Act
        const table = formatTable(pricedNamedReport(6, 3), { width, allSubnets: true });

        // Assess
        expect(widest(table)).toBeLessThanOrEqual(width);
        if (width < 100) expect(table).toContain('…');
      }),
      { numRuns: 25 },
    );
  });

  it('shows the Name tags of VPCs, subnets and route tables, with line breaks made safe', () => {
    // Prepare
    const report = reportOfSnapshot(namedEstate(3, 3));

    // Act
    const table = formatTable(report, { width: 200, allSubnets: true });

    // Assess
    expect(report.vpcs?.[0]?.name).toBeDefined();
    expect(
      report.subnets.every((s) => s.name !== undefined && s.routeTableName !== undefined),
    ).toBe(true);
    expect(report.findings.every((f) => f.name !== undefined && f.vpcName !== undefined)).toBe(
      true,
    );
    expect(table).toContain('本番環境のデータ基盤ネットワーク');
    expect(table).toContain(report.subnets[0]?.name?.slice(0, 10));
    expect(table).not.toContain('\u001b');
    expect(table).not.toContain('\t');
  });

  it('reads the width from COLUMNS, and refuses a COLUMNS that is not a number', async () => {
    // Prepare
    const file = writeTemp('named.json', JSON.stringify(namedEstate(8, 3)));

    // Act
    const { code: narrowCode, stdout } = await runInMemory(['audit', '--snapshot', file], {
      COLUMNS: '80',
    });
    const terminal = memoryIo({});
    terminal.outColumns = 90;
    await runCli(['audit', '--snapshot', file], terminal);
    const { code: badCode, stderr } = await runInMemory(['audit', '--snapshot', file], {
      COLUMNS: 'wide',
    });

    // Assess
    expect(narrowCode).toBe(0);
    expect(widest(stdout)).toBeLessThanOrEqual(80);
    expect(widest(terminal.stdout())).toBeLessThanOrEqual(90);
    expect(widest(terminal.stdout())).toBeGreaterThan(80);
    expect(badCode).toBe(2);
    expect(stderr).toContain('COLUMNS: "wide" is not a positive whole number of columns');
  });
});

describe('dollars that add up', () => {
  it('makes the VPCs and the findings add up to the total, whatever the traffic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 0, max: 5000, noNaN: true }), { minLength: 1, maxLength: 12 }),
        (vpcs, traffic) => {
          // Prepare
          const report = reportOfSnapshot(namedEstate(vpcs, 3));
          const estimate = costEstimateFor(report, (i) => traffic[i % traffic.length] ?? 0);

          // Act
          const priced = withRollup(applyCostEstimate(report, estimate));

          // Assess
          const total = cents(priced.summary.estimatedMonthlyUsd);
          const byVpc = (priced.vpcs ?? []).reduce(
            (sum, v) => sum + cents(v.estimatedMonthlyUsd),
            0,
          );
          const byFinding = priced.findings.reduce(
            (sum, f) => sum + cents(f.estimatedMonthlyUsd),
            0,
          );
          expect(byVpc).toBe(total);
          expect(byFinding).toBe(total);
          // each gateway's estimate is carried by exactly one finding
          const carriers = new Map<string, number>();
          for (const f of priced.findings)
            for (const share of f.costShares ?? [])
              if (share.carriedBy === f.id)
                carriers.set(share.gatewayId, (carriers.get(share.gatewayId) ?? 0) + 1);
          expect([...carriers.values()].every((n) => n === 1)).toBe(true);
          // leaking subnets counted once each under their worst path
          const worst = Object.values(priced.summary.leakingSubnetsByWorstPath ?? {});
          expect(worst.reduce((a, b) => a + b, 0)).toBe(priced.summary.leakingSubnets);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('ranks the VPCs by dollars, then severity', () => {
    // Prepare
    const report = pricedNamedReport(20, 2);

    // Act
    const vpcs = report.vpcs ?? [];

    // Assess
    for (let i = 1; i < vpcs.length; i += 1) {
      const [a, b] = [vpcs[i - 1], vpcs[i]];
      expect((a?.estimatedMonthlyUsd ?? -1) >= (b?.estimatedMonthlyUsd ?? -1)).toBe(true);
    }
  });

  it('says "no data" rather than $0.00 for a gateway without data points, and who shares a gateway', () => {
    // Prepare
    const report = reportOfSnapshot(namedEstate(2, 3));
    const priced = withRollup(
      applyCostEstimate(
        report,
        costEstimateFor(report, (i) => (i === 0 ? 0 : 10)),
      ),
    );

    // Act
    const table = formatTable(priced, { width: 160 });
    const markdown = formatReport(priced, 'markdown');

    // Assess
    expect(priced.vpcs?.map((v) => v.costStatus).sort()).toEqual(['no-data', 'priced']);
    expect(table).toMatch(/ no data /);
    expect(table).toMatch(/shares nat-\S+ with 1 finding; its estimate is counted on /);
    expect(markdown).toMatch(/\| no data \|/);
    expect(markdown).toMatch(/shares nat-\S+ with 1 finding/);
  });
});

describe('thresholds', () => {
  it('lets an account whose only leak is a default VPC internet gateway pass --fail-on high', async () => {
    // Prepare
    const file = writeTemp('default-vpc.json', JSON.stringify(defaultVpcOnlyEstate()));
    const run = async (...flags: string[]) =>
      runCli(['audit', '--snapshot', file, ...flags], memoryIo());

    // Act
    const codes = {
      high: await run('--fail-on', 'high'),
      medium: await run('--fail-on', 'medium'),
      low: await run('--fail-on', 'low'),
      leak: await run('--fail-on-leak'),
      both: await run('--fail-on', 'high', '--fail-on-leak'),
      none: await run(),
    };

    // Assess
    expect(codes).toEqual({ high: 0, medium: 0, low: 3, leak: 3, both: 3, none: 0 });
  });

  it('fails --fail-on high when a NAT gateway leaks, and refuses an unknown severity', async () => {
    // Prepare
    const file = writeTemp('nat.json', JSON.stringify(namedEstate(2, 2)));

    // Act
    const { code: high } = await runInMemory(['audit', '--snapshot', file, '--fail-on', 'HIGH']);
    const { code: bad, stderr } = await runInMemory([
      'audit',
      '--snapshot',
      file,
      '--fail-on',
      'critical',
    ]);

    // Assess
    expect(high).toBe(3);
    expect(bad).toBe(2);
    expect(stderr).toContain('--fail-on: "critical" is not one of high, medium, low');
  });
});

describe('escaping user-controlled text', () => {
  it('never lets a tag inject markup into the HTML or break the markdown table', () => {
    // Prepare
    const report = reportOfSnapshot(namedEstate(5, 2));

    // Act
    const html = formatReport(report, 'html');
    const markdown = formatReport(report, 'markdown');

    // Assess
    expect(AWKWARD_NAMES.some((n) => n.includes('<script>'))).toBe(true);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(markdown).not.toContain('<script>');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| '))) {
      expect(line.endsWith('|')).toBe(true);
    }
  });

  it('draws one Mermaid flowchart per leaking VPC in the markdown', () => {
    // Prepare
    const report = reportOfSnapshot(namedEstate(4, 2));

    // Act
    const markdown = formatReport(report, 'markdown');

    // Assess
    expect(markdown.match(/```mermaid\nflowchart LR/g)).toHaveLength(report.vpcs?.length ?? -1);
    expect(markdown).toMatch(/linkStyle [\d,]+ stroke:#d33/);
    expect(markdown).not.toMatch(/\["[^"\n]*<script/);
  });
});
