/**
 * The plan the remediate function returns until remediation proper (issue 5) replaces it: the
 * findings a gateway endpoint would fix, from a live report, filtered by VPC. Pure, and it changes
 * nothing anywhere.
 */
import type { Finding, Path, RegionError, Report, RemediationKind, ServiceName } from '../types';

/** The paths fixed by default; transit-gateway, VPN and other paths may pass central inspection. */
export const DEFAULT_FIXABLE_PATHS: readonly Path[] = [
  'nat-gateway',
  'nat-instance',
  'internet-gateway',
];

/** One fix the plan proposes. */
export interface PlannedFix {
  findingId: string;
  region: string;
  vpcId: string;
  routeTableId: string;
  service: ServiceName;
  path: Path;
  targets: string[];
  subnetIds: string[];
  action: Exclude<RemediationKind, 'manual'>;
}

/** A finding the plan leaves alone, and why. */
export interface SkippedFinding {
  findingId: string;
  reason: string;
}

/** The dry-run answer of the remediate function. */
export interface RemediationPreview {
  dryRun: true;
  accountId: string;
  generatedAt: string;
  regions: string[];
  actions: PlannedFix[];
  skipped: SkippedFinding[];
  errors: RegionError[];
  note: string;
}

function skipReason(finding: Finding): string | undefined {
  if (finding.exempt) return 'exempt (vpce-auditor:exempt tag)';
  if (finding.remediation === 'manual') return `manual: ${finding.reason}`;
  if (!DEFAULT_FIXABLE_PATHS.includes(finding.path)) {
    return `path ${finding.path} may pass central inspection: not fixed without an explicit opt-in`;
  }
  return undefined;
}

/** Builds the plan from a report, keeping only the findings of `vpcIds` when given. */
export function previewRemediation(
  report: Report,
  filter: { vpcIds?: readonly string[] } = {},
): RemediationPreview {
  const vpcs = filter.vpcIds ? new Set(filter.vpcIds) : undefined;
  const actions: PlannedFix[] = [];
  const skipped: SkippedFinding[] = [];
  for (const finding of report.findings) {
    if (vpcs && !vpcs.has(finding.vpcId)) continue;
    const reason = skipReason(finding);
    if (reason !== undefined || finding.remediation === 'manual') {
      skipped.push({ findingId: finding.id, reason: reason ?? 'manual' });
      continue;
    }
    actions.push({
      findingId: finding.id,
      region: finding.region,
      vpcId: finding.vpcId,
      routeTableId: finding.routeTableId,
      service: finding.service,
      path: finding.path,
      targets: finding.targets,
      subnetIds: finding.subnetIds,
      action: finding.remediation,
    });
  }
  return {
    dryRun: true,
    accountId: report.accountId,
    generatedAt: report.generatedAt,
    regions: report.regions,
    actions,
    skipped,
    errors: report.errors,
    note: 'Dry run: nothing was changed. This version only plans; applying arrives with remediation support.',
  };
}
