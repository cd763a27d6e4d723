/**
 * The per-VPC rollup of a report and the one order its findings take in every format: the VPCs with
 * leaking subnets ranked by dollars, then severity; the findings of the first VPC first, each VPC's
 * findings by dollars, then severity. Pure: a new report, the input untouched.
 *
 * Dollars add up: a gateway's estimate is carried by one finding only (see `CostShare`), every
 * finding belongs to one VPC, so the VPCs' dollars add up to the findings' and to the total.
 */
import { compareSeverity, pathRank } from '../path-kinds';
import { compareText } from '../text-order';
import {
  LEAKING_PATHS,
  type CostShare,
  SERVICES,
  type Finding,
  type Path,
  type RemediationKind,
  type Report,
  type ReportCostStatus,
  type ServiceName,
  type SubnetReport,
  type VpcSummary,
} from '../types';
import { findingSeverity, serviceLabel } from './finding';

const NO_SHARES: readonly CostShare[] = [];

const KIND_ORDER: readonly RemediationKind[] = [
  'attach-to-existing-endpoint',
  'create-endpoint',
  'manual',
];

/** USD to whole cents, so that sums of cents are exact. */
export function toCents(usd: number): number {
  return Math.round(usd * 100);
}

/** The account a subnet or finding belongs to. */
export function accountOf(item: { accountId?: string }, report: Pick<Report, 'accountId'>): string {
  return item.accountId ?? report.accountId;
}

/** The key of a VPC across accounts and regions. */
export function vpcKey(accountId: string, region: string, vpcId: string): string {
  return `${accountId}/${region}/${vpcId}`;
}

/** True when the subnet counts as leaking: not exempt, and some service takes a leaking path. */
export function isLeakingSubnet(subnet: SubnetReport): boolean {
  if (subnet.exempt) return false;
  // The services by name rather than Object.values() or for…in: this runs for every subnet.
  const { services } = subnet;
  for (const service of SERVICES) {
    if (services[service]?.leaking === true) return true;
  }
  return false;
}

/** The subnet's worst path: the first in rule order among its services' paths. */
export function worstPathOf(subnet: SubnetReport): Path | undefined {
  let worst: Path | undefined;
  const { services } = subnet;
  for (const service of SERVICES) {
    const verdict = services[service];
    if (verdict === undefined) continue;
    if (worst === undefined || pathRank(verdict.path) < pathRank(worst)) worst = verdict.path;
  }
  return worst;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The services whose bit is set in `mask` (bit i for `SERVICES[i]`), in their order. */
function servicesIn(mask: number): ServiceName[] {
  return SERVICES.filter((_, index) => (mask & (1 << index)) !== 0);
}

/** Adds `id` to `ids` unless it is there (a VPC's tables are few: a list beats a Set). */
function addOnce(ids: string[], id: string): void {
  if (!ids.includes(id)) ids.push(id);
}

/**
 * What fixes a VPC's findings, in a few words: `create S3+DynamoDB endpoints; attach 1 table`. One
 * pass over the findings: it runs for each of a large estate's thousands of VPCs.
 */
export function vpcRemediationText(findings: readonly Finding[]): string {
  let create = 0;
  let attach = 0;
  const attachTables: string[] = [];
  const manualTables: string[] = [];
  for (const finding of findings) {
    const bit = 1 << SERVICES.indexOf(finding.service);
    if (finding.remediation === 'create-endpoint') create |= bit;
    else if (finding.remediation === 'attach-to-existing-endpoint') {
      attach |= bit;
      addOnce(attachTables, finding.routeTableId);
    } else if (finding.remediation === 'manual') addOnce(manualTables, finding.routeTableId);
  }
  const parts: string[] = [];
  const created = servicesIn(create);
  if (created.length > 0) {
    parts.push(
      `create ${created.map(serviceLabel).join('+')} endpoint${created.length > 1 ? 's' : ''}`,
    );
  }
  const attached = servicesIn(attach);
  if (attached.length > 0) {
    const labels = attached.map(serviceLabel).join('+');
    parts.push(`attach ${plural(attachTables.length, 'table')} (${labels})`);
  }
  if (manualTables.length > 0) parts.push(`review ${plural(manualTables.length, 'table')} by hand`);
  return parts.join('; ');
}

/** The VPC's cost status, from its findings' estimates and their gateways' shares. */
function costStatusOf(findings: readonly Finding[]): VpcSummary['costStatus'] {
  let noData = false;
  let unknown = false;
  for (const finding of findings) {
    if (finding.estimatedMonthlyUsd !== undefined) return 'priced';
    for (const share of finding.costShares ?? NO_SHARES) {
      if (share.status === 'no-data') noData = true;
      else if (share.status === 'unknown') unknown = true;
    }
  }
  if (noData) return 'no-data';
  return unknown ? 'unknown' : 'not-priced';
}

/**
 * What a report's total dollars are, or undefined when no estimate ran: `unknown` when its
 * estimate is missing or a leaking gateway's metrics could not be read and nothing is priced,
 * `no-data` when nothing is priced and its gateways had no data points, else `priced`. A total of
 * 0 from gateways that were not read is not "$0", and not "no data".
 */
export function reportCostStatus(report: Report): ReportCostStatus | undefined {
  const { estimatedMonthlyUsd, cost } = report.summary;
  if (estimatedMonthlyUsd === undefined) return cost ? 'unknown' : undefined;
  if (estimatedMonthlyUsd > 0) return 'priced';
  const shares = report.findings.flatMap((f) => f.costShares ?? []);
  if (shares.length === 0 || shares.some((share) => share.status === 'priced')) return 'priced';
  return shares.some((share) => share.status === 'unknown') ? 'unknown' : 'no-data';
}

function dollarsOf(item: { estimatedMonthlyUsd?: number }): number {
  return item.estimatedMonthlyUsd ?? -1;
}

/** VPCs first by dollars (unpriced last), then severity, leaking subnets, then place. */
export function compareVpcs(a: VpcSummary, b: VpcSummary): number {
  return (
    dollarsOf(b) - dollarsOf(a) ||
    compareSeverity(a.severity, b.severity) ||
    pathRank(a.worstPath) - pathRank(b.worstPath) ||
    b.leakingSubnets - a.leakingSubnets ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.region, b.region) ||
    compareText(a.vpcId, b.vpcId)
  );
}

function compareFindingsInVpc(a: Finding, b: Finding): number {
  return (
    dollarsOf(b) - dollarsOf(a) ||
    compareSeverity(a.severity, b.severity) ||
    pathRank(a.path) - pathRank(b.path) ||
    compareText(a.routeTableId, b.routeTableId) ||
    compareText(a.service, b.service)
  );
}

function compareExempt(a: Finding, b: Finding): number {
  return (
    compareText(a.accountId, b.accountId) ||
    compareText(a.region, b.region) ||
    compareText(a.vpcId, b.vpcId) ||
    compareText(a.routeTableId, b.routeTableId) ||
    compareText(a.service, b.service)
  );
}

/** Leaking subnets counted once each under their worst path. */
export function leakingSubnetsByWorstPath(
  subnets: readonly SubnetReport[],
): Partial<Record<Path, number>> {
  const counts: Partial<Record<Path, number>> = {};
  for (const subnet of subnets) {
    if (!isLeakingSubnet(subnet)) continue;
    const worst = worstPathOf(subnet);
    if (worst !== undefined) counts[worst] = (counts[worst] ?? 0) + 1;
  }
  const ordered: Partial<Record<Path, number>> = {};
  for (const path of LEAKING_PATHS) if (counts[path] !== undefined) ordered[path] = counts[path];
  return ordered;
}

interface RankedVpc {
  vpc: VpcSummary;
  /** The VPC's findings, in their order (not exempt ones). */
  findings: Finding[];
}

/**
 * The non-exempt findings in the order of their ranked VPCs, and the others (exempt) by place.
 * Every non-exempt finding belongs to one ranked VPC, so with unique ids (every analysed report:
 * one finding per account, region, route table and service) the order is the ranked VPCs'
 * findings one VPC after the other; otherwise by the rank of each id, as a finding's id names it.
 */
function orderFindings(
  findings: readonly Finding[],
  ranked: readonly RankedVpc[],
): { ordered: Finding[]; rest: Finding[] } {
  const ids = new Set<string>();
  let unique = true;
  for (const finding of findings) {
    if (ids.size === ids.add(finding.id).size) unique = false;
  }
  if (unique) {
    const ordered: Finding[] = [];
    for (const vpc of ranked) for (const finding of vpc.findings) ordered.push(finding);
    const rest = findings.filter((f) => f.exempt).sort(compareExempt);
    return { ordered, rest };
  }
  const rank = new Map<string, number>();
  let next = 0;
  for (const vpc of ranked) {
    for (const finding of vpc.findings) rank.set(finding.id, next++);
  }
  const ordered = findings
    .filter((f) => !f.exempt && rank.has(f.id))
    .sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
  const rest = findings.filter((f) => f.exempt || !rank.has(f.id)).sort(compareExempt);
  return { ordered, rest };
}

/** The leaking VPCs of a report, ranked (see {@link compareVpcs}). */
export function rollUpVpcs(report: Report): VpcSummary[] {
  return rankVpcs(report).map((ranked) => ranked.vpc);
}

/** Where an item (a subnet or a finding) is: its account (the report's when unsaid), region and VPC. */
type VpcPlaced = Pick<SubnetReport, 'accountId' | 'region' | 'vpcId'>;

/**
 * The items of each VPC (by {@link vpcKey}), in their order. The items of a VPC are next to each
 * other in a report, so each reuses the previous item's list rather than make and look up a key for
 * each of a large estate's 100 000 subnets; any order gives the same groups.
 */
function groupByVpc<T extends VpcPlaced>(items: Iterable<T>, report: Report): Map<string, T[]> {
  const byVpc = new Map<string, T[]>();
  let previous: T | undefined;
  let previousList: T[] = [];
  for (const item of items) {
    if (
      previous !== undefined &&
      item.vpcId === previous.vpcId &&
      item.region === previous.region &&
      accountOf(item, report) === accountOf(previous, report)
    ) {
      previousList.push(item);
      continue;
    }
    const key = vpcKey(accountOf(item, report), item.region, item.vpcId);
    const list = byVpc.get(key);
    if (list) {
      list.push(item);
      previousList = list;
    } else {
      previousList = [item];
      byVpc.set(key, previousList);
    }
    previous = item;
  }
  return byVpc;
}

function* notExempt(findings: readonly Finding[]): Generator<Finding, void, undefined> {
  for (const finding of findings) if (!finding.exempt) yield finding;
}

/**
 * The summary of one VPC from its findings (not exempt, at least one) and subnets: one pass over
 * each (there are thousands of VPCs), and the fields set in their order, without spreading in the
 * optional ones (an object literal with spreads is built field by field at run time).
 */
function vpcSummaryOf(
  findings: Finding[],
  subnets: readonly SubnetReport[],
  report: Report,
): VpcSummary {
  const first = findings[0] as Finding;
  let worstPath = first.path;
  let priced = 0;
  let cents = 0;
  for (const finding of findings) {
    if (pathRank(finding.path) < pathRank(worstPath)) worstPath = finding.path;
    if (finding.estimatedMonthlyUsd !== undefined) {
      priced += 1;
      cents += toCents(finding.estimatedMonthlyUsd);
    }
  }
  let leakingSubnets = 0;
  let subnetVpcName: string | undefined;
  for (const subnet of subnets) {
    if (isLeakingSubnet(subnet)) leakingSubnets += 1;
    subnetVpcName ??= subnet.vpcName;
  }
  const name = first.vpcName ?? subnetVpcName;
  const vpc = {
    accountId: accountOf(first, report),
    region: first.region,
    vpcId: first.vpcId,
  } as VpcSummary;
  if (name !== undefined) vpc.name = name;
  vpc.subnets = subnets.length;
  vpc.leakingSubnets = leakingSubnets;
  vpc.worstPath = worstPath;
  vpc.severity = findingSeverity(worstPath);
  if (priced > 0) vpc.estimatedMonthlyUsd = cents / 100;
  vpc.costStatus = costStatusOf(findings);
  vpc.remediation = vpcRemediationText(findings);
  vpc.remediationKinds = KIND_ORDER.filter((kind) => findings.some((f) => f.remediation === kind));
  vpc.findings = findings.length;
  return vpc;
}

const NO_SUBNETS: readonly SubnetReport[] = [];

function rankVpcs(report: Report): RankedVpc[] {
  const subnetsByVpc = groupByVpc(report.subnets, report);
  const findingsByVpc = groupByVpc(notExempt(report.findings), report);
  const vpcs: RankedVpc[] = [];
  for (const [key, findings] of findingsByVpc) {
    if (findings.length === 0) continue;
    findings.sort(compareFindingsInVpc);
    const vpc = vpcSummaryOf(findings, subnetsByVpc.get(key) ?? NO_SUBNETS, report);
    vpcs.push({ vpc, findings });
  }
  return vpcs.sort((a, b) => compareVpcs(a.vpc, b.vpc));
}

/**
 * The report with its `vpcs` rollup, its findings in the one order every format uses (the findings
 * of each ranked VPC in turn, then the exempt ones) and the subnet counts of its summary
 * (`leakingSubnetsByWorstPath`, `regionsAudited`, `regionsFailed`). Run it again whenever findings
 * or dollars change (the cost estimate does).
 */
export function withRollup(report: Report): Report {
  const ranked = rankVpcs(report);
  const { ordered, rest } = orderFindings(report.findings, ranked);
  const failed = new Set(
    report.errors.map((e) => `${e.accountId ?? report.accountId}/${e.region}`),
  );
  // A multi-account report counts (account, region) pairs; a region that failed is not audited.
  const attempted = report.accounts
    ? report.accounts.flatMap((account) => account.regions.map((r) => `${account.accountId}/${r}`))
    : report.regions.map((region) => `${report.accountId}/${region}`);
  return {
    ...report,
    summary: {
      ...report.summary,
      leakingSubnetsByWorstPath: leakingSubnetsByWorstPath(report.subnets),
      regionsAudited: attempted.filter((key) => !failed.has(key)).length,
      regionsFailed: failed.size,
    },
    findings: [...ordered, ...rest],
    vpcs: ranked.map(({ vpc }) => vpc),
  };
}
