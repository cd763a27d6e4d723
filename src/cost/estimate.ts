/**
 * What the leaks cost: for every NAT gateway that carries a non-exempt leak, the NAT data processing
 * it bills a month, from CloudWatch (one `GetMetricData` request per region) and the regional price.
 *
 * The figure is an upper bound (the gateway carries other traffic too) of data processing only (the
 * gateway's hourly charge stays after a gateway endpoint is added). A region whose metrics cannot be
 * read is marked unknown: the estimate never throws for it and never fails the audit.
 */
import type { MetricsCallHooks } from './metrics-call-hooks';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { classifyAwsError } from '../aws-errors';
import { ConfigurationError } from '../errors';
import type { NatGatewayCostLine, Report } from '../types';
import type { CostEstimate, RegionCostEstimate } from './cost-estimate';
import { BYTES_PER_GB, dailyAverage, monthlyUsd, roundUsd } from './daily-average';
import { leakingNatGateways } from './leaking-nat-gateways';
import { DEFAULT_COST_DAYS, metricWindow, type MetricWindow } from './metric-window';
import { MetricsReadError } from './metrics-read-error';
import { DEFAULT_NAT_PRICE_PER_GB, isValidNatPrice, natPriceFor } from './nat-prices';
import { readNatGatewayTraffic } from './nat-traffic';

export { applyCostEstimate } from './apply-estimate';
export type { CostEstimate, RegionCostEstimate } from './cost-estimate';

/** Options of {@link estimateLeakCost}. */
export interface EstimateLeakCostOptions {
  /** Returns the CloudWatch client of a region (built once by the caller); called only for regions with a leaking NAT gateway. */
  cloudwatch: (region: string) => CloudWatchClient;
  /** Days of metrics to average, 1–455 (default 14). */
  days?: number;
  /** The clock (default: the current time); the window ends at 00:00 UTC of this day. */
  now?: Date;
  /** A price per GB for every region instead of the table (a positive finite number). */
  pricePerGb?: number;
  /** The hooks told about a region's `GetMetricData` requests (the CLI's `--verbose`). */
  hooks?: (region: string) => MetricsCallHooks;
}

interface RegionOutcome {
  region: RegionCostEstimate;
  gateways: NatGatewayCostLine[];
  notes: string[];
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof MetricsReadError) return { code: error.code, message: error.message };
  const { code, message } = classifyAwsError(error);
  return { code, message: `${code}: ${message}` };
}

async function estimateRegion(
  region: string,
  natGatewayIds: string[],
  window: MetricWindow,
  options: EstimateLeakCostOptions,
): Promise<RegionOutcome> {
  const price = natPriceFor(region, options.pricePerGb);
  const notes: string[] = [];
  if (price.priceSource === 'default') {
    notes.push(
      `${region}: no NAT data processing price known for this region; used the us-east-1 price $${DEFAULT_NAT_PRICE_PER_GB}/GB (set NAT_PRICE_PER_GB for the exact figure).`,
    );
  }
  const base = { region, natGatewayIds, ...price };
  try {
    const traffic = await readNatGatewayTraffic(
      options.cloudwatch(region),
      region,
      natGatewayIds,
      window,
      options.hooks?.(region),
    );
    const gateways = traffic.map((gateway): NatGatewayCostLine => {
      const average = dailyAverage(gateway, window);
      const gbPerDay = average.bytesPerDay / BYTES_PER_GB;
      if (average.daysWithData === 0) {
        notes.push(
          `${gateway.natGatewayId} (${region}): no data points in the last ${window.days} day(s); shown as no data, not $0.`,
        );
      } else if (average.daysAveraged < window.days) {
        notes.push(
          `${gateway.natGatewayId} (${region}): first data point on ${average.firstDay}; averaged over ${average.daysAveraged} day(s), not ${window.days}.`,
        );
      }
      return {
        region,
        natGatewayId: gateway.natGatewayId,
        gbPerDay,
        daysAveraged: average.daysAveraged,
        pricePerGb: price.pricePerGb,
        priceSource: price.priceSource,
        estimatedMonthlyUsd: roundUsd(monthlyUsd(gbPerDay, price.pricePerGb)),
      };
    });
    return { region: { ...base, status: 'known' }, gateways, notes };
  } catch (error) {
    const failure = failureOf(error);
    notes.push(
      `${region}: cost unknown, NAT gateway metrics could not be read (${failure.code}); the audit role needs cloudwatch:GetMetricData.`,
    );
    return { region: { ...base, status: 'unknown', error: failure }, gateways: [], notes };
  }
}

/**
 * Estimates what the report's NAT-path leaks cost a month.
 *
 * For every region with a non-exempt `nat-gateway` finding, one `GetMetricData` request (split only
 * past 500 queries, paginated) reads `BytesInFromSource` + `BytesInFromDestination` daily sums of its
 * gateways over the last `days` whole UTC days; each gateway's daily average (see `daily-average.ts`)
 * in GB of 2^30 bytes × 30 days × the region's price is its monthly figure. Regions without such a
 * gateway make no call. Apply the result to the report with {@link applyCostEstimate}.
 *
 * @throws ConfigurationError before any call when `days` or `pricePerGb` is invalid; never for a
 *   metrics failure (that region is `unknown` and `partial` is set)
 */
export async function estimateLeakCost(
  report: Report,
  options: EstimateLeakCostOptions,
): Promise<CostEstimate> {
  if (options.pricePerGb !== undefined && !isValidNatPrice(options.pricePerGb)) {
    throw new ConfigurationError(
      `NAT price per GB: "${options.pricePerGb}" is not a positive number of USD per GB`,
    );
  }
  const window = metricWindow(options.now ?? new Date(), options.days ?? DEFAULT_COST_DAYS);
  const outcomes = await Promise.all(
    [...leakingNatGateways(report)].map(([region, ids]) =>
      estimateRegion(region, ids, window, options),
    ),
  );
  const gateways = outcomes.flatMap((outcome) => outcome.gateways);
  const total = gateways.reduce((sum, line) => sum + monthlyUsd(line.gbPerDay, line.pricePerGb), 0);
  return {
    days: window.days,
    startTime: window.startTime.toISOString(),
    endTime: window.endTime.toISOString(),
    regions: outcomes.map((outcome) => outcome.region),
    gateways,
    totalMonthlyUsd: roundUsd(total),
    partial: outcomes.some((outcome) => outcome.region.status === 'unknown'),
    notes: outcomes.flatMap((outcome) => outcome.notes),
  };
}
