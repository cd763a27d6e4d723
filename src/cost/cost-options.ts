/** How the callers (CLI, audit Lambda) ask for the cost estimate, and the one call they make. */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
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
 * Adds the cost estimate (NAT gateways; with `ec2`, transit gateway attachments too) to a live report
 * when enabled; returns the report unchanged otherwise. Never fails the audit: a region whose metrics
 * or attachments cannot be read is marked unknown in the report.
 *
 * @param ec2 the EC2 client of a region, to find the attachments of VPCs that leak through a transit
 *   gateway (`DescribeTransitGatewayAttachments`); without it those leaks are not priced
 * `hooks` (optional) are told about every `GetMetricData` request of a region, with its duration.
 */
export async function withCostEstimate(
  report: Report,
  cloudwatch: (region: string) => CloudWatchClient,
  options: CostOptions,
  hooks?: (region: string) => MetricsCallHooks,
  ec2?: (region: string) => EC2Client,
): Promise<Report> {
  if (!options.enabled) return report;
  const estimate = await estimateLeakCost(report, {
    cloudwatch,
    ...(hooks ? { hooks } : {}),
    ...(ec2 ? { ec2 } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.pricePerGb !== undefined ? { pricePerGb: options.pricePerGb } : {}),
  });
  return applyCostEstimate(report, estimate);
}
