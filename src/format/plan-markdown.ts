/** Markdown renderings of a remediation plan and of its results, for a ticket or pull request. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import {
  savingText,
  actionText,
  iacManagedLines,
  policyText,
  planSummaryLine,
  resultActionText,
  resultSummaryLine,
  scopeLine,
} from './plan-labels';
import { codeDetails, cell as safeCell } from './markdown';
import { cloudFormationSnippet } from './plan-cloudformation';
import { terraformBlocks } from './plan-terraform';

import { markdownText as cell } from './safe-text';

function skippedSection(plan: RemediationPlan): string[] {
  if (plan.skipped.length === 0) return [];
  return [
    `### Left alone (${plan.skipped.length})`,
    '',
    '| Region | VPC | Route table | Service | Why | Detail |',
    '| --- | --- | --- | --- | --- | --- |',
    ...plan.skipped.map(
      (s) =>
        `| ${s.region} | \`${s.vpcId}\` | \`${s.routeTableId}\` | ${s.service} | ${s.kind} | ${cell(s.reason)} |`,
    ),
    '',
  ];
}

/** Renders the plan as GitHub-flavoured markdown. */
export function formatPlanMarkdown(plan: RemediationPlan, applying = false): string {
  const lines = [
    `## vpce-auditor remediation plan: account ${plan.accountId}`,
    '',
    applying ? '' : '_Dry run: nothing is changed without `--apply`._',
    '',
    `Scope: ${scopeLine(plan)}.`,
    '',
  ];
  if (plan.overCap) lines.push(`> **Over the cap:** ${plan.overCapReason ?? ''}`, '');
  if (plan.actions.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    lines.push(
      `### Changes (${plan.actions.length})`,
      '',
      '| Region | VPC | Service | Action | Route tables | Subnets | Replaces | Saving/month | Endpoint policy |',
      '| --- | --- | --- | --- | --- | ---: | --- | ---: | --- |',
      ...plan.actions.map(
        (a) =>
          `| ${a.region} | \`${a.vpcId}\` | ${a.service} | ${actionText(a)} | ${a.routeTableIds.map((id) => `\`${id}\``).join(', ')} | ${a.subnetIds.length} | ${a.paths.join(', ')} | ${savingText(a)} | ${cell(policyText(a))} |`,
      ),
      '',
    );
  }
  if (plan.actions.length > 0) {
    lines.push(
      `### As code (${plan.actions.length})`,
      '',
      ...plan.actions.flatMap((action) =>
        codeDetails(`${action.id}: Terraform and CloudFormation`, [
          ['hcl', `${terraformBlocks(action).join('\n')}\n`],
          ['yaml', `${cloudFormationSnippet(action).join('\n')}\n`],
        ]),
      ),
    );
  }
  const iac = iacManagedLines(plan);
  if (iac.length > 0) {
    lines.push(`### IaC-managed (${iac.length})`, '', ...iac.map((l) => `- ${safeCell(l)}`), '');
  }
  lines.push(...skippedSection(plan));
  for (const region of plan.notPlanned ?? []) {
    lines.push(`> **Not planned:** ${region.region}: ${cell(region.reason)}`, '');
  }
  for (const warning of plan.warnings ?? []) lines.push(`> **Warning:** ${warning}`, '');
  lines.push(`**${planSummaryLine(plan)}**`);
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

/** Renders the results of `--apply` as GitHub-flavoured markdown. */
export function formatResultMarkdown(plan: RemediationPlan, result: RemediationResult): string {
  const lines = [`## vpce-auditor remediation results: account ${result.accountId}`, ''];
  if (result.overCap)
    lines.push(`> **Over the cap, nothing changed:** ${result.overCapReason ?? ''}`, '');
  if (result.results.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    lines.push(
      '| Status | Region | VPC | Service | Action | Route tables | Detail |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...result.results.map(
        (r) =>
          `| **${r.status}** | ${r.region} | \`${r.vpcId}\` | ${r.service} | ${cell(resultActionText(r))} | ${r.routeTableIds.map((id) => `\`${id}\``).join(', ')} | ${cell(r.reason ?? '')} |`,
      ),
      '',
    );
  }
  lines.push(...skippedSection(plan));
  if (result.errors.length > 0) {
    lines.push(`### Region errors (${result.errors.length})`, '');
    for (const e of result.errors)
      lines.push(`- **${e.region}** ${e.operation} \`${e.code}\`: ${cell(e.message)}`);
    lines.push('');
  }
  lines.push(`**${resultSummaryLine(result)}**`);
  return `${lines.join('\n')}\n`;
}
