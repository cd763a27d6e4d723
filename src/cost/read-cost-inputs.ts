/**
 * Reads the cost inputs of a report from AWS: for every region with a non-exempt NAT-path leak, one
 * `GetMetricData` request (see `nat-traffic.ts`) for its NAT gateways and, with an `ec2` factory, the
 * `BytesIn` of the transit gateway attachment of every VPC with a non-exempt transit gateway leak
 * (found with `DescribeTransitGatewayAttachments`). The result is plain data: the live audit prices
 * it at once (`estimate-from-inputs.ts`), `vpce-auditor snapshot` records it so that the offline
 * audit prices it the same way. A region whose metrics cannot be read is recorded `unknown`: this
 * never throws for it.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { classifyAwsError } from '../aws-errors';
import { ConfigurationError } from '../errors';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CostInputs, NatMeasurement, RegionCostInputs } from '../snapshot/cost-inputs';
import type { Snapshot } from '../snapshot/schema';
import { measureFromFlowLogs, type MeasureWindow } from './flow-log-reader';
import { mergeMeasurements } from './merge-measurements';
import { natTargets, serviceCidrsOf, subnetRangesOf } from './nat-targets';
import type { Report } from '../types';
import { leakingNatGateways } from './leaking-nat-gateways';
import { leakingTransitGateways, type VpcTransitGateway } from './leaking-transit-gateways';
import type { CallHooks } from '../call-hooks';
import { MetricsReadError } from './metrics-read-error';
import { DEFAULT_COST_DAYS, metricWindow, type MetricWindow } from './metric-window';
import { isValidNatPrice, natPriceFor } from './nat-prices';
import { readRegionTraffic } from './nat-traffic';
import { findVpcAttachments, type VpcAttachment } from './tgw-attachments';
import { tgwPriceFor } from './tgw-prices';

/** Options of {@link readCostInputs}. */
export interface ReadCostInputsOptions {
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
  hooks?: (region: string) => CallHooks;
  /** Measure the leaking NAT gateways from their existing flow logs (absent: upper bounds only). */
  flowLogs?: FlowLogLookup;
  /**
   * Measurements taken elsewhere (`audit --traffic FILE`), by region: they replace the flow-log
   * lookup for their gateways.
   */
  measurements?: Readonly<Record<string, readonly NatMeasurement[]>>;
}

/** How to measure the leaking NAT gateways from the flow logs that already exist. */
export interface FlowLogLookup {
  /** The live inventory the report was computed from (NAT interfaces, subnets, prefix lists). */
  snapshot: Snapshot;
  /** The CloudWatch Logs client of a region (Logs Insights queries). */
  logs: (region: string) => CloudWatchLogsClient;
  /** The EC2 client of a region (`DescribeFlowLogs`). */
  ec2: (region: string) => EC2Client;
  /** The window to query (bounded: by default the last 24 hours). */
  window: MeasureWindow;
  /** Wait between two `GetQueryResults` (tests). */
  pollMs?: number;
}

/** The region's measurements: those given, then the flow logs' for the other gateways. */
async function regionMeasurements(
  report: Report,
  region: string,
  options: ReadCostInputsOptions,
): Promise<NatMeasurement[] | undefined> {
  const given = options.measurements?.[region] ?? [];
  const lookup = options.flowLogs;
  const inventory = lookup?.snapshot.regions[region];
  if (!lookup || !inventory) return given.length > 0 ? [...given] : undefined;
  const done = new Set(given.map((m) => m.natGatewayId));
  const targets = natTargets(report, region, inventory).filter((t) => !done.has(t.natGatewayId));
  const measured = await measureFromFlowLogs(targets, {
    ec2: lookup.ec2(region),
    // Asked for only when a flow log is queried: most regions have none, and building a Logs client
    // costs as much CPU as a call (an organization's run would build one per account and region).
    get logs() {
      return lookup.logs(region);
    },
    window: lookup.window,
    serviceCidrs: serviceCidrsOf(region, inventory),
    subnets: subnetRangesOf(inventory),
    ...(lookup.pollMs !== undefined ? { pollMs: lookup.pollMs } : {}),
  });
  return mergeMeasurements(given, measured);
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
  options: ReadCostInputsOptions,
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

async function readRegion(
  report: Report,
  region: string,
  natGatewayIds: string[],
  tgwPairs: VpcTransitGateway[],
  window: MetricWindow,
  options: ReadCostInputsOptions,
): Promise<RegionCostInputs> {
  const nat = natPriceFor(region, options.pricePerGb);
  const tgw = tgwPriceFor(region);
  const notes: string[] = [];
  const found = await regionAttachments(region, tgwPairs, options, notes);
  const measurements =
    natGatewayIds.length > 0 ? await regionMeasurements(report, region, options) : undefined;
  const base = {
    ...(measurements ? { measurements } : {}),
    natPricePerGb: nat.pricePerGb,
    natPriceSource: nat.priceSource,
    tgwPricePerGb: tgw.pricePerGb,
    tgwPriceSource: tgw.priceSource,
    ...(notes.length > 0 ? { notes } : {}),
  };
  const lookedUp = tgwPairs.length > 0 && options.ec2 !== undefined;
  const tgwStatus = lookedUp
    ? { transitGatewayStatus: found.failed ? ('unknown' as const) : ('known' as const) }
    : {};
  try {
    const traffic = await readRegionTraffic(
      options.cloudwatch(region),
      region,
      natGatewayIds,
      found.attachments,
      window,
      options.hooks?.(region),
    );
    const vpcOf = new Map(found.attachments.map((a) => [a.attachmentId, a.vpcId]));
    return {
      status: 'known',
      ...base,
      natGateways: traffic.natGateways.map(({ natGatewayId, dailyBytes }) => ({
        natGatewayId,
        dailyBytes,
      })),
      ...(lookedUp
        ? {
            attachments: traffic.attachments.map((a) => ({
              vpcId: vpcOf.get(a.attachmentId) ?? '',
              transitGatewayId: a.transitGatewayId,
              attachmentId: a.attachmentId,
              dailyBytes: a.dailyBytes,
            })),
          }
        : {}),
      ...tgwStatus,
    };
  } catch (error) {
    return {
      status: 'unknown',
      error: failureOf(error),
      ...base,
      natGateways: [],
      ...(lookedUp
        ? { attachments: found.attachments.map((a) => ({ ...a, dailyBytes: [] })) }
        : {}),
      ...tgwStatus,
    };
  }
}

/**
 * Reads what the report's leaks cost from CloudWatch (and EC2 for transit gateway attachments),
 * as plain data; price it with `estimateFromInputs`.
 *
 * @throws ConfigurationError before any call when `days` or `pricePerGb` is invalid; never for a
 *   metrics failure (that region is `unknown`)
 */
export async function readCostInputs(
  report: Report,
  options: ReadCostInputsOptions,
): Promise<CostInputs> {
  if (options.pricePerGb !== undefined && !isValidNatPrice(options.pricePerGb)) {
    throw new ConfigurationError(
      `NAT price per GB: "${options.pricePerGb}" is not a positive number of USD per GB`,
    );
  }
  const window = metricWindow(options.now ?? new Date(), options.days ?? DEFAULT_COST_DAYS);
  const nat = leakingNatGateways(report);
  const tgw = options.ec2 ? leakingTransitGateways(report) : new Map<string, VpcTransitGateway[]>();
  const names = [...new Set([...nat.keys(), ...tgw.keys()])].sort();
  const regions = await Promise.all(
    names.map((region) =>
      readRegion(report, region, nat.get(region) ?? [], tgw.get(region) ?? [], window, options),
    ),
  );
  return {
    days: window.days,
    startTime: window.startTime.toISOString(),
    endTime: window.endTime.toISOString(),
    regions: Object.fromEntries(names.map((name, i) => [name, regions[i] as RegionCostInputs])),
  };
}
