/**
 * Writes docs/configuration.md, the configuration reference, from the settings of src/config.ts
 * (their stack parameters' defaults included): `npm run docs:config`. A unit test fails while the
 * file differs from what this prints.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LAMBDA_FUNCTIONS,
  RETIRED_VARIABLES,
  SETTING_LIST,
  stackDefaultOf,
  type Program,
} from '../src/config';
import type { Setting } from '../src/options/environment';

const ROOT = join(__dirname, '..');

/** Where the reference lives. */
export const CONFIGURATION_DOC = join(ROOT, 'docs', 'configuration.md');

function shown(value: unknown): string {
  if (value === undefined) return '(unset)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : `\`${value.join(',')}\``;
  return `\`${String(value)}\``;
}

const PROGRAM_NAMES: Record<Program, string> = {
  audit: 'audit',
  remediate: 'remediate',
  orgListAccounts: 'orgListAccounts',
  orgAuditAccount: 'orgAuditAccount',
  orgAggregate: 'orgAggregate',
  measure: 'measure (with `measureSchedule`)',
  cli: 'the CLI',
};

/** A setting's value when its variable is unset, or that it has none (the variable is required). */
function defaultOf(
  setting: Setting<unknown>,
): { required: true } | { required: false; value: unknown } {
  try {
    return { required: false, value: setting.schema.parse(undefined, setting.variable) };
  } catch {
    return { required: true };
  }
}

/**
 * The reference, as Markdown that prettier leaves as it is (no table to align: one section per
 * setting).
 */
export function renderConfigurationDoc(): string {
  const sections = SETTING_LIST.flatMap(({ setting }) => {
    const unset = defaultOf(setting);
    const stack = setting.stack;
    const stackDefault = stackDefaultOf(setting);
    const parameter = !stack
      ? 'none (the stack does not set it)'
      : stack.value !== undefined
        ? `\`${stack.parameter}\` (through \`${stack.value}\`)`
        : `\`${stack.parameter}\` (the stack's default: ${stackDefault === '' ? 'empty' : `\`${stackDefault}\``})`;
    return [
      `### \`${setting.variable}\``,
      '',
      setting.doc,
      '',
      `- Default: ${unset.required ? '(required)' : shown(unset.value)}`,
      `- Stack parameter: ${parameter}`,
      `- Read by: ${setting.readBy.map((program) => PROGRAM_NAMES[program as Program]).join(', ')}`,
      '',
    ];
  });
  const retired = Object.entries(RETIRED_VARIABLES).map(
    ([variable, message]) => `- \`${variable}\`: ${message}.`,
  );
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/config.ts (SETTINGS) by `npm run docs:config`: edit the settings, not this file. -->',
    '',
    'The Lambda functions read only environment variables, which the stack sets from its parameters',
    '(`serverless deploy --param="<parameter>=<value>"`). Each function gets only the variables it reads',
    `(${LAMBDA_FUNCTIONS.map((name) => `\`${name}\``).join(', ')}), and reads no other: a`,
    'value only one function uses cannot stop another. They are checked when the function starts; a bad',
    'value fails every invocation with one line naming the variable and its value. `serverless package`',
    'and `deploy` check the same values first and stop, naming the parameter, before anything is built.',
    'Blank counts as unset; booleans and choices are read in any case.',
    '',
    '"Default" is the value when the variable is unset; the stack may set another by default.',
    '',
    '## Settings',
    '',
    ...sections,
    '## Logging',
    '',
    'Logging follows the Powertools variables (`POWERTOOLS_LOG_LEVEL`, default `INFO`): structured JSON',
    'with the request id, never credentials.',
    '',
    '## Replaced variables',
    '',
    'Setting one of these is an error that says what replaced it:',
    '',
    ...retired,
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(CONFIGURATION_DOC, renderConfigurationDoc());
  console.error(`wrote ${CONFIGURATION_DOC}`);
}
