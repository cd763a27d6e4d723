/**
 * The live audit: collect the account, then analyse each collected region (docs/routing.md) into one
 * report (docs/report.md). Used by the CLI (`vpce-auditor audit` without `--snapshot`) and the Lambda.
 */
import { AnalysisError } from './analysis/analysis-error';
import { analyzeRegion, buildReport, type RegionAnalysis } from './analysis/analyze';
import { regionErrorOf } from './aws-errors';
import { collectAccount, type CollectOptions } from './collect/collect-account';
import type { Snapshot } from './snapshot/schema';
import type { RegionError, Report, ServiceName } from './types';

/** Options of {@link auditLive}. */
export interface LiveAuditOptions extends CollectOptions {
  /** The services to audit. */
  services: ServiceName[];
}

/** The report and the snapshot it was computed from (for `snapshot --out` or remediation). */
export interface LiveAuditResult {
  report: Report;
  snapshot: Snapshot;
}

/**
 * Collects and audits the account. Regions that fail to collect or analyse are in `report.errors`;
 * the others are reported.
 *
 * @throws UserInputError when a requested region is not enabled (nothing collected)
 * @throws AccountAccessError when the account cannot be reached at all
 */
export async function auditLive(options: LiveAuditOptions): Promise<LiveAuditResult> {
  const { snapshot, errors, regions } = await collectAccount(options);
  const analyses: RegionAnalysis[] = [];
  const failures: RegionError[] = [...errors];
  for (const [region, regionSnapshot] of Object.entries(snapshot.regions)) {
    try {
      analyses.push(analyzeRegion(region, regionSnapshot, options.services, snapshot.accountId));
    } catch (error) {
      if (!(error instanceof AnalysisError)) throw error;
      failures.push(regionErrorOf(region, 'analyze', error));
    }
  }
  failures.sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  const report = buildReport({
    accountId: snapshot.accountId,
    generatedAt: new Date().toISOString(),
    regions,
    analyses,
    errors: failures,
    services: options.services,
  });
  return { report, snapshot };
}
