/** How the callers (CLI, audit Lambda) ask for the cost estimate, and the one call they make. */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { MetricsCallHooks } from './metrics-call-hooks';
import type { Report } from '../types';
import { applyCostEstimate } from './apply-estimate';
import { estimateLeakCost } from './estimate';

/** The cost settings of a live audit. */
export interface CostOptions {
  /** False skips every metric call (`--no-cost`, `COST_ESTIMATE=false`). */
  enabled: boolean;
  /** Days of NAT gateway metrics to average (default 14). */
  days?: number;
  /** A price per GB for every region instead of the regional table. */
  pricePerGb?: number;
}

/**
 * Adds the NAT cost estimate to a live report when enabled; returns the report unchanged otherwise.
 * Never fails the audit: a region whose metrics cannot be read is marked unknown in the report.
 * `hooks` (optional) are told about every `GetMetricData` request of a region, with its duration.
 */
export async function withCostEstimate(
  report: Report,
  cloudwatch: (region: string) => CloudWatchClient,
  options: CostOptions,
  hooks?: (region: string) => MetricsCallHooks,
): Promise<Report> {
  if (!options.enabled) return report;
  const estimate = await estimateLeakCost(report, {
    cloudwatch,
    ...(hooks ? { hooks } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.pricePerGb !== undefined ? { pricePerGb: options.pricePerGb } : {}),
  });
  return applyCostEstimate(report, estimate);
}
