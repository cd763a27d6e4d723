/**
 * Remediation's public surface, for the CLI and the Lambda handlers: plan (pure), apply, verify, and
 * the whole live run.
 */
export { planRemediation, type PlanOptions } from './plan';
export * from './plan-types';
export { clientTokenOf } from './plan-client-token';
export {
  applyPlan,
  createRequestOf,
  MANAGED_BY_TAG,
  FINDING_TAG_KEY,
  type ApplyOptions,
} from './apply';
export { verifyResult, type Recollect, type VerifyOptions } from './verify';
export {
  countResults,
  isSuccessful,
  type ActionResult,
  type ActionStatus,
  type RemediationCounts,
  type RemediationResult,
} from './result-types';
export { loadEndpointPolicy, parseEndpointPolicy } from './endpoint-policy';
export { defaultPacing, type Pacing } from './pacing';
export { silentLogger, type RemediationLogger } from './logger';
export {
  applyAndVerify,
  recollectWith,
  remediateLive,
  type ApplySettings,
  type LiveRemediationOptions,
  type LiveRemediationOutcome,
} from './remediate-live';
