/**
 * The CloudWatch metrics of a run, as plain `MetricDatum`s: `SubnetsAudited`, `LeakingSubnets` (a
 * total with no dimension, one per Service and leaking Path, and one per address Family (`ipv4`,
 * `ipv6`, `nat64`: three metrics, the only dimension the families add), zeros included so that
 * alarms see data), `RegionsFailed` (failed account × region pairs), `AccountsFailed` (organization runs:
 * accounts whose audit failed), `AuditsCompleted` (1 per completed audit: the heartbeat an alarm
 * watches), and, only when given, `EstimatedMonthlyUsd`, `EndpointsCreated`, `RouteTablesAttached`
 * and `RemediationActionsFailed`; `NewFindings` and `ResolvedFindings` when the report has a
 * history; `PublishFailed` (separately) when the SNS message could not be sent. No subnet or VPC dimensions: their cardinality would cost more than the leaks.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { totalCostText } from '../format/report-text';
import { leakingFamiliesOf } from '../leaking-families';
import { runFailures } from './run-failures';
import {
  FAMILIES,
  LEAKING_PATHS,
  SERVICES,
  type Family,
  type Path,
  type Report,
  type ServiceName,
} from '../types';

/** At most this many metrics per `PutMetricData` call (the API's limit). */
export const MAX_METRICS_PER_CALL = 1000;

/** The metric names, for dashboards and alarms. */
export const METRIC_NAMES = {
  subnetsAudited: 'SubnetsAudited',
  leakingSubnets: 'LeakingSubnets',
  regionsFailed: 'RegionsFailed',
  accountsFailed: 'AccountsFailed',
  estimatedMonthlyUsd: 'EstimatedMonthlyUsd',
  endpointsCreated: 'EndpointsCreated',
  routeTablesAttached: 'RouteTablesAttached',
  newFindings: 'NewFindings',
  resolvedFindings: 'ResolvedFindings',
  auditsCompleted: 'AuditsCompleted',
  remediationActionsFailed: 'RemediationActionsFailed',
  publishFailed: 'PublishFailed',
} as const;

/** Options of {@link buildMetricData}. */
export interface MetricOptions {
  /** The services audited (the Service dimensions to emit). Default: every service. */
  services?: readonly ServiceName[];
  /** Gateway endpoints created by a remediation run. */
  endpointsCreated?: number;
  /**
   * Route tables newly put on a gateway endpoint by a remediation run, through a created endpoint
   * or an attachment to an existing one (`RemediationCounts.routeTablesAttached`).
   */
  routeTablesAttached?: number;
  /** Remediation actions that failed (`RemediationCounts.failed`). */
  remediationActionsFailed?: number;
  /**
   * The non-exempt subnets leaking on each (service, path), when the report handed over does not hold
   * its subnets (the organization run counts them account by account). Default: counted from them.
   */
  leakingCount?: (service: ServiceName, path: Path) => number;
  /**
   * The non-exempt subnets leaking in each address family, when the report handed over does not hold
   * its subnets. Default: counted from them.
   */
  leakingFamilyCount?: (family: Family) => number;
}

/** Non-exempt subnets leaking in each address family (any service). */
export function leakingFamilyCounts(
  subnets: readonly Report['subnets'][number][],
): Record<Family, number> {
  const counts: Record<Family, number> = { ipv4: 0, ipv6: 0, nat64: 0 };
  for (const subnet of subnets) {
    if (subnet.exempt) continue;
    for (const family of leakingFamiliesOf(subnet)) counts[family] += 1;
  }
  return counts;
}

/** Non-exempt subnets whose verdict for `service` is leaking on `path`. */
function leakingCount(report: Report, service: ServiceName, path: Path): number {
  let count = 0;
  for (const subnet of report.subnets) {
    const verdict = subnet.services[service];
    if (!subnet.exempt && verdict?.leaking && verdict.path === path) count += 1;
  }
  return count;
}

/** Builds the metric data of a report, timestamped with the report's `generatedAt`. */
export function buildMetricData(report: Report, options: MetricOptions = {}): MetricDatum[] {
  const timestamp = new Date(report.generatedAt);
  // A metric's unit is its own: dollars have none, everything else is a count.
  const datum = (
    name: string,
    value: number,
    dimensions?: Record<string, string>,
  ): MetricDatum => ({
    MetricName: name,
    Value: value,
    Unit: name === METRIC_NAMES.estimatedMonthlyUsd ? 'None' : 'Count',
    Timestamp: timestamp,
    ...(dimensions
      ? { Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })) }
      : {}),
  });

  const count =
    options.leakingCount ??
    ((service: ServiceName, path: Path) => leakingCount(report, service, path));
  const data: MetricDatum[] = [
    datum(METRIC_NAMES.subnetsAudited, report.summary.subnets),
    datum(METRIC_NAMES.leakingSubnets, report.summary.leakingSubnets),
  ];
  for (const service of options.services ?? SERVICES) {
    for (const path of LEAKING_PATHS) {
      data.push(
        datum(METRIC_NAMES.leakingSubnets, count(service, path), {
          Service: service,
          Path: path,
        }),
      );
    }
  }
  let familyCount = options.leakingFamilyCount;
  if (familyCount === undefined) {
    const counts = leakingFamilyCounts(report.subnets);
    familyCount = (family) => counts[family];
  }
  for (const family of FAMILIES) {
    data.push(datum(METRIC_NAMES.leakingSubnets, familyCount(family), { Family: family }));
  }
  const failed = runFailures(report);
  data.push(datum(METRIC_NAMES.regionsFailed, failed.accountRegions));
  if (report.accounts) data.push(datum(METRIC_NAMES.accountsFailed, failed.accounts));
  data.push(datum(METRIC_NAMES.auditsCompleted, 1));
  // A figure that could not be read is no datum at all: a 0 would read $0 on the dashboard.
  if (report.summary.estimatedMonthlyUsd !== undefined && isPriced(totalCostText(report))) {
    data.push(datum(METRIC_NAMES.estimatedMonthlyUsd, report.summary.estimatedMonthlyUsd));
  }
  const history = report.summary.history;
  if (history) {
    data.push(datum(METRIC_NAMES.newFindings, history.new.findings));
    data.push(datum(METRIC_NAMES.resolvedFindings, history.resolved.findings));
  }
  if (options.endpointsCreated !== undefined) {
    data.push(datum(METRIC_NAMES.endpointsCreated, options.endpointsCreated));
  }
  if (options.routeTablesAttached !== undefined) {
    data.push(datum(METRIC_NAMES.routeTablesAttached, options.routeTablesAttached));
  }
  if (options.remediationActionsFailed !== undefined) {
    data.push(datum(METRIC_NAMES.remediationActionsFailed, options.remediationActionsFailed));
  }
  return data;
}

/**
 * `PublishFailed` = 1: the run's SNS message could not be published (its reports and other metrics
 * stand); the stack's `PublishFailedAlarm` watches it.
 */
export function buildPublishFailedMetricData(timestamp: Date): MetricDatum[] {
  return [
    { MetricName: METRIC_NAMES.publishFailed, Value: 1, Unit: 'Count', Timestamp: timestamp },
  ];
}

/** The counts of a remediation run that become metrics. */
export interface RemediationMetricCounts {
  endpointsCreated: number;
  routeTablesAttached: number;
  /** Actions that failed. */
  failed: number;
}

/**
 * The metrics of a remediation run alone (the remediate function: its audit may cover only part of
 * the account, so it puts no audit metrics): `EndpointsCreated`, `RouteTablesAttached` and
 * `RemediationActionsFailed`.
 */
export function buildRemediationMetricData(
  counts: RemediationMetricCounts,
  timestamp: Date,
): MetricDatum[] {
  return [
    {
      MetricName: METRIC_NAMES.endpointsCreated,
      Value: counts.endpointsCreated,
      Unit: 'Count',
      Timestamp: timestamp,
    },
    {
      MetricName: METRIC_NAMES.routeTablesAttached,
      Value: counts.routeTablesAttached,
      Unit: 'Count',
      Timestamp: timestamp,
    },
    {
      MetricName: METRIC_NAMES.remediationActionsFailed,
      Value: counts.failed,
      Unit: 'Count',
      Timestamp: timestamp,
    },
  ];
}

/** Splits metric data into batches of at most `size` (default {@link MAX_METRICS_PER_CALL}). */
export function batchMetricData<T>(data: readonly T[], size = MAX_METRICS_PER_CALL): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size ${size} is not >= 1`);
  const batches: T[][] = [];
  for (let start = 0; start < data.length; start += size) {
    batches.push(data.slice(start, start + size));
  }
  return batches;
}

/** True unless the dollars are `no data` or `unknown` (their 0 is not $0), as status or words. */
function isPriced(status: string | undefined): boolean {
  return !['no-data', 'no data', 'unknown'].includes(status ?? '');
}

/**
 * The per-account metrics of a multi-account report: `LeakingSubnets` and (when estimated)
 * `EstimatedMonthlyUsd` with an `AccountId` dimension, one of each per audited account (an
 * organization has at most a few thousand accounts: a bounded cardinality, unlike subnets).
 */
export function buildAccountMetricData(report: Report): MetricDatum[] {
  const timestamp = new Date(report.generatedAt);
  return (report.accounts ?? [])
    .filter((account) => account.status === 'audited')
    .flatMap((account) => {
      const Dimensions = [{ Name: 'AccountId', Value: account.accountId }];
      const usd = account.summary.estimatedMonthlyUsd;
      return [
        {
          MetricName: METRIC_NAMES.leakingSubnets,
          Value: account.summary.leakingSubnets,
          Unit: 'Count' as const,
          Timestamp: timestamp,
          Dimensions,
        },
        ...(usd !== undefined && isPriced(account.summary.costStatus)
          ? [
              {
                MetricName: METRIC_NAMES.estimatedMonthlyUsd,
                Value: usd,
                Unit: 'None' as const,
                Timestamp: timestamp,
                Dimensions,
              },
            ]
          : []),
      ];
    });
}
