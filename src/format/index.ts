/** Report formats. */
import type { Report } from '../types';
import { formatHtml } from './html';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { displaySafe } from './safe-text';
import { formatTable, type TableOptions } from './table';

export type { TableOptions };

/** The output formats of a report. */
export const FORMATS = ['table', 'json', 'markdown', 'html'] as const;
/** One of {@link FORMATS}. */
export type OutputFormat = (typeof FORMATS)[number];
/** The output formats of a remediation plan. */
export const PLAN_FORMATS = ['table', 'json', 'markdown'] as const;
/** One of {@link PLAN_FORMATS}. */
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/**
 * Renders a report in the given format. Every string that came from AWS is made safe here, at the
 * boundary (see ./safe-text): JSON keeps exact values with terminal-active characters escaped, the
 * other formats get one-line text (and escape it for markdown and HTML themselves).
 */
export function formatReport(
  raw: Report,
  format: OutputFormat,
  options: TableOptions = {},
): string {
  const report = format === 'json' ? raw : displaySafe(raw);
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report, options);
    case 'table':
      return formatTable(report, options);
    case 'html':
      return formatHtml(report, options);
  }
}
