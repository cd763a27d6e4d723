/** How the callers (CLI, audit Lambda) ask for the cost estimate, and the one call they make. */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CallHooks } from '../call-hooks';
import type { Report } from '../types';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CostInputs, NatMeasurement } from '../snapshot/cost-inputs';
import type { Snapshot } from '../snapshot/schema';
import { applyCostEstimate } from './apply-estimate';
import { estimateFromInputs } from './estimate-from-inputs';
import { DEFAULT_FLOW_LOG_HOURS, flowLogWindow } from './flow-log-window';
import { readCostInputs } from './read-cost-inputs';

/** The cost settings of a live audit. */
export interface CostOptions {
  /** False skips every metric call (`--no-cost`, `COST_ESTIMATE=false`). */
  enabled: boolean;
  /** Days of NAT gateway metrics to average (default 14). */
  days?: number;
  /** A price per GB for every region instead of the regional table. */
  pricePerGb?: number;
  /**
   * Hours of existing flow logs to query per leaking NAT gateway, ending now (`--flow-log-hours`,
   * `FLOW_LOG_HOURS`; default 24; 0 reads none). Needs the live inventory (see `withCostEstimate`).
   */
  flowLogHours?: number;
  /** Measurements from a file (`--traffic FILE`), by region: they replace the flow-log lookup. */
  traffic?: Readonly<Record<string, readonly NatMeasurement[]>>;
}

/** What the flow-log lookup needs beside the settings: the live inventory and a Logs client. */
export interface FlowLogSources {
  snapshot: Snapshot;
  logs: (region: string) => CloudWatchLogsClient;
}

/** Where the cost reads go: CloudWatch, and optionally EC2 and the flow logs. */
export interface CostSources {
  /** The CloudWatch client of a region. */
  cloudwatch: (region: string) => CloudWatchClient;
  /** Told about every `GetMetricData` request of a region, with its duration. */
  hooks?: (region: string) => CallHooks;
  /**
   * The EC2 client of a region, to find the attachments of VPCs that leak through a transit gateway
   * (`DescribeTransitGatewayAttachments`); without it those leaks are not priced.
   */
  ec2?: (region: string) => EC2Client;
  /**
   * The live inventory and a Logs client: with them (and `ec2`), the leaking NAT gateways are
   * measured from their existing flow logs over the last `flowLogHours` hours.
   */
  flowLogs?: FlowLogSources;
}

/** The cost inputs of a live report as the settings ask (flow logs, traffic file, metrics). */
export function readInputs(
  report: Report,
  options: CostOptions,
  { cloudwatch, hooks, ec2, flowLogs }: CostSources,
): Promise<CostInputs> {
  const hours = options.flowLogHours ?? DEFAULT_FLOW_LOG_HOURS;
  return readCostInputs(report, {
    cloudwatch,
    ...(hooks ? { hooks } : {}),
    ...(ec2 ? { ec2 } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.pricePerGb !== undefined ? { pricePerGb: options.pricePerGb } : {}),
    ...(options.traffic ? { measurements: options.traffic } : {}),
    ...(flowLogs && ec2 && hours > 0
      ? {
          flowLogs: {
            snapshot: flowLogs.snapshot,
            logs: flowLogs.logs,
            ec2,
            window: flowLogWindow(new Date(), hours),
          },
        }
      : {}),
  });
}

/**
 * Adds the cost estimate (NAT gateways; with `sources.ec2`, transit gateway attachments too) to a
 * live report when enabled; returns the report unchanged otherwise. Never fails the audit: a region
 * whose metrics or attachments cannot be read is marked unknown in the report.
 */
export async function withCostEstimate(
  report: Report,
  options: CostOptions,
  sources: CostSources,
): Promise<Report> {
  if (!options.enabled) return report;
  const inputs = await readInputs(report, options, sources);
  return applyCostEstimate(report, estimateFromInputs(report, inputs));
}
