/**
 * Verification: after applying, each touched region's touched VPCs are collected again and analysed,
 * and each applied action is judged on what AWS now shows.
 *
 * An action is `verified` when its endpoint exists, every route table it targeted is on that endpoint
 * and every subnet of those tables now has the service on `gateway-endpoint`. When the endpoint is
 * attached but some subnet still shows another path (a route added meanwhile overrides it), the change
 * is real but the leak is not fixed: the action stays `applied`, with what was seen, and counts as
 * unverified. When the endpoint is missing or a table is not on it, the action is `failed`.
 * Reads are retried a few times (eventual consistency) before the verdict is final.
 */
import { analyzeRegion, type RegionAnalysis } from '../analysis/analyze';
import { regionErrorFrom } from '../collect/collect-account';
import { gatewayEndpointsOf, isLiveEndpoint } from '../analysis/table-verdict';
import type { RegionSnapshot } from '../snapshot/schema';
import { SERVICES, type RegionError, type ServiceName } from '../types';
import { silentLogger, type RemediationLogger } from './logger';
import { countResults, type ActionResult, type RemediationResult } from './result-types';

/** Collects one region's inventory again, limited to the given VPCs. */
export type Recollect = (region: string, vpcIds: string[]) => Promise<RegionSnapshot>;

/** Options of {@link verifyResult}. */
export interface VerifyOptions {
  /** Reads of the region before the verdict is final (default 3). */
  attempts?: number;
  /** Wait between reads (default 5000 ms). */
  delayMs?: number;
  /** Waits (default: a timer). */
  sleep?(ms: number): Promise<void>;
  logger?: RemediationLogger;
  /** Once aborted (the run was interrupted), the region is read once more at most, never waited on. */
  stop?: AbortSignal;
}

function judge(
  result: ActionResult,
  snapshot: RegionSnapshot,
  analysis: RegionAnalysis,
): ActionResult {
  const gateways = gatewayEndpointsOf(snapshot.VpcEndpoints, result.vpcId, result.service);
  const endpoint =
    result.endpointId !== undefined
      ? snapshot.VpcEndpoints.find((e) => e.VpcEndpointId === result.endpointId)
      : gateways.find((e) =>
          result.routeTableIds.every((id) => (e.RouteTableIds ?? []).includes(id)),
        );
  const name = result.endpointId ?? `a ${result.service} gateway endpoint`;
  if (!endpoint || !isLiveEndpoint(endpoint)) {
    return {
      ...result,
      status: 'failed',
      reason: `not verified: ${name} ${endpoint ? `is ${endpoint.State ?? 'gone'}` : 'is not'} in a fresh collection of ${result.vpcId}`,
    };
  }
  const attached = new Set(endpoint.RouteTableIds ?? []);
  const missing = result.routeTableIds.filter((id) => !attached.has(id));
  if (missing.length > 0) {
    return {
      ...result,
      endpointId: endpoint.VpcEndpointId,
      status: 'failed',
      reason: `not verified: ${missing.join(', ')} not on ${endpoint.VpcEndpointId} (it has ${[...attached].join(', ') || 'no route tables'})`,
    };
  }
  const tables = new Set(result.routeTableIds);
  const stillLeaking = analysis.subnets
    .filter((s) => s.routeTableId !== null && tables.has(s.routeTableId))
    .map((s) => ({ subnet: s.subnetId, verdict: s.services[result.service] }))
    .filter(({ verdict }) => verdict !== undefined && verdict.path !== 'gateway-endpoint');
  if (stillLeaking.length > 0) {
    const seen = stillLeaking
      .map(({ subnet, verdict }) =>
        `${subnet} ${verdict?.path ?? '?'} ${(verdict?.targets ?? []).join(',')}`.trim(),
      )
      .join('; ');
    return {
      ...result,
      endpointId: endpoint.VpcEndpointId,
      status: 'applied',
      reason: `attached to ${endpoint.VpcEndpointId}, but the path is not gateway-endpoint: ${seen}`,
    };
  }
  return {
    ...result,
    endpointId: endpoint.VpcEndpointId,
    status: 'verified',
    reason: `every subnet of ${result.routeTableIds.join(', ')} now reaches ${result.service} through ${endpoint.VpcEndpointId}`,
  };
}

async function verifyRegion(
  accountId: string,
  region: string,
  pending: ActionResult[],
  recollect: Recollect,
  options: VerifyOptions,
): Promise<{ results: ActionResult[]; error?: RegionError }> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const vpcIds = [...new Set(pending.map((r) => r.vpcId))].sort();
  const services = SERVICES.filter((s) => pending.some((r) => r.service === s)) as ServiceName[];
  let current = pending;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const snapshot = await recollect(region, vpcIds);
      const analysis = analyzeRegion(region, snapshot, services, accountId);
      current = pending.map((r) => judge(r, snapshot, analysis));
    } catch (error) {
      const regionError = { ...regionErrorFrom(region, error), operation: 'verify' };
      return {
        results: pending.map((r) => ({
          ...r,
          reason: `not verified: re-collecting ${region} failed: ${regionError.code}: ${regionError.message}`,
        })),
        error: regionError,
      };
    }
    if (current.every((r) => r.status === 'verified') || options.stop?.aborted === true) break;
    if (attempt < attempts) {
      (options.logger ?? silentLogger).info(
        `${region}: ${current.filter((r) => r.status !== 'verified').length} action(s) not verified yet, reading again`,
        { region, attempt },
      );
      await sleep(options.delayMs ?? 5000);
    }
  }
  return { results: current };
}

/**
 * Verifies the applied actions of a result against fresh data. Other results are returned as they
 * are. Regions are verified in parallel.
 */
export async function verifyResult(
  result: RemediationResult,
  recollect: Recollect,
  options: VerifyOptions = {},
): Promise<RemediationResult> {
  const byRegion = new Map<string, ActionResult[]>();
  for (const r of result.results) {
    if (r.status !== 'applied') continue;
    const list = byRegion.get(r.region);
    if (list) list.push(r);
    else byRegion.set(r.region, [r]);
  }
  const outcomes = await Promise.all(
    [...byRegion].map(([region, pending]) =>
      verifyRegion(result.accountId, region, pending, recollect, options),
    ),
  );
  const judged = new Map(outcomes.flatMap((o) => o.results).map((r) => [r.actionId, r] as const));
  const results = result.results.map((r) => judged.get(r.actionId) ?? r);
  return {
    ...result,
    verification: 'done',
    results,
    errors: [...result.errors, ...outcomes.flatMap((o) => (o.error ? [o.error] : []))],
    counts: countResults(results),
  };
}
