/** Markdown for a ticket or pull request: summary, findings worst first, errors. */
import { PATHS, type Report } from '../types';
import { accountRollupMarkdown } from './account-rollup';
import { byPathText, findingsBySeverity, formatUsd, summaryLine } from './labels';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Renders the report as GitHub-flavoured markdown. */
export function formatMarkdown(report: Report): string {
  const lines: string[] = [
    `## vpce-auditor: account ${report.accountId}`,
    '',
    `Generated ${report.generatedAt}; regions: ${report.regions.join(', ') || 'none'}.`,
    '',
    ...accountRollupMarkdown(report),
    `**${summaryLine(report)}**`,
    '',
    `| Path | (subnet, service) pairs |`,
    `| --- | ---: |`,
  ];
  for (const path of PATHS) {
    const count = report.summary.byPath[path];
    if (count !== undefined) lines.push(`| ${path} | ${count} |`);
  }
  lines.push('');
  const findings = findingsBySeverity(report.findings);
  if (findings.length === 0) {
    lines.push('No leaks found.', '');
  } else {
    lines.push(
      `### Findings (${findings.length})`,
      '',
      '| Severity | Region | VPC | Route table | Service | Path | Targets | Subnets | Est. $/month | Remediation | Reason |',
      '| --- | --- | --- | --- | --- | --- | --- | ---: | ---: | --- | --- |',
    );
    for (const f of findings) {
      lines.push(
        `| ${f.exempt ? 'exempt' : f.severity} | ${f.region} | \`${f.vpcId}\` | \`${f.routeTableId}\` | ${f.service} | ${f.path} | ${cell(f.targets.join(', '))} | ${f.subnetIds.length} | ${f.estimatedMonthlyUsd !== undefined ? formatUsd(f.estimatedMonthlyUsd) : ''} | ${f.remediation} | ${cell(f.reason)} |`,
      );
    }
    lines.push('');
  }
  if (report.errors.length > 0) {
    lines.push(`### Region errors (${report.errors.length})`, '');
    for (const e of report.errors)
      lines.push(`- **${e.region}** ${e.operation} \`${e.code}\`: ${cell(e.message)}`);
    lines.push('');
  }
  lines.push(`Paths: ${byPathText(report)}.`);
  if (report.summary.estimatedMonthlyUsd !== undefined || report.summary.cost) {
    lines.push(
      '',
      '_Cost estimates are upper bounds of NAT gateway data processing: the gateways may carry other traffic, and their hourly charge remains._',
    );
  }
  return `${lines.join('\n')}\n`;
}
