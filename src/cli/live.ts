/**
 * Everything the CLI needs that talks to AWS (and so loads the AWS SDK). The offline commands
 * (`audit --snapshot`, `remediate --snapshot`, `diff`) never load this module: it is reached only
 * through {@link loadLive} in ./live-seam, and the CLI build puts it (with the SDK) in a file of its
 * own that only the live commands read.
 */
export { defaultAccountAccess } from '../accounts/account-access';
export { clientTimeouts } from '../aws-client-settings';
export { auditAccounts } from '../accounts/audit-accounts';
export { selectAccounts } from '../accounts/select-accounts';
export { auditLive } from '../audit-live';
export { defaultClientFactory } from '../collect/client-factory';
export { collectAccount } from '../collect/collect-account';
export { withCostEstimate } from '../cost/cost-options';
export { readInputs } from '../cost/cost-options';
export { remediateLive } from '../remediation/remediate-live';
export { refuseExemptAccount } from '../accounts/exempt-account';
export { callerAccountId, enabledRegions } from '../collect/account';
export { findLeftovers, removeLeftovers } from '../cost/measure-leftovers';
export { measureCandidates, measureInputsOf } from '../cost/measure-candidates';
export { planMeasurement } from '../cost/measure-plan';
export { runMeasurement } from '../cost/measure-run';
