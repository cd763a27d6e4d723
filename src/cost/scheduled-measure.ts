/**
 * The scheduled measurement (the stack's `measure` function, off by default): the same measurement
 * as `vpce-auditor measure --apply`, bounded by the Lambda's 15 minutes. docs/cost.md ("The
 * scheduled measurement") describes it.
 *
 * - It first removes what an earlier run left behind (a run the Lambda runtime killed), found by
 *   its tags (`measure-leftovers.ts`, as `measure --cleanup --apply`).
 * - It plans from a live audit (`measure-candidates.ts`, `measure-plan.ts`) and runs the plan
 *   (`measure-run.ts`), aborting in time to remove what it created before the function's timeout.
 * - The measurement file it returns is what the nightly audit prices with (as `audit --traffic`).
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { MeasurementFile } from '../snapshot/cost-inputs';
import type { Snapshot } from '../snapshot/schema';
import type { Report, ServiceName } from '../types';
import { measureCandidates, measureInputsOf } from './measure-candidates';
import { findLeftovers, removeLeftovers, type RegionLeftovers } from './measure-leftovers';
import { DEFAULT_MAX_MEASURED_GATEWAYS, planMeasurement, type MeasurePlan } from './measure-plan';
import { measurementFileOf } from './measurement-file';
import { runMeasurement, type MeasureRunOptions, type MeasureRunResult } from './measure-run';

/** Options of {@link measureAccount}. */
export interface MeasureAccountOptions extends Pick<
  MeasureRunOptions,
  'log' | 'signal' | 'now' | 'sleep' | 'deliveryWaitMs' | 'deliveryPollMs' | 'queryPollMs'
> {
  /** The live audit the plan comes from (its leaking NAT gateways), and its inventory. */
  report: Report;
  snapshot: Snapshot;
  ec2: (region: string) => EC2Client;
  logs: (region: string) => CloudWatchLogsClient;
  deliveryRoleArn: string;
  minutes: number;
  services: readonly ServiceName[];
  runId: string;
  /** The most NAT gateways one run measures (default 20); over it nothing is created. */
  maxGateways?: number;
}

/** What a scheduled measurement did. */
export interface AccountMeasurement {
  /** What earlier runs had left behind, by region (only regions where something was found). */
  leftoversFound: RegionLeftovers[];
  /** What of those could not be removed (only regions where something stayed). */
  leftoversRemaining: RegionLeftovers[];
  plan: MeasurePlan;
  result: MeasureRunResult;
  /** The measurement (status `measured` only; no gateway to measure gives an empty one). */
  file?: MeasurementFile;
}

/** Removes, in every audited region, what an earlier run left behind. */
async function removeEarlierLeftovers(
  options: MeasureAccountOptions,
): Promise<{ found: RegionLeftovers[]; remaining: RegionLeftovers[] }> {
  const found: RegionLeftovers[] = [];
  const remaining: RegionLeftovers[] = [];
  const some = (l: RegionLeftovers) => l.flowLogIds.length + l.logGroupNames.length > 0;
  for (const region of options.report.regions) {
    const ec2 = options.ec2(region);
    const logs = options.logs(region);
    const left = await findLeftovers(region, ec2, logs);
    if (!some(left)) continue;
    found.push(left);
    options.log(
      `${region}: an earlier run left flow log(s) ${left.flowLogIds.join(', ') || 'none'} and log group(s) ${left.logGroupNames.join(', ') || 'none'}: removing them`,
    );
    const again = await removeLeftovers(left, ec2, logs, options.log);
    if (some(again)) remaining.push(again);
  }
  return { found, remaining };
}

/**
 * Measures the account's leaking NAT gateways that no existing flow log covers: removes earlier
 * leftovers, plans, creates, records, queries, removes and verifies (never leaves what it created
 * unless a deletion is refused, which `leftoversRemaining`/`result.changes` then name).
 */
export async function measureAccount(options: MeasureAccountOptions): Promise<AccountMeasurement> {
  const { report, snapshot } = options;
  const leftovers = await removeEarlierLeftovers(options);
  const candidates = await measureCandidates(report, snapshot, options.ec2);
  const plan = planMeasurement(candidates, {
    runId: options.runId,
    minutes: options.minutes,
    maxGateways: options.maxGateways ?? DEFAULT_MAX_MEASURED_GATEWAYS,
    services: options.services,
  });
  options.log(
    `plan: ${plan.flowLogs} flow log(s) on ${plan.regions.reduce((n, r) => n + r.targets.length, 0)} NAT gateway(s) in ${plan.regions.map((r) => r.region).join(', ') || 'no region'}; ${plan.skipped.length} skipped`,
  );
  const result: MeasureRunResult =
    plan.regions.length === 0
      ? { status: 'measured', measurements: {}, changes: [], bytesScanned: 0, queryUsd: 0 }
      : await runMeasurement(plan, {
          ec2: options.ec2,
          logs: options.logs,
          deliveryRoleArn: options.deliveryRoleArn,
          keepLogs: false,
          inputs: (region) => measureInputsOf(snapshot, region),
          log: options.log,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.now ? { now: options.now } : {}),
          ...(options.sleep ? { sleep: options.sleep } : {}),
          ...(options.deliveryWaitMs !== undefined
            ? { deliveryWaitMs: options.deliveryWaitMs }
            : {}),
          ...(options.deliveryPollMs !== undefined
            ? { deliveryPollMs: options.deliveryPollMs }
            : {}),
          ...(options.queryPollMs !== undefined ? { queryPollMs: options.queryPollMs } : {}),
        });
  const takenAt = options.now?.() ?? new Date();
  return {
    leftoversFound: leftovers.found,
    leftoversRemaining: leftovers.remaining,
    plan,
    result,
    ...(result.status === 'measured'
      ? { file: measurementFileOf(report.accountId, result, takenAt) }
      : {}),
  };
}
