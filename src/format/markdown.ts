/**
 * Markdown for a ticket or pull request. It opens with the totals and the VPCs to fix first, then
 * the findings in the JSON report's order, their fixes as code (collapsible), a Mermaid diagram per
 * leaking VPC, the leaking subnets
 * (every subnet with `allSubnets`), the region errors and the notes.
 */
import { SERVICES, type Report } from '../types';
import { reportChanges } from '../history/diff';
import { accountRollupMarkdown } from './account-rollup';
import { changeMarkdownLines } from './diff-report';
import { serviceFamilyText, sharedSubnetMark, verdictText } from './labels';
import { mermaidFlowchart } from './mermaid';
import * as text from './report-text';
import { reportFixes } from './report-fixes';
import { markdownText } from './safe-text';
import { oneLine } from './text-width';
import { vpcGraph } from './vpc-graph';

/** Text safe in a table cell or a line: no line breaks, nothing markdown would interpret. */
export const cell = markdownText;

function code(text: string): string {
  return `\`${oneLine(text).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * A collapsible block (`<details>`) holding code blocks, each `[language, text]`: a long snippet stays
 * out of the way until the reader opens it. `summary` is made safe here.
 */
export function codeDetails(
  summary: string,
  blocks: readonly (readonly [string, string])[],
): string[] {
  return [
    `<details><summary>${cell(summary)}</summary>`,
    '',
    ...blocks.flatMap(([language, text]) => {
      const fence = fenceFor(text);
      return [`${fence}${language}`, text.replace(/\n$/, ''), fence, ''];
    }),
    '</details>',
    '',
  ];
}

/** The report's fixes as code, one collapsible block per VPC and service. */
function fixesSection(report: Report): string[] {
  const fixes = reportFixes(report);
  if (fixes.length === 0) return [];
  return [
    `### Fixes as code (${fixes.length})`,
    '',
    'Terraform and CloudFormation of the gateway endpoints that fix the findings. The report does not know who owns a resource: `vpce-auditor remediate --format terraform` or `--format cloudformation` writes the plan with its owners.',
    '',
    ...fixes.flatMap((fix) =>
      codeDetails(`${fix.action.id} (${fix.accountId}): ${fix.action.routeTableIds.join(', ')}`, [
        ['hcl', fix.terraform],
        ['yaml', fix.cloudFormation],
      ]),
    ),
  ];
}

/** The comparison with the baseline (`--baseline`), when the report has one. */
function changesSection(report: Report): string[] {
  const changes = reportChanges(report);
  if (!changes) return [];
  return [
    `### Changes since ${cell(changes.from.generatedAt || 'no earlier report')}`,
    '',
    `**${cell(changes.headline)}** (persisting leaks are under Findings)`,
    ...changeMarkdownLines(changes, '####', { withoutPersisting: true }),
    '',
  ];
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
    ...changesSection(report),
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
  lines.push(...fixesSection(report));
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
          `| ${code(s.subnetId)}${cell(sharedSubnetMark(s))}${s.exempt ? ' (exempt)' : ''} | ${cell(s.name ?? '')} | ${code(s.vpcId)} | ${cell(s.region)} | ${s.routeTableId ? code(s.routeTableId) : '(none)'}${s.routeTableName !== undefined ? ` ${cell(s.routeTableName)}` : ''} | ${services.map((service) => cell(verdictText(s.services[service], s.stack))).join(' | ')} |`,
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
