/** Puts a cost estimate into a report (pure: a new report, the input untouched). */
import type { CostSummary, Finding, Report } from '../types';
import type { CostEstimate } from './cost-estimate';
import { monthlyUsd, roundUsd } from './daily-average';
import { natGatewaysOf } from './leaking-nat-gateways';

function withoutEstimate(finding: Finding): Finding {
  const copy = { ...finding };
  delete copy.estimatedMonthlyUsd;
  return copy;
}

/**
 * Returns a new report where:
 * - every non-exempt finding whose path is `nat-gateway`, in a region whose metrics were read, gets
 *   `estimatedMonthlyUsd`: the sum over its NAT gateways (rounded to cents);
 * - every other finding carries no `estimatedMonthlyUsd` (exempt, other paths, unknown regions);
 * - `summary.estimatedMonthlyUsd` sums each distinct gateway of those findings once across the report
 *   (0 when no finding goes through a NAT gateway; absent when every region concerned is unknown);
 * - `summary.cost` describes the basis (upper bound, data processing only, window, partial, notes).
 */
export function applyCostEstimate(report: Report, estimate: CostEstimate): Report {
  const known = new Set(
    estimate.regions.filter((region) => region.status === 'known').map((r) => r.region),
  );
  const unknown = estimate.regions
    .filter((region) => region.status === 'unknown')
    .map((r) => r.region);
  const perGateway = new Map(
    estimate.gateways.map((line) => [
      `${line.region}/${line.natGatewayId}`,
      monthlyUsd(line.gbPerDay, line.pricePerGb),
    ]),
  );

  const counted = new Map<string, number>();
  const findings = report.findings.map((finding) => {
    const base = withoutEstimate(finding);
    if (!known.has(finding.region)) return base;
    let sum = 0;
    let priced = false;
    for (const id of natGatewaysOf(finding)) {
      const key = `${finding.region}/${id}`;
      const value = perGateway.get(key);
      if (value === undefined) continue;
      priced = true;
      sum += value;
      counted.set(key, value);
    }
    return priced ? { ...base, estimatedMonthlyUsd: roundUsd(sum) } : base;
  });

  const total = [...counted.values()].reduce((sum, value) => sum + value, 0);
  const cost: CostSummary = {
    basis: 'nat-data-processing',
    upperBound: true,
    days: estimate.days,
    startTime: estimate.startTime,
    endTime: estimate.endTime,
    partial: unknown.length > 0,
    knownRegions: [...known].sort(),
    unknownRegions: [...unknown].sort(),
    gateways: estimate.gateways,
    notes: estimate.notes,
  };
  const summary = { ...report.summary, cost };
  delete summary.estimatedMonthlyUsd;
  if (known.size > 0 || unknown.length === 0) summary.estimatedMonthlyUsd = roundUsd(total);
  return { ...report, summary, findings };
}
