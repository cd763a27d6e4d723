/** Shared wording of the human formats (table, markdown, SNS text). */
import { compareSeverity } from '../path-kinds';
import {
  FAMILIES,
  PATHS,
  type Family,
  type Finding,
  type Report,
  type ServiceVerdict,
  type SubnetReport,
  type SubnetStack,
} from '../types';

/**
 * The mark of a subnet shared with the report's account through AWS RAM, written after its id:
 * ` (shared by 111111111111)`, the owner being the account that can change its route table. Empty
 * for the account's own subnets, so a report without shared subnets reads as before.
 */
export function sharedSubnetMark(subnet: Pick<SubnetReport, 'ownerId'>): string {
  return subnet.ownerId === undefined ? '' : ` (shared by ${subnet.ownerId})`;
}

/** The counts by path, in rule order, as `nat-gateway 3, internet-gateway 2`. */
export function byPathText(report: Report): string {
  const parts = PATHS.filter((path) => (report.summary.byPath[path] ?? 0) > 0).map(
    (path) => `${path} ${report.summary.byPath[path] ?? 0}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** A one-line summary of the report. */
export function summaryLine(report: Report): string {
  const { summary } = report;
  const cost = costText(report);
  const failed = report.errors.length > 0 ? `; ${report.errors.length} region error(s)` : '';
  return `${summary.subnets} subnets audited in ${report.regions.length} region(s), ${summary.leakingSubnets} leaking (${byPathText(report)})${cost}${failed}`;
}

/**
 * The cost part of the summary line: `; up to $54.00/month of NAT data processing`, with
 * `(partial: unknown in eu-west-1)` when some regions' metrics could not be read, or
 * `; NAT cost unknown (eu-west-1)` when none could; empty when the estimate did not run.
 */
export function costText(report: Report): string {
  const { estimatedMonthlyUsd, cost } = report.summary;
  const unknown = cost?.partial ? cost.unknownRegions.join(', ') : '';
  if (estimatedMonthlyUsd === undefined) return unknown ? `; NAT cost unknown (${unknown})` : '';
  const partial = unknown ? ` (partial: unknown in ${unknown})` : '';
  const measured = cost?.measuredMonthlyUsd ?? 0;
  if (measured > 0) {
    return `; ${formatUsd(estimatedMonthlyUsd)}/month of NAT data processing, ${formatUsd(measured)} of it measured from flow logs${cost?.upperBound ? ', the rest upper bounds' : ''}${partial}`;
  }
  return `; up to ${formatUsd(estimatedMonthlyUsd)}/month of NAT data processing${partial}`;
}

/** `$1,234.50` */
export function formatUsd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A target id for a narrow column: an ARN (a Cloud WAN core network) keeps its last part. */
export function shortTarget(target: string): string {
  return target.startsWith('arn:') ? (target.split('/').pop() ?? target) : target;
}

/**
 * The address families that give a service its path, as a suffix for dual-stack and IPv6-only
 * subnets: ` [nat64]`, ` [ipv4+ipv6]`, ` [no family]` when none applies; empty for an IPv4 subnet
 * (or a report older than the families).
 */
export function familySuffix(verdict: ServiceVerdict, stack: SubnetStack | undefined): string {
  const { families } = verdict;
  if (stack === undefined || stack === 'ipv4' || families === undefined) return '';
  const giving = FAMILIES.filter((family) => families[family]?.path === verdict.path);
  return giving.length > 0 ? ` [${giving.join('+')}]` : ' [no family]';
}

/**
 * A verdict as `path target,target`, with `(ambiguous)` and, given the subnet's stack, the families
 * that give the path after it (`path [nat64] target`, see {@link familySuffix}).
 */
export function verdictText(verdict: ServiceVerdict | undefined, stack?: SubnetStack): string {
  if (!verdict) return '-';
  const targets =
    verdict.targets.length > 0 ? ` ${verdict.targets.map(shortTarget).join(',')}` : '';
  // The families before the targets: a narrow column shortens the targets, never the families.
  return `${verdict.path}${familySuffix(verdict, stack)}${targets}${verdict.ambiguous ? ' (ambiguous)' : ''}`;
}

/** A finding's service with its address family unless IPv4: `s3`, `s3/ipv6`, `dynamodb/nat64`. */
export function serviceFamilyText(finding: { service: string; family?: Family }): string {
  return finding.family === undefined || finding.family === 'ipv4'
    ? finding.service
    : `${finding.service}/${finding.family}`;
}

/** Findings ordered worst first: non-exempt before exempt, then severity, region, VPC, table. */
export function findingsBySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.exempt) - Number(b.exempt) ||
      compareSeverity(a.severity, b.severity) ||
      a.region.localeCompare(b.region) ||
      a.vpcId.localeCompare(b.vpcId) ||
      a.routeTableId.localeCompare(b.routeTableId) ||
      a.service.localeCompare(b.service),
  );
}
