/**
 * A small writer of HCL (Terraform's language) in `terraform fmt` style: two-space indents, the `=`
 * of consecutive attributes aligned, strings quoted with every template sequence escaped. Pure.
 */
import { jsonSafe } from './safe-text';

/** One line of a block's body: an attribute, a nested block, a comment or a blank line. */
export type HclEntry =
  | { kind: 'attribute'; name: string; value: string | readonly string[] }
  | { kind: 'block'; header: string; body: readonly HclEntry[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

/**
 * A string literal: JSON's escapes (which HCL shares), characters a terminal acts on as `\uXXXX`,
 * and `${` / `%{` doubled so that nothing in the value is read as a template.
 */
export function hclString(value: string): string {
  return escapeTemplates(jsonSafe(JSON.stringify(value)));
}

function escapeTemplates(text: string): string {
  // A function, not a replacement pattern: in a pattern `$$` is one `$`.
  return text.replace(/([$%])\{/g, (_match, sign: string) => `${sign}${sign}{`);
}

/** A list of strings on one line: `["a", "b"]`. */
export function hclList(values: readonly string[]): string {
  return `[${values.map(hclString).join(', ')}]`;
}

/** An attribute: `name = value` (a value of several lines continues at the block's indent). */
export function attribute(name: string, value: string | readonly string[]): HclEntry {
  return { kind: 'attribute', name, value };
}

/** A map attribute (`tags = { … }`), its keys quoted when they are not identifiers. */
export function mapAttribute(
  name: string,
  entries: readonly (readonly [string, string])[],
): HclEntry {
  const body = entries.map(([key, value]) =>
    attribute(/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : hclString(key), hclString(value)),
  );
  return { kind: 'attribute', name, value: ['{', ...renderBody(body, '  '), '}'] };
}

/**
 * A heredoc attribute holding `text` (indented, so `<<-`): a policy stays readable. Template
 * sequences are escaped; EC2 policy text never holds a line that is just `EOT`.
 */
export function heredocAttribute(name: string, text: string): HclEntry {
  const lines = jsonSafe(text)
    .split('\n')
    .map((line) => `  ${escapeTemplates(line)}`);
  return { kind: 'attribute', name, value: ['<<-EOT', ...lines, 'EOT'] };
}

function renderRun(run: readonly Extract<HclEntry, { kind: 'attribute' }>[], indent: string) {
  const width = Math.max(...run.map((entry) => entry.name.length));
  return run.flatMap((entry) => {
    const name = entry.name.padEnd(width);
    if (typeof entry.value === 'string') return [`${indent}${name} = ${entry.value}`];
    const [first = '', ...rest] = entry.value;
    return [`${indent}${name} = ${first}`, ...rest.map((line) => `${indent}${line}`)];
  });
}

/** The lines of a block body at `indent`, attributes aligned in runs as `terraform fmt` does. */
function renderBody(entries: readonly HclEntry[], indent: string): string[] {
  const lines: string[] = [];
  let run: Extract<HclEntry, { kind: 'attribute' }>[] = [];
  const flush = () => {
    if (run.length > 0) lines.push(...renderRun(run, indent));
    run = [];
  };
  for (const entry of entries) {
    if (entry.kind === 'attribute') {
      run.push(entry);
      // A value of several lines ends the run of aligned attributes.
      if (typeof entry.value !== 'string') flush();
      continue;
    }
    flush();
    if (entry.kind === 'blank') lines.push('');
    else if (entry.kind === 'comment') lines.push(`${indent}# ${entry.text}`);
    else lines.push(...renderBlock(entry.header, entry.body, indent));
  }
  flush();
  return lines;
}

/** A block: `header {`, its body, `}`. */
export function renderBlock(header: string, body: readonly HclEntry[], indent = ''): string[] {
  return [`${indent}${header} {`, ...renderBody(body, `${indent}  `), `${indent}}`];
}

/** A nested block entry. */
export function block(header: string, body: readonly HclEntry[]): HclEntry {
  return { kind: 'block', header, body };
}

/** A comment entry (one line; the caller makes AWS text safe). */
export function comment(text: string): HclEntry {
  return { kind: 'comment', text };
}

/** A blank line entry. */
export const BLANK: HclEntry = { kind: 'blank' };
