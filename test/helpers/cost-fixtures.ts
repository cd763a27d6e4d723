import type {
  GetMetricDataCommandInput,
  GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { findingIdOf } from '../../src/analysis/finding-id';
import type { Finding, Report } from '../../src/types';

/** 2^30 bytes. */
export const GIB = 2 ** 30;
/** One day in milliseconds. */
export const DAY = 86_400_000;

/** A finding with sensible defaults: a non-exempt S3 leak through nat-1 in us-east-1. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  const region = overrides.region ?? 'us-east-1';
  const routeTableId = overrides.routeTableId ?? 'rtb-1';
  const service = overrides.service ?? 's3';
  const accountId = overrides.accountId ?? '111122223333';
  return {
    id: findingIdOf({ accountId, region, routeTableId, service }),
    accountId,
    severity: 'high',
    region,
    vpcId: 'vpc-1',
    routeTableId,
    subnetIds: ['subnet-1'],
    service,
    path: 'nat-gateway',
    targets: ['nat-1'],
    remediation: 'create-endpoint',
    reason: 'S3 traffic leaves through a NAT gateway',
    exempt: false,
    ...overrides,
  };
}

/** A report holding the given findings, with `patch` over its other fields. */
export function report(findings: Finding[], patch: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-27T03:00:00.000Z',
    accountId: '111122223333',
    regions: [...new Set(findings.map((f) => f.region))].sort(),
    summary: { subnets: findings.length, leakingSubnets: findings.length, byPath: {} },
    subnets: [],
    findings,
    errors: [],
    ...patch,
  };
}

/** A report holding the given findings (see {@link report}). */
export const reportOf = (findings: Finding[]): Report => report(findings);

/** Daily sums of one gateway: `day` is the 0-based day of the window (0 = oldest). */
export interface FakeGatewayMetrics {
  source?: Record<number, number>;
  destination?: Record<number, number>;
}

/** The same value every day of the window. */
export function everyDay(days: number, bytes: number): Record<number, number> {
  return Object.fromEntries(Array.from({ length: days }, (_, day) => [day, bytes]));
}

/**
 * A fake CloudWatch answering `GetMetricData` from per-gateway daily sums (keyed by NAT gateway id,
 * or by transit gateway attachment id whose `BytesIn` is the `source` series), as the real API does: one
 * result per query, data points at the start of each day of [StartTime, EndTime), ascending.
 */
export function fakeNatMetrics(
  metrics: Record<string, FakeGatewayMetrics>,
): (input: GetMetricDataCommandInput) => GetMetricDataCommandOutput {
  return (input) => {
    const start = new Date(input.StartTime as Date).getTime();
    const end = new Date(input.EndTime as Date).getTime();
    const results = (input.MetricDataQueries ?? []).map((query) => {
      const stat = query.MetricStat;
      const dimensions = stat?.Metric?.Dimensions ?? [];
      const gatewayId = (
        dimensions.find((d) => d.Name === 'NatGatewayId') ??
        dimensions.find((d) => d.Name === 'TransitGatewayAttachment')
      )?.Value;
      // A transit gateway attachment's `BytesIn` is given as its `source`.
      const series =
        stat?.Metric?.MetricName === 'BytesInFromSource' || stat?.Metric?.MetricName === 'BytesIn'
          ? metrics[gatewayId ?? '']?.source
          : metrics[gatewayId ?? '']?.destination;
      const points = Object.entries(series ?? {})
        .map(([day, bytes]) => ({ at: start + Number(day) * DAY, bytes }))
        .filter((point) => point.at >= start && point.at < end)
        .sort((a, b) => a.at - b.at);
      return {
        Id: query.Id,
        Label: stat?.Metric?.MetricName,
        Timestamps: points.map((p) => new Date(p.at)),
        Values: points.map((p) => p.bytes),
        StatusCode: 'Complete' as const,
      };
    });
    return { MetricDataResults: results, $metadata: {} };
  };
}
