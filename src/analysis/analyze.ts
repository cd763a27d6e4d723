/**
 * The analysis: snapshot in, report out (docs/routing.md → docs/report.md). Pure: no I/O, no clock unless
 * none is given, no AWS SDK. Each region is analysed on its own (so the scale-out plan can run regions
 * and accounts on separate workers) and reports merge by concatenation.
 */
import { regionErrorOf } from '../aws-errors';
import type { RegionSnapshot, RouteTable, Snapshot, Subnet } from '../snapshot/schema';
import {
  SERVICES,
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
import { buildRegionModel } from './region-model';
import { candidateRoutes, type CandidateRoute } from './route-evaluation';
import { RouteTableResolver } from './route-table-resolution';
import { RoutedVerdictMemo } from './routed-verdict-memo';
import {
  evaluateTableService,
  type RoutedVerdict,
  type TableServiceVerdict,
} from './table-verdict';

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
  services: Partial<Record<ServiceName, ServiceVerdict>>;
  evaluations: Partial<Record<ServiceName, TableServiceVerdict>>;
  subnets: Subnet[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Evaluates one route table for every service. A table that cannot be evaluated (a route to a
 * prefix list the snapshot lacks) gets the verdict `unknown` with the reason, and no finding: the
 * rest of the region is still analysed.
 */
function evaluateTable(
  table: RouteTable,
  model: ReturnType<typeof buildRegionModel>,
  services: readonly ServiceName[],
  routed: (candidates: readonly CandidateRoute[], service: ServiceName) => RoutedVerdict,
): TableResult {
  const result: TableResult = {
    table,
    name: nameTagOf(table.Tags),
    tagExempt: isExempt(table.Tags),
    services: {},
    evaluations: {},
    subnets: [],
  };
  let candidates: ReturnType<typeof candidateRoutes>;
  try {
    candidates = candidateRoutes(table, model);
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    for (const service of services) {
      result.services[service] = {
        path: 'unknown',
        leaking: false,
        targets: [],
        leakingCidrs: [],
        reason: error.message,
      };
    }
    return result;
  }
  for (const service of services) {
    const evaluation = evaluateTableService(table, candidates, service, model, routed);
    result.services[service] = evaluation.verdict;
    result.evaluations[service] = evaluation;
  }
  return result;
}

/**
 * Analyses one region of the account `accountId` (which goes into each finding's id). Each route table is evaluated once and its verdict shared by its subnets (the
 * `services` objects of subnets on the same table are the same object: treat them as read-only).
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
  // Tables of one shape (bar their ids) are evaluated once: see RoutedVerdictMemo.
  const memo = new RoutedVerdictMemo(model);
  const routed = memo.routed.bind(memo);
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
  const noRoute: Partial<Record<ServiceName, ServiceVerdict>> = {};
  for (const service of services) {
    noRoute[service] = { path: 'no-route', leaking: false, targets: [], leakingCidrs: [] };
  }

  const subnets: SubnetReport[] = [];
  for (const subnet of snapshot.Subnets) {
    const table = resolver.tableOf(subnet);
    let result: TableResult | undefined;
    if (table) {
      result = results.get(table);
      if (!result) {
        result = evaluateTable(table, model, services, routed);
        results.set(table, result);
      }
      result.subnets.push(subnet);
    }
    const name = nameTagOf(subnet.Tags);
    const vpcName = vpcNames.get(subnet.VpcId);
    const routeTableName = result?.name;
    // Optional fields assigned rather than spread in: no temporary object per subnet.
    const report: SubnetReport = {
      region,
      vpcId: subnet.VpcId,
      subnetId: subnet.SubnetId,
      routeTableId: table ? table.RouteTableId : null,
      exempt: exemptVpcs.has(subnet.VpcId) || isExempt(subnet.Tags) || result?.tagExempt === true,
      services: result ? result.services : noRoute,
    };
    if (name !== undefined) report.name = name;
    if (vpcName !== undefined) report.vpcName = vpcName;
    if (routeTableName !== undefined) report.routeTableName = routeTableName;
    // Last, where the report's stamp (buildReport) puts it: set now, the stamp changes no shape.
    report.accountId = accountId;
    subnets.push(report);
  }
  subnets.sort((a, b) => compareText(a.vpcId, b.vpcId) || compareText(a.subnetId, b.subnetId));

  const findings: Finding[] = [];
  for (const result of results.values()) {
    const { table } = result;
    if (!services.some((service) => result.evaluations[service]?.verdict.leaking === true)) {
      continue; // no finding: nothing to count
    }
    const tableExempt = exemptVpcs.has(table.VpcId) || result.tagExempt;
    const subnetIds = result.subnets.map((s) => s.SubnetId).sort(compareText);
    const exemptSubnetIds = result.subnets
      .filter((s) => isExempt(s.Tags))
      .map((s) => s.SubnetId)
      .sort(compareText);
    const exempt = tableExempt || exemptSubnetIds.length === subnetIds.length;
    // A finding counts the subnets it is about: the non-exempt ones (all of them when it is exempt).
    let counted = subnetIds;
    if (!exempt && exemptSubnetIds.length > 0) {
      const exemptSet = new Set(exemptSubnetIds);
      counted = subnetIds.filter((id) => !exemptSet.has(id));
    }
    for (const service of services) {
      const evaluation = result.evaluations[service];
      if (!evaluation?.verdict.leaking) continue;
      findings.push(
        buildFinding({
          accountId,
          region,
          vpcId: table.VpcId,
          routeTableId: table.RouteTableId,
          subnetIds: counted,
          service,
          evaluation,
          exempt,
          sharedWithExempt: exempt || exemptSubnetIds.length === 0 ? undefined : exemptSubnetIds,
          name: result.name,
          vpcName: vpcNames.get(table.VpcId),
        }),
      );
    }
  }
  findings.sort(
    (a, b) =>
      compareText(a.vpcId, b.vpcId) ||
      compareText(a.routeTableId, b.routeTableId) ||
      compareText(a.service, b.service),
  );
  return { region, subnets, findings };
}

/** Counts by path and leaking subnets. */
export function summarize(subnets: readonly SubnetReport[]): ReportSummary {
  const byPath: Partial<Record<Path, number>> = {};
  let leakingSubnets = 0;
  for (const subnet of subnets) {
    let leaking = false;
    for (const verdict of Object.values(subnet.services)) {
      byPath[verdict.path] = (byPath[verdict.path] ?? 0) + 1;
      if (verdict.leaking) leaking = true;
    }
    if (leaking && !subnet.exempt) leakingSubnets += 1;
  }
  return { subnets: subnets.length, leakingSubnets, byPath };
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
  const subnets = ordered.flatMap((analysis) => analysis.subnets);
  const findings = ordered.flatMap((analysis) => analysis.findings);
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
