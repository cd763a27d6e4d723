/** Shared wording of the remediation plan and results (table, markdown, SNS text). */
import { formatUsd } from './labels';
import type { RemediationAction, RemediationPlan } from '../remediation/plan-types';
import type { ActionResult, RemediationResult } from '../remediation/result-types';

/** What an action does, in words: `create gateway endpoint` / `attach to vpce-…`. */
export function actionText(
  action: Pick<RemediationAction, 'kind'> & { endpointId?: string },
): string {
  return action.kind === 'create-endpoint'
    ? 'create gateway endpoint'
    : `attach to ${action.endpointId ?? 'endpoint'}`;
}

/** What a result did: the action, with the endpoint it created. */
export function resultActionText(result: ActionResult): string {
  if (result.kind === 'create-endpoint') {
    return result.endpointId
      ? `create gateway endpoint (${result.endpointId})`
      : 'create gateway endpoint';
  }
  return actionText(result);
}

/** The plan's scope as one line. */
export function scopeLine(plan: RemediationPlan): string {
  const { scope } = plan;
  return [
    `regions ${scope.regions.join(', ') || 'none'}`,
    ...(scope.vpcIds ? [`VPCs ${scope.vpcIds.join(', ')}`] : []),
    `services ${scope.services.join(', ')}`,
    `paths ${scope.includePaths.join(', ')}`,
    `cap ${scope.maxChanges} change(s)`,
    `policy ${scope.customPolicy ? 'custom' : 'full access (AWS default)'}`,
  ].join('; ');
}

/** The plan's counts as one line. */
export function planSummaryLine(plan: RemediationPlan): string {
  const { summary } = plan;
  const saving =
    summary.estimatedMonthlySavingsUsd !== undefined
      ? `; saves up to ${formatUsd(summary.estimatedMonthlySavingsUsd)}/month of data processing`
      : '';
  return `${summary.actions} change(s): ${summary.endpointsToCreate} endpoint(s) to create, ${summary.routeTablesToAttach} route table(s) to put on an endpoint; ${summary.skipped} finding(s) left alone${saving}`;
}

/** An action's estimated monthly saving: `$135.00`, or `-` when the report was not priced. */
export function savingText(action: { estimatedMonthlyUsd?: number }): string {
  return action.estimatedMonthlyUsd !== undefined ? formatUsd(action.estimatedMonthlyUsd) : '-';
}

/** The results' counts as one line. */
export function resultSummaryLine(result: RemediationResult): string {
  const c = result.counts;
  const errors = result.errors.length > 0 ? `; ${result.errors.length} region error(s)` : '';
  return `${c.endpointsCreated} endpoint(s) created, ${c.routeTablesAttached} route table(s) attached; ${c.verified} verified, ${c.applied} applied (not verified), ${c.failed} failed, ${c.skipped} skipped${errors}`;
}

/** The policy of an action's target endpoint, short: `full access`, or where it comes from and what it allows. */
export function policyText(action: RemediationAction): string {
  const policy = action.endpointPolicy;
  if (!policy) return '';
  if (policy.fullAccess)
    return policy.source === 'configured' ? 'configured: full access' : 'full access';
  return `${policy.source}: ${policy.allows}`;
}
