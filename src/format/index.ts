/** Report formats. */
import type { Report } from '../types';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import { formatTable } from './table';

/** The output formats of the CLI. */
export const FORMATS = ['table', 'json', 'markdown'] as const;
/** One of {@link FORMATS}. */
export type OutputFormat = (typeof FORMATS)[number];

/** Renders a report in the given format. */
export function formatReport(report: Report, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'markdown':
      return formatMarkdown(report);
    case 'table':
      return formatTable(report);
  }
}
