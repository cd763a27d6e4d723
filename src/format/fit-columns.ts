/**
 * Columns that fit a width: each column as wide as its widest cell, then, while the line is too wide,
 * the shrinkable columns give up width (highest `shrink` first, never below `min`) and their cells
 * are shortened with a visible mark. A line is never wrapped; as a last resort it is cut.
 */
import { pad, shorten, textWidth } from './text-width';

/** One column of a fitted table. */
export interface ColumnSpec {
  header: string;
  align?: 'left' | 'right';
  /** The narrowest the column may become (default: its natural width, i.e. never shrinks). */
  min?: number;
  /** Which columns give up width first: higher first; 0 or absent never shrinks. */
  shrink?: number;
}

const GAP = '  ';

/** Renders header and rows as aligned columns within `width` columns (indent included). */
export function fitColumns(
  columns: readonly ColumnSpec[],
  rows: readonly (readonly string[])[],
  width: number,
  indent = '',
): string[] {
  const all = [columns.map((c) => c.header), ...rows];
  const widths = columns.map((_, i) => Math.max(...all.map((row) => textWidth(row[i] ?? ''))));
  const total = (): number =>
    textWidth(indent) + widths.reduce((sum, w) => sum + w, 0) + GAP.length * (columns.length - 1);
  // Shrink the highest tier first; within a tier, one column at a time from the widest, so that
  // names and paths end up sharing the space evenly rather than one of them losing everything.
  const tiers = [...new Set(columns.map((c) => c.shrink ?? 0).filter((t) => t > 0))].sort(
    (a, b) => b - a,
  );
  const floors = columns.map((column, i) =>
    Math.min(widths[i] ?? 0, Math.max(column.min ?? widths[i] ?? 0, textWidth(column.header))),
  );
  let excess = total() - width;
  for (const tier of tiers) {
    const members = columns
      .map((column, index) => ({ column, index }))
      .filter(({ column }) => column.shrink === tier)
      .map(({ index }) => index);
    while (excess > 0) {
      let widest = -1;
      for (const i of members) {
        const slack = (widths[i] ?? 0) - (floors[i] ?? 0);
        if (slack > 0 && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
      }
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      excess -= 1;
    }
  }
  return all.map((row) => {
    const cells = columns.map((column, i) => {
      const w = widths[i] ?? 0;
      const text = shorten(row[i] ?? '', w);
      return i === columns.length - 1 && column.align !== 'right'
        ? text
        : pad(text, w, column.align);
    });
    const line = (indent + cells.join(GAP)).trimEnd();
    return textWidth(line) > width ? shorten(line, width) : line;
  });
}
