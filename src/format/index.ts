/** Report formats: one registry entry per `--format` of a report. */
import { formatAsff } from '../securityhub/asff';
import type { Report } from '../types';
import { formatHtml } from './html';
import { jsonReportLines } from './json';
import { formatMarkdown } from './markdown';
import { formatNames, renderWith, renderedText, type FormatRegistry } from './registry';
import { displaySafe, jsonSafe } from './safe-text';
import { formatTable, type TableOptions } from './table';

export type { TableOptions };

/**
 * The formats of a report. Every string that came from AWS is made safe in each (see ./safe-text):
 * JSON keeps exact values with terminal-active characters escaped, the other formats get one-line
 * text (and escape it for markdown and HTML themselves).
 */
export const REPORT_FORMATS = {
  table: {
    summary: 'a table for the terminal',
    render: (report, options) => formatTable(displaySafe(report), options),
  },
  json: {
    summary: 'the JSON report (docs/report.md)',
    // Written piece by piece: for a large estate it is the biggest thing the audit makes (about
    // 1 KB per subnet), and it never has to exist whole.
    render: (report) => () => jsonReportLines(report),
  },
  markdown: {
    summary: 'Markdown, for a pull request or a wiki',
    render: (report, options) => formatMarkdown(displaySafe(report), options),
  },
  html: {
    summary: 'one self-contained HTML page',
    render: (report, options) => formatHtml(displaySafe(report), options),
  },
  asff: {
    summary: 'the leaks as AWS Security Finding Format (Security Hub BatchImportFindings)',
    render: (report) => jsonSafe(formatAsff(report)),
  },
} satisfies FormatRegistry<Report, TableOptions>;

/** The names of {@link REPORT_FORMATS}: the `--format` choices of a report. */
export const FORMATS = formatNames(REPORT_FORMATS);
/** One of {@link FORMATS}. */
export type OutputFormat = keyof typeof REPORT_FORMATS;

/** Renders a report in the given format, as one string. */
export function formatReport(
  report: Report,
  format: OutputFormat,
  options: TableOptions = {},
): string {
  return renderedText(renderWith(REPORT_FORMATS, format, report, options));
}
