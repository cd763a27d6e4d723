/** The terminal rendering of a remediation plan and of its results. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import * as label from './plan-labels';
import { fitColumns, type ColumnSpec } from './fit-columns';
import { oneLine, pad, textWidth, wrap } from './text-width';

const SKIPPED_COLUMNS: ColumnSpec[] = [
  { header: '' },
  { header: '', min: 12, shrink: 1 },
  { header: '', min: 12, shrink: 1 },
  { header: '' },
  { header: '', min: 8, shrink: 2 },
];

const CHANGE_COLUMNS: ColumnSpec[] = [
  { header: 'REGION' },
  { header: 'VPC', min: 12, shrink: 1 },
  { header: 'SERVICE' },
  { header: 'ACTION', min: 12, shrink: 2 },
  { header: 'ROUTE TABLES', min: 12, shrink: 2 },
  { header: 'SUBNETS' },
  { header: 'REPLACES', min: 8, shrink: 3 },
  { header: 'SAVING/MONTH' },
  { header: 'ENDPOINT POLICY', min: 15, shrink: 3 },
];

const RESULT_COLUMNS: ColumnSpec[] = [
  { header: 'STATUS' },
  { header: 'REGION' },
  { header: 'VPC', min: 12, shrink: 1 },
  { header: 'SERVICE' },
  { header: 'ACTION', min: 10, shrink: 2 },
  { header: 'ROUTE TABLES', min: 12, shrink: 2 },
];

/** How far a note that does not fit beside its row is indented on the lines below it. */
const NOTE_INDENT = '      ';

/**
 * A table whose rows each end with a note (a reason, a detail: prose that must not be cut): the
 * note follows its row when the line fits `width`, else it is word-wrapped on the lines below.
 */
function withNotes(
  columns: readonly ColumnSpec[],
  rows: readonly (readonly string[])[],
  notes: readonly string[],
  width: number,
  noteHeader?: string,
): string[] {
  const lines = fitColumns(columns, rows, width, '  ');
  const start = Math.max(...lines.map(textWidth));
  const beside = (line: string, note: string) => `${pad(line, start)}  ${note}`.trimEnd();
  const fits = notes.every((note) => start + 2 + textWidth(note) <= width);
  const [header = '', ...body] = lines;
  const noted = body.flatMap((line, i) => {
    const note = notes[i] ?? '';
    if (fits || note === '') return [fits ? beside(line, note) : line];
    return [line, ...wrap(note, width - NOTE_INDENT.length).map((l) => NOTE_INDENT + l)];
  });
  return [fits && noteHeader !== undefined ? beside(header, noteHeader) : header, ...noted];
}

/** Lines that fit `width`: a longer one (prose: a warning, a reason) is word-wrapped. */
function fitted(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => (textWidth(line) <= width ? [line] : wrap(line, width, '  ')));
}

function skippedLines(plan: RemediationPlan, width: number): string[] {
  if (plan.skipped.length === 0) return [];
  const rows = plan.skipped.map((s) => [s.region, s.vpcId, s.routeTableId, s.service, s.kind]);
  // No header row: the cells say what they are.
  const [, ...lines] = withNotes(
    SKIPPED_COLUMNS,
    rows,
    plan.skipped.map((s) => s.reason),
    width,
  );
  return [`Left alone (${plan.skipped.length}):`, ...lines, ''];
}

/**
 * Renders the plan as a table within `width` columns (default: as wide as it is); `applying` says
 * whether `--apply` was given.
 */
export function formatPlanTable(
  plan: RemediationPlan,
  applying = false,
  width = Number.POSITIVE_INFINITY,
): string {
  const lines = [
    `vpce-auditor remediation plan for account ${plan.accountId}${applying ? '' : ' (dry run: nothing is changed without --apply)'}`,
    `Scope: ${label.scopeLine(plan)}`,
    '',
  ];
  if (plan.actions.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    const rows = plan.actions.map((a) => [
      a.region,
      a.vpcId,
      a.service,
      label.actionText(a),
      a.routeTableIds.join(','),
      String(a.subnetIds.length),
      a.paths.join(','),
      label.savingText(a),
      label.policyText(a),
    ]);
    lines.push(
      `Changes (${plan.actions.length}):`,
      ...fitColumns(CHANGE_COLUMNS, rows, width, '  '),
      '',
    );
  }
  const iac = label.iacManagedLines(plan);
  if (iac.length > 0)
    lines.push(`IaC-managed (${iac.length}):`, ...iac.map((l) => `  ${oneLine(l)}`), '');
  lines.push(...skippedLines(plan, width));
  for (const region of plan.notPlanned ?? []) {
    lines.push(`NOT PLANNED: ${region.region}: ${region.reason}`);
  }
  for (const warning of plan.warnings ?? []) lines.push(`WARNING: ${warning}`);
  if (plan.overCap) lines.push(`OVER CAP: ${plan.overCapReason ?? ''}`);
  lines.push(`Summary: ${label.planSummaryLine(plan)}`);
  return `${fitted(lines, width).join('\n')}\n`;
}

/** Renders the results of `--apply` as a table within `width` columns. */
export function formatResultTable(
  plan: RemediationPlan,
  result: RemediationResult,
  width = Number.POSITIVE_INFINITY,
): string {
  const lines = [`vpce-auditor remediation results for account ${result.accountId}`, ''];
  if (result.overCap) {
    lines.push(`OVER CAP, nothing changed: ${result.overCapReason ?? ''}`, '');
  }
  if (result.results.length === 0) {
    lines.push('Nothing to do.', '');
  } else {
    const rows = result.results.map((r) => [
      r.status.toUpperCase(),
      r.region,
      r.vpcId,
      r.service,
      label.resultActionText(r),
      r.routeTableIds.join(','),
    ]);
    lines.push(
      `Actions (${result.results.length}):`,
      ...withNotes(
        RESULT_COLUMNS,
        rows,
        result.results.map((r) => r.reason ?? ''),
        width,
        'DETAIL',
      ),
      '',
    );
  }
  lines.push(...skippedLines(plan, width));
  if (result.errors.length > 0) {
    lines.push(`Region errors (${result.errors.length}):`);
    for (const e of result.errors)
      lines.push(`  ${e.region} ${e.operation} ${e.code}: ${e.message}`);
    lines.push('');
  }
  lines.push(`Summary: ${label.resultSummaryLine(result)}`);
  return `${fitted(lines, width).join('\n')}\n`;
}
