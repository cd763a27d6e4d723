/** The remediation plan the tests read: a snapshot analysed at a fixed time, then planned. */
import { analyzeSnapshot } from '../../src/analysis/analyze';
import { planRemediation, type PlanOptions } from '../../src/remediation/plan';
import type { RemediationPlan } from '../../src/remediation/plan-types';
import type { Snapshot } from '../../src/snapshot/schema';

/** The plan for `snapshot`'s report (generated at `now`) with `options`. */
export function planOf(snapshot: Snapshot, options: PlanOptions = {}): RemediationPlan {
  return planRemediation(analyzeSnapshot(snapshot, { generatedAt: 'now' }), snapshot, options);
}
