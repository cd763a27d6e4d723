/**
 * The organization report folded account by account (pure): each account's report (already compared
 * with its previous night) is added once and let go; what stays is bounded by the number of
 * accounts, not by their subnets and findings: the summary and its counts, the accounts' entries,
 * the errors, the top VPCs and findings (for the message), and the counts of everything else.
 */
import { compareVpcs, leakingSubnetsByWorstPath, toCents } from '../analysis/rollup';
import type { AccountLine } from '../history/report-lines';
import { leakingFamiliesOf } from '../leaking-families';
import {
  FAMILIES,
  LEAKING_PATHS,
  type AccountReport,
  type CostSummary,
  type Family,
  type Finding,
  type Path,
  type RegionError,
  type Report,
  type ReportSummary,
  type ReportTotals,
  type ResolutionReason,
  type ResolvedFinding,
  type SecurityHubSummary,
  type ServiceName,
  type SubnetReport,
  type VpcSummary,
} from '../types';
import { mergeSecurityHub } from './merge-reports';
import { compareText } from '../text-order';

/** How much of each list the fold keeps for the message. */
export const FOLD_LIMITS = { findings: 500, vpcs: 100, resolved: 100 } as const;

/** What the fold hands over at the end. */
export interface FoldResult {
  /** The report with its lists cut to the top (what the message and the metrics read). */
  digest: Report;
  totals: ReportTotals;
  /** Non-exempt subnets leaking on each (service, path). */
  leakingCount: (service: ServiceName, path: Path) => number;
  /** Non-exempt subnets leaking in each address family. */
  leakingFamilyCount: (family: Family) => number;
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

function compareFindings(a: Finding, b: Finding): number {
  return (
    (b.estimatedMonthlyUsd ?? -1) - (a.estimatedMonthlyUsd ?? -1) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.id, b.id)
  );
}

/** The best `limit` items seen, kept sorted lazily (sorted and cut when twice the limit). */
class TopList<T> {
  private items: T[] = [];

  public constructor(
    private readonly limit: number,
    private readonly compare: (a: T, b: T) => number,
  ) {}

  public add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.limit * 2) this.cut();
  }

  public result(): T[] {
    this.cut();
    return this.items;
  }

  private cut(): void {
    this.items.sort(this.compare);
    this.items.length = Math.min(this.items.length, this.limit);
  }
}

function addCounts<K extends string>(
  into: Partial<Record<K, number>>,
  from: Partial<Record<K, number>> | undefined,
): void {
  for (const [key, value] of Object.entries(from ?? {}) as [K, number][]) {
    into[key] = (into[key] ?? 0) + value;
  }
}

/** Folds the accounts of an organization run into its summary, its digest and its counts. */
export class OrganizationFold {
  private readonly summary: ReportSummary = { subnets: 0, leakingSubnets: 0, byPath: {} };
  private readonly worst: Partial<Record<Path, number>> = {};
  private byFamily: Partial<Record<Family, Partial<Record<Path, number>>>> | undefined;
  private regionsAudited = 0;
  private regionsFailed = 0;
  private cents = 0;
  private estimated = false;
  /** An account's metrics could not be read: a total of 0 is then unknown, not $0. */
  private unread = false;
  private cost: CostSummary | undefined;
  private readonly known = new Set<string>();
  private readonly unknown = new Set<string>();
  private readonly gateways = new TopList<CostSummary['gateways'][number]>(
    10,
    (a, b) => b.estimatedMonthlyUsd - a.estimatedMonthlyUsd,
  );
  private readonly notes: string[] = [];
  private readonly regions = new Set<string>();
  private readonly accounts: AccountReport[] = [];
  private readonly errors: RegionError[] = [];
  private readonly vpcs = new TopList<VpcSummary>(FOLD_LIMITS.vpcs, compareVpcs);
  private readonly findings = new TopList<Finding>(FOLD_LIMITS.findings, compareFindings);
  /** The first new finding of each severity (so that "something changed" reads the same). */
  private readonly firstNew = new Map<string, Finding>();
  private readonly resolved: ResolvedFinding[] = [];
  private readonly resolvedBySeverity = new Map<string, ResolvedFinding>();
  private readonly resolvedByWhy: Partial<Record<ResolutionReason, number>> = {};
  private readonly securityHub: SecurityHubSummary[] = [];
  private readonly leaking = new Map<string, number>();
  private readonly leakingFamilies: Record<Family, number> = { ipv4: 0, ipv6: 0, nat64: 0 };
  private history: { since: string | null; newUsd: number[]; persistingUsd: number[] } | undefined;
  private readonly historyCounts = {
    new: 0,
    persisting: 0,
    resolved: 0,
    resolvedUsd: [] as number[],
  };
  private readonly totals: ReportTotals = {
    subnets: 0,
    findings: 0,
    errors: 0,
    vpcs: 0,
    resolved: 0,
    carried: 0,
  };

  /**
   * Adds one account: its line as stored, and its report's summary (with its history when compared).
   */
  public add(line: AccountLine, summary?: ReportSummary): void {
    if (line.account) this.addAccount(line.account, line.errors);
    for (const region of line.account?.regions ?? []) this.regions.add(region);
    this.addSubnets(line.subnets);
    this.errors.push(...line.errors);
    for (const vpc of line.vpcs) this.vpcs.add(vpc);
    for (const finding of line.findings) {
      if (finding.exempt) continue;
      this.findings.add(finding);
      if (finding.status === 'new' && !this.firstNew.has(finding.severity)) {
        this.firstNew.set(finding.severity, finding);
      }
    }
    for (const gone of line.resolved) {
      if (this.resolved.length < FOLD_LIMITS.resolved) this.resolved.push(gone);
      if (!this.resolvedBySeverity.has(gone.severity))
        this.resolvedBySeverity.set(gone.severity, gone);
      this.resolvedByWhy[gone.why] = (this.resolvedByWhy[gone.why] ?? 0) + 1;
    }
    this.totals.subnets += line.subnets.length;
    this.totals.findings += line.findings.length;
    this.totals.errors += line.errors.length;
    this.totals.vpcs += line.vpcs.length;
    this.totals.resolved += line.resolved.length;
    this.totals.carried += line.carried.length;
    if (summary) this.addSummary(summary, line);
  }

  private addAccount(account: AccountReport, errors: readonly RegionError[]): void {
    this.accounts.push(account);
    if (account.securityHub) this.securityHub.push(account.securityHub);
    // As the whole report counts them: (account, region) pairs, a failed one not audited.
    const failed = new Set(errors.map((error) => error.region));
    this.regionsFailed += failed.size;
    this.regionsAudited += account.regions.filter((region) => !failed.has(region)).length;
  }

  private addSubnets(subnets: readonly SubnetReport[]): void {
    addCounts(this.worst, leakingSubnetsByWorstPath(subnets));
    for (const subnet of subnets) {
      if (subnet.exempt) continue;
      for (const [service, verdict] of Object.entries(subnet.services)) {
        if (!verdict?.leaking) continue;
        const key = `${service}/${verdict.path}`;
        this.leaking.set(key, (this.leaking.get(key) ?? 0) + 1);
      }
      for (const family of leakingFamiliesOf(subnet)) this.leakingFamilies[family] += 1;
    }
  }

  private addSummary(summary: ReportSummary, line: AccountLine): void {
    this.summary.subnets += summary.subnets;
    this.summary.leakingSubnets += summary.leakingSubnets;
    addCounts(this.summary.byPath, summary.byPath);
    if (summary.byFamily) {
      this.byFamily ??= {};
      for (const [family, counts] of Object.entries(summary.byFamily) as [
        Family,
        Partial<Record<Path, number>>,
      ][]) {
        addCounts((this.byFamily[family] ??= {}), counts);
      }
    }
    if (summary.estimatedMonthlyUsd !== undefined) {
      this.estimated = true;
      this.cents += toCents(summary.estimatedMonthlyUsd);
    }
    if (line.account?.summary.costStatus === 'unknown') this.unread = true;
    if (summary.cost) {
      this.cost ??= { ...summary.cost, gateways: [], notes: [], partial: false };
      if (summary.cost.partial) this.cost.partial = true;
      for (const region of summary.cost.knownRegions) this.known.add(region);
      for (const region of summary.cost.unknownRegions) this.unknown.add(region);
    }
    for (const gateway of line.cost?.gateways ?? []) this.gateways.add(gateway);
    for (const note of line.cost?.notes ?? []) if (this.notes.length < 10) this.notes.push(note);
    const history = summary.history;
    if (history) {
      this.history ??= { since: history.since, newUsd: [], persistingUsd: [] };
      this.historyCounts.new += history.new.findings;
      this.historyCounts.persisting += history.persisting.findings;
      this.historyCounts.resolved += history.resolved.findings;
      if (history.new.estimatedMonthlyUsd !== undefined)
        this.history.newUsd.push(history.new.estimatedMonthlyUsd);
      if (history.persisting.estimatedMonthlyUsd !== undefined)
        this.history.persistingUsd.push(history.persisting.estimatedMonthlyUsd);
      if (history.resolved.estimatedMonthlyUsd !== undefined)
        this.historyCounts.resolvedUsd.push(history.resolved.estimatedMonthlyUsd);
    }
  }

  /** The summary of everything added (what the stored report's trailer carries). */
  public finalSummary(): ReportSummary {
    const sum = (values: number[]) =>
      values.length > 0
        ? { estimatedMonthlyUsd: values.reduce((total, value) => total + toCents(value), 0) / 100 }
        : {};
    const worst: Partial<Record<Path, number>> = {};
    for (const path of LEAKING_PATHS)
      if (this.worst[path] !== undefined) worst[path] = this.worst[path];
    const summary: ReportSummary = {
      ...this.summary,
      byPath: { ...this.summary.byPath },
      leakingSubnetsByWorstPath: worst,
      regionsAudited: this.regionsAudited,
      regionsFailed: this.regionsFailed,
    };
    if (this.byFamily) {
      const byFamily: NonNullable<ReportSummary['byFamily']> = {};
      for (const family of FAMILIES) {
        const counts = this.byFamily[family];
        if (counts) byFamily[family] = { ...counts };
      }
      summary.byFamily = byFamily;
    }
    if (this.estimated && !(this.unread && this.cents === 0)) {
      summary.estimatedMonthlyUsd = this.cents / 100;
    }
    if (this.cost) {
      summary.cost = {
        ...this.cost,
        knownRegions: [...this.known].sort(compareText),
        unknownRegions: [...this.unknown].sort(compareText),
        gateways: [],
        notes: [],
      };
      delete summary.cost.transitGatewayAttachments;
    }
    if (this.history) {
      summary.history = {
        since: this.history.since,
        new: { findings: this.historyCounts.new, ...sum(this.history.newUsd) },
        persisting: { findings: this.historyCounts.persisting, ...sum(this.history.persistingUsd) },
        resolved: { findings: this.historyCounts.resolved, ...sum(this.historyCounts.resolvedUsd) },
        carried: this.totals.carried,
        resolvedByWhy: { ...this.resolvedByWhy },
      };
    }
    return summary;
  }

  /** The regions of the accounts added, sorted. */
  public finalRegions(): string[] {
    return [...this.regions].sort(compareText);
  }

  /** The accounts' Security Hub exports summed. */
  public finalSecurityHub(): SecurityHubSummary | undefined {
    return mergeSecurityHub(this.securityHub);
  }

  /** The digest report, the real sizes of its lists and the leaking counts. */
  public result(header: {
    accountId: string;
    organizationId?: string;
    generatedAt: string;
    services?: ServiceName[];
  }): FoldResult {
    const summary = this.finalSummary();
    if (summary.cost) {
      summary.cost = { ...summary.cost, gateways: this.gateways.result(), notes: this.notes };
    }
    const findings = this.findings.result();
    for (const first of this.firstNew.values()) if (!findings.includes(first)) findings.push(first);
    const resolved = [...this.resolved];
    for (const first of this.resolvedBySeverity.values()) {
      if (!resolved.includes(first)) resolved.push(first);
    }
    const securityHub = this.finalSecurityHub();
    return {
      digest: {
        schemaVersion: 1,
        generatedAt: header.generatedAt,
        accountId: header.accountId,
        ...(header.organizationId !== undefined ? { organizationId: header.organizationId } : {}),
        accounts: this.accounts,
        regions: this.finalRegions(),
        ...(header.services ? { services: header.services } : {}),
        summary,
        subnets: [],
        findings,
        errors: this.errors,
        resolved,
        carried: [],
        vpcs: this.vpcs.result(),
        ...(securityHub ? { securityHub } : {}),
      },
      totals: { ...this.totals },
      leakingCount: (service, path) => this.leaking.get(`${service}/${path}`) ?? 0,
      leakingFamilyCount: (family) => this.leakingFamilies[family],
    };
  }
}
