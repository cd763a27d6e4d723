import { formatMarkdown } from '../../../src/format/markdown';
import { formatTable } from '../../../src/format/table';
import { summaryLine } from '../../../src/format/labels';
import type { CostSummary, Report } from '../../../src/types';
import { finding, report as reportOf } from '../../helpers';
import { costSummary } from '../../helpers/cost-summary';

function withCost(report: Report, total: number | undefined, cost: Partial<CostSummary>): Report {
  const summary = {
    ...report.summary,
    cost: costSummary(cost),
  };
  if (total !== undefined) Object.assign(summary, { estimatedMonthlyUsd: total });
  return { ...report, summary };
}

describe('the cost in the human formats', () => {
  it('states the total as an upper bound of NAT data processing in the table and markdown', () => {
    // Prepare
    const report = withCost(reportOf([finding({ estimatedMonthlyUsd: 54 })]), 54, {});

    // Act
    const table = formatTable(report);
    const markdown = formatMarkdown(report);

    // Assess
    expect(summaryLine(report)).toContain('up to $54.00/month of NAT data processing');
    expect(summaryLine(report)).not.toContain('partial');
    expect(table).toContain('Estimated $/month: up to $54.00/month');
    expect(table).toMatch(/ \$54\.00 /);
    expect(table).toMatch(/upper bounds of NAT gateway and transit gateway data processing/);
    expect(markdown).toContain('| $54.00 |');
    expect(markdown).toMatch(/upper bounds of NAT gateway and transit gateway data processing/);
  });

  it('says the total is partial and names the unknown regions', () => {
    // Prepare
    const report = withCost(reportOf([finding()]), 13.5, {
      partial: true,
      unknownRegions: ['eu-west-1'],
    });

    // Act
    const line = summaryLine(report);

    // Assess
    expect(line).toContain(
      'up to $13.50/month of NAT data processing (partial: unknown in eu-west-1)',
    );
  });

  it('says the cost is unknown when no region could be read, and still explains the basis', () => {
    // Prepare
    const report = withCost(reportOf([finding()]), undefined, {
      partial: true,
      knownRegions: [],
      unknownRegions: ['us-east-1'],
    });

    // Act
    const line = summaryLine(report);
    const table = formatTable(report);

    // Assess
    expect(line).toContain('NAT cost unknown (us-east-1)');
    expect(line).not.toContain('up to');
    expect(table).toContain('Estimated $/month: unknown');
    expect(table).toMatch(/upper bounds of NAT gateway and transit gateway data processing/);
  });

  it('prints nothing about cost when the estimate did not run', () => {
    // Prepare
    const report = reportOf([finding()]);

    // Act
    const table = formatTable(report);

    // Assess
    expect(summaryLine(report)).not.toMatch(/NAT (data processing|cost)/);
    expect(table).not.toMatch(/upper bound/);
  });
});
