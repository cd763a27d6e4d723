/** The remediation output of the CLI: one registry entry per `--format` of a plan. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import { formatPlanCloudFormation } from './plan-cloudformation';
import { formatPlanMarkdown, formatResultMarkdown } from './plan-markdown';
import { formatPlanTable, formatResultTable } from './plan-table';
import { formatPlanTerraform } from './plan-terraform';
import { formatNames, renderWith, renderedText, type FormatRegistry } from './registry';
import { displaySafe, jsonSafe } from './safe-text';

/** What a plan format renders: the plan alone (dry run), or the plan and the results of applying it. */
export interface PlanOutput {
  plan: RemediationPlan;
  result?: RemediationResult;
}

/** The options of the plan formats. */
export interface PlanFormatOptions {
  /** The table's width in columns (default: its natural width); other formats have none. */
  width?: number;
}

/**
 * The formats of a remediation plan. Reasons and messages quote AWS: each format makes them safe
 * (./safe-text).
 */
export const PLAN_FORMATS = {
  table: {
    summary: 'a table for the terminal',
    render: ({ plan, result }, { width = Number.POSITIVE_INFINITY }) =>
      result
        ? formatResultTable(displaySafe(plan), displaySafe(result), width)
        : formatPlanTable(displaySafe(plan), false, width),
  },
  json: {
    summary: '{ "plan": … } or { "plan": …, "result": … }',
    render: ({ plan, result }) =>
      `${jsonSafe(JSON.stringify(result ? { plan, result } : { plan }, null, 2))}\n`,
  },
  markdown: {
    summary: 'Markdown, for a change request',
    render: ({ plan, result }) =>
      result
        ? formatResultMarkdown(displaySafe(plan), displaySafe(result))
        : formatPlanMarkdown(displaySafe(plan)),
  },
  terraform: {
    summary: 'a Terraform file that makes the same changes (docs/remediation-as-code.md)',
    render: ({ plan }) => formatPlanTerraform(plan),
  },
  cloudformation: {
    summary: 'a CloudFormation template (YAML) of the new endpoints, for one region',
    render: ({ plan }) => formatPlanCloudFormation(plan),
  },
} satisfies FormatRegistry<PlanOutput, PlanFormatOptions>;

/** The formats that write the plan as code (they cannot follow `--apply`). */
export const CODE_PLAN_FORMATS: readonly PlanFormat[] = ['terraform', 'cloudformation'];

/** The names of {@link PLAN_FORMATS}: the `--format` choices of `remediate`. */
export const PLAN_FORMAT_NAMES = formatNames(PLAN_FORMATS);
/** One of {@link PLAN_FORMAT_NAMES}. */
export type PlanFormat = keyof typeof PLAN_FORMATS;

/**
 * Renders a plan (dry run) or, when `result` is given, the results of applying it; the table fits
 * `width` columns (default: as wide as its content).
 */
export function formatRemediation(
  plan: RemediationPlan,
  format: PlanFormat,
  result?: RemediationResult,
  width?: number,
): string {
  return renderedText(
    renderWith(
      PLAN_FORMATS,
      format,
      result ? { plan, result } : { plan },
      width !== undefined ? { width } : {},
    ),
  );
}
