/**
 * Remediation of the live account: audit (fresh collection) → plan → apply → verify, given a client
 * factory. Dry run unless `apply` is true; over the cap nothing is changed.
 */
import { auditLive } from '../audit-live';
import type { AwsClientFactory } from '../collect/client-factory';
import type { CollectProgress } from '../collect/progress-hooks';
import { collectRegion } from '../collect/collect-region';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';
import { applyPlan } from './apply';
import type { RemediationLogger } from './logger';
import type { Pacing } from './pacing';
import { assertVpcsFound, planRemediation, type PlanOptions } from './plan';
import type { RemediationPlan } from './plan-types';
import type { RemediationResult } from './result-types';
import { verifyResult, type Recollect, type VerifyOptions } from './verify';

/** How changes are made: the clients, pacing, permission check, verification and logging. */
export interface ApplySettings {
  clients: AwsClientFactory;
  /** Overrides of the real-time pacing of endpoint calls (tests pass an instant `sleep`). */
  pacing?: Partial<Pacing>;
  /** `DryRun` permission check before the first change in each region (default true). */
  permissionCheck?: boolean;
  verify?: VerifyOptions;
  logger?: RemediationLogger;
  /**
   * Epoch ms after which no region is collected and no change started (the Lambda sets it a minute
   * before its timeout): what was not done is reported, and a later run finishes it.
   */
  deadline?: number;
  /**
   * Asks the changes to stop (see `ApplyOptions.stop` of ./apply): no change is started after it is
   * aborted, and verification reads once without waiting.
   */
  stop?: AbortSignal;
}

/** Options of {@link remediateLive}. */
export interface LiveRemediationOptions
  extends ApplySettings, Omit<PlanOptions, 'regions' | 'services' | 'vpcIds'> {
  regions: 'all' | string[];
  services: ServiceName[];
  /** Only these VPCs (collected and planned). */
  vpcIds?: string[];
  /** Make the changes; without it the plan is returned and nothing is changed. */
  apply: boolean;
  /** Regions collected at once. */
  concurrency?: number;
  progress?: CollectProgress;
  /**
   * Prices the audited report before planning (the CLI passes the NAT cost estimate), so that each
   * action shows its estimated monthly saving (measured from flow logs where the live inventory
   * `snapshot` finds them); absent = no dollars.
   */
  priceReport?: (report: Report, snapshot: Snapshot) => Promise<Report>;
  /**
   * Called once, just before the first change: returns the signal that asks the changes to stop
   * (the CLI's interrupt handling, which from then on stops the run gracefully on SIGINT/SIGTERM).
   */
  beforeChanges?: () => AbortSignal;
}

/** What {@link remediateLive} returns. */
export interface LiveRemediationOutcome {
  report: Report;
  snapshot: Snapshot;
  plan: RemediationPlan;
  /** Present when `apply` was true. */
  result?: RemediationResult;
}

/** The re-collection used by verification: the touched VPCs of a region, through the factory. */
export function recollectWith(clients: AwsClientFactory): Recollect {
  return (region, vpcIds) => collectRegion(clients.ec2(region), region, { vpcIds });
}

/**
 * Applies a plan computed from fresh data, then verifies it against a new collection of the touched
 * VPCs. For the Lambda's `AUTO_REMEDIATE`, after an audit that already collected the account.
 */
export async function applyAndVerify(
  plan: RemediationPlan,
  settings: ApplySettings,
): Promise<RemediationResult> {
  const applied = await applyPlan(plan, {
    ec2: (region) => settings.clients.ec2(region),
    changes: (region) => settings.clients.ec2Changes(region),
    ...(settings.pacing ? { pacing: settings.pacing } : {}),
    ...(settings.permissionCheck !== undefined
      ? { permissionCheck: settings.permissionCheck }
      : {}),
    ...(settings.logger ? { logger: settings.logger } : {}),
    ...(settings.deadline !== undefined ? { deadline: settings.deadline } : {}),
    ...(settings.stop ? { stop: settings.stop } : {}),
  });
  if (applied.overCap || !applied.results.some((r) => r.status === 'applied')) return applied;
  return verifyResult(applied, recollectWith(settings.clients), {
    ...settings.verify,
    ...(settings.logger && !settings.verify?.logger ? { logger: settings.logger } : {}),
    ...(settings.stop ? { stop: settings.stop } : {}),
  });
}

/**
 * Audits the live account, plans, and (with `apply`) applies and verifies.
 *
 * @throws UserInputError when a requested region is not enabled, or a requested VPC is in none of
 *   the audited regions (nothing changed)
 * @throws AccountAccessError when the account cannot be reached
 */
export async function remediateLive(
  options: LiveRemediationOptions,
): Promise<LiveRemediationOutcome> {
  const { report: collected, snapshot } = await auditLive({
    regions: options.regions,
    services: options.services,
    clients: options.clients,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.vpcIds ? { vpcIds: options.vpcIds } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  });
  if (options.vpcIds) assertVpcsFound(options.vpcIds, snapshot, collected, options.wording);
  const report = options.priceReport ? await options.priceReport(collected, snapshot) : collected;
  const plan = planRemediation(report, snapshot, {
    services: options.services,
    ...(options.vpcIds ? { vpcIds: options.vpcIds } : {}),
    ...(options.includePaths ? { includePaths: options.includePaths } : {}),
    ...(options.maxChanges !== undefined ? { maxChanges: options.maxChanges } : {}),
    ...(options.policyDocuments ? { policyDocuments: options.policyDocuments } : {}),
    ...(options.allowRestrictivePolicy ? { allowRestrictivePolicy: true } : {}),
    ...(options.excludePaths ? { excludePaths: options.excludePaths } : {}),
    ...(options.skipDefaultVpcs ? { skipDefaultVpcs: true } : {}),
    ...(options.wording ? { wording: options.wording } : {}),
    ...(options.iacTags ? { iacTags: options.iacTags } : {}),
    ...(options.allowDrift ? { allowDrift: true } : {}),
  });
  if (!options.apply) return { report, snapshot, plan };
  const stop = options.beforeChanges?.() ?? options.stop;
  const result = await applyAndVerify(plan, { ...options, ...(stop ? { stop } : {}) });
  return { report, snapshot, plan, result };
}
