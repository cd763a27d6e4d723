/** The terminal rendering of a remediation plan and of its results. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import * as label from './plan-labels';
import { renderColumns } from './table';
import { oneLine } from './text-width';

function skippedLines(plan: RemediationPlan): string[] {
  if (plan.skipped.length === 0) return [];
  const rows = plan.skipped.map((s) => [
    s.region,
    s.vpcId,
    s.routeTableId,
    s.service,
    s.kind,
    s.reason,
  ]);
  return [`Left alone (${plan.skipped.length}):`, ...renderColumns(rows, '  '), ''];
}

/** Renders the plan as a table; `applying` says whether `--apply` was given. */
export function formatPlanTable(plan: RemediationPlan, applying = false): string {
  const lines = [
    `vpce-auditor remediation plan for account ${plan.accountId}${applying ? '' : ' (dry run: nothing is changed without --apply)'}`,
    `Scope: ${label.scopeLine(plan)}`,
    '',
  ];
  if (plan.actions.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    const rows = [
      [
        'REGION',
        'VPC',
        'SERVICE',
        'ACTION',
        'ROUTE TABLES',
        'SUBNETS',
        'REPLACES',
        'SAVING/MONTH',
        'ENDPOINT POLICY',
      ],
      ...plan.actions.map((a) => [
        a.region,
        a.vpcId,
        a.service,
        label.actionText(a),
        a.routeTableIds.join(','),
        String(a.subnetIds.length),
        a.paths.join(','),
        label.savingText(a),
        label.policyText(a),
      ]),
    ];
    lines.push(`Changes (${plan.actions.length}):`, ...renderColumns(rows, '  '), '');
  }
  const iac = label.iacManagedLines(plan);
  if (iac.length > 0)
    lines.push(`IaC-managed (${iac.length}):`, ...iac.map((l) => `  ${oneLine(l)}`), '');
  lines.push(...skippedLines(plan));
  for (const region of plan.notPlanned ?? []) {
    lines.push(`NOT PLANNED: ${region.region}: ${region.reason}`);
  }
  for (const warning of plan.warnings ?? []) lines.push(`WARNING: ${warning}`);
  if (plan.overCap) lines.push(`OVER CAP: ${plan.overCapReason ?? ''}`);
  lines.push(`Summary: ${label.planSummaryLine(plan)}`);
  return `${lines.join('\n')}\n`;
}

/** Renders the results of `--apply` as a table. */
export function formatResultTable(plan: RemediationPlan, result: RemediationResult): string {
  const lines = [`vpce-auditor remediation results for account ${result.accountId}`, ''];
  if (result.overCap) {
    lines.push(`OVER CAP, nothing changed: ${result.overCapReason ?? ''}`, '');
  }
  if (result.results.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    const rows = [
      ['STATUS', 'REGION', 'VPC', 'SERVICE', 'ACTION', 'ROUTE TABLES', 'DETAIL'],
      ...result.results.map((r) => [
        r.status.toUpperCase(),
        r.region,
        r.vpcId,
        r.service,
        label.resultActionText(r),
        r.routeTableIds.join(','),
        r.reason ?? '',
      ]),
    ];
    lines.push(`Actions (${result.results.length}):`, ...renderColumns(rows, '  '), '');
  }
  lines.push(...skippedLines(plan));
  if (result.errors.length > 0) {
    lines.push(`Region errors (${result.errors.length}):`);
    for (const e of result.errors)
      lines.push(`  ${e.region} ${e.operation} ${e.code}: ${e.message}`);
    lines.push('');
  }
  lines.push(`Summary: ${label.resultSummaryLine(result)}`);
  return `${lines.join('\n')}\n`;
}
