/** Puts a cost estimate into a report (pure: a new report, the input untouched). */
import type { SubnetBytes } from '../snapshot/cost-inputs';
import type { CostShare, CostSummary, Finding, NatGatewayCostLine, Report } from '../types';
import type { CostEstimate } from './cost-estimate';
import { BYTES_PER_GB, monthlyUsd, roundUsd } from './daily-average';
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
  delete copy.costBasis;
  return copy;
}

/** USD a month of `bytes` seen over `days` days at `pricePerGb`. */
function monthlyOfBytes(bytes: number, days: number, pricePerGb: number): number {
  return days > 0 ? monthlyUsd(bytes / BYTES_PER_GB / days, pricePerGb) : 0;
}

/**
 * A finding's share of a measured NAT gateway: with per-subnet attribution, the bytes of its own
 * subnets and service (every finding carries its own); otherwise its service's bytes through the
 * gateway, carried by the first finding of that service (in id order) and shared by the others.
 */
function measuredShare(
  finding: Finding,
  line: NatGatewayCostLine,
  subnetRows: readonly SubnetBytes[],
  users: ReadonlyMap<string, string[]>,
): CostShare {
  const measured = line.measured as NonNullable<NatGatewayCostLine['measured']>;
  const key = `${finding.region}/${line.natGatewayId}`;
  const sameService = users.get(`${key}/${finding.service}`) ?? [finding.id];
  let bytes: number;
  let carriedBy: string;
  if (measured.attribution === 'subnet') {
    const own = new Set(finding.subnetIds);
    bytes = subnetRows
      .filter((row) => row.service === finding.service && own.has(row.subnetId))
      .reduce((sum, row) => sum + row.bytesToService + row.bytesFromService, 0);
    carriedBy = finding.id;
  } else {
    const service = measured.services[finding.service];
    bytes = service ? service.bytesToService + service.bytesFromService : 0;
    carriedBy = sameService[0] ?? finding.id;
  }
  const cents = toCents(monthlyOfBytes(bytes, line.daysAveraged, line.pricePerGb));
  return {
    gatewayId: line.natGatewayId,
    kind: 'nat-gateway',
    carriedBy,
    findings: (users.get(key) ?? [finding.id]).length,
    status: 'priced',
    estimatedMonthlyUsd: cents / 100,
    basis: 'measured',
    measuredBytes: bytes,
    attribution: measured.attribution,
  };
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

  // Which findings go through each gateway (and, for a measured gateway, each service through it),
  // in id order: the first carries the estimate.
  const users = new Map<string, string[]>();
  const push = (key: string, id: string) => {
    const list = users.get(key);
    if (list) list.push(id);
    else users.set(key, [id]);
  };
  for (const finding of [...report.findings].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const { id } of gatewaysOf(finding)) {
      push(`${finding.region}/${id}`, finding.id);
      push(`${finding.region}/${id}/${finding.service}`, finding.id);
    }
  }
  const measuredLines = new Map<string, NatGatewayCostLine>(
    estimate.gateways
      .filter((line) => line.basis === 'measured' && line.measured !== undefined)
      .map((line) => [`${line.region}/${line.natGatewayId}`, line] as const),
  );

  let totalCents = 0;
  let measuredCents = 0;
  let upperBoundShares = 0;
  const findings = report.findings.map((finding) => {
    const base = withoutEstimate(finding);
    const gateways = gatewaysOf(finding);
    if (gateways.length === 0) return base;
    let carriedCents = 0;
    let carriesPriced = false;
    let allMeasured = true;
    const costShares = gateways.map(({ id, kind }): CostShare => {
      const key = `${finding.region}/${id}`;
      const line = kind === 'nat-gateway' ? measuredLines.get(key) : undefined;
      if (line?.measured && known.has(finding.region)) {
        const share = measuredShare(finding, line, estimate.subnetBytes?.[key] ?? [], users);
        if (share.carriedBy === finding.id && share.estimatedMonthlyUsd !== undefined) {
          const cents = Math.round(share.estimatedMonthlyUsd * 100);
          carriesPriced = true;
          carriedCents += cents;
          measuredCents += cents;
        }
        return share;
      }
      allMeasured = false;
      const sharers = users.get(key) ?? [finding.id];
      const carriedBy = sharers[0] ?? finding.id;
      const price: GatewayPrice = known.has(finding.region)
        ? (prices.get(key) ?? { status: 'no-data' })
        : { status: 'unknown' };
      if (carriedBy === finding.id && price.cents !== undefined) {
        carriesPriced = true;
        carriedCents += price.cents;
        upperBoundShares += 1;
      }
      return {
        gatewayId: id,
        kind,
        carriedBy,
        findings: sharers.length,
        status: price.status,
        ...(price.cents !== undefined ? { estimatedMonthlyUsd: price.cents / 100 } : {}),
        basis: 'upper-bound',
      };
    });
    totalCents += carriedCents;
    return {
      ...base,
      ...(carriesPriced ? { estimatedMonthlyUsd: carriedCents / 100 } : {}),
      costShares,
      costBasis: allMeasured ? ('measured' as const) : ('upper-bound' as const),
    };
  });

  const cost: CostSummary = {
    basis: 'nat-data-processing',
    upperBound: upperBoundShares > 0 || measuredCents === 0,
    ...(measuredLines.size > 0 ? { measuredMonthlyUsd: measuredCents / 100 } : {}),
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
