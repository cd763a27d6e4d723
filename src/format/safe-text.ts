/**
 * The one place that makes text from AWS safe to show. Anything AWS hands back (account names from
 * Organizations, `Name` tags, error messages, reasons quoting them) is controlled by whoever can
 * write it, a member account's administrator included, so every format passes it through here:
 *
 * - terminal formats (table, markdown, HTML, the diff and plan tables, stderr lines): control
 *   characters (newlines, tabs, ANSI escape sequences, C1 controls), line separators and
 *   bidirectional overrides become spaces ({@link oneLine}; {@link displaySafe} does it to every
 *   string of a report, plan or diff at once);
 * - markdown: {@link markdownText} escapes what markdown or its HTML would interpret;
 * - HTML: {@link escapeHtml};
 * - JSON keeps every string exactly, but writes the characters a terminal would act on as `\uXXXX`
 *   escapes ({@link jsonSafe}), so `--format json` printed to a terminal is inert too.
 */
import { Buffer } from 'node:buffer';
import { escapeHtml } from './html-escape';

export { escapeHtml };

// C0 controls, DEL, C1 controls (U+009B is a one-byte CSI), LRM/RLM, line and paragraph separators,
// bidirectional embeddings, overrides and isolates.
const UNSAFE_SOURCE =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';

/** Matches one character a terminal or a text viewer would act on rather than show. */
export const UNSAFE_CHARACTER = new RegExp(UNSAFE_SOURCE);
const UNSAFE_GLOBAL = new RegExp(UNSAFE_SOURCE, 'g');
// In JSON text the C0 controls are already escaped by JSON.stringify; the others are not.
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text a user controls made safe for one terminal line: control characters (newlines, tabs, escape
 * sequences) and bidirectional overrides become spaces.
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_GLOBAL, ' ');
}

/**
 * JSON text with the characters a terminal acts on written as `\uXXXX` escapes: the same JSON value,
 * inert on a terminal. Valid only on the output of `JSON.stringify` (those characters can only be
 * inside its strings).
 */
export function jsonSafe(json: string): string {
  // Every character escaped here is U+007F or above. Text whose UTF-8 length is its length holds
  // none above U+007F; with no DEL either it is already safe, and both are checked at memory speed
  // where the expression below scans character by character (a 100 000-subnet report: 11 against
  // 110 ms).
  if (Buffer.byteLength(json, 'utf8') === json.length && !json.includes('\u007f')) return json;
  return json.replace(
    JSON_UNSAFE,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Text for markdown: one line, and every character markdown (or the HTML it allows) would interpret
 * escaped: `\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `<`, `>`, `&`. An account name like
 * `<img src=x onerror=…>` or `[click](javascript:…)` stays text.
 */
export function markdownText(text: string): string {
  return oneLine(text)
    .replace(/[\\`*_[\]|]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * The value with every string in it made {@link oneLine} (objects and arrays copied only where a
 * string changed: a clean report is returned as it is, without a copy). Applied at the boundary of
 * every human format, so no renderer can forget a field.
 */
export function displaySafe<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') {
    return UNSAFE_CHARACTER.test(value) ? oneLine(value) : value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const cleaned = clean(item);
      if (cleaned !== item) {
        copy ??= value.slice();
        copy[index] = cleaned;
      }
    }
    return copy ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    let changed = false;
    const cleaned = entries.map(([key, item]): [string, unknown] => {
      const safe = clean(item);
      if (safe !== item) changed = true;
      return [key, safe];
    });
    // fromEntries defines each key as data (a `__proto__` key stays a key).
    return changed ? Object.fromEntries(cleaned) : value;
  }
  return value;
}
