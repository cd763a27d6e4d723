/**
 * The parsers of every option a user gives as text, shared by the command line (`--regions`) and the
 * Lambda configuration (`REGIONS`): one parser per kind of value, each naming the field it read in
 * its error. A `--flag`'s error is a {@link UserInputError}, an environment variable's a
 * {@link ConfigurationError} (a kind of user error too).
 */
import { MAX_COST_DAYS, MIN_COST_DAYS, isValidCostDays } from '../cost/metric-window';
import { isValidNatPrice } from '../cost/nat-prices';
import { ConfigurationError, UserInputError } from '../errors';
import { REGION_NAME } from '../net/aws-names';
import {
  DEFAULT_REMEDIATION_PATHS,
  OPT_IN_REMEDIATION_PATHS,
  type IacTag,
  type RemediablePath,
} from '../remediation/plan-types';
import {
  LEAKING_PATHS,
  SERVICES,
  SEVERITIES,
  type Path,
  type ServiceName,
  type Severity,
} from '../types';

/**
 * The error for a bad value of `field`: a {@link UserInputError} for a command-line flag (`--x`), a
 * {@link ConfigurationError} for an environment variable.
 */
export function invalidOption(field: string, message: string): UserInputError {
  const text = `${field}: ${message}`;
  return field.startsWith('-') ? new UserInputError(text) : new ConfigurationError(text);
}

function splitList(flag: string, value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw invalidOption(flag, `"${value}" is empty`);
  return [...new Set(items)];
}

/** An IAM role ARN in any partition. */
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** An IAM role ARN (`--delivery-role-arn`, `DELIVERY_ROLE_ARN`). */
export function parseRoleArn(value: string, flag = '--delivery-role-arn'): string {
  const text = value.trim();
  if (!ROLE_ARN.test(text)) {
    throw invalidOption(
      flag,
      `"${value}" is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)`,
    );
  }
  return text;
}

/** `s3,dynamodb` → the services, validated. */
export function parseServices(value: string, flag = '--services'): ServiceName[] {
  const items = splitList(flag, value);
  for (const item of items) {
    if (!(SERVICES as readonly string[]).includes(item)) {
      throw invalidOption(
        flag,
        `"${item}" is not a service (expected one of ${SERVICES.join(', ')})`,
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
    if (!REGION_NAME.test(item)) throw invalidOption(flag, `"${item}" is not an AWS region name`);
  }
  return items;
}

/** `8` → 8; anything but a positive integer is a {@link UserInputError} naming the flag. */
export function parsePositiveInteger(value: string, flag: string): number {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw invalidOption(flag, `"${value}" is not a positive integer`);
  }
  return parsed;
}

const REMEDIABLE_PATHS: readonly string[] = [
  ...DEFAULT_REMEDIATION_PATHS,
  ...OPT_IN_REMEDIATION_PATHS,
];

/** `transit-gateway,other` → the paths, each a leaking path remediation can act on. */
export function parseIncludePaths(value: string, flag = '--include-paths'): RemediablePath[] {
  const items = splitList(flag, value);
  for (const item of items) {
    if (!REMEDIABLE_PATHS.includes(item)) {
      throw invalidOption(
        flag,
        `"${item}" is not a path remediation can act on (expected one of ${REMEDIABLE_PATHS.join(', ')})`,
      );
    }
  }
  return items as RemediablePath[];
}

/**
 * The longest tag key and value EC2 accepts (tag restrictions): 128 and 256 characters. Keys starting
 * with `aws:` are AWS's own: CloudFormation's are read anyway, so declaring one is a mistake.
 */
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

/**
 * `ManagedBy=terraform` (or `KEY=*`: any value) → a tag that says another tool owns a resource;
 * `--iac-tag` is repeatable and `IAC_TAGS` comma-separated, so each item is one tag.
 */
export function parseIacTags(values: string | readonly string[], field = '--iac-tag'): IacTag[] {
  const items = (typeof values === 'string' ? [values] : values).flatMap((value) =>
    splitList(field, value),
  );
  const tags = items.map((item): IacTag => {
    const at = item.indexOf('=');
    const key = at < 0 ? '' : item.slice(0, at).trim();
    const value = at < 0 ? '' : item.slice(at + 1).trim();
    if (key === '' || value === '') {
      throw invalidOption(field, `"${item}" is not KEY=VALUE (use KEY=* for any value of KEY)`);
    }
    if (key.length > MAX_TAG_KEY || value.length > MAX_TAG_VALUE) {
      throw invalidOption(
        field,
        `"${item}" is longer than a tag can be (key ${MAX_TAG_KEY}, value ${MAX_TAG_VALUE} characters)`,
      );
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidOption(
        field,
        `"${item}": aws: tags are AWS's own (CloudFormation's stack tags are always read)`,
      );
    }
    return { key, value };
  });
  return [...new Map(tags.map((tag) => [`${tag.key}=${tag.value}`, tag] as const)).values()];
}

/** The cap: a whole number of changes, 0 or more. */
export function parseMaxChanges(value: string, source: string): number {
  const trimmed = value.trim();
  const parsed = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(parsed)) {
    throw invalidOption(source, `"${value}" is not a whole number of changes (0 or more)`);
  }
  return parsed;
}

/**
 * Parses a number of days of NAT metrics (`COST_DAYS=30`, `--cost-days 30`): a whole number from
 * the fewest to the most days CloudWatch can answer for.
 *
 * @param value the text given by the user
 * @param field the flag or variable it came from, named in the error
 */
export function parseCostDays(value: string, field = 'COST_DAYS'): number {
  const text = value.trim();
  const days = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isValidCostDays(days)) {
    throw invalidOption(
      field,
      `"${value}" is not a whole number of days from ${MIN_COST_DAYS} to ${MAX_COST_DAYS}`,
    );
  }
  return days;
}

/** The most hours of flow logs one audit queries (30 days). */
export const MAX_FLOW_LOG_HOURS = 720;

/**
 * Parses the flow-log window (`FLOW_LOG_HOURS=24`, `--flow-log-hours 24`): whole hours from 1 to
 * {@link MAX_FLOW_LOG_HOURS}, or 0 to read no flow log.
 *
 * @throws UserInputError naming the field and the value
 */
export function parseFlowLogHours(value: string, field = 'FLOW_LOG_HOURS'): number {
  const text = value.trim();
  const hours = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(hours) || hours < 0 || hours > MAX_FLOW_LOG_HOURS) {
    throw invalidOption(
      field,
      `"${value}" is not a whole number of hours from 0 (no flow logs) to ${MAX_FLOW_LOG_HOURS}`,
    );
  }
  return hours;
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a price override (`NAT_PRICE_PER_GB=0.05`, `--nat-price-per-gb 0.05`): a positive finite
 * decimal number of USD per GB.
 *
 * @param value the text given by the user
 * @param field the flag or variable it came from, named in the error
 */
export function parseNatPricePerGb(value: string, field = 'NAT_PRICE_PER_GB'): number {
  const text = value.trim();
  const price = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!isValidNatPrice(price)) {
    throw invalidOption(field, `"${value}" is not a positive number of USD per GB`);
  }
  return price;
}

/** `high`, `medium` or `low` (any case) → the severity (`--fail-on`, `NOTIFY_MIN_SEVERITY`). */
export function parseSeverity(value: string, field: string): Severity {
  const text = value.trim().toLowerCase();
  const found = SEVERITIES.find((severity) => severity === text);
  if (found === undefined) {
    throw invalidOption(field, `"${value}" is not one of ${SEVERITIES.join(', ')}`);
  }
  return found;
}

/** `internet-gateway,other` → leaking paths, each checked (`--exclude-paths`). */
export function parseLeakingPaths(value: string, field: string): Path[] {
  const items = splitList(field, value);
  for (const item of items) {
    if (!(LEAKING_PATHS as readonly string[]).includes(item)) {
      throw invalidOption(
        field,
        `"${item}" is not a leaking path (expected one of ${LEAKING_PATHS.join(', ')})`,
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
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UserInputError(
      `COLUMNS: "${value}" is not a positive whole number of columns (it sets the table's width)`,
    );
  }
  return Number(text);
}

/**
 * `true` or `false` in any case (`COST_ESTIMATE=FALSE`); the message matches the Lambda
 * configuration's for the same variable.
 */
export function parseBoolean(value: string, field: string): boolean {
  const text = value.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidOption(field, `"${value}" is not one of "true", "false"`);
}

/**
 * An environment variable's value, or undefined when it is unset or blank (CloudFormation and shells
 * write `""` for an absent value).
 */
export function variableOf(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}
