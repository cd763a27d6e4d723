/**
 * A small writer of YAML for CloudFormation templates: block mappings and sequences, two-space
 * indents, strings plain when YAML cannot read them as anything else and JSON-quoted otherwise, and
 * CloudFormation's short `!Ref` tag. Pure.
 */
import { jsonSafe } from './safe-text';

/** CloudFormation's `!Ref NAME`. */
export interface YamlRef {
  readonly ref: string;
}

/** A value the writer takes: JSON values, and `!Ref`. */
export type YamlValue =
  | string
  | number
  | boolean
  | null
  | YamlRef
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue };

/** `!Ref name`. */
export function ref(name: string): YamlRef {
  return { ref: name };
}

function isRef(value: YamlValue): value is YamlRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { ref?: unknown }).ref === 'string'
  );
}

// Words YAML 1.1 (which some readers still follow) reads as booleans or null.
const RESERVED = /^(?:y|n|yes|no|on|off|true|false|null|~)$/i;

/** A string as a YAML scalar: plain when it can only be read back as that string, else quoted. */
export function yamlString(value: string): string {
  if (/^[A-Za-z][A-Za-z0-9:._/-]*$/.test(value) && !RESERVED.test(value)) return value;
  return jsonSafe(JSON.stringify(value));
}

function scalar(value: string | number | boolean | null | YamlRef): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'object') return `!Ref ${yamlString(value.ref)}`;
  return String(value);
}

function isEmptyCollection(value: YamlValue): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !isRef(value) &&
    (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)
  );
}

/** The lines of a value at `indent` (a mapping's entries or a sequence's items). */
export function yamlLines(value: YamlValue, indent = ''): string[] {
  if (typeof value !== 'object' || value === null || isRef(value)) {
    return [`${indent}${scalar(value)}`];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return (value as readonly YamlValue[]).flatMap((item) => {
      const lines = yamlLines(item, `${indent}  `);
      const [first = '', ...rest] = lines;
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest];
    });
  }
  const entries = Object.entries(value as { readonly [key: string]: YamlValue });
  if (entries.length === 0) return [`${indent}{}`];
  return entries.flatMap(([key, item]) => {
    const name = `${indent}${yamlString(key)}:`;
    if (typeof item !== 'object' || item === null || isRef(item) || isEmptyCollection(item)) {
      const text = isEmptyCollection(item)
        ? Array.isArray(item)
          ? '[]'
          : '{}'
        : scalar(item as string | number | boolean | null | YamlRef);
      return [`${name} ${text}`];
    }
    return [name, ...yamlLines(item, `${indent}  `)];
  });
}
