/**
 * Where and why a text is not JSON, in words that never quote the text. `JSON.parse`'s own message
 * echoes the input's first bytes (`Unexpected token 'h', "hello secret…" is not valid JSON`), and an
 * input may be anything a user pointed the tool at by mistake (a key file, a credentials file): the
 * message names the line and column and what was expected there, nothing of the content.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/** What each syntax error means, in words. */
const WHAT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name (in double quotes) was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: '":" was expected',
  CommaExpected: '"," was expected',
  CloseBraceExpected: '"}" was expected',
  CloseBracketExpected: '"]" was expected',
  EndOfFileExpected: 'more text follows the JSON value',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'a comment (JSON has none)',
  UnexpectedEndOfString: 'a string that is not closed on its line',
  UnexpectedEndOfNumber: 'a number that ends too early',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape in a string',
  InvalidCharacter: 'a control character inside a string',
};

/** Line and column (both from 1) of a character offset. */
function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Why a text that `JSON.parse` refused is not JSON, as `line L, column C: what`, without quoting
 * any of it.
 *
 * @param text - the text `JSON.parse` refused
 */
export function jsonSyntaxIssue(text: string): string {
  if (text.trim() === '') return 'it is empty';
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  } catch {
    // A recursive reader can overflow on deep nesting: the position is then unknown.
  }
  const first = errors[0];
  if (first === undefined) return 'it is not a JSON document';
  const what = WHAT[printParseErrorCode(first.error)] ?? 'a syntax error';
  return `${lineAndColumn(text, first.offset)}: ${what}`;
}

/**
 * Parses JSON text, or says where and why it is not JSON ({@link jsonSyntaxIssue}).
 *
 * @returns the value, or `{ issue }` when the text is not JSON
 */
export function parseJsonOrIssue(text: string): { value: unknown } | { issue: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { issue: jsonSyntaxIssue(text) };
  }
}
