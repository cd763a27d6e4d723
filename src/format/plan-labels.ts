/** Shared wording of the remediation plan and results (table, markdown, SNS text). */
import { formatUsd } from './labels';
import type {
  ActionCostStatus,
  RemediationAction,
  RemediationPlan,
} from '../remediation/plan-types';
import type { ActionResult, RemediationResult } from '../remediation/result-types';

/**
 * What an action does, in words: `create gateway endpoint` / `attach to vpce-…`, marked
 * `(iac-managed)` when it touches a resource that infrastructure as code owns.
 */
export function actionText(
  action: Pick<RemediationAction, 'kind'> & { endpointId?: string; iacManaged?: unknown },
): string {
  const text =
    action.kind === 'create-endpoint'
      ? 'create gateway endpoint'
      : `attach to ${action.endpointId ?? 'endpoint'}`;
  return action.iacManaged !== undefined ? `${text} (iac-managed)` : text;
}

/** The iac-managed actions of a plan, each as `<action id>: <who owns what, where to change it>`. */
export function iacManagedLines(plan: RemediationPlan): string[] {
  return plan.actions.flatMap((a) => (a.iacManaged ? [`${a.id}: ${a.iacManaged.reason}`] : []));
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
    ...(scope.iacTags ? [`IaC tags ${scope.iacTags.join(', ')}`] : []),
    ...(scope.allowDrift === true ? ['drift allowed'] : []),
  ].join('; ');
}

/** What the summary says of a saving it cannot price: the actions' words, or nothing. */
function unknownSavingText(plan: RemediationPlan): string {
  const words = [
    ...new Set(
      plan.actions
        .map((a) => a.costStatus)
        .filter((status) => status === 'no-data' || status === 'unknown' || status === 'shared')
        .map((status) => UNPRICED_SAVING[status ?? 'not-priced']),
    ),
  ];
  return words.length > 0 ? `; saving not known (${words.join(', ')})` : '';
}

/** The plan's counts as one line. */
export function planSummaryLine(plan: RemediationPlan): string {
  const { summary } = plan;
  const saving =
    summary.estimatedMonthlySavingsUsd !== undefined
      ? `; saves ${savingsText(summary.estimatedMonthlySavingsUsd, summary.measuredMonthlySavingsUsd)}`
      : unknownSavingText(plan);
  const iac =
    summary.iacManaged !== undefined
      ? `; ${summary.iacManaged} iac-managed (${plan.scope.allowDrift === true ? 'applied anyway: drift allowed' : 'left to their owner by --apply'})`
      : '';
  return `${summary.actions} change(s): ${summary.endpointsToCreate} endpoint(s) to create, ${summary.routeTablesToAttach} route table(s) to put on an endpoint${iac}; ${summary.skipped} finding(s) left alone${saving}`;
}

/**
 * A saving in words: `up to $135.00/month of data processing` (upper bounds only), `$40.00/month of
 * data processing, measured from flow logs`, or `$135.00/month of data processing ($40.00 measured
 * from flow logs, the rest upper bounds)`.
 */
function savingsText(total: number, measured: number | undefined): string {
  if (measured === undefined || measured <= 0)
    return `up to ${formatUsd(total)}/month of data processing`;
  if (measured >= total)
    return `${formatUsd(total)}/month of data processing, measured from flow logs`;
  return `${formatUsd(total)}/month of data processing (${formatUsd(measured)} measured from flow logs, the rest upper bounds)`;
}

const UNPRICED_SAVING: Record<ActionCostStatus, string> = {
  priced: '-',
  shared: 'shared',
  'no-data': 'no data',
  unknown: 'unknown',
  'not-priced': '-',
};

/**
 * An action's estimated monthly saving: `$135.00` (an upper bound), `$40.00 measured` (all measured
 * from flow logs), `$135.00 ($40.00 measured)`; without dollars the audit's word for its findings
 * (`shared`, `no data`, `unknown`), or `-` when the report was not priced or nothing is billed.
 */
export function savingText(action: {
  estimatedMonthlyUsd?: number;
  measuredMonthlyUsd?: number;
  costStatus?: ActionCostStatus;
}): string {
  const total = action.estimatedMonthlyUsd;
  if (total === undefined) return UNPRICED_SAVING[action.costStatus ?? 'not-priced'];
  const measured = action.measuredMonthlyUsd ?? 0;
  if (measured <= 0) return formatUsd(total);
  if (measured >= total) return `${formatUsd(total)} measured`;
  return `${formatUsd(total)} (${formatUsd(measured)} measured)`;
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
