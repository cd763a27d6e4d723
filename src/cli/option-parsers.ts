/** Parsers of the CLI's list-valued options; each throws a {@link UserInputError} naming the flag. */
import { UserInputError } from '../errors';
import {
  DEFAULT_REMEDIATION_PATHS,
  OPT_IN_REMEDIATION_PATHS,
  type RemediablePath,
} from '../remediation/plan-types';
import { REGION_NAME } from '../snapshot/schema';
import { SEVERITIES } from '../analysis/severity';
import { LEAKING_PATHS, SERVICES, type Path, type ServiceName, type Severity } from '../types';

function splitList(flag: string, value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UserInputError(`${flag}: "${value}" is empty`);
  return [...new Set(items)];
}

/** `s3,dynamodb` → the services, validated. */
export function parseServices(value: string, flag = '--services'): ServiceName[] {
  const items = splitList(flag, value);
  for (const item of items) {
    if (!(SERVICES as readonly string[]).includes(item)) {
      throw new UserInputError(
        `${flag}: "${item}" is not a service (expected one of ${SERVICES.join(', ')})`,
      );
    }
  }
  return SERVICES.filter((service) => items.includes(service));
}

/** `all` → 'all'; `us-east-1,eu-west-1` → the region names, checked for form. */
export function parseRegions(value: string, flag = '--regions'): 'all' | string[] {
  if (value.trim() === 'all') return 'all';
  const items = splitList(flag, value);
  for (const item of items) {
    if (!REGION_NAME.test(item))
      throw new UserInputError(`${flag}: "${item}" is not an AWS region name`);
  }
  return items;
}

/** `8` → 8; anything but a positive integer is a {@link UserInputError} naming the flag. */
export function parsePositiveInteger(value: string, flag: string): number {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new UserInputError(`${flag}: "${value}" is not a positive integer`);
  }
  return parsed;
}

const REMEDIABLE_PATHS: readonly string[] = [
  ...DEFAULT_REMEDIATION_PATHS,
  ...OPT_IN_REMEDIATION_PATHS,
];

/** `transit-gateway,other` → the paths, each a leaking path remediation can act on. */
export function parseIncludePaths(value: string, flag = '--include-paths'): RemediablePath[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UserInputError(`${flag}: "${value}" is empty`);
  for (const item of items) {
    if (!REMEDIABLE_PATHS.includes(item)) {
      throw new UserInputError(
        `${flag}: "${item}" is not a path remediation can act on (expected one of ${REMEDIABLE_PATHS.join(', ')})`,
      );
    }
  }
  return [...new Set(items)] as RemediablePath[];
}

/** The cap: a whole number of changes, 0 or more. */
export function parseMaxChanges(value: string, source: string): number {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(parsed)) {
    throw new UserInputError(`${source}: "${value}" is not a whole number of changes (0 or more)`);
  }
  return parsed;
}

/** `high`, `medium` or `low` (any case) → the severity; anything else names the flag and value. */
export function parseSeverity(value: string, flag: string): Severity {
  const text = value.trim().toLowerCase();
  const found = SEVERITIES.find((severity) => severity === text);
  if (found === undefined) {
    throw new UserInputError(`${flag}: "${value}" is not one of ${SEVERITIES.join(', ')}`);
  }
  return found;
}

/** `internet-gateway,other` → leaking paths, each checked. */
export function parseLeakingPaths(value: string, flag: string): Path[] {
  const items = splitList(flag, value);
  for (const item of items) {
    if (!(LEAKING_PATHS as readonly string[]).includes(item)) {
      throw new UserInputError(
        `${flag}: "${item}" is not a leaking path (expected one of ${LEAKING_PATHS.join(', ')})`,
      );
    }
  }
  return LEAKING_PATHS.filter((path) => items.includes(path));
}

/**
 * The width of the table: `COLUMNS` when set (a whole number of columns), else the terminal's width
 * when stdout is one, else `fallback`.
 */
export function parseColumns(
  value: string | undefined,
  terminalColumns: number | undefined,
  fallback: number,
): number {
  if (value === undefined || value.trim() === '') return terminalColumns ?? fallback;
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new UserInputError(`COLUMNS: "${value}" is not a whole number of columns`);
  }
  return Number(text);
}
