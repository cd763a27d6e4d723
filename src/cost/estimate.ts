/**
 * What the leaks cost: for every NAT gateway that carries a non-exempt leak, the NAT data processing
 * it bills a month, and for every VPC that leaks through a transit gateway, the transit gateway data
 * processing of its attachment, from CloudWatch (one `GetMetricData` request per region) and the
 * regional prices.
 *
 * The figure is an upper bound (the gateway carries other traffic too) of data processing only (the
 * gateway's hourly charge stays after a gateway endpoint is added). A region whose metrics cannot be
 * read is marked unknown: the estimate never throws for it and never fails the audit.
 */
import type { MetricsCallHooks } from './metrics-call-hooks';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { classifyAwsError } from '../aws-errors';
import { ConfigurationError } from '../errors';
import type { NatGatewayCostLine, Report, TransitGatewayAttachmentCostLine } from '../types';
import type { CostEstimate, RegionCostEstimate } from './cost-estimate';
import { BYTES_PER_GB, dailyAverage, monthlyUsd, roundUsd } from './daily-average';
import { leakingNatGateways } from './leaking-nat-gateways';
import { DEFAULT_COST_DAYS, metricWindow, type MetricWindow } from './metric-window';
import { MetricsReadError } from './metrics-read-error';
import { DEFAULT_NAT_PRICE_PER_GB, isValidNatPrice, natPriceFor } from './nat-prices';
import { readRegionTraffic, type AttachmentTraffic, type NatGatewayTraffic } from './nat-traffic';
import { leakingTransitGateways, type VpcTransitGateway } from './leaking-transit-gateways';
import { findVpcAttachments, type VpcAttachment } from './tgw-attachments';
import { DEFAULT_TGW_PRICE_PER_GB, tgwPriceFor } from './tgw-prices';

export { applyCostEstimate } from './apply-estimate';
export type { CostEstimate, RegionCostEstimate } from './cost-estimate';

/** Options of {@link estimateLeakCost}. */
export interface EstimateLeakCostOptions {
  /** Returns the CloudWatch client of a region (built once by the caller); called only for regions with a leaking NAT gateway. */
  cloudwatch: (region: string) => CloudWatchClient;
  /**
   * Returns the EC2 client of a region; called only for regions with a non-exempt transit gateway
   * leak, to find the VPCs' attachments. Absent: transit gateway leaks are not priced.
   */
  ec2?: (region: string) => EC2Client;
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
  attachments: TransitGatewayAttachmentCostLine[];
  notes: string[];
}

function failureOf(error: unknown): { code: string; message: string } {
  if (error instanceof MetricsReadError) return { code: error.code, message: error.message };
  const { code, message } = classifyAwsError(error);
  return { code, message: `${code}: ${message}` };
}

/** The attachments of the region's TGW leaks, or why they could not be found. */
async function regionAttachments(
  region: string,
  pairs: readonly VpcTransitGateway[],
  options: EstimateLeakCostOptions,
  notes: string[],
): Promise<{ attachments: VpcAttachment[]; failed: boolean }> {
  if (pairs.length === 0 || !options.ec2) return { attachments: [], failed: false };
  try {
    const attachments = await findVpcAttachments(options.ec2(region), pairs);
    const found = new Set(attachments.map((a) => `${a.vpcId}/${a.transitGatewayId}`));
    for (const pair of pairs) {
      if (!found.has(`${pair.vpcId}/${pair.transitGatewayId}`)) {
        notes.push(
          `${pair.vpcId} (${region}): no live attachment to ${pair.transitGatewayId} found; its transit gateway leak is not priced.`,
        );
      }
    }
    return { attachments, failed: false };
  } catch (error) {
    const { code } = classifyAwsError(error);
    notes.push(
      `${region}: transit gateway cost unknown, attachments could not be described (${code}); the audit role needs ec2:DescribeTransitGatewayAttachments.`,
    );
    return { attachments: [], failed: true };
  }
}

function averageNote(
  id: string,
  region: string,
  traffic: Pick<NatGatewayTraffic, 'dailyBytes'>,
  window: MetricWindow,
): string | undefined {
  const average = dailyAverage(traffic, window);
  if (average.daysWithData === 0)
    return `${id} (${region}): no data points in the last ${window.days} day(s); shown as no data, not $0.`;
  if (average.daysAveraged < window.days)
    return `${id} (${region}): first data point on ${average.firstDay}; averaged over ${average.daysAveraged} day(s), not ${window.days}.`;
  return undefined;
}

function attachmentLine(
  region: string,
  traffic: AttachmentTraffic,
  vpcOf: ReadonlyMap<string, string>,
  window: MetricWindow,
): TransitGatewayAttachmentCostLine {
  const price = tgwPriceFor(region);
  const average = dailyAverage(traffic, window);
  const gbPerDay = average.bytesPerDay / BYTES_PER_GB;
  return {
    region,
    vpcId: vpcOf.get(traffic.attachmentId) ?? '',
    transitGatewayId: traffic.transitGatewayId,
    attachmentId: traffic.attachmentId,
    gbPerDay,
    daysAveraged: average.daysAveraged,
    pricePerGb: price.pricePerGb,
    priceSource: price.priceSource,
    estimatedMonthlyUsd: roundUsd(monthlyUsd(gbPerDay, price.pricePerGb)),
  };
}

async function estimateRegion(
  region: string,
  natGatewayIds: string[],
  tgwPairs: VpcTransitGateway[],
  window: MetricWindow,
  options: EstimateLeakCostOptions,
): Promise<RegionOutcome> {
  const price = natPriceFor(region, options.pricePerGb);
  const notes: string[] = [];
  if (natGatewayIds.length > 0 && price.priceSource === 'default') {
    notes.push(
      `${region}: no NAT data processing price known for this region; used the us-east-1 price $${DEFAULT_NAT_PRICE_PER_GB}/GB (set NAT_PRICE_PER_GB for the exact figure).`,
    );
  }
  const found = await regionAttachments(region, tgwPairs, options, notes);
  if (found.attachments.length > 0) {
    notes.push(
      `${region}: transit gateway figures (${found.attachments
        .map((a) => a.attachmentId)
        .join(
          ', ',
        )}) are upper bounds: an attachment carries all of its VPC's transit gateway traffic, not only S3/DynamoDB.`,
    );
  }
  if (found.attachments.length > 0 && tgwPriceFor(region).priceSource === 'default') {
    notes.push(
      `${region}: no transit gateway data processing price known for this region; used the us-east-1 price $${DEFAULT_TGW_PRICE_PER_GB}/GB.`,
    );
  }
  const base = {
    region,
    natGatewayIds,
    ...price,
    ...(tgwPairs.length > 0 && options.ec2
      ? {
          attachments: found.attachments.map(({ vpcId, transitGatewayId, attachmentId }) => ({
            vpcId,
            transitGatewayId,
            attachmentId,
          })),
          transitGatewayStatus: found.failed ? ('unknown' as const) : ('known' as const),
        }
      : {}),
  };
  try {
    const traffic = await readRegionTraffic(
      options.cloudwatch(region),
      region,
      natGatewayIds,
      found.attachments,
      window,
      options.hooks?.(region),
    );
    const gateways = traffic.natGateways.map((gateway): NatGatewayCostLine => {
      const average = dailyAverage(gateway, window);
      const gbPerDay = average.bytesPerDay / BYTES_PER_GB;
      const note = averageNote(gateway.natGatewayId, region, gateway, window);
      if (note) notes.push(note);
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
    const vpcOf = new Map(found.attachments.map((a) => [a.attachmentId, a.vpcId]));
    const attachments = traffic.attachments
      .map((attachment) => {
        const note = averageNote(attachment.attachmentId, region, attachment, window);
        if (note) notes.push(note);
        return attachmentLine(region, attachment, vpcOf, window);
      })
      .sort((a, b) => a.attachmentId.localeCompare(b.attachmentId));
    return { region: { ...base, status: 'known' }, gateways, attachments, notes };
  } catch (error) {
    const failure = failureOf(error);
    notes.push(
      `${region}: cost unknown, gateway metrics could not be read (${failure.code}); the audit role needs cloudwatch:GetMetricData.`,
    );
    return {
      region: { ...base, status: 'unknown', error: failure },
      gateways: [],
      attachments: [],
      notes,
    };
  }
}

/**
 * Estimates what the report's NAT-path leaks cost a month.
 *
 * For every region with a non-exempt `nat-gateway` finding, one `GetMetricData` request (split only
 * past 500 queries, paginated) reads `BytesInFromSource` + `BytesInFromDestination` daily sums of its
 * gateways over the last `days` whole UTC days; with an `ec2` factory, the same request reads
 * `AWS/TransitGateway` `BytesIn` of the attachment of every VPC with a non-exempt `transit-gateway`
 * finding (found with `DescribeTransitGatewayAttachments`), priced at the region's transit gateway
 * price; each gateway's daily average (see `daily-average.ts`)
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
  const nat = leakingNatGateways(report);
  const tgw = options.ec2 ? leakingTransitGateways(report) : new Map<string, VpcTransitGateway[]>();
  const regions = [...new Set([...nat.keys(), ...tgw.keys()])].sort();
  const outcomes = await Promise.all(
    regions.map((region) =>
      estimateRegion(region, nat.get(region) ?? [], tgw.get(region) ?? [], window, options),
    ),
  );
  const gateways = outcomes.flatMap((outcome) => outcome.gateways);
  const attachments = outcomes.flatMap((outcome) => outcome.attachments);
  const total = [...gateways, ...attachments].reduce(
    (sum, line) => sum + monthlyUsd(line.gbPerDay, line.pricePerGb),
    0,
  );
  return {
    days: window.days,
    startTime: window.startTime.toISOString(),
    endTime: window.endTime.toISOString(),
    regions: outcomes.map((outcome) => outcome.region),
    gateways,
    attachments,
    totalMonthlyUsd: roundUsd(total),
    partial: outcomes.some(
      (outcome) =>
        outcome.region.status === 'unknown' || outcome.region.transitGatewayStatus === 'unknown',
    ),
    notes: outcomes.flatMap((outcome) => outcome.notes),
  };
}
