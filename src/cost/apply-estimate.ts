/** Puts a cost estimate into a report (pure: a new report, the input untouched). */
import type { CostShare, CostSummary, Finding, Report } from '../types';
import type { CostEstimate } from './cost-estimate';
import { monthlyUsd, roundUsd } from './daily-average';
import { natGatewaysOf } from './leaking-nat-gateways';
import { attachmentKey, transitGatewaysOf } from './leaking-transit-gateways';

/** USD to whole cents, so that sums of cents are exact. */
function toCents(usd: number): number {
  return Math.round(usd * 100);
}

function withoutEstimate(finding: Finding): Finding {
  const copy = { ...finding };
  delete copy.estimatedMonthlyUsd;
  delete copy.costShares;
  return copy;
}

/** A priced gateway as the findings see it. */
interface GatewayPrice {
  status: CostShare['status'];
  /** Whole cents a month (priced only). */
  cents?: number;
}

/**
 * Returns a new report where:
 * - every non-exempt finding whose path is `nat-gateway` gets `costShares`: each NAT gateway it goes
 *   through (a `transit-gateway` finding: its VPC's attachment to the transit gateway, when found), how many findings share it, and which finding carries its estimate (the first of them in
 *   id order). A gateway's estimate is counted once: on its carrier's `estimatedMonthlyUsd` (the sum of
 *   the gateways it carries, in cents). A gateway without data points is `no-data` (no dollars, not
 *   $0); a gateway of a region whose metrics could not be read is `unknown`;
 * - every other finding carries neither (exempt, other paths);
 * - `summary.estimatedMonthlyUsd` is the sum of the carried estimates, so the findings' dollars and the
 *   VPCs' dollars add up to it exactly (absent when every region concerned is unknown);
 * - `summary.cost` describes the basis (upper bound, data processing only, window, partial, notes).
 *
 * The VPC rollup and the finding order depend on the dollars: run the analysis's `withRollup` on
 * the result (the audit commands and the audit function do).
 */
export function applyCostEstimate(report: Report, estimate: CostEstimate): Report {
  const known = new Set(
    estimate.regions.filter((region) => region.status === 'known').map((r) => r.region),
  );
  const unknown = estimate.regions
    .filter((region) => region.status === 'unknown')
    .map((r) => r.region);
  const prices = new Map<string, GatewayPrice>();
  for (const line of [...estimate.gateways, ...(estimate.attachments ?? [])]) {
    const key = `${line.region}/${'natGatewayId' in line ? line.natGatewayId : line.attachmentId}`;
    prices.set(
      key,
      line.daysAveraged > 0
        ? { status: 'priced', cents: toCents(monthlyUsd(line.gbPerDay, line.pricePerGb)) }
        : { status: 'no-data' },
    );
  }

  // The attachment of each (region, VPC, transit gateway) the estimate found.
  const attachmentOf = new Map<string, string>();
  for (const region of estimate.regions) {
    for (const a of region.attachments ?? [])
      attachmentOf.set(attachmentKey(region.region, a.vpcId, a.transitGatewayId), a.attachmentId);
  }
  /** The priced gateways of a finding: its NAT gateways, then its VPC's transit gateway attachments. */
  const gatewaysOf = (finding: Finding): { id: string; kind: CostShare['kind'] }[] => [
    ...natGatewaysOf(finding).map((id) => ({ id, kind: 'nat-gateway' as const })),
    ...[
      ...new Set(
        transitGatewaysOf(finding).flatMap((tgw) => {
          const id = attachmentOf.get(attachmentKey(finding.region, finding.vpcId, tgw));
          return id ? [id] : [];
        }),
      ),
    ].map((id) => ({ id, kind: 'transit-gateway-attachment' as const })),
  ];

  // Which findings go through each gateway, in id order: the first carries the estimate.
  const users = new Map<string, string[]>();
  for (const finding of [...report.findings].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const { id } of gatewaysOf(finding)) {
      const key = `${finding.region}/${id}`;
      const list = users.get(key);
      if (list) list.push(finding.id);
      else users.set(key, [finding.id]);
    }
  }

  let totalCents = 0;
  const findings = report.findings.map((finding) => {
    const base = withoutEstimate(finding);
    const gateways = gatewaysOf(finding);
    if (gateways.length === 0) return base;
    let carriedCents = 0;
    let carriesPriced = false;
    const costShares = gateways.map(({ id, kind }): CostShare => {
      const key = `${finding.region}/${id}`;
      const sharers = users.get(key) ?? [finding.id];
      const carriedBy = sharers[0] ?? finding.id;
      const price: GatewayPrice = known.has(finding.region)
        ? (prices.get(key) ?? { status: 'no-data' })
        : { status: 'unknown' };
      if (carriedBy === finding.id && price.cents !== undefined) {
        carriesPriced = true;
        carriedCents += price.cents;
      }
      return {
        gatewayId: id,
        kind,
        carriedBy,
        findings: sharers.length,
        status: price.status,
        ...(price.cents !== undefined ? { estimatedMonthlyUsd: price.cents / 100 } : {}),
      };
    });
    totalCents += carriedCents;
    return {
      ...base,
      ...(carriesPriced ? { estimatedMonthlyUsd: carriedCents / 100 } : {}),
      costShares,
    };
  });

  const cost: CostSummary = {
    basis: 'nat-data-processing',
    upperBound: true,
    days: estimate.days,
    startTime: estimate.startTime,
    endTime: estimate.endTime,
    partial: estimate.partial || unknown.length > 0,
    knownRegions: [...known].sort(),
    unknownRegions: [...unknown].sort(),
    gateways: estimate.gateways,
    ...(estimate.attachments && estimate.attachments.length > 0
      ? { transitGatewayAttachments: estimate.attachments }
      : {}),
    notes: estimate.notes,
  };
  const summary = { ...report.summary, cost };
  delete summary.estimatedMonthlyUsd;
  if (known.size > 0 || unknown.length === 0)
    summary.estimatedMonthlyUsd = roundUsd(totalCents / 100);
  return { ...report, summary, findings };
}
