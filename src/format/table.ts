/**
 * The terminal table. It opens with what decides: the totals and the VPCs to fix first (ranked by
 * dollars, then severity), then the findings in the report's order, the leaking subnets (every
 * subnet with `allSubnets`), the region errors and the notes. Every line fits `width` columns: ids and
 * names are shortened with a visible mark (…), never wrapped.
 */
import { accountOf, isLeakingSubnet, vpcKey } from '../analysis/rollup';
import { SERVICES } from '../types';
import type { RemediationKind, Report, ServiceName, SubnetReport, VpcSummary } from '../types';
import { reportChanges } from '../history/diff';
import { accountRollupLines } from './account-rollup';
import { changeTableLines } from './diff-report';
import { fitColumns, type ColumnSpec } from './fit-columns';
import { serviceFamilyText, sharedSubnetMark, shortTarget, verdictText } from './labels';
import {
  AMBIGUOUS_NOTE,
  explanationNotes,
  findingCostText,
  isAmbiguousFinding,
  listedSubnets,
  pathPairsNote,
  plural,
  shareNotes,
  totalsItems,
  vpcCostText,
  worstPathText,
} from './report-text';
import { DEFAULT_TABLE_WIDTH, oneLine, wrap, wrapItems } from './text-width';

export { DEFAULT_TABLE_WIDTH };
/** The narrowest table drawn: below it the columns would be marks only. */
export const MIN_TABLE_WIDTH = 60;

/** Options of the human formats. */
export interface TableOptions {
  /** Columns available (default {@link DEFAULT_TABLE_WIDTH}; at least {@link MIN_TABLE_WIDTH}). */
  width?: number;
  /** List every subnet, not only the leaking ones. */
  allSubnets?: boolean;
}

function auditedServices(report: Report): ServiceName[] {
  const seen = new Set<ServiceName>();
  for (const subnet of report.subnets) {
    for (const service of Object.keys(subnet.services) as ServiceName[]) seen.add(service);
    if (seen.size === SERVICES.length) break;
  }
  return SERVICES.filter((service) => seen.has(service));
}

const FIX_WORDS: Record<RemediationKind, string> = {
  'create-endpoint': 'create endpoint',
  'attach-to-existing-endpoint': 'attach to endpoint',
  manual: 'manual',
  none: 'none (exempt)',
};

function name(text: string | undefined): string {
  return text === undefined ? '' : oneLine(text);
}

function rollupLines(report: Report, width: number): string[] {
  const vpcs = report.vpcs ?? [];
  if (vpcs.length === 0) return ['No leaking VPCs.'];
  const columns: ColumnSpec[] = [
    { header: 'VPC', min: 12, shrink: 1 },
    { header: 'NAME', min: 6, shrink: 2 },
    { header: 'ACCOUNT', min: 12, shrink: 1 },
    { header: 'REGION', min: 9, shrink: 1 },
    { header: 'LEAKING', align: 'right' },
    { header: 'WORST PATH', min: 11, shrink: 2 },
    { header: '$/MONTH', align: 'right' },
    { header: 'ACTION', min: 10, shrink: 2 },
  ];
  const rows = vpcs.map((vpc) => [
    vpc.vpcId,
    name(vpc.name),
    vpc.accountId,
    vpc.region,
    `${vpc.leakingSubnets}/${vpc.subnets}`,
    vpc.worstPath,
    vpcCostText(vpc),
    vpc.remediation,
  ]);
  return [
    ...wrap(
      `VPCs to fix first (${vpcs.length}, by $/month then severity; LEAKING = leaking/all subnets):`,
      width,
      '  ',
    ),
    ...fitColumns(columns, rows, width, '  '),
  ];
}

/** Groups items under their VPC, in the rollup's order, then the other VPCs by place. */
function byVpc<T>(
  report: Report,
  items: readonly T[],
  keyOf: (item: T) => string,
): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const vpc of report.vpcs ?? []) groups.set(vpcKey(vpc.accountId, vpc.region, vpc.vpcId), []);
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].filter(([, list]) => list.length > 0);
}

/**
 * Groups items under their VPC without moving any: a heading starts wherever the VPC changes, so
 * the rows keep the items' order (the findings' JSON order, whose exempt ones come last even when
 * their VPC was listed before).
 */
function runsByVpc<T>(items: readonly T[], keyOf: (item: T) => string): [string, T[]][] {
  const runs: [string, T[]][] = [];
  for (const item of items) {
    const key = keyOf(item);
    const last = runs[runs.length - 1];
    if (last && last[0] === key) last[1].push(item);
    else runs.push([key, [item]]);
  }
  return runs;
}

const vpcsByKey = new WeakMap<Report, Map<string, VpcSummary>>();

function vpcHeading(report: Report, key: string, sample: { vpcName?: string }): string {
  const [account, region, vpcId] = key.split('/');
  let byKey = vpcsByKey.get(report);
  if (!byKey) {
    byKey = new Map((report.vpcs ?? []).map((v) => [vpcKey(v.accountId, v.region, v.vpcId), v]));
    vpcsByKey.set(report, byKey);
  }
  const vpc = byKey.get(key);
  const label = sample.vpcName !== undefined ? `${vpcId ?? ''} ${oneLine(sample.vpcName)}` : vpcId;
  const leaking = vpc ? ` · ${vpc.leakingSubnets}/${vpc.subnets} subnets leaking` : '';
  return `${label ?? ''} · ${account ?? ''} · ${region ?? ''}${leaking}`;
}

function findingLines(report: Report, width: number): string[] {
  const { findings } = report;
  if (findings.length === 0) return [];
  const columns: ColumnSpec[] = [
    { header: 'SEVERITY' },
    { header: 'ROUTE TABLE', min: 12, shrink: 1 },
    { header: 'NAME', min: 6, shrink: 2 },
    { header: 'SERVICE' },
    { header: 'PATH', min: 16, shrink: 2 },
    { header: 'SUBNETS', align: 'right' },
    { header: '$/MONTH', align: 'right' },
    { header: 'FIX', min: 8, shrink: 2 },
  ];
  const rows: string[][] = [];
  const notes: string[][] = [];
  const headings = new Map<number, string>();
  for (const [key, group] of runsByVpc(findings, (f) =>
    vpcKey(accountOf(f, report), f.region, f.vpcId),
  )) {
    const first = group[0];
    if (first) headings.set(rows.length, vpcHeading(report, key, first));
    for (const f of group) {
      const ambiguous = isAmbiguousFinding(f, report);
      rows.push([
        f.exempt ? 'exempt' : f.severity.toUpperCase(),
        f.routeTableId,
        name(f.name),
        serviceFamilyText(f),
        `${f.path} ${f.targets.map(shortTarget).join(',')}${ambiguous ? ' (ambiguous)' : ''}`.trim(),
        String(f.subnetIds.length),
        findingCostText(f),
        FIX_WORDS[f.remediation],
      ]);
      notes.push([
        ...shareNotes(f),
        ...(f.remediation === 'manual' ? [f.reason] : []),
        ...(ambiguous ? [AMBIGUOUS_NOTE] : []),
      ]);
    }
  }
  const rendered = fitColumns(columns, rows, width, '    ');
  const lines = [
    ...wrap(
      `Findings (${findings.length}: one per route table and service, in the JSON report's order):`,
      width,
      '  ',
    ),
    rendered[0] ?? '',
  ];
  rows.forEach((_row, index) => {
    const heading = headings.get(index);
    if (heading !== undefined) lines.push(...wrap(heading, width - 2, '    ').map((l) => `  ${l}`));
    lines.push(rendered[index + 1] ?? '');
    for (const note of notes[index] ?? [])
      lines.push(...wrap(`- ${note}`, width - 6, '  ').map((l) => `      ${l}`));
  });
  return lines;
}

function subnetLines(report: Report, width: number, allSubnets: boolean): string[] {
  const listed = listedSubnets(report, allSubnets);
  const services = auditedServices(report);
  const heading = allSubnets
    ? `Subnets (all ${report.subnets.length}; marks: ! leaking, x exempt):`
    : `Leaking subnets (${listed.length} of ${report.subnets.length}; --all-subnets lists every subnet):`;
  if (listed.length === 0) return [...wrap(heading, width, '  '), '  none'];
  const columns: ColumnSpec[] = [
    { header: '' },
    { header: 'SUBNET', min: 12, shrink: 1 },
    { header: 'NAME', min: 6, shrink: 2 },
    { header: 'ROUTE TABLE', min: 12, shrink: 1 },
    ...services.map((s): ColumnSpec => ({ header: s.toUpperCase(), min: 16, shrink: 2 })),
  ];
  const rows: string[][] = [];
  const headings = new Map<number, string>();
  const mark = (s: SubnetReport): string => (s.exempt ? 'x' : isLeakingSubnet(s) ? '!' : ' ');
  for (const [key, group] of byVpc(report, listed, (s) =>
    vpcKey(accountOf(s, report), s.region, s.vpcId),
  )) {
    const first = group[0];
    if (first) headings.set(rows.length, vpcHeading(report, key, first));
    const ordered = [...group].sort(
      (a, b) =>
        Number(isLeakingSubnet(b)) - Number(isLeakingSubnet(a)) ||
        a.subnetId.localeCompare(b.subnetId),
    );
    for (const s of ordered) {
      rows.push([
        mark(s),
        `${s.subnetId}${oneLine(sharedSubnetMark(s))}`,
        name(s.name),
        s.routeTableId ?? '(none)',
        ...services.map((service) => verdictText(s.services[service], s.stack)),
      ]);
    }
  }
  const rendered = fitColumns(columns, rows, width, '    ');
  const lines = [...wrap(heading, width, '  '), rendered[0] ?? ''];
  rows.forEach((_row, index) => {
    const vpcHeadingText = headings.get(index);
    if (vpcHeadingText !== undefined)
      lines.push(...wrap(vpcHeadingText, width - 2, '    ').map((l) => `  ${l}`));
    lines.push(rendered[index + 1] ?? '');
  });
  return lines;
}

/** Renders the report as a table for a terminal. */
export function formatTable(report: Report, options: TableOptions = {}): string {
  const width = Math.max(MIN_TABLE_WIDTH, options.width ?? DEFAULT_TABLE_WIDTH);
  const prose = (text: string, indent = '  '): string[] => wrap(text, width, indent);
  const changes = reportChanges(report);
  const lines: string[] = [
    ...prose(`vpce-auditor report · account ${report.accountId} · generated ${report.generatedAt}`),
    ...wrapItems(totalsItems(report), width),
    ...prose(`Leaking subnets by worst path: ${worstPathText(report)}`),
    ...(changes
      ? prose(`Since ${changes.from.generatedAt || 'no earlier report'}: ${changes.headline}`)
      : []),
    '',
    ...rollupLines(report, width),
    '',
    ...accountRollupLines(report, (rows, indent = '') =>
      fitColumns(
        (rows[0] ?? []).map((header) => ({ header, min: 8, shrink: header === 'NAME' ? 2 : 1 })),
        rows.slice(1),
        width,
        indent,
      ),
    ),
  ];
  if (changes) {
    lines.push(
      ...prose(
        `Changes since the baseline of ${changes.from.generatedAt || 'no earlier report'} (persisting leaks are under Findings):`,
        '',
      ),
      ...changeTableLines(changes, width, { withoutPersisting: true }).slice(1),
      '',
    );
  }
  const findings = findingLines(report, width);
  if (findings.length > 0) lines.push(...findings, '');
  lines.push(...subnetLines(report, width, options.allSubnets === true), '');
  if (report.errors.length > 0) {
    lines.push(
      `Region errors (${plural(report.errors.length, 'error')}; these regions are not counted as audited):`,
    );
    for (const e of report.errors) {
      const account = e.accountId !== undefined ? `${e.accountId} ` : '';
      lines.push(
        ...wrap(
          `- ${account}${e.region} ${e.operation} ${e.code}: ${e.message}`,
          width - 2,
          '    ',
        ).map((l) => `  ${l}`),
      );
    }
    lines.push('');
  }
  const notes = [...explanationNotes(report), pathPairsNote(report)];
  lines.push('Notes:');
  for (const note of notes)
    lines.push(...wrap(`- ${note}`, width - 2, '    ').map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
