/** The changes between two reports as a table (terminal), JSON or markdown. */
import type { Finding, ResolvedFinding } from '../types';
import type { ReportDiff } from './diff';

/** The formats of `vpce-auditor diff`. */
export const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;
/** One of {@link DIFF_FORMATS}. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function usd(finding: Finding): string {
  return finding.estimatedMonthlyUsd !== undefined
    ? `$${finding.estimatedMonthlyUsd.toFixed(2)}`
    : '-';
}

function findingRow(finding: Finding): string[] {
  return [
    finding.severity.toUpperCase(),
    finding.accountId,
    finding.region,
    finding.vpcId,
    finding.routeTableId,
    finding.service,
    finding.path,
    finding.targets.join(',') || '-',
    String(finding.subnetIds.length),
    usd(finding),
    finding.firstSeen ?? '-',
  ];
}

function resolvedRow(resolved: ResolvedFinding): string[] {
  return [
    resolved.why + (resolved.pathNow ? ` (now ${resolved.pathNow})` : ''),
    resolved.accountId,
    resolved.region,
    resolved.vpcId,
    resolved.routeTableId,
    resolved.service,
    resolved.path,
    resolved.targets.join(',') || '-',
    String(resolved.subnetIds.length),
    usd(resolved),
    resolved.firstSeen ?? '-',
  ];
}

const FINDING_HEADER = [
  'SEVERITY',
  'ACCOUNT',
  'REGION',
  'VPC',
  'ROUTE TABLE',
  'SERVICE',
  'PATH',
  'TARGETS',
  'SUBNETS',
  'USD/MONTH',
  'FIRST SEEN',
];
const RESOLVED_HEADER = ['WHY', ...FINDING_HEADER.slice(1)];
RESOLVED_HEADER[6] = 'WAS';

function aligned(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths?.[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function sections(diff: ReportDiff): { title: string; header: string[]; rows: string[][] }[] {
  return [
    { title: 'New leaks', header: FINDING_HEADER, rows: diff.new.map(findingRow) },
    { title: 'Resolved', header: RESOLVED_HEADER, rows: diff.resolved.map(resolvedRow) },
    { title: 'Persisting', header: FINDING_HEADER, rows: diff.persisting.map(findingRow) },
    {
      title: 'Not re-checked (the newer run failed there or did not audit it)',
      header: FINDING_HEADER,
      rows: diff.carried.map(findingRow),
    },
  ];
}

function formatTable(diff: ReportDiff): string {
  const lines = [
    `vpce-auditor diff: ${diff.from.generatedAt} -> ${diff.to.generatedAt}`,
    diff.headline,
  ];
  for (const section of sections(diff)) {
    if (section.rows.length === 0) continue;
    lines.push('', `${section.title} (${section.rows.length}):`);
    lines.push(...aligned([section.header, ...section.rows]).map((line) => `  ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function formatMarkdown(diff: ReportDiff): string {
  const lines = [
    `## vpce-auditor: changes from ${diff.from.generatedAt} to ${diff.to.generatedAt}`,
    '',
    `**${diff.headline}**`,
  ];
  for (const section of sections(diff)) {
    if (section.rows.length === 0) continue;
    lines.push('', `### ${section.title} (${section.rows.length})`, '');
    lines.push(`| ${section.header.join(' | ')} |`);
    lines.push(`| ${section.header.map(() => '---').join(' | ')} |`);
    for (const row of section.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Renders the changes in the given format. */
export function formatDiff(diff: ReportDiff, format: DiffFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(diff, null, 2)}\n`;
    case 'markdown':
      return formatMarkdown(diff);
    case 'table':
      return formatTable(diff);
  }
}
