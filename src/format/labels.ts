/** Shared wording of the human formats (table, markdown, SNS text). */
import { compareSeverity } from '../path-kinds';
import { PATHS, type Finding, type Report, type ServiceVerdict } from '../types';

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

/** A verdict as `path (target, target)`. */
export function verdictText(verdict: ServiceVerdict | undefined): string {
  if (!verdict) return '-';
  const targets =
    verdict.targets.length > 0 ? ` ${verdict.targets.map(shortTarget).join(',')}` : '';
  return `${verdict.path}${targets}${verdict.ambiguous ? ' (ambiguous)' : ''}`;
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
