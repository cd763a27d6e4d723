/**
 * Prices a report's leaks from recorded cost inputs (pure: no AWS call). The live audit reads the
 * inputs (`read-cost-inputs.ts`) and prices them here; the offline audit prices the inputs its
 * snapshot recorded here too, so both give the same dollars to the cent.
 *
 * The figure of a NAT gateway without a measurement is an upper bound (the gateway carries other
 * traffic too) of data processing only (the gateway's hourly charge stays after a gateway endpoint
 * is added).
 */
import type {
  CostInputs,
  NatMeasurement,
  RegionCostInputs,
  SubnetBytes,
} from '../snapshot/cost-inputs';
import type { NatGatewayCostLine, Report, TransitGatewayAttachmentCostLine } from '../types';
import type { CostEstimate, RegionCostEstimate } from './cost-estimate';
import { BYTES_PER_GB, dailyAverage, monthlyUsd, roundUsd } from './daily-average';
import { leakingNatGateways } from './leaking-nat-gateways';
import { leakingTransitGateways, type VpcTransitGateway } from './leaking-transit-gateways';
import { DAY_MS, type MetricWindow } from './metric-window';
import { LOGS_INSIGHTS_USD_PER_GB, queryCostUsd } from './measure-plan';
import { DEFAULT_NAT_PRICE_PER_GB } from './nat-prices';
import { DEFAULT_TGW_PRICE_PER_GB } from './tgw-prices';

type DailyBytes = RegionCostInputs['natGateways'][number]['dailyBytes'];

interface RegionOutcome {
  region: RegionCostEstimate;
  gateways: NatGatewayCostLine[];
  attachments: TransitGatewayAttachmentCostLine[];
  notes: string[];
  /** Per measured gateway with per-subnet attribution: its bytes per (subnet, service). */
  subnetBytes?: Record<string, SubnetBytes[]>;
}

/** Why a gateway that has a measurement record is still an upper bound. */
function upperBoundReason(measurement: NatMeasurement): string | undefined {
  if (measurement.status === 'measured') return 'its measurement has no usable window';
  const why = measurement.reason ?? measurement.status;
  return measurement.status === 'no-flow-log' ? `no flow log (${why})` : why;
}

/** The measured bytes of a gateway, both directions, every service. */
export function measuredBytesOf(measurement: Pick<NatMeasurement, 'services'>): number {
  return Object.values(measurement.services ?? {}).reduce(
    (sum, bytes) => sum + (bytes ? bytes.bytesToService + bytes.bytesFromService : 0),
    0,
  );
}

/** Days (fractional) a measurement covers; 0 when its window is missing or empty. */
export function measuredDays(measurement: Pick<NatMeasurement, 'startTime' | 'endTime'>): number {
  if (measurement.startTime === undefined || measurement.endTime === undefined) return 0;
  const ms = Date.parse(measurement.endTime) - Date.parse(measurement.startTime);
  return Number.isFinite(ms) && ms > 0 ? ms / DAY_MS : 0;
}

/**
 * The cost line of a measured gateway: its S3 and DynamoDB bytes over the measured window, as GB a
 * day, × 30 × the price; undefined when the measurement is not `measured` or has no window.
 */
function measuredLine(
  region: string,
  measurement: NatMeasurement,
  pricePerGb: number,
  priceSource: NatGatewayCostLine['priceSource'],
): NatGatewayCostLine | undefined {
  const days = measuredDays(measurement);
  if (measurement.status !== 'measured' || days === 0) return undefined;
  const bytes = measuredBytesOf(measurement);
  const gbPerDay = bytes / BYTES_PER_GB / days;
  return {
    region,
    natGatewayId: measurement.natGatewayId,
    gbPerDay,
    daysAveraged: days,
    pricePerGb,
    priceSource,
    estimatedMonthlyUsd: roundUsd(monthlyUsd(gbPerDay, pricePerGb)),
    basis: 'measured',
    measured: {
      source: measurement.source ?? 'flow-logs',
      flowLogIds: measurement.flowLogIds ?? [],
      logGroups: measurement.logGroups ?? [],
      startTime: measurement.startTime ?? '',
      endTime: measurement.endTime ?? '',
      attribution: measurement.attribution ?? 'nat-gateway',
      services: measurement.services ?? {},
      bytesScanned: measurement.bytesScanned ?? 0,
      queryUsd: queryCostUsd(measurement.bytesScanned ?? 0),
      windowUsd: roundUsd((bytes / BYTES_PER_GB) * pricePerGb),
    },
  };
}

function averageNote(
  id: string,
  region: string,
  dailyBytes: DailyBytes,
  window: MetricWindow,
): string | undefined {
  const average = dailyAverage({ dailyBytes }, window);
  if (average.daysWithData === 0)
    return `${id} (${region}): no data points in the last ${window.days} day(s); shown as no data, not $0.`;
  if (average.daysAveraged < window.days)
    return `${id} (${region}): first data point on ${average.firstDay}; averaged over ${average.daysAveraged} day(s), not ${window.days}.`;
  return undefined;
}

/** The region's inputs as recorded, or an `unknown` region when nothing was recorded for it. */
function inputsOf(inputs: CostInputs, region: string): RegionCostInputs {
  return (
    inputs.regions[region] ?? {
      status: 'unknown',
      error: { code: 'NotRecorded', message: `no cost inputs were recorded for ${region}` },
      natPricePerGb: DEFAULT_NAT_PRICE_PER_GB,
      natPriceSource: 'default',
      tgwPricePerGb: DEFAULT_TGW_PRICE_PER_GB,
      tgwPriceSource: 'default',
      natGateways: [],
    }
  );
}

function estimateRegion(
  region: string,
  natGatewayIds: string[],
  tgwPairs: readonly VpcTransitGateway[],
  recorded: RegionCostInputs,
  window: MetricWindow,
): RegionOutcome {
  const notes: string[] = [];
  // Only the attachments of the report's own transit gateway leaks (an offline audit of fewer
  // services or regions than the snapshot recorded has fewer).
  const pairs = new Set(tgwPairs.map((pair) => `${pair.vpcId}/${pair.transitGatewayId}`));
  if (natGatewayIds.length > 0 && recorded.natPriceSource === 'default') {
    notes.push(
      `${region}: no NAT data processing price known for this region; used the us-east-1 price $${DEFAULT_NAT_PRICE_PER_GB}/GB (set NAT_PRICE_PER_GB for the exact figure).`,
    );
  }
  notes.push(...(recorded.notes ?? []));
  const attachments = (recorded.attachments ?? []).filter((a) =>
    pairs.has(`${a.vpcId}/${a.transitGatewayId}`),
  );
  if (recorded.status === 'known' && attachments.length > 0) {
    notes.push(
      `${region}: transit gateway figures (${attachments
        .map((a) => a.attachmentId)
        .join(
          ', ',
        )}) are upper bounds: an attachment carries all of its VPC's transit gateway traffic, not only S3/DynamoDB.`,
    );
    if (recorded.tgwPriceSource === 'default') {
      notes.push(
        `${region}: no transit gateway data processing price known for this region; used the us-east-1 price $${DEFAULT_TGW_PRICE_PER_GB}/GB.`,
      );
    }
  }
  const base: RegionCostEstimate = {
    region,
    status: recorded.status,
    natGatewayIds,
    pricePerGb: recorded.natPricePerGb,
    priceSource: recorded.natPriceSource,
    ...(recorded.transitGatewayStatus !== undefined
      ? {
          attachments: attachments.map(({ vpcId, transitGatewayId, attachmentId }) => ({
            vpcId,
            transitGatewayId,
            attachmentId,
          })),
          transitGatewayStatus: recorded.transitGatewayStatus,
        }
      : {}),
  };
  if (recorded.status === 'unknown') {
    const code = recorded.error?.code ?? 'Unknown';
    notes.push(
      `${region}: cost unknown, gateway metrics could not be read (${code}); the audit role needs cloudwatch:GetMetricData.`,
    );
    return {
      region: { ...base, ...(recorded.error ? { error: recorded.error } : {}) },
      gateways: [],
      attachments: [],
      notes,
    };
  }
  const wanted = new Set(natGatewayIds);
  const measurements = new Map(
    (recorded.measurements ?? []).map((m) => [m.natGatewayId, m] as const),
  );
  const subnetBytes: Record<string, SubnetBytes[]> = {};
  const measuredLines = new Map<string, NatGatewayCostLine>();
  for (const id of natGatewayIds) {
    const measurement = measurements.get(id);
    const line =
      measurement &&
      measuredLine(region, measurement, recorded.natPricePerGb, recorded.natPriceSource);
    if (line && measurement) {
      measuredLines.set(id, line);
      if (measurement.attribution === 'subnet') subnetBytes[id] = measurement.subnets ?? [];
      if (measurement.reason) notes.push(`${id} (${region}): ${measurement.reason}.`);
    }
  }
  const metricLines = recorded.natGateways
    .filter(
      (gateway) => wanted.has(gateway.natGatewayId) && !measuredLines.has(gateway.natGatewayId),
    )
    .map((gateway): NatGatewayCostLine => {
      const average = dailyAverage(gateway, window);
      const gbPerDay = average.bytesPerDay / BYTES_PER_GB;
      const note = averageNote(gateway.natGatewayId, region, gateway.dailyBytes, window);
      if (note) notes.push(note);
      const measurement = measurements.get(gateway.natGatewayId);
      const why = measurement ? upperBoundReason(measurement) : undefined;
      if (why) notes.push(`${gateway.natGatewayId} (${region}): upper bound: ${why}.`);
      return {
        region,
        natGatewayId: gateway.natGatewayId,
        gbPerDay,
        daysAveraged: average.daysAveraged,
        pricePerGb: recorded.natPricePerGb,
        priceSource: recorded.natPriceSource,
        estimatedMonthlyUsd: roundUsd(monthlyUsd(gbPerDay, recorded.natPricePerGb)),
        basis: 'upper-bound',
        ...(why ? { upperBoundReason: why } : {}),
      };
    });
  const scanned = [...measuredLines.values()].reduce(
    (sum, line) => sum + (line.measured?.bytesScanned ?? 0),
    0,
  );
  if (measuredLines.size > 0) {
    notes.push(
      `${region}: the flow-log queries of ${measuredLines.size} NAT gateway(s) scanned ${(scanned / BYTES_PER_GB).toFixed(3)} GB of CloudWatch Logs: about $${queryCostUsd(scanned).toFixed(4)} of Logs Insights at $${LOGS_INSIGHTS_USD_PER_GB}/GB.`,
    );
  }
  const gateways = [...metricLines, ...measuredLines.values()].sort((a, b) =>
    a.natGatewayId.localeCompare(b.natGatewayId),
  );
  const lines = attachments
    .map((attachment): TransitGatewayAttachmentCostLine => {
      const note = averageNote(attachment.attachmentId, region, attachment.dailyBytes, window);
      if (note) notes.push(note);
      const average = dailyAverage(attachment, window);
      const gbPerDay = average.bytesPerDay / BYTES_PER_GB;
      return {
        region,
        vpcId: attachment.vpcId,
        transitGatewayId: attachment.transitGatewayId,
        attachmentId: attachment.attachmentId,
        gbPerDay,
        daysAveraged: average.daysAveraged,
        pricePerGb: recorded.tgwPricePerGb,
        priceSource: recorded.tgwPriceSource,
        estimatedMonthlyUsd: roundUsd(monthlyUsd(gbPerDay, recorded.tgwPricePerGb)),
      };
    })
    .sort((a, b) => a.attachmentId.localeCompare(b.attachmentId));
  return { region: base, gateways, attachments: lines, notes, subnetBytes };
}

/**
 * Prices the report's leaks from the inputs: each leaking NAT gateway's daily average (see
 * `daily-average.ts`) in GB of 2^30 bytes × 30 days × the recorded price, likewise each transit
 * gateway attachment. Regions of the report that the inputs do not hold are `unknown`. Apply the
 * result to the report with `applyCostEstimate`.
 */
export function estimateFromInputs(report: Report, inputs: CostInputs): CostEstimate {
  const window: MetricWindow = {
    days: inputs.days,
    startTime: new Date(inputs.startTime),
    endTime: new Date(inputs.endTime),
  };
  const nat = leakingNatGateways(report);
  const tgw = leakingTransitGateways(report);
  // Transit gateway leaks count only where the attachments were looked up.
  const tgwRegions = [...tgw.keys()].filter(
    (region) => inputs.regions[region]?.transitGatewayStatus !== undefined,
  );
  const regions = [...new Set([...nat.keys(), ...tgwRegions])].sort();
  const outcomes = regions.map((region) =>
    estimateRegion(
      region,
      nat.get(region) ?? [],
      tgw.get(region) ?? [],
      inputsOf(inputs, region),
      window,
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
    startTime: inputs.startTime,
    endTime: inputs.endTime,
    regions: outcomes.map((outcome) => outcome.region),
    gateways,
    attachments,
    totalMonthlyUsd: roundUsd(total),
    partial: outcomes.some(
      (outcome) =>
        outcome.region.status === 'unknown' || outcome.region.transitGatewayStatus === 'unknown',
    ),
    notes: outcomes.flatMap((outcome) => outcome.notes),
    subnetBytes: Object.fromEntries(
      outcomes.flatMap((outcome) =>
        Object.entries(outcome.subnetBytes ?? {}).map(([id, rows]) => [
          `${outcome.region.region}/${id}`,
          rows,
        ]),
      ),
    ),
  };
}
