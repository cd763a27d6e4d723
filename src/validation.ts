/**
 * Turns zod issues into lines a person can act on: the path of the field, its value and what is
 * wrong, e.g. `regions.us-east-1.RouteTables[3].Routes[1].DestinationCidrBlock: "10.0.0.0/33" is not
 * an IPv4 CIDR`.
 */
import type * as z from 'zod';

/** Renders a path as `a.b[3].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A short, bounded rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path) || '(root)';
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return `${where}: is required (${issue.expected})`;
      return `${where}: ${describeValue(value)} is ${typeName(value)}, expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    case 'invalid_value':
      if (value === undefined)
        return `${where}: is required (${issue.values.map((v) => describeValue(v)).join(' or ')})`;
      return `${where}: ${describeValue(value)} is not one of ${issue.values.map((v) => describeValue(v)).join(', ')}`;
    case 'invalid_key':
      return `${where}: key ${describeValue(value)} ${issue.issues[0]?.message ?? issue.message}`;
    default:
      // A check of the whole object about a field that is absent names the field only.
      if (value === undefined) return `${where}: ${issue.message}`;
      return `${where}: ${describeValue(value)} ${issue.message}`;
  }
}

/** One line per issue, in the order zod found them, at most `limit` (then a count of the rest). */
export function formatIssues(error: z.ZodError, input: unknown, limit = 20): string[] {
  const lines = error.issues.slice(0, limit).map((issue) => {
    if (issue.code === 'invalid_key') {
      // A bad record key: zod reports the path of the record; name the key itself.
      const key = (issue as { input?: unknown }).input;
      const where = formatPath(issue.path) || '(root)';
      return `${where}: key ${describeValue(key)} ${issue.issues[0]?.message ?? issue.message}`;
    }
    return describeIssue(issue, input);
  });
  if (error.issues.length > limit) lines.push(`... and ${error.issues.length - limit} more`);
  return lines;
}
