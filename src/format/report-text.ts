/**
 * The words every human format shares (table, markdown, HTML, SNS email text, chat): the totals, the
 * cost of a VPC or finding, the notes that explain them. One wording, so a word means one thing.
 */
import { missingS3Ipv6Reason } from '../analysis/address-families';
import { accountOf, isLeakingSubnet, reportCostStatus } from '../analysis/rollup';
import {
  LEAKING_PATHS,
  type Finding,
  type Report,
  type SubnetReport,
  type VpcSummary,
} from '../types';
import { formatUsd } from './labels';

/** What `ambiguous` means, for a reader. */
export const AMBIGUOUS_NOTE =
  'ambiguous: two routes of equal length to different targets cover the same addresses; AWS picks one of them and keeps it, so the worse one is reported.';

/** What the dollars are. */
export const COST_BASIS_NOTE =
  'Dollars are upper bounds of NAT gateway and transit gateway data processing a month: the gateways may carry other traffic, and hourly charges remain after a fix. Each gateway is counted once.';

/** What the dollars not measured are, when some are. */
export const MIXED_COST_NOTE =
  'Dollars not marked measured are upper bounds of NAT gateway and transit gateway data processing a month: the gateways may carry other traffic, and hourly charges remain after a fix. Each gateway is counted once.';

/** What measured dollars are. */
export const MEASURED_COST_NOTE =
  "Measured dollars are the S3 and DynamoDB bytes that flow logs recorded through a NAT gateway (both directions, each byte once) over the measured window, as a 30-day month at its data processing price; a finding marked measured carries only its own subnets' bytes when the flow log has pkt-srcaddr/pkt-dstaddr, else its service's bytes through the gateway.";

/** The notes that explain a report's dollars and ambiguous verdicts, in every human format. */
export function explanationNotes(report: Report): string[] {
  const notes: string[] = [];
  const cost = report.summary.cost;
  if (cost) {
    const measured = (cost.measuredMonthlyUsd ?? 0) > 0;
    if (cost.upperBound) notes.push(measured ? MIXED_COST_NOTE : COST_BASIS_NOTE);
    if (measured) notes.push(MEASURED_COST_NOTE);
    notes.push(...cost.notes);
  }
  if (hasAmbiguous(report)) notes.push(AMBIGUOUS_NOTE);
  notes.push(...s3Ipv6UnknownNotes(report));
  return notes;
}

/**
 * One note per region whose snapshot had no AWS-managed IPv6 prefix list for S3 (there the `ipv6`
 * family of S3 is `unknown`): `S3 IPv6 ranges unknown in <region>: …`, sorted by region.
 */
export function s3Ipv6UnknownNotes(report: Report): string[] {
  const regions = new Set<string>();
  for (const subnet of report.subnets) {
    if (regions.has(subnet.region)) continue;
    const ipv6 = subnet.services.s3?.families?.ipv6;
    if (ipv6?.path === 'unknown' && ipv6.reason === missingS3Ipv6Reason(subnet.region)) {
      regions.add(subnet.region);
    }
  }
  return [...regions].sort().map(missingS3Ipv6Reason);
}

/** What `summary.byPath` counts, spelled out for the table and markdown notes. */
export function pathPairsNote(report: Report): string {
  const pairs = Object.entries(report.summary.byPath)
    .map(([path, count]) => `${path} ${count ?? 0}`)
    .join(', ');
  return `(subnet, service) pairs by path, healthy ones included: ${pairs || 'none'}.`;
}

/** `3 subnets`, `1 subnet`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The accounts a report covers, sorted. */
export function accountsOf(report: Report): string[] {
  const ids = new Set<string>([report.accountId]);
  for (const subnet of report.subnets) ids.add(accountOf(subnet, report));
  return [...ids].sort();
}

/** Regions that failed, distinct, sorted (with the account when the report covers several). */
export function failedRegions(report: Report): string[] {
  const multi = accountsOf(report).length > 1;
  return [
    ...new Set(
      report.errors.map((e) =>
        multi && e.accountId !== undefined ? `${e.accountId}/${e.region}` : e.region,
      ),
    ),
  ].sort();
}

/** The total dollars, in words: `$512.34/month`, `no data`, `unknown`, or undefined when not estimated. */
export function totalCostText(report: Report): string | undefined {
  const { estimatedMonthlyUsd, cost } = report.summary;
  if (estimatedMonthlyUsd === undefined) return cost ? 'unknown' : undefined;
  const status = reportCostStatus(report);
  if (status === 'no-data') return 'no data';
  if (status === 'unknown') return 'unknown';
  const partial = cost?.partial ? ` (partial: unknown in ${cost.unknownRegions.join(', ')})` : '';
  const measured = cost?.measuredMonthlyUsd ?? 0;
  if (measured > 0 && measured >= estimatedMonthlyUsd)
    return `${formatUsd(estimatedMonthlyUsd)}/month, all measured from flow logs${partial}`;
  if (measured > 0) {
    const rest = Math.round((estimatedMonthlyUsd - measured) * 100) / 100;
    return `${formatUsd(estimatedMonthlyUsd)}/month: ${formatUsd(measured)} measured from flow logs, up to ${formatUsd(rest)} upper bounds${partial}`;
  }
  return `up to ${formatUsd(estimatedMonthlyUsd)}/month${partial}`;
}

/**
 * The totals, as label/value pairs in the order every format shows them: subnets audited, leaking,
 * $/month, regions failed.
 */
export function totals(report: Report): [string, string][] {
  const { summary } = report;
  const failed = failedRegions(report);
  const accounts = accountsOf(report);
  const cost = totalCostText(report);
  // Across accounts `regionsAudited` counts account-regions: the text names the distinct regions.
  const where =
    accounts.length > 1
      ? `${plural(report.regions.length, 'region')} of ${plural(accounts.length, 'account')}`
      : plural(summary.regionsAudited ?? report.regions.length, 'region');
  return [
    ['Subnets audited', `${summary.subnets} in ${where}`],
    ['Leaking subnets', String(summary.leakingSubnets)],
    ['Estimated $/month', cost ?? 'not estimated'],
    ['Regions failed', failed.length > 0 ? `${failed.length} (${failed.join(', ')})` : '0'],
  ];
}

/** The totals, each `label: value`: `Subnets audited: 68 in 3 regions`, `Leaking subnets: 31`, …. */
export function totalsItems(report: Report): string[] {
  return totals(report).map(([label, value]) => `${label}: ${value}`);
}

/** `nat-gateway 11, internet-gateway 27`: leaking subnets counted once, under their worst path. */
export function worstPathText(report: Report): string {
  const counts = report.summary.leakingSubnetsByWorstPath ?? {};
  const parts = LEAKING_PATHS.filter((path) => (counts[path] ?? 0) > 0).map(
    (path) => `${path} ${counts[path] ?? 0}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** A VPC's dollars: `$135.00`, `no data`, `unknown` or `-` (no priced path, or no estimate). */
export function vpcCostText(vpc: VpcSummary): string {
  if (vpc.estimatedMonthlyUsd !== undefined) return formatUsd(vpc.estimatedMonthlyUsd);
  if (vpc.costStatus === 'no-data') return 'no data';
  if (vpc.costStatus === 'unknown') return 'unknown';
  return '-';
}

/**
 * A finding's dollars: what it carries (`$12.00`, an upper bound; `$3.10 measured`, from flow logs),
 * `shared` when another finding carries its gateway, …
 */
export function findingCostText(finding: Finding): string {
  if (finding.estimatedMonthlyUsd !== undefined)
    return `${formatUsd(finding.estimatedMonthlyUsd)}${finding.costBasis === 'measured' ? ' measured' : ''}`;
  const shares = finding.costShares ?? [];
  if (shares.length === 0) return '-';
  if (shares.some((s) => s.carriedBy !== finding.id && s.status === 'priced')) return 'shared';
  if (shares.some((s) => s.status === 'no-data')) return 'no data';
  if (shares.some((s) => s.status === 'unknown')) return 'unknown';
  return 'shared';
}

/** GiB with two decimals. */
function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

/**
 * The cost notes of a finding: what a measured share is (`measured: 42.00 GiB to/from S3 through
 * nat-… in the flow logs, this route table's own subnets`), and the sharing of upper bounds
 * (`shares nat-… with 3 findings`).
 */
export function shareNotes(finding: Finding): string[] {
  return (finding.costShares ?? []).flatMap((share) => {
    if (share.basis === 'measured') {
      const whose =
        share.attribution === 'subnet'
          ? "this route table's own subnets"
          : share.carriedBy === finding.id
            ? `the gateway's ${finding.service} bytes, counted here once for its ${share.findings} finding(s)`
            : `the gateway's ${finding.service} bytes, counted on ${share.carriedBy}`;
      return [
        `measured: ${gib(share.measuredBytes ?? 0)} to/from ${finding.service} through ${share.gatewayId} in its flow logs (${whose})`,
      ];
    }
    if (share.findings <= 1) return [];
    return [
      share.carriedBy === finding.id
        ? `${share.gatewayId} is shared by ${share.findings} findings; its estimate (an upper bound) is counted here, once`
        : `shares ${share.gatewayId} with ${plural(share.findings - 1, 'finding')}; its estimate is counted on ${share.carriedBy}`,
    ];
  });
}

/** True when some verdict of the report is ambiguous. */
export function hasAmbiguous(report: Report): boolean {
  return report.subnets.some((s) => Object.values(s.services).some((v) => v.ambiguous === true));
}

/** The (region, route table, service) triples with an ambiguous verdict, once per report. */
const ambiguousTables = new WeakMap<Report, Set<string>>();

/** True when some verdict of the finding's table is ambiguous. */
export function isAmbiguousFinding(finding: Finding, report: Report): boolean {
  let tables = ambiguousTables.get(report);
  if (!tables) {
    tables = new Set<string>();
    for (const subnet of report.subnets) {
      for (const [service, verdict] of Object.entries(subnet.services)) {
        if (verdict.ambiguous === true) {
          tables.add(`${subnet.region}/${subnet.routeTableId ?? ''}/${service}`);
        }
      }
    }
    ambiguousTables.set(report, tables);
  }
  return tables.has(`${finding.region}/${finding.routeTableId}/${finding.service}`);
}

/** The subnets a format lists: leaking ones by default, all with `allSubnets`. */
export function listedSubnets(report: Report, allSubnets: boolean): SubnetReport[] {
  return allSubnets ? report.subnets : report.subnets.filter(isLeakingSubnet);
}

/** `vpc-0abc (prod-core)` */
export function vpcLabel(vpc: { vpcId: string; name?: string }): string {
  return vpc.name !== undefined ? `${vpc.vpcId} (${vpc.name})` : vpc.vpcId;
}
