/**
 * The plan of `vpce-auditor measure` (pure: no AWS call): which leaking NAT gateways get a temporary
 * flow log, on which network interfaces, into which log group, with which format, tags and cap, and
 * what it costs. docs/cost.md ("Measuring where no flow log exists") describes the command.
 *
 * - The flow logs are custom-format, with `pkt-srcaddr`/`pkt-dstaddr`, so that the bytes can be
 *   attributed to source subnets ("Flow log records", available fields,
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html), with a 60-second
 *   aggregation interval (`MaxAggregationInterval` is 60 or 600, EC2 API reference, CreateFlowLogs,
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html).
 * - Every resource the run creates carries the tag {@link MEASURE_TAG_KEY} (the run's id) and
 *   `ManagedBy=vpce-auditor`, and the log groups' names start with {@link MEASURE_LOG_GROUP_PREFIX},
 *   so that a later run finds and removes what an interrupted one left behind.
 */
import type { ServiceName } from '../types';
import { BYTES_PER_GB } from './daily-average';
import type { NatGatewayTarget } from './flow-log-reader';
import { DEFAULT_LOG_FORMAT } from './flow-log-query';

/** The tag every resource of a measurement carries; its value is the run's id. */
export const MEASURE_TAG_KEY = 'vpce-auditor:measure';

/** The prefix of the log groups a measurement creates (`/vpce-auditor/measure/<run id>`). */
export const MEASURE_LOG_GROUP_PREFIX = '/vpce-auditor/measure/';

/** The record format of a measurement's flow logs: the default fields, then the packet's addresses. */
export const MEASURE_LOG_FORMAT = `${DEFAULT_LOG_FORMAT} \${pkt-srcaddr} \${pkt-dstaddr}`;

/** The aggregation interval of a measurement's flow logs, in seconds (the shortest EC2 offers). */
export const MEASURE_AGGREGATION_SECONDS = 60;

/** The retention of a measurement's log group, in days (the shortest CloudWatch Logs offers). */
export const MEASURE_RETENTION_DAYS = 1;

/** The minutes a measurement records by default (`--minutes`). */
export const DEFAULT_MEASURE_MINUTES = 15;

/** The longest measurement, in minutes. */
export const MAX_MEASURE_MINUTES = 180;

/** The most NAT gateways one run measures by default (`--max-gateways`); over it nothing is created. */
export const DEFAULT_MAX_MEASURED_GATEWAYS = 20;

/** The price of flow-log records delivered to CloudWatch Logs, USD per GB ingested (vended logs). */
export const FLOW_LOG_INGEST_USD_PER_GB = 0.5;

/**
 * The price of CloudWatch Logs Insights, USD per GB scanned: the us-east-1 list price of "Amazon
 * CloudWatch pricing" (https://aws.amazon.com/cloudwatch/pricing/, Logs, "Analyze (Logs Insights
 * queries)"). That page itself is not in the project's reference store; checked in December 2026
 * against two independent cost write-ups quoting it ("Logs Insights queries: $0.005 per GB
 * scanned", us-east-1, c3x.dev June 2026; factualminds.com May 2026). Other regions may differ, and
 * the free tier's 5 GB a month of log data covers small runs: the figure stays "about".
 */
export const LOGS_INSIGHTS_USD_PER_GB = 0.005;

/** The tags of a measurement's resources. */
export function measureTags(runId: string): { Key: string; Value: string }[] {
  return [
    { Key: MEASURE_TAG_KEY, Value: runId },
    { Key: 'ManagedBy', Value: 'vpce-auditor' },
  ];
}

/** A leaking NAT gateway of a region, and how its existing flow logs cover it. */
export interface MeasureCandidate extends NatGatewayTarget {
  region: string;
  /** Set when an existing flow log already measures it (the audit reads that one): why it is skipped. */
  coveredBy?: string;
}

/** The temporary flow logs of one region. */
export interface RegionMeasurePlan {
  region: string;
  /** `/vpce-auditor/measure/<run id>`. */
  logGroupName: string;
  /** The gateways measured, sorted by id. */
  targets: NatGatewayTarget[];
  /** Their network interfaces: one flow log each. */
  interfaceIds: string[];
}

/** A gateway left out, and why. */
export interface SkippedGateway {
  region: string;
  natGatewayId: string;
  reason: string;
}

/** What `measure` will create, and what it costs. */
export interface MeasurePlan {
  runId: string;
  minutes: number;
  logFormat: string;
  aggregationSeconds: number;
  retentionDays: number;
  /** The tags of every resource. */
  tags: { Key: string; Value: string }[];
  regions: RegionMeasurePlan[];
  skipped: SkippedGateway[];
  /** The flow logs to create (one per network interface). */
  flowLogs: number;
  maxGateways: number;
  /** True when more gateways than `maxGateways` would be measured: nothing is created. */
  overCap: boolean;
  overCapReason?: string;
  /** What it costs, in words (the prices and what they apply to). */
  cost: string[];
}

/** Options of {@link planMeasurement}. */
export interface MeasurePlanOptions {
  runId: string;
  minutes: number;
  maxGateways: number;
  /** The services whose bytes are measured. */
  services: readonly ServiceName[];
}

/**
 * Plans the temporary flow logs: one per network interface of each leaking NAT gateway that no
 * existing flow log measures (those the audit reads already), one log group per region.
 */
export function planMeasurement(
  candidates: readonly MeasureCandidate[],
  options: MeasurePlanOptions,
): MeasurePlan {
  const skipped: SkippedGateway[] = [];
  const byRegion = new Map<string, NatGatewayTarget[]>();
  for (const candidate of [...candidates].sort(
    (a, b) => a.region.localeCompare(b.region) || a.natGatewayId.localeCompare(b.natGatewayId),
  )) {
    const { region, coveredBy, ...target } = candidate;
    const services = target.services.filter((s) => options.services.includes(s));
    if (coveredBy !== undefined) {
      skipped.push({ region, natGatewayId: target.natGatewayId, reason: coveredBy });
    } else if (target.interfaceIds.length === 0) {
      skipped.push({
        region,
        natGatewayId: target.natGatewayId,
        reason: 'its network interfaces are unknown',
      });
    } else if (services.length === 0) {
      skipped.push({
        region,
        natGatewayId: target.natGatewayId,
        reason: 'none of the services measured leaks through it',
      });
    } else {
      const list = byRegion.get(region) ?? [];
      list.push({ ...target, services });
      byRegion.set(region, list);
    }
  }
  const regions = [...byRegion.entries()].map(([region, targets]): RegionMeasurePlan => ({
    region,
    logGroupName: `${MEASURE_LOG_GROUP_PREFIX}${options.runId}`,
    targets,
    interfaceIds: [...new Set(targets.flatMap((t) => t.interfaceIds))].sort(),
  }));
  const gateways = regions.reduce((sum, r) => sum + r.targets.length, 0);
  const flowLogs = regions.reduce((sum, r) => sum + r.interfaceIds.length, 0);
  const overCap = gateways > options.maxGateways;
  return {
    runId: options.runId,
    minutes: options.minutes,
    logFormat: MEASURE_LOG_FORMAT,
    aggregationSeconds: MEASURE_AGGREGATION_SECONDS,
    retentionDays: MEASURE_RETENTION_DAYS,
    tags: measureTags(options.runId),
    regions,
    skipped,
    flowLogs,
    maxGateways: options.maxGateways,
    overCap,
    ...(overCap
      ? {
          overCapReason: `${gateways} NAT gateways to measure, over the cap of ${options.maxGateways} (--max-gateways): nothing will be created; narrow --regions or raise the cap`,
        }
      : {}),
    cost: [
      `flow-log records: $${FLOW_LOG_INGEST_USD_PER_GB} per GB ingested into CloudWatch Logs (vended logs, first 10 TB), kept ${MEASURE_RETENTION_DAYS} day; a record is about 150 bytes and a busy NAT interface writes a few per connection and minute, so ${options.minutes} minute(s) usually cost cents`,
      `Logs Insights: $${LOGS_INSIGHTS_USD_PER_GB} per GB scanned, ${options.services.length * 2} quer(ies) per gateway over the records above`,
      'no charge for the flow logs themselves or the log group',
    ],
  };
}

/** USD of Logs Insights queries that scanned `bytes` (GB of 2^30 bytes, as the NAT figures). */
export function queryCostUsd(bytes: number): number {
  return (bytes / BYTES_PER_GB) * LOGS_INSIGHTS_USD_PER_GB;
}
