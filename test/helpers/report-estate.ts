/**
 * Estates for the report formats: a generated estate whose VPCs, subnets and route tables carry
 * `Name` tags (long, wide, hostile), a default-VPC-only account, and a cost estimate for any report.
 */
import { withRollup } from '../../src/analysis/rollup';
import { analyzeSnapshot } from '../../src/analysis/analyze';
import { applyCostEstimate } from '../../src/cost/apply-estimate';
import type { CostEstimate } from '../../src/cost/cost-estimate';
import { snapshotSchemas, type SnapshotInput } from '../../src/snapshot/schema';
import type { Report } from '../../src/types';
import { GENERATED_AT, generatedEstate } from './reports';

type Tagged = { Tags?: { Key: string; Value?: string }[] };

/** Names that try every way of breaking a report: width, wide characters, markup, line breaks. */
export const AWKWARD_NAMES = [
  'platform-production-eu-central-shared-services-vpc-with-a-very-long-name',
  '本番環境のデータ基盤ネットワーク',
  '<script>alert("x")</script>',
  'line\nbreak\tand\u001b[31mescape',
  'pipes | and `ticks` and "quotes" & ampersands',
];

/** A generated estate (see `generatedEstate`) with `Name` tags on VPCs, subnets and route tables. */
export function namedEstate(vpcs: number, subnetsPerVpc: number): SnapshotInput {
  const snapshot = generatedEstate(vpcs, subnetsPerVpc);
  const region = Object.values(snapshot.regions)[0] as Record<string, Tagged[]>;
  const name = (i: number) => AWKWARD_NAMES[i % AWKWARD_NAMES.length] ?? 'x';
  (region.Vpcs ?? []).forEach((vpc, i) => (vpc.Tags = [{ Key: 'Name', Value: `${name(i)}-${i}` }]));
  (region.Subnets ?? []).forEach(
    (s, i) => (s.Tags = [{ Key: 'Name', Value: `${name(i + 1)}-s${i}` }]),
  );
  (region.RouteTables ?? []).forEach(
    (t, i) => (t.Tags = [{ Key: 'Name', Value: `${name(i + 2)}-t${i}` }]),
  );
  return snapshot;
}

/** Analyses a snapshot input at the tests' fixed clock. */
export function reportOfSnapshot(input: SnapshotInput): Report {
  return analyzeSnapshot(snapshotSchemas().SnapshotSchema.parse(input), {
    generatedAt: GENERATED_AT,
  });
}

/** A cost estimate of every NAT gateway of the report's findings, `gbPerDay(index)` each. */
export function costEstimateFor(report: Report, gbPerDay: (index: number) => number): CostEstimate {
  const ids = [
    ...new Set(report.findings.flatMap((f) => f.targets.filter((t) => t.startsWith('nat-')))),
  ].sort();
  const region = report.regions[0] ?? 'us-east-1';
  const gateways = ids.map((natGatewayId, i) => ({
    region,
    natGatewayId,
    gbPerDay: gbPerDay(i),
    daysAveraged: gbPerDay(i) > 0 ? 14 : 0,
    pricePerGb: 0.045,
    priceSource: 'table' as const,
    estimatedMonthlyUsd: Math.round(gbPerDay(i) * 30 * 0.045 * 100) / 100,
  }));
  return {
    days: 14,
    startTime: '2026-11-13T00:00:00.000Z',
    endTime: '2026-11-27T00:00:00.000Z',
    regions: [
      { region, status: 'known', natGatewayIds: ids, pricePerGb: 0.045, priceSource: 'table' },
    ],
    gateways,
    totalMonthlyUsd: gateways.reduce((sum, g) => sum + g.estimatedMonthlyUsd, 0),
    partial: false,
    notes: [],
  };
}

/** The report of {@link namedEstate} with a cost estimate applied. */
export function pricedNamedReport(vpcs: number, subnetsPerVpc: number): Report {
  const report = reportOfSnapshot(namedEstate(vpcs, subnetsPerVpc));
  return withRollup(
    applyCostEstimate(
      report,
      costEstimateFor(report, (i) => ((i * 37) % 50) + (i % 3 === 0 ? 0 : 1.5)),
    ),
  );
}

/** An account whose only leak is its default VPC's internet gateway. */
export function defaultVpcOnlyEstate(): SnapshotInput {
  const snapshot = generatedEstate(1, 3);
  const region = Object.values(snapshot.regions)[0] as Record<string, Record<string, unknown>[]>;
  const vpc = region.Vpcs?.[0];
  if (vpc) vpc.IsDefault = true;
  // every subnet on the main (public) table: drop the private table and its NAT gateway
  region.RouteTables = (region.RouteTables ?? []).slice(0, 1);
  region.NatGateways = [];
  return snapshot;
}
