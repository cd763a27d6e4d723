/**
 * Terminal widths of text, and shortening with a visible mark. Hand-written (a few lines) rather than
 * a dependency: the maintained width libraries are ESM-only, and the table needs only an upper bound
 * (a wide East Asian character or an astral code point counts 2 columns, anything else 1).
 */
import { oneLine } from './safe-text';

/** The width a table takes when neither `COLUMNS` nor a terminal says otherwise. */
export const DEFAULT_TABLE_WIDTH = 120;

export { oneLine };

/** The mark that says a cell was shortened. */
export const ELLIPSIS = '…';

const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
];

function codePointWidth(codePoint: number): number {
  if (codePoint > 0xffff) return 2;
  return WIDE.some(([from, to]) => codePoint >= from && codePoint <= to) ? 2 : 1;
}

/** Columns the text takes (an upper bound; never less than its UTF-16 length). */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += codePointWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** The text cut to `max` columns, ending with {@link ELLIPSIS} when it was cut. */
export function shorten(text: string, max: number): string {
  if (textWidth(text) <= max) return text;
  if (max <= 0) return '';
  let out = '';
  let width = 0;
  for (const char of text) {
    const w = codePointWidth(char.codePointAt(0) ?? 0);
    if (width + w > max - 1) break;
    out += char;
    width += w;
  }
  return out + ELLIPSIS;
}

/** Pads to `width` columns. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

/**
 * Word-wraps prose to `width` columns (a word longer than a line is shortened), the lines after the
 * first indented by `indent`.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const words = oneLine(text).split(/ +/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const prefix = lines.length === 0 ? '' : indent;
    const candidate = line === '' ? prefix + word : `${line} ${word}`;
    if (textWidth(candidate) <= width || line === '') {
      line = textWidth(candidate) <= width ? candidate : shorten(candidate, width);
      continue;
    }
    lines.push(line);
    const next = indent + word;
    line = textWidth(next) <= width ? next : shorten(next, width);
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Joins items with `separator` into lines of at most `width` columns, breaking only between items
 * (an item is never split from its value), the lines after the first indented by `indent`; an item
 * longer than a line is word-wrapped on its own.
 */
export function wrapItems(
  items: readonly string[],
  width: number,
  separator = ' · ',
  indent = '  ',
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const candidate = line === '' ? item : `${line}${separator}${item}`;
    const prefix = lines.length === 0 ? '' : indent;
    if (textWidth(prefix + candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(prefix + line);
    const next = lines.length === 0 ? '' : indent;
    if (textWidth(next + item) <= width) {
      line = item;
    } else {
      lines.push(...wrap(next + item, width, indent));
      line = '';
    }
  }
  if (line !== '') lines.push((lines.length === 0 ? '' : indent) + line);
  return lines;
}
