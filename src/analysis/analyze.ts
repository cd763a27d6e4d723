/**
 * The analysis: snapshot in, report out (docs/routing.md → docs/report.md). Pure: no I/O, no clock unless
 * none is given, no AWS SDK. Each region is analysed on its own (so the scale-out plan can run regions
 * and accounts on separate workers) and reports merge by concatenation.
 */
import { regionErrorOf } from '../aws-errors';
import { compareText, sortBy, sortTexts } from '../text-order';
import type { RegionSnapshot, RouteTable, Snapshot, Subnet } from '../snapshot/schema';
import {
  FAMILIES,
  SERVICES,
  type Family,
  type FamilyVerdict,
  type Finding,
  type Path,
  type RegionError,
  type Report,
  type ReportSummary,
  type ServiceName,
  type ServiceVerdict,
  type SubnetReport,
} from '../types';
import { AnalysisError } from './analysis-error';
import { isExempt } from './exemption';
import { buildFinding } from './finding';
import { withRollup } from './rollup';
import { nameTagOf } from './name-tag';
import {
  addressingOf,
  composeServiceVerdict,
  familiesOf,
  familyApplies,
  ipv6Candidates,
  ipv6FamilyVerdict,
  type SubnetAddressing,
} from './address-families';
import { buildRegionModel, type RegionModel } from './region-model';
import { candidateRoutes, type AddressBlockRoute, type CandidateRoute } from './route-evaluation';
import { RouteTableResolver } from './route-table-resolution';
import { RoutedVerdictMemo } from './routed-verdict-memo';
import {
  evaluateTableService,
  type RoutedVerdict,
  type TableServiceVerdict,
} from './table-verdict';
import { VpcGroups } from './vpc-groups';

/** What one region's analysis yields. */
export interface RegionAnalysis {
  region: string;
  subnets: SubnetReport[];
  findings: Finding[];
}

/** Options of {@link analyzeSnapshot}. */
export interface AnalyzeOptions {
  /** Services to audit (default: all). */
  services?: readonly ServiceName[];
  /** Only these regions of the snapshot (default: all). */
  regions?: readonly string[];
  /** The report's `generatedAt` (default: now). */
  generatedAt?: string;
}

interface TableResult {
  table: RouteTable;
  /** The table's `Name` tag, and whether its tags exempt it (read once, not per subnet). */
  name: string | undefined;
  tagExempt: boolean;
  /** The table's subnets, and what their addresses make of each (same order). */
  subnets: Subnet[];
  addressings: SubnetAddressing[];
  /** Set once the table was read: why it cannot be evaluated, or null when it can. */
  failure?: string | null;
  ipv4Candidates?: CandidateRoute[];
  ipv6Candidates?: AddressBlockRoute<bigint>[];
  /**
   * Each (service, family) verdict of the table, computed when a subnet first needs it, at its
   * {@link FAMILY_SLOTS} index (a list, not a map: there are tens of thousands of tables).
   */
  families: (FamilyVerdict | undefined)[];
  /** The IPv4 evaluations (with their remediation), by service. */
  ipv4Evaluations: Partial<Record<ServiceName, TableServiceVerdict>>;
  /** The services of the table's subnets, at the `familyKey` of the families that apply to them. */
  servicesByKey: (Partial<Record<ServiceName, ServiceVerdict>> | undefined)[];
}

/** The index of a (service, family) verdict in {@link TableResult.families}. */
const FAMILY_SLOTS = Object.fromEntries(
  SERVICES.map((service, serviceIndex) => [
    service,
    Object.fromEntries(
      FAMILIES.map((family, familyIndex) => [family, serviceIndex * FAMILIES.length + familyIndex]),
    ),
  ]),
) as Record<ServiceName, Record<Family, number>>;

const NO_TABLE: FamilyVerdict = { path: 'no-route', leaking: false, targets: [], leakingCidrs: [] };

/** A small number for the families that can apply to a subnet (one per distinct set). */
function familyKey(addressing: SubnetAddressing): number {
  return (
    (addressing.stack === 'ipv6-only' ? 0 : 1) |
    (addressing.ipv6 ? 2 : 0) |
    (addressing.ipv6 && addressing.dns64 ? 4 : 0)
  );
}

/** The analysis of one region: its model, memo and tables. */
class RegionAnalyzer {
  private readonly memo: RoutedVerdictMemo;
  private readonly routed: (
    candidates: readonly CandidateRoute[],
    service: ServiceName,
  ) => RoutedVerdict;

  public constructor(
    private readonly model: RegionModel,
    private readonly services: readonly ServiceName[],
  ) {
    // Tables of one shape (bar their ids) are evaluated once: see RoutedVerdictMemo.
    this.memo = new RoutedVerdictMemo(model);
    this.routed = this.memo.routed.bind(this.memo);
  }

  /** True when S3's regional name has AAAA records in the VPC (no S3 `nat64` family there). */
  public s3Aaaa(vpcId: string): boolean {
    return this.model.s3AaaaVpcs.has(vpcId);
  }

  /**
   * The verdict of one family of a service on a table (computed once per table). A table that
   * cannot be evaluated (a route to a prefix list the snapshot lacks) is `unknown` in every family,
   * with the reason, and has no finding: the rest of the region is still analysed.
   */
  public familyVerdict(
    result: TableResult | undefined,
    service: ServiceName,
    family: Family,
  ): FamilyVerdict {
    if (result === undefined) return NO_TABLE;
    const slot = FAMILY_SLOTS[service][family];
    const known = result.families[slot];
    if (known !== undefined) return known;
    let verdict: FamilyVerdict;
    const failure = this.failureOf(result);
    if (failure !== null) {
      verdict = { path: 'unknown', leaking: false, targets: [], leakingCidrs: [], reason: failure };
    } else if (family === 'ipv4') {
      const evaluation = evaluateTableService(
        result.table,
        result.ipv4Candidates ?? [],
        service,
        this.model,
        this.routed,
        result.addressings.every((a) => a.stack === 'dual-stack'),
      );
      result.ipv4Evaluations[service] = evaluation;
      verdict = evaluation.verdict;
      // Let the candidates go once every service has its evaluation: they then die young instead
      // of being copied by the collector until the whole region is done (hundreds of thousands).
      if (this.services.every((name) => result.ipv4Evaluations[name] !== undefined)) {
        result.ipv4Candidates = undefined;
      }
    } else {
      result.ipv6Candidates ??= ipv6Candidates(result.table, this.model);
      verdict = ipv6FamilyVerdict(result.ipv6Candidates, family, service, this.model);
    }
    result.families[slot] = verdict;
    return verdict;
  }

  private failureOf(result: TableResult): string | null {
    if (result.failure === undefined) {
      try {
        result.ipv4Candidates = candidateRoutes(result.table, this.model);
        result.failure = null;
      } catch (error) {
        if (!(error instanceof AnalysisError)) throw error;
        result.failure = error.message;
      }
    }
    return result.failure;
  }

  /** The services of a subnet with these addresses on this table (shared by such subnets). */
  public servicesOf(
    result: TableResult | undefined,
    vpcId: string,
    addressing: SubnetAddressing,
  ): Partial<Record<ServiceName, ServiceVerdict>> {
    const key = familyKey(addressing);
    const cached = result?.servicesByKey[key];
    if (cached !== undefined) return cached;
    const services: Partial<Record<ServiceName, ServiceVerdict>> = {};
    for (const service of this.services) {
      const families = familiesOf(addressing, service, this.s3Aaaa(vpcId)).map(
        (family) => [family, this.familyVerdict(result, service, family)] as const,
      );
      services[service] = composeServiceVerdict(service, families);
    }
    if (result !== undefined) result.servicesByKey[key] = services;
    return services;
  }
}

/** What the findings of a region's tables share: where they are and the region's lookups. */
interface RegionPlace {
  accountId: string;
  region: string;
  services: readonly ServiceName[];
  analyzer: RegionAnalyzer;
  exemptVpcs: ReadonlySet<string>;
  vpcNames: ReadonlyMap<string, string>;
}

/**
 * Adds a table's findings: one per leaking (service, family) verdict. A function of its own, called
 * per table, rather than a loop inside analyzeRegion: V8 then optimizes it once for every region,
 * where a loop in a function called once per region is compiled again (on stack) in each.
 */
function addTableFindings(findings: Finding[], result: TableResult, place: RegionPlace): void {
  let leaks = false;
  for (const verdict of result.families) if (verdict?.leaking === true) leaks = true;
  if (!leaks) return; // no finding: nothing to count
  const { table } = result;
  const s3Aaaa = place.analyzer.s3Aaaa(table.VpcId);
  const tableExempt = place.exemptVpcs.has(table.VpcId) || result.tagExempt;
  for (const service of place.services) {
    for (const family of FAMILIES) {
      const verdict = result.families[FAMILY_SLOTS[service][family]];
      if (!verdict?.leaking) continue;
      // The finding is about the table's subnets to which this family applies (all of them, the
      // usual case, without a copy).
      let familySubnets = result.subnets;
      let familyAddressings = result.addressings;
      if (!result.addressings.every((a) => familyApplies(a, service, s3Aaaa, family))) {
        familySubnets = [];
        familyAddressings = [];
        result.subnets.forEach((subnet, i) => {
          const addressing = result.addressings[i] as SubnetAddressing;
          if (!familyApplies(addressing, service, s3Aaaa, family)) return;
          familySubnets.push(subnet);
          familyAddressings.push(addressing);
        });
      }
      if (familySubnets.length === 0) continue;
      const subnetIds = sortTexts(familySubnets.map((s) => s.SubnetId));
      const exemptSubnetIds: string[] = [];
      for (const subnet of familySubnets) {
        if (isExempt(subnet.Tags)) exemptSubnetIds.push(subnet.SubnetId);
      }
      sortTexts(exemptSubnetIds);
      const exempt = tableExempt || exemptSubnetIds.length === subnetIds.length;
      // A finding counts the subnets it is about: the non-exempt ones (all of them when exempt).
      let counted = subnetIds;
      if (!exempt && exemptSubnetIds.length > 0) {
        const exemptSet = new Set(exemptSubnetIds);
        counted = subnetIds.filter((id) => !exemptSet.has(id));
      }
      findings.push(
        buildFinding({
          accountId: place.accountId,
          region: place.region,
          vpcId: table.VpcId,
          routeTableId: table.RouteTableId,
          subnetIds: counted,
          service,
          family,
          evaluation:
            family === 'ipv4'
              ? (result.ipv4Evaluations[service] ?? { verdict })
              : { verdict, remediation: 'manual' },
          // The stacks word the fix of the other families only.
          stacks: family === 'ipv4' ? undefined : familyAddressings.map((a) => a.stack),
          exempt,
          sharedWithExempt: exempt || exemptSubnetIds.length === 0 ? undefined : exemptSubnetIds,
          name: result.name,
          vpcName: place.vpcNames.get(table.VpcId),
        }),
      );
    }
  }
}

/**
 * Adds a subnet to its table's result (made on the table's first subnet). Like the functions below,
 * a function of its own called per item, not a loop body inside analyzeRegion, so that V8 optimises
 * it once rather than again (on stack) in each region.
 */
function addToTable(
  results: Map<RouteTable, TableResult>,
  table: RouteTable | undefined,
  subnet: Subnet,
  addressing: SubnetAddressing,
): TableResult | undefined {
  if (table === undefined) return undefined;
  let result = results.get(table);
  if (result === undefined) {
    result = {
      table,
      name: nameTagOf(table.Tags),
      tagExempt: isExempt(table.Tags),
      subnets: [],
      addressings: [],
      families: [],
      ipv4Evaluations: {},
      servicesByKey: [],
    };
    results.set(table, result);
  }
  result.subnets.push(subnet);
  result.addressings.push(addressing);
  return result;
}

/** A subnet's line of the report. */
function subnetReportOf(
  subnet: Subnet,
  result: TableResult | undefined,
  addressing: SubnetAddressing,
  place: RegionPlace,
): SubnetReport {
  const { accountId, exemptVpcs } = place;
  const name = nameTagOf(subnet.Tags);
  const vpcName = place.vpcNames.get(subnet.VpcId);
  const routeTableName = result?.name;
  // Optional fields assigned rather than spread in: no temporary object per subnet.
  const report: SubnetReport = {
    region: place.region,
    vpcId: subnet.VpcId,
    subnetId: subnet.SubnetId,
    routeTableId: result ? result.table.RouteTableId : null,
    exempt: exemptVpcs.has(subnet.VpcId) || isExempt(subnet.Tags) || result?.tagExempt === true,
    stack: addressing.stack,
    services: place.analyzer.servicesOf(result, subnet.VpcId, addressing),
  };
  if (addressing.stack !== 'ipv4') report.dns64 = addressing.dns64;
  if (name !== undefined) report.name = name;
  if (vpcName !== undefined) report.vpcName = vpcName;
  if (routeTableName !== undefined) report.routeTableName = routeTableName;
  // A subnet shared with this account (AWS RAM) belongs to the account that owns it.
  if (subnet.OwnerId !== undefined && subnet.OwnerId !== accountId) report.ownerId = subnet.OwnerId;
  // Last, where the report's stamp (buildReport) puts it: set now, the stamp changes no shape.
  report.accountId = accountId;
  return report;
}

/**
 * Analyses one region of the account `accountId` (which goes into each finding's id). Each route
 * table is evaluated once per address family and its verdicts shared by its subnets (the `services`
 * objects of subnets on the same table with the same families are the same object: treat them as
 * read-only).
 *
 * @throws AnalysisError when the region cannot be analysed (a missing AWS-managed service prefix
 *   list); a route table routing to a missing customer-managed list is only that table's `unknown`
 */
export function analyzeRegion(
  region: string,
  snapshot: RegionSnapshot,
  services: readonly ServiceName[],
  accountId: string,
): RegionAnalysis {
  const model = buildRegionModel(region, snapshot, services);
  const analyzer = new RegionAnalyzer(model, services);
  const resolver = new RouteTableResolver(snapshot.RouteTables);
  const exemptVpcs = new Set(
    snapshot.Vpcs.filter((vpc) => isExempt(vpc.Tags)).map((vpc) => vpc.VpcId),
  );
  const vpcNames = new Map<string, string>();
  for (const vpc of snapshot.Vpcs) {
    const name = nameTagOf(vpc.Tags);
    if (name !== undefined) vpcNames.set(vpc.VpcId, name);
  }
  const results = new Map<RouteTable, TableResult>();

  // First every subnet to its table: the remediation of a table depends on all of its subnets.
  const subnetResults: (TableResult | undefined)[] = [];
  const subnetAddressings: SubnetAddressing[] = [];
  const subnetsByVpc = new VpcGroups<number>();
  const all = snapshot.Subnets;
  for (let index = 0; index < all.length; index += 1) {
    const subnet = all[index] as Subnet;
    const addressing = addressingOf(subnet);
    subnetResults.push(addToTable(results, resolver.tableOf(subnet), subnet, addressing));
    subnetAddressings.push(addressing);
    subnetsByVpc.add(subnet.VpcId, index);
  }

  const place: RegionPlace = { accountId, region, services, analyzer, exemptVpcs, vpcNames };
  // The subnets by VPC, then id: made in that order rather than sorted afterwards, since a region's
  // subnets come grouped by VPC (a sort of the whole region compared them a million times).
  const subnets: SubnetReport[] = [];
  for (const [, indices] of subnetsByVpc.sorted()) {
    sortBy(indices, (index) => (all[index] as Subnet).SubnetId);
    for (const index of indices) {
      const addressing = subnetAddressings[index] as SubnetAddressing;
      subnets.push(subnetReportOf(all[index] as Subnet, subnetResults[index], addressing, place));
    }
  }

  // The findings by VPC, route table, service and family: the tables in that order, and each
  // table's findings made in the order of the services' names and of the families.
  const tablesByVpc = new VpcGroups<TableResult>();
  for (const result of results.values()) tablesByVpc.add(result.table.VpcId, result);
  const findingPlace: RegionPlace = { ...place, services: sortTexts([...services]) };
  const findings: Finding[] = [];
  for (const [, tables] of tablesByVpc.sorted()) {
    sortBy(tables, (result) => result.table.RouteTableId);
    for (const result of tables) addTableFindings(findings, result, findingPlace);
  }
  return { region, subnets, findings };
}

/** Counts by path (and by family and path) and leaking subnets. */
export function summarize(subnets: readonly SubnetReport[]): ReportSummary {
  const byPath: Partial<Record<Path, number>> = {};
  const byFamily: Partial<Record<Family, Partial<Record<Path, number>>>> = {};
  let leakingSubnets = 0;
  for (const subnet of subnets) {
    let leaking = false;
    const { services } = subnet;
    for (const name in services) {
      const verdict = services[name as ServiceName] as ServiceVerdict;
      byPath[verdict.path] = (byPath[verdict.path] ?? 0) + 1;
      if (verdict.leaking) leaking = true;
      const { families } = verdict;
      if (families === undefined) continue;
      for (const family in families) {
        const path = (families[family as Family] as FamilyVerdict).path;
        const counts = (byFamily[family as Family] ??= {});
        counts[path] = (counts[path] ?? 0) + 1;
      }
    }
    if (leaking && !subnet.exempt) leakingSubnets += 1;
  }
  const ordered: Partial<Record<Family, Partial<Record<Path, number>>>> = {};
  for (const family of FAMILIES) if (byFamily[family]) ordered[family] = byFamily[family];
  return { subnets: subnets.length, leakingSubnets, byPath, byFamily: ordered };
}

/**
 * Assembles a report from per-region analyses and errors (concatenation, then the summary). Every
 * subnet and error is stamped with the report's `accountId` (the analyses' subnets are this
 * report's own, so they are stamped in place rather than copied); findings carry it already.
 */
export function buildReport(input: {
  accountId: string;
  generatedAt: string;
  regions: readonly string[];
  analyses: readonly RegionAnalysis[];
  errors: readonly RegionError[];
  /** The services audited, recorded in the report (what a later comparison may resolve). */
  services?: readonly ServiceName[];
}): Report {
  const { accountId } = input;
  const ordered = [...input.analyses].sort((a, b) => compareText(a.region, b.region));
  // concat, not flatMap: a fifth of the time on a large estate's 100 000 subnets.
  const subnets = ([] as SubnetReport[]).concat(...ordered.map((analysis) => analysis.subnets));
  const findings = ([] as Finding[]).concat(...ordered.map((analysis) => analysis.findings));
  for (const subnet of subnets) subnet.accountId = accountId;
  return withRollup({
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    accountId,
    regions: [...input.regions].sort(compareText),
    summary: summarize(subnets),
    subnets,
    findings,
    errors: input.errors.map((error) => ({ accountId, ...error })),
    ...(input.services ? { services: SERVICES.filter((s) => input.services?.includes(s)) } : {}),
  });
}

/**
 * Analyses a whole snapshot. A region that cannot be analysed becomes an entry of `errors` and the
 * others are still reported; the errors the snapshot recorded (regions that failed to collect) are
 * reported too, so an offline audit says what the live one said.
 */
export function analyzeSnapshot(snapshot: Snapshot, options: AnalyzeOptions = {}): Report {
  const services = options.services ?? SERVICES;
  // A region that failed when the snapshot was taken is reported as failed, as the live audit did.
  const recorded = (snapshot.errors ?? []).filter(
    (error) => options.regions === undefined || options.regions.includes(error.region),
  );
  const failedRegions = new Set(recorded.map((error) => error.region));
  const regions = [
    ...new Set([
      ...(options.regions ?? Object.keys(snapshot.regions)).filter(
        (region) => snapshot.regions[region] !== undefined,
      ),
      ...failedRegions,
    ]),
  ];
  const analyses: RegionAnalysis[] = [];
  const errors: RegionError[] = recorded.map((error) => ({ ...error }));
  for (const region of regions) {
    const regionSnapshot = snapshot.regions[region];
    if (!regionSnapshot) continue;
    try {
      analyses.push(analyzeRegion(region, regionSnapshot, services, snapshot.accountId));
    } catch (error) {
      if (!(error instanceof AnalysisError)) throw error;
      errors.push(regionErrorOf(region, 'analyze', error));
    }
  }
  errors.sort((a, b) => compareText(a.region, b.region));
  return buildReport({
    accountId: snapshot.accountId,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    regions,
    analyses,
    errors,
    services,
  });
}
