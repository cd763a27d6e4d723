/** The changes between two reports (`vpce-auditor diff`) as a table (terminal), JSON or markdown. */
import type { ReportDiff } from '../history/diff';
import type { Finding, ResolvedFinding } from '../types';
import { fitColumns, type ColumnSpec } from './fit-columns';
import { escapeHtml } from './html-escape';
import { formatNames, renderWith, renderedText, type FormatRegistry } from './registry';
import { displaySafe, jsonSafe, markdownText } from './safe-text';
import { DEFAULT_TABLE_WIDTH, shorten, wrap } from './text-width';

function usd(finding: Finding | ResolvedFinding): string {
  return finding.estimatedMonthlyUsd !== undefined
    ? `$${finding.estimatedMonthlyUsd.toFixed(2)}`
    : '-';
}

/** The columns after the first, which a finding and a resolved one share. */
function placeColumns(finding: Finding | ResolvedFinding): string[] {
  return [
    finding.accountId,
    finding.region,
    finding.vpcId,
    finding.routeTableId,
    finding.service,
    finding.path,
    finding.targets.join(',') || '-',
    String(finding.subnetIds.length),
    usd(finding),
    finding.firstSeen ?? '-',
  ];
}

function findingRow(finding: Finding): string[] {
  return [finding.severity.toUpperCase(), ...placeColumns(finding)];
}

function resolvedRow(resolved: ResolvedFinding): string[] {
  return [
    resolved.why + (resolved.pathNow ? ` (now ${resolved.pathNow})` : ''),
    ...placeColumns(resolved),
  ];
}

const FINDING_HEADER = [
  'SEVERITY',
  'ACCOUNT',
  'REGION',
  'VPC',
  'ROUTE TABLE',
  'SERVICE',
  'PATH',
  'TARGETS',
  'SUBNETS',
  'USD/MONTH',
  'FIRST SEEN',
];
const RESOLVED_HEADER = ['WHY', ...FINDING_HEADER.slice(1)];
RESOLVED_HEADER[6] = 'WAS';

/** Which of a diff's sections: `persisting` is left out where the report lists them anyway. */
type SectionKey = 'new' | 'resolved' | 'persisting' | 'carried';

/** How a format draws the items of the sections, and its header for each kind of item. */
interface SectionRenderers<Item, Header> {
  finding: (f: Finding) => Item;
  resolved: (r: ResolvedFinding) => Item;
  header: { finding: Header; resolved: Header };
}

/**
 * The four sections of a diff, in the order every format shows them: each with its title, its
 * items as the renderers draw them, and the header of their kind.
 */
function diffSections<Item, Header>(
  diff: ReportDiff,
  { finding, resolved, header }: SectionRenderers<Item, Header>,
): { key: SectionKey; title: string; header: Header; items: Item[] }[] {
  return [
    { key: 'new', title: 'New leaks', header: header.finding, items: diff.new.map(finding) },
    {
      key: 'resolved',
      title: 'Resolved',
      header: header.resolved,
      items: diff.resolved.map(resolved),
    },
    {
      key: 'persisting',
      title: 'Persisting',
      header: header.finding,
      items: diff.persisting.map(finding),
    },
    {
      key: 'carried',
      title: 'Not re-checked (the newer run failed there or did not audit it)',
      header: header.finding,
      items: diff.carried.map(finding),
    },
  ];
}

/** A section of the terminal table: its rows grouped under the VPC they belong to. */
interface TableSection {
  key: SectionKey;
  title: string;
  header: ColumnSpec[];
  items: { group: string; cells: string[] }[];
}

const ROUTE_TABLE: ColumnSpec = { header: 'ROUTE TABLE', min: 12, shrink: 1 };
const SERVICE: ColumnSpec = { header: 'SERVICE' };
const COUNTS: ColumnSpec[] = [
  { header: 'SUBNETS', align: 'right' },
  { header: 'USD/MONTH', align: 'right' },
  { header: 'FIRST SEEN' },
];
const FINDING_COLUMNS: ColumnSpec[] = [
  { header: 'SEVERITY' },
  ROUTE_TABLE,
  SERVICE,
  { header: 'PATH', min: 11, shrink: 2 },
  { header: 'TARGETS', min: 8, shrink: 3 },
  ...COUNTS,
];
const RESOLVED_COLUMNS: ColumnSpec[] = [
  { header: 'WHY' },
  ROUTE_TABLE,
  SERVICE,
  { header: 'WAS', min: 11, shrink: 2 },
  { header: 'NOW', min: 11, shrink: 2 },
  ...COUNTS,
];

/** The day is enough on a terminal; JSON and markdown keep the full time. */
function day(firstSeen: string | undefined): string {
  return firstSeen?.slice(0, 10) ?? '-';
}

function tableSections(diff: ReportDiff): TableSection[] {
  const accounts = new Set(
    [...diff.new, ...diff.resolved, ...diff.persisting, ...diff.carried].map((f) => f.accountId),
  );
  const group = (f: Finding) =>
    [f.vpcId, ...(accounts.size > 1 ? [f.accountId] : []), f.region].join(' · ');
  const finding = (f: Finding) => ({
    group: group(f),
    cells: [
      f.severity.toUpperCase(),
      f.routeTableId,
      f.service,
      f.path,
      f.targets.join(',') || '-',
      String(f.subnetIds.length),
      usd(f),
      day(f.firstSeen),
    ],
  });
  const resolved = (r: ResolvedFinding) => ({
    group: group(r),
    cells: [
      r.why,
      r.routeTableId,
      r.service,
      r.path,
      r.pathNow ?? '-',
      String(r.subnetIds.length),
      usd(r),
      day(r.firstSeen),
    ],
  });
  return diffSections(diff, {
    finding,
    resolved,
    header: { finding: FINDING_COLUMNS, resolved: RESOLVED_COLUMNS },
  });
}

/** A section's lines: the header, then each VPC's line (in order of first appearance) and rows. */
function sectionLines(section: TableSection, width: number): string[] {
  const groups = new Map<string, string[][]>();
  for (const item of section.items) {
    const rows = groups.get(item.group) ?? [];
    rows.push(item.cells);
    groups.set(item.group, rows);
  }
  const ordered = [...groups.values()].flat();
  const [header = '', ...rows] = fitColumns(section.header, ordered, width, '    ').map((line) =>
    line.trimEnd(),
  );
  const lines = [header];
  let next = 0;
  for (const [name, members] of groups) {
    lines.push(shorten(`  ${name}`, width), ...rows.slice(next, next + members.length));
    next += members.length;
  }
  return lines;
}

/** The sections a report shows: every one, or all but the persisting leaks it lists anyway. */
export interface ChangeSectionOptions {
  /** Leave the persisting leaks out (an audit's findings list them). */
  withoutPersisting?: boolean;
}

function shown<T extends { key: SectionKey; items: unknown[] }>(
  sections: T[],
  options: ChangeSectionOptions,
): T[] {
  return sections.filter(
    (section) =>
      section.items.length > 0 && !(options.withoutPersisting && section.key === 'persisting'),
  );
}

/** The non-empty sections of the changes as terminal lines, each `width` columns at most. */
export function changeTableLines(
  diff: ReportDiff,
  width: number,
  options: ChangeSectionOptions = {},
): string[] {
  const lines: string[] = [];
  for (const section of shown(tableSections(diff), options)) {
    lines.push('', ...wrap(`${section.title} (${section.items.length}):`, width, '  '));
    lines.push(...sectionLines(section, width));
  }
  return lines;
}

function formatTable(diff: ReportDiff, width: number): string {
  const lines = [
    ...wrap(`vpce-auditor diff: ${diff.from.generatedAt} -> ${diff.to.generatedAt}`, width, '  '),
    ...wrap(diff.headline, width, '  '),
    ...changeTableLines(diff, width),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The non-empty sections of the changes as markdown tables under `heading` (`###`…) titles; the
 * text is made safe here.
 */
export function changeMarkdownLines(
  diff: ReportDiff,
  heading: string,
  options: ChangeSectionOptions = {},
): string[] {
  const sections = diffSections(diff, {
    finding: findingRow,
    resolved: resolvedRow,
    header: { finding: FINDING_HEADER, resolved: RESOLVED_HEADER },
  });
  const lines: string[] = [];
  for (const section of shown(sections, options)) {
    lines.push('', `${heading} ${section.title} (${section.items.length})`, '');
    lines.push(`| ${section.header.join(' | ')} |`);
    lines.push(`| ${section.header.map(() => '---').join(' | ')} |`);
    for (const row of section.items) lines.push(`| ${row.map(markdownText).join(' | ')} |`);
  }
  return lines;
}

/** The non-empty sections of the changes as HTML tables under `<h3>` titles, every text escaped. */
export function changeHtmlLines(diff: ReportDiff, options: ChangeSectionOptions = {}): string[] {
  const sections = diffSections(diff, {
    finding: findingRow,
    resolved: resolvedRow,
    header: { finding: FINDING_HEADER, resolved: RESOLVED_HEADER },
  });
  return shown(sections, options).flatMap((section) => [
    `<h3>${escapeHtml(section.title)} (${section.items.length})</h3>`,
    `<table class="changes" data-changes="${section.key}"><thead><tr>${section.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>`,
    ...section.items.map(
      (row) => `<tr>${row.map((value) => `<td>${escapeHtml(value)}</td>`).join('')}</tr>`,
    ),
    '</tbody></table>',
  ]);
}

function formatMarkdown(diff: ReportDiff): string {
  const lines = [
    `## vpce-auditor: changes from ${diff.from.generatedAt} to ${diff.to.generatedAt}`,
    '',
    `**${diff.headline}**`,
    ...changeMarkdownLines(diff, '###'),
  ];
  return `${lines.join('\n')}\n`;
}

/** The options of the diff formats. */
export interface DiffFormatOptions {
  /** Columns the table may take (default {@link DEFAULT_TABLE_WIDTH}). */
  width?: number;
}

/**
 * The formats of `vpce-auditor diff`. Names and reasons come from AWS: each format makes them safe
 * (./safe-text).
 */
export const DIFF_FORMATS = {
  table: {
    summary: 'a table for the terminal',
    render: (diff, options) => formatTable(displaySafe(diff), options.width ?? DEFAULT_TABLE_WIDTH),
  },
  json: {
    summary: 'the changes as JSON',
    render: (diff) => `${jsonSafe(JSON.stringify(diff, null, 2))}\n`,
  },
  markdown: {
    summary: 'Markdown, for a pull request or a wiki',
    render: (diff) => formatMarkdown(displaySafe(diff)),
  },
} satisfies FormatRegistry<ReportDiff, DiffFormatOptions>;

/** The names of {@link DIFF_FORMATS}: the `--format` choices of `diff`. */
export const DIFF_FORMAT_NAMES = formatNames(DIFF_FORMATS);
/** One of {@link DIFF_FORMAT_NAMES}. */
export type DiffFormat = keyof typeof DIFF_FORMATS;

/**
 * Renders the changes in the given format; the table fits `width` columns (default
 * {@link DEFAULT_TABLE_WIDTH}).
 */
export function formatDiff(diff: ReportDiff, format: DiffFormat, width?: number): string {
  return renderedText(renderWith(DIFF_FORMATS, format, diff, width !== undefined ? { width } : {}));
}
