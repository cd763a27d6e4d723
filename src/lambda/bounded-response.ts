/**
 * The remediate function's answer kept far under Lambda's 6 MB response limit: the plan's actions
 * and skipped findings and the results are cut to their first {@link RESPONSE_ITEMS} (failed
 * results first), with the counts of what was left out; the whole plan and results go to the report
 * bucket when there is one.
 */
import type { RemediationPlan } from '../remediation/plan-types';
import type { ActionResult, RemediationResult } from '../remediation/result-types';

/** Items of each list kept in a response (the plan's summary and the counts cover them all). */
export const RESPONSE_ITEMS = 50;

/** What a bounded response left out. */
export interface ResponseTruncation {
  actionsOmitted: number;
  skippedOmitted: number;
  resultsOmitted: number;
  note: string;
}

/** The plan and results as a response carries them, and what was left out (if anything). */
export interface BoundedRemediation {
  plan: RemediationPlan;
  result?: RemediationResult;
  truncated?: ResponseTruncation;
}

const FAILED_FIRST: Record<ActionResult['status'], number> = {
  failed: 0,
  applied: 2,
  verified: 3,
  skipped: 4,
};

/**
 * Cuts the plan's lists and the results to `limit` items each; `fullObject` (an `s3://` URI) is
 * named in the note when the whole of them was stored.
 */
export function boundRemediation(
  plan: RemediationPlan,
  result: RemediationResult | undefined,
  { fullObject, limit = RESPONSE_ITEMS }: { fullObject?: string | undefined; limit?: number } = {},
): BoundedRemediation {
  const actionsOmitted = Math.max(0, plan.actions.length - limit);
  const skippedOmitted = Math.max(0, plan.skipped.length - limit);
  const resultsOmitted = Math.max(0, (result?.results.length ?? 0) - limit);
  if (actionsOmitted + skippedOmitted + resultsOmitted === 0) {
    return { plan, ...(result ? { result } : {}) };
  }
  const keptResults = result
    ? new Set(
        [...result.results]
          .sort((a, b) => FAILED_FIRST[a.status] - FAILED_FIRST[b.status])
          .slice(0, limit),
      )
    : undefined;
  return {
    plan: { ...plan, actions: plan.actions.slice(0, limit), skipped: plan.skipped.slice(0, limit) },
    ...(result
      ? { result: { ...result, results: result.results.filter((r) => keptResults?.has(r)) } }
      : {}),
    truncated: {
      actionsOmitted,
      skippedOmitted,
      resultsOmitted,
      note:
        `The response lists at most ${limit} actions, skipped findings and results (failed results first); ` +
        `${actionsOmitted} action(s), ${skippedOmitted} skipped finding(s) and ${resultsOmitted} result(s) were left out ` +
        `(the plan's summary and the result's counts cover them all). ` +
        (fullObject
          ? `The whole plan and results: ${fullObject}.`
          : 'Set REPORT_BUCKET to keep the whole plan and results.'),
    },
  };
}
