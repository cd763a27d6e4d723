/** The remediation output of the CLI in each format: the plan alone, or the plan and its results. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import type { PlanFormat } from './index';
import { formatPlanMarkdown, formatResultMarkdown } from './plan-markdown';
import { formatPlanTable, formatResultTable } from './plan-table';

/**
 * Renders a plan (dry run) or, when `result` is given, the results of applying it. JSON is
 * `{ "plan": … }` or `{ "plan": …, "result": … }`.
 */
export function formatRemediation(
  plan: RemediationPlan,
  format: PlanFormat,
  result?: RemediationResult,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(result ? { plan, result } : { plan }, null, 2)}\n`;
    case 'markdown':
      return result ? formatResultMarkdown(plan, result) : formatPlanMarkdown(plan);
    case 'table':
      return result ? formatResultTable(plan, result) : formatPlanTable(plan);
  }
}
