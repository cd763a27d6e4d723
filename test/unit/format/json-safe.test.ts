/**
 * JSON text made inert on a terminal: every character a terminal acts on is written as a `\uXXXX`
 * escape, the value read back is the same, and ASCII text without DEL comes back as it is.
 */
import fc from 'fast-check';
import { jsonSafe } from '../../../src/format/safe-text';

const TERMINAL_ACTIVE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text of any UTF-16 code units, weighted towards the ones that matter here. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      '"',
      '\\',
      '\u007f',
      '\u0080',
      '\u009b',
      '\u00e9',
      '\u2028',
      '\u202e',
      '\u2066',
      '\ud83d',
    ),
  }),
  fc.string({ unit: 'grapheme-ascii' }),
);

describe('jsonSafe', () => {
  it('writes no terminal-active character and reads back as the same value', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        // Act
        const safe = jsonSafe(JSON.stringify(text));

        // Assess
        expect(safe).not.toMatch(TERMINAL_ACTIVE);
        expect(JSON.parse(safe)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns ASCII text without DEL as it is, and escapes DEL', () => {
    // Prepare
    const plain = JSON.stringify({ name: 'web-1 "a" \\ b', n: 1 });

    // Act
    const kept = jsonSafe(plain);
    const del = jsonSafe(JSON.stringify('a\u007fb'));

    // Assess
    expect(kept).toBe(plain);
    expect(del).toBe('"a\\u007fb"');
  });
});
