/** The JSON report (docs/report.md), as text. */
import type { Report } from '../types';

/**
 * Serialises a report: one top-level field per line, and one line per element of its arrays
 * (subnets, findings, errors…), each element compact. As readable and as diff-friendly as indented
 * JSON, a third of its size, and quicker to write: indenting every level made a 100 000-subnet
 * report 158 MB, against 64 MB for the snapshot it came from.
 */
export function formatJson(report: Report): string {
  const lines: string[] = [];
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  entries.forEach(([key, value], index) => {
    const comma = index < entries.length - 1 ? ',' : '';
    const name = JSON.stringify(key);
    if (Array.isArray(value) && value.length > 0) {
      lines.push(`  ${name}: [`);
      const last = value.length - 1;
      value.forEach((item: unknown, at) => {
        lines.push(`    ${JSON.stringify(item)}${at < last ? ',' : ''}`);
      });
      lines.push(`  ]${comma}`);
    } else {
      lines.push(`  ${name}: ${JSON.stringify(value)}${comma}`);
    }
  });
  return `{\n${lines.join('\n')}\n}\n`;
}
