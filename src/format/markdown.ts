/**
 * Markdown for a ticket or pull request. It opens with the totals and the VPCs to fix first, then
 * the findings in the JSON report's order, a Mermaid diagram per leaking VPC, the leaking subnets
 * (every subnet with `allSubnets`), the region errors and the notes.
 */
import { SERVICES, type Report } from '../types';
import { accountRollupMarkdown } from './account-rollup';
import { serviceFamilyText, verdictText } from './labels';
import { mermaidFlowchart } from './mermaid';
import * as text from './report-text';
import { markdownText } from './safe-text';
import { oneLine } from './text-width';
import { vpcGraph } from './vpc-graph';

/** Text safe in a table cell or a line: no line breaks, nothing markdown would interpret. */
export const cell = markdownText;

function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** Renders the report as GitHub-flavoured markdown. */
export function formatMarkdown(report: Report, options: { allSubnets?: boolean } = {}): string {
  const rows = text.totals(report);
  const lines: string[] = [
    `## vpce-auditor: account ${cell(report.accountId)}`,
    '',
    `Generated ${cell(report.generatedAt)}; regions: ${cell(report.regions.join(', ') || 'none')}.`,
    '',
    `| ${rows.map(([label]) => label).join(' | ')} |`,
    `| ${rows.map(() => '---').join(' | ')} |`,
    `| ${rows.map(([, value]) => cell(value)).join(' | ')} |`,
    '',
    `Leaking subnets by worst path (each subnet once): ${text.worstPathText(report)}.`,
    '',
  ];
  const vpcs = report.vpcs ?? [];
  if (vpcs.length === 0) {
    lines.push('No leaks found.', '');
  } else {
    lines.push(
      `### VPCs to fix first (${vpcs.length}, by $/month then severity)`,
      '',
      '| # | VPC | Name | Account | Region | Leaking subnets | Worst path | $/month | Action |',
      '| ---: | --- | --- | --- | --- | ---: | --- | ---: | --- |',
      ...vpcs.map(
        (v, i) =>
          `| ${i + 1} | ${code(v.vpcId)} | ${cell(v.name ?? '')} | ${cell(v.accountId)} | ${cell(v.region)} | ${v.leakingSubnets} of ${v.subnets} | ${v.worstPath} | ${text.vpcCostText(v)} | ${cell(v.remediation)} |`,
      ),
      '',
    );
  }
  lines.push(...accountRollupMarkdown(report));
  if (report.findings.length > 0) {
    lines.push(
      `### Findings (${report.findings.length}, one per route table and service, in the JSON report's order)`,
      '',
      '| Severity | Region | VPC | Route table | Name | Service | Path | Targets | Subnets | $/month | Remediation | Reason |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | ---: | ---: | --- | --- |',
    );
    for (const f of report.findings) {
      const ambiguous = text.isAmbiguousFinding(f, report);
      const reason = [
        f.reason,
        ...text.shareNotes(f),
        ...(ambiguous ? [text.AMBIGUOUS_NOTE] : []),
      ].join('; ');
      lines.push(
        `| ${f.exempt ? 'exempt' : f.severity} | ${cell(f.region)} | ${code(f.vpcId)} | ${code(f.routeTableId)} | ${cell(f.name ?? '')} | ${cell(serviceFamilyText(f))} | ${cell(f.path)}${ambiguous ? ' (ambiguous)' : ''} | ${cell(f.targets.join(', '))} | ${f.subnetIds.length} | ${text.findingCostText(f)} | ${f.remediation} | ${cell(reason)} |`,
      );
    }
    lines.push('');
  }
  if (vpcs.length > 0) {
    lines.push(
      '### Diagrams of the leaking VPCs',
      '',
      'Subnets → route tables → targets; leaking edges in red.',
      '',
    );
    for (const vpc of vpcs) {
      lines.push(
        `#### ${cell(text.vpcLabel(vpc))} · ${cell(vpc.accountId)} · ${cell(vpc.region)}`,
        '',
        '```mermaid',
        ...mermaidFlowchart(vpcGraph(report, vpc)),
        '```',
        '',
      );
    }
  }
  const listed = text.listedSubnets(report, options.allSubnets === true);
  const services = SERVICES.filter((s) => report.subnets.some((subnet) => subnet.services[s]));
  lines.push(
    options.allSubnets === true
      ? `### Subnets (all ${report.subnets.length})`
      : `### Leaking subnets (${listed.length} of ${report.subnets.length}; \`--all-subnets\` lists every subnet)`,
    '',
  );
  if (listed.length > 0) {
    lines.push(
      `| Subnet | Name | VPC | Region | Route table | ${services.map((s) => s).join(' | ')} |`,
      `| --- | --- | --- | --- | --- | ${services.map(() => '---').join(' | ')} |`,
      ...listed.map(
        (s) =>
          `| ${code(s.subnetId)}${s.exempt ? ' (exempt)' : ''} | ${cell(s.name ?? '')} | ${code(s.vpcId)} | ${cell(s.region)} | ${s.routeTableId ? code(s.routeTableId) : '(none)'}${s.routeTableName !== undefined ? ` ${cell(s.routeTableName)}` : ''} | ${services.map((service) => cell(verdictText(s.services[service], s.stack))).join(' | ')} |`,
      ),
      '',
    );
  } else {
    lines.push('None.', '');
  }
  if (report.errors.length > 0) {
    lines.push(`### Region errors (${report.errors.length}; not counted as audited)`, '');
    for (const e of report.errors)
      lines.push(
        `- **${cell(e.accountId ?? report.accountId)} ${cell(e.region)}** ${cell(e.operation)} ${cell(e.code)}: ${cell(e.message)}`,
      );
    lines.push('');
  }
  const notes = [...text.explanationNotes(report), text.pathPairsNote(report)];
  lines.push('### Notes', '', ...notes.map((note) => `- ${cell(note)}`));
  return `${lines.join('\n')}\n`;
}
