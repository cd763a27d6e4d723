/** The remediation output of the CLI in each format: the plan alone, or the plan and its results. */
import type { RemediationPlan } from '../remediation/plan-types';
import type { RemediationResult } from '../remediation/result-types';
import type { PlanFormat } from './index';
import { formatPlanMarkdown, formatResultMarkdown } from './plan-markdown';
import { formatPlanTable, formatResultTable } from './plan-table';
import { displaySafe, jsonSafe } from './safe-text';

/**
 * Renders a plan (dry run) or, when `result` is given, the results of applying it. JSON is
 * `{ "plan": … }` or `{ "plan": …, "result": … }`.
 */
export function formatRemediation(
  rawPlan: RemediationPlan,
  format: PlanFormat,
  rawResult?: RemediationResult,
): string {
  if (format === 'json') {
    const value = rawResult ? { plan: rawPlan, result: rawResult } : { plan: rawPlan };
    return `${jsonSafe(JSON.stringify(value, null, 2))}\n`;
  }
  // Reasons and messages quote AWS: one-line text at the boundary (./safe-text).
  const plan = displaySafe(rawPlan);
  const result = rawResult && displaySafe(rawResult);
  switch (format) {
    case 'markdown':
      return result ? formatResultMarkdown(plan, result) : formatPlanMarkdown(plan);
    case 'table':
      return result ? formatResultTable(plan, result) : formatPlanTable(plan);
  }
}
