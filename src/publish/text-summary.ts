/**
 * The human text of the SNS message (`default` and `email`): it opens with the totals and the VPCs to
 * fix first (by dollars, then severity), then the findings in the report's order with their VPC,
 * route table, path, targets and dollars, how to remediate, the counts by region and path, and the
 * region errors.
 */
import { accountSectionLines } from './account-text';
import { byPathText, formatUsd, serviceFamilyText } from '../format/labels';
import {
  findingCostText,
  s3Ipv6UnknownNotes,
  shareNotes,
  totals,
  vpcCostText,
  vpcLabel,
  worstPathText,
} from '../format/report-text';
import { oneLine } from '../format/text-width';
import { changeHeadline } from '../history/headline';
import { PATHS, type Finding, type Path, type Report } from '../types';
import { shorten } from './shorten';

/** Options of {@link buildTextSummary}. */
export interface TextSummaryOptions {
  /** How many findings to list (worst first). Default 10. */
  maxFindings?: number;
  /** How many region errors to list. Default 10. */
  maxErrors?: number;
  /** How many VPCs of the rollup to list. Default 10. */
  maxVpcs?: number;
  /** How many notes of the cost estimate to list. Default 10. */
  maxNotes?: number;
}

/** What a remediation kind means, for a person. */
export function remediationAdvice(finding: Finding): string {
  const service = finding.service === 's3' ? 'an S3' : 'a DynamoDB';
  switch (finding.remediation) {
    case 'attach-to-existing-endpoint':
      return `attach ${finding.routeTableId} to the existing ${service.replace(/^an? /, '')} gateway endpoint of ${finding.vpcId}`;
    case 'create-endpoint':
      return `create ${service} gateway endpoint in ${finding.vpcId} with route table ${finding.routeTableId}`;
    case 'manual':
      return finding.family === undefined || finding.family === 'ipv4'
        ? 'review by hand (the route table has a route that an endpoint would not override, or the path may pass central inspection)'
        : `by hand: no gateway endpoint route on the table carries its ${finding.family === 'ipv6' ? 'IPv6' : 'NAT64'} traffic (see why)`;
    case 'none':
      return 'none: exempt';
  }
}

/** (subnet, service) counts per region and path, over the report's subnets. */
export function countsByRegionAndPath(report: Report): Map<string, Map<Path, number>> {
  const counts = new Map<string, Map<Path, number>>();
  for (const subnet of report.subnets) {
    let region = counts.get(subnet.region);
    if (!region) {
      region = new Map();
      counts.set(subnet.region, region);
    }
    for (const verdict of Object.values(subnet.services)) {
      region.set(verdict.path, (region.get(verdict.path) ?? 0) + 1);
    }
  }
  return counts;
}

/** One line per finding: severity, place, path, targets, subnets and the fix. */
export function findingLine(finding: Finding): string {
  const targets = finding.targets.length > 0 ? ` via ${finding.targets.join(', ')}` : '';
  const costText = findingCostText(finding);
  const cost =
    finding.estimatedMonthlyUsd !== undefined
      ? `, up to ${formatUsd(finding.estimatedMonthlyUsd)}/month`
      : costText === '-'
        ? ''
        : `, ${costText}`;
  const names = [finding.vpcName, finding.name].filter((n): n is string => n !== undefined);
  const named = names.length > 0 ? ` (${oneLine(names.join(' / '))})` : '';
  return [
    `- [${finding.severity.toUpperCase()}] ${finding.region} ${finding.vpcId} ${finding.routeTableId}${named}: ${serviceFamilyText(finding)} takes ${finding.path}${targets} (${finding.subnetIds.length} subnet(s)${cost})`,
    `    fix: ${remediationAdvice(finding)}`,
    `    why: ${shorten(finding.reason, 300)}`,
    ...shareNotes(finding).map((note) => `    cost: ${note}`),
  ].join('\n');
}

/**
 * The new and resolved leaks since the previous run (the report's history), at most `max` of each;
 * nothing when the report has no history.
 */
function changeLines(report: Report, max: number): string[] {
  const history = report.summary.history;
  if (!history) return [];
  const lines: string[] = [];
  const fresh = report.findings.filter((f) => f.status === 'new');
  if (fresh.length > 0) {
    lines.push(`New since ${history.since ?? 'the first run'} (${fresh.length}):`);
    for (const finding of fresh.slice(0, max)) lines.push(findingLine(finding));
    if (fresh.length > max) lines.push(`- ... and ${fresh.length - max} more`);
    lines.push('');
  }
  const resolved = report.resolved ?? [];
  if (resolved.length > 0) {
    lines.push(`Resolved since ${history.since ?? 'the previous run'} (${resolved.length}):`);
    for (const gone of resolved.slice(0, max)) {
      lines.push(
        `- ${gone.why}${gone.pathNow ? ` (now ${gone.pathNow})` : ''}: ${gone.region} ${gone.vpcId} ${gone.routeTableId} ${gone.service} (was ${gone.path})`,
      );
    }
    if (resolved.length > max) lines.push(`- ... and ${resolved.length - max} more`);
    lines.push('');
  }
  return lines;
}

/** Renders the human summary of a report. */
export function buildTextSummary(report: Report, options: TextSummaryOptions = {}): string {
  const maxFindings = options.maxFindings ?? 10;
  const maxErrors = options.maxErrors ?? 10;
  const headline = changeHeadline(report);
  const maxVpcs = options.maxVpcs ?? 10;
  const maxNotes = options.maxNotes ?? 10;
  const lines: string[] = [
    ...(headline !== undefined ? [headline] : []),
    `vpce-auditor report for ${report.organizationId !== undefined ? `organization ${report.organizationId}` : `account ${report.accountId}`}, generated ${report.generatedAt}`,
    `Regions: ${report.regions.join(', ') || 'none'}`,
    '',
    ...totals(report).map(([label, value]) => `${label}: ${value}`),
    `Leaking subnets by worst path: ${worstPathText(report)}`,
    '',
    ...accountSectionLines(report),
  ];
  lines.push(...changeLines(report, maxFindings));

  const vpcs = report.vpcs ?? [];
  if (vpcs.length > 0) {
    lines.push(
      `VPCs to fix first (${Math.min(vpcs.length, maxVpcs)} of ${vpcs.length}, by $/month then severity):`,
    );
    vpcs.slice(0, maxVpcs).forEach((vpc, index) => {
      lines.push(
        `${index + 1}. ${oneLine(vpcLabel(vpc))} · ${vpc.accountId} · ${vpc.region} · ${vpc.leakingSubnets} of ${vpc.subnets} subnets leaking · worst ${vpc.worstPath} · ${vpcCostText(vpc)} · ${vpc.remediation}`,
      );
    });
    lines.push('');
  }

  const findings = report.findings.filter((finding) => !finding.exempt);
  const exempt = report.findings.length - findings.length;
  if (findings.length === 0) {
    lines.push(`No leaks found${exempt > 0 ? ` (${exempt} exempt finding(s) not shown)` : ''}.`);
  } else {
    const shown = findings.slice(0, maxFindings);
    lines.push(
      `Findings, in the report's order (${shown.length} of ${findings.length}${exempt > 0 ? `; ${exempt} exempt not shown` : ''}):`,
    );
    for (const finding of shown) lines.push(findingLine(finding));
    lines.push(
      '',
      'How to remediate:',
      '  Gateway endpoints for S3 and DynamoDB are free and take the traffic off NAT gateways.',
      '  Invoke the remediate function of the vpce-auditor stack with {} (a dry run: it changes',
      '  nothing) to get the plan per VPC and route table, then with {"dryRun": false} to apply it,',
      '  or run `vpce-auditor remediate` locally (`--apply` to make the changes).',
      '  Tag a VPC, route table or subnet with vpce-auditor:exempt to silence a deliberate path.',
      "  Before applying: S3 then sees the instances' private addresses through the endpoint, not the",
      "  NAT's Elastic IP, so bucket policies conditioned on aws:SourceIp stop matching; use",
      '  aws:SourceVpce or aws:SourceVpc instead.',
    );
  }

  const counts = countsByRegionAndPath(report);
  if (counts.size > 0) {
    lines.push('', '(subnet, service) pairs by region and path, healthy ones included:');
    for (const [region, paths] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      const parts = PATHS.filter((path) => paths.has(path)).map(
        (path) => `${path} ${paths.get(path) ?? 0}`,
      );
      lines.push(`  ${region}: ${parts.join(', ')}`);
    }
    lines.push(`  all regions: ${byPathText(report)}`);
  }
  const ipv6Notes = s3Ipv6UnknownNotes(report);
  if (ipv6Notes.length > 0) lines.push('', 'Notes:', ...ipv6Notes.map((note) => `- ${note}`));
  const notes = report.summary.cost?.notes ?? [];
  if (notes.length > 0) {
    lines.push(
      '',
      'Cost notes:',
      ...notes.slice(0, maxNotes).map((note) => `- ${shorten(note, 300)}`),
    );
    if (notes.length > maxNotes) lines.push(`- ... and ${notes.length - maxNotes} more`);
  }

  if (report.errors.length > 0) {
    lines.push(
      '',
      `Region errors (${report.errors.length}): these regions were not fully audited.`,
    );
    for (const error of report.errors.slice(0, maxErrors)) {
      const account = report.accounts && error.accountId ? `${error.accountId} ` : '';
      lines.push(
        `- ${account}${error.region} ${error.operation} ${error.code}: ${shorten(error.message, 300)}`,
      );
    }
    if (report.errors.length > maxErrors) {
      lines.push(`- ... and ${report.errors.length - maxErrors} more`);
    }
  }
  return `${lines.join('\n')}\n`;
}
