/** The JSON report (docs/report.md), as text. */
import type { Report } from '../types';

/** Serialises a report with two-space indentation and a trailing newline. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
