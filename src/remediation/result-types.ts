/** The outcome of applying a plan: one result per action, region failures and the counts. */
import type { RegionError, ServiceName } from '../types';
import type { RemediationAction } from './plan-types';

/**
 * What happened to an action:
 * - `verified`: the change was made and a fresh audit shows the targeted route tables on the endpoint;
 * - `applied`: the change was made but not (yet) confirmed by a fresh audit (no verification ran,
 *   it could not run, or the endpoint is attached but a path still shows something else);
 * - `failed`: the call failed (AWS error code and message) or the fresh audit shows it did not take;
 * - `skipped`: nothing was called, and `reason` says why.
 */
export type ActionStatus = 'applied' | 'verified' | 'failed' | 'skipped';

/** The outcome of one action. */
export interface ActionResult {
  actionId: string;
  kind: RemediationAction['kind'];
  region: string;
  vpcId: string;
  service: ServiceName;
  /** The route tables the call put (or was to put) on the endpoint. */
  routeTableIds: string[];
  findingIds: string[];
  /** The endpoint attached to, or created. */
  endpointId?: string;
  status: ActionStatus;
  /** Why skipped, what failed, or what the verification saw. */
  reason?: string;
  /** The AWS error of a failed call. */
  error?: { code: string; message: string };
}

/** Counts of a run, for SNS and the `EndpointsCreated` / `RouteTablesAttached` metrics. */
export interface RemediationCounts {
  /** Gateway endpoints created (status applied or verified). */
  endpointsCreated: number;
  /**
   * Route tables put on a gateway endpoint by this run, through a new endpoint or an attachment to
   * an existing one (status applied or verified).
   */
  routeTablesAttached: number;
  applied: number;
  verified: number;
  failed: number;
  skipped: number;
}

/** The outcome of a run of `apply` (and verification). */
export interface RemediationResult {
  accountId: string;
  /** True when the plan was over its cap: nothing was called. */
  overCap: boolean;
  overCapReason?: string;
  /** Whether verification ran. */
  verification: 'done' | 'not-run';
  results: ActionResult[];
  /**
   * Regions left undone: those whose audit failed (never planned, the plan's `errors`) and those
   * that could not be verified (re-collection or analysis failed).
   */
  errors: RegionError[];
  counts: RemediationCounts;
}

/** Counts the results. */
export function countResults(results: readonly ActionResult[]): RemediationCounts {
  const done = results.filter((r) => r.status === 'applied' || r.status === 'verified');
  return {
    endpointsCreated: done.filter((r) => r.kind === 'create-endpoint').length,
    routeTablesAttached: done.reduce((sum, r) => sum + r.routeTableIds.length, 0),
    applied: results.filter((r) => r.status === 'applied').length,
    verified: results.filter((r) => r.status === 'verified').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  };
}

/**
 * True when the run left nothing undone: no action failed or stayed unverified after verification,
 * no region failed and the plan was not over its cap.
 */
export function isSuccessful(result: RemediationResult): boolean {
  if (result.overCap || result.errors.length > 0) return false;
  return result.results.every(
    (r) =>
      r.status === 'verified' ||
      r.status === 'skipped' ||
      (r.status === 'applied' && result.verification === 'not-run'),
  );
}

/**
 * What a log line says of a remediation result: counts, errors and one short entry for each of the
 * first `maxResults` actions (a log line stays bounded; the counts cover them all).
 */
export function resultLogSummary(
  result: RemediationResult,
  maxResults = 50,
): Record<string, unknown> {
  return {
    counts: result.counts,
    overCap: result.overCap,
    verification: result.verification,
    errors: result.errors,
    results: result.results.slice(0, maxResults).map((r) => ({
      action: r.actionId,
      status: r.status,
      endpointId: r.endpointId,
      reason: r.reason,
    })),
    resultsOmitted: Math.max(0, result.results.length - maxResults),
  };
}
