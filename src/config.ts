/**
 * The Lambda configuration: environment variables only, validated once at cold start. Every
 * variable is one entry of {@link ENVIRONMENT_SCHEMA} (add a variable = add an entry and a field of
 * {@link Config}); a bad value is a {@link ConfigurationError} naming the variable and its value.
 */
import * as z from 'zod';
import type { CostOptions } from './cost/cost-options';
import { DEFAULT_COST_DAYS } from './cost/metric-window';
import { ConfigurationError, UserInputError } from './errors';
import { booleanVariable, enumVariable, parsedVariable, unsetIfBlank } from './options/environment';
import {
  parseCostDays,
  parseIncludePaths,
  parseMaxChanges,
  parseNatPricePerGb,
  parseRegions,
  parseServices,
  parseSeverity,
} from './options/parsers';
import {
  SINGLE_POLICY_REPLACED,
  loadEndpointPolicies,
  type EndpointPolicyFiles,
} from './remediation/endpoint-policy';
import {
  DEFAULT_MAX_CHANGES,
  type EndpointPolicies,
  type RemediablePath,
} from './remediation/plan-types';
import type { ServiceName, Severity } from './types';
import { describeValue, formatPath } from './validation';

/** When the audit publishes to SNS. */
export const NOTIFY_MODES = ['always', 'on-leak', 'on-change'] as const;
/**
 * `always`: every run; `on-leak`: only runs that found leaks or failed in a region; `on-change`: only
 * runs with a new or resolved leak or a failed region (as `on-leak` when no history could be
 * computed).
 */
export type NotifyMode = (typeof NOTIFY_MODES)[number];

/** The validated configuration of both functions. */
export interface Config {
  /** The topic the audit publishes to; absent = no message. */
  snsTopicArn?: string;
  /** The CloudWatch namespace of the metrics. */
  metricsNamespace: string;
  /** Regions to audit: every enabled region, or a list. */
  regions: 'all' | string[];
  /** Services to audit. */
  services: ServiceName[];
  /** When to publish to SNS. */
  notify: NotifyMode;
  /**
   * Under `on-leak`, the least severity that sends a message (`NOTIFY_MIN_SEVERITY`, default `low`):
   * `high` keeps a default VPC's internet gateway (low) from paging anyone.
   */
  notifyMinSeverity: Severity;
  /** The NAT cost estimate: on by default, 14 days, the regional price table. */
  cost: CostOptions;
  /** Remediation: the remediate function, and the audit's opt-in `AUTO_REMEDIATE`. */
  remediation: RemediationConfig;
  /** The report bucket (`REPORT_BUCKET`); absent = reports are not stored. */
  reportBucket?: string;
  /**
   * `SECURITY_HUB=true`: the audit imports its leaks into Security Hub and archives the ones that are
   * gone (default false).
   */
  securityHub: boolean;
}

/** The remediation settings of both functions. */
export interface RemediationConfig {
  /** The audit function applies the plan of its own report (`AUTO_REMEDIATE=true`); default false. */
  autoRemediate: boolean;
  /** The cap on endpoint changes per run (`MAX_CHANGES`, default 25): over it nothing changes. */
  maxChanges: number;
  /** Opt-in paths remediated besides nat-gateway, nat-instance and internet-gateway. */
  includePaths: RemediablePath[];
  /**
   * The endpoint policy file of each service for created endpoints (`ENDPOINT_POLICY_S3_FILE`,
   * `ENDPOINT_POLICY_DYNAMODB_FILE`); absent = full access.
   */
  endpointPolicyFiles: EndpointPolicyFiles;
  /**
   * The validated policies of {@link endpointPolicyFiles} (compact JSON), set by
   * {@link loadLambdaConfig} at cold start.
   */
  policyDocuments: EndpointPolicies;
}

/** A standard SNS topic ARN in any partition: `arn:aws:sns:us-east-1:111122223333:name`. */
export const SNS_TOPIC_ARN =
  /^arn:aws(-[a-z]+)*:sns:[a-z]{2,4}(-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

/** An S3 bucket name: 3-63 of lower-case letters, digits, dots and hyphens, alphanumeric at both ends. */
const BUCKET_NAME = /^(?!\d+\.\d+\.\d+\.\d+$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * CloudWatch namespaces: 1–255 of letters, digits, `. - _ / # :` and spaces, not starting with
 * `AWS/` (reserved for AWS services).
 */
const NAMESPACE = /^[A-Za-z0-9.\-_/#: ]{1,255}$/;

/** One entry per environment variable: its validation, default and conversion. */
export const ENVIRONMENT_SCHEMA = z.object({
  SNS_TOPIC_ARN: z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(SNS_TOPIC_ARN, {
        message: 'is not a standard SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<name>)',
      })
      .optional(),
  ),
  METRICS_NAMESPACE: z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(NAMESPACE, {
        message: 'is not a CloudWatch namespace (1-255 of letters, digits, . - _ / # : and spaces)',
      })
      .refine((value) => !value.startsWith('AWS/'), { message: 'must not start with "AWS/"' })
      .default('VpceAuditor'),
  ),
  REGIONS: parsedVariable((value) => parseRegions(value, 'REGIONS'), 'all'),
  SERVICES: parsedVariable((value) => parseServices(value, 'SERVICES'), 's3,dynamodb'),
  NOTIFY: enumVariable(NOTIFY_MODES, 'on-leak'),
  NOTIFY_MIN_SEVERITY: parsedVariable(
    (value) => parseSeverity(value, 'NOTIFY_MIN_SEVERITY'),
    'low',
  ),
  COST_ESTIMATE: booleanVariable('true'),
  COST_DAYS: parsedVariable(
    (value) => parseCostDays(value, 'COST_DAYS'),
    String(DEFAULT_COST_DAYS),
  ),
  NAT_PRICE_PER_GB: parsedVariable((value) => parseNatPricePerGb(value, 'NAT_PRICE_PER_GB')),
  AUTO_REMEDIATE: booleanVariable('false'),
  MAX_CHANGES: parsedVariable(
    (value) => parseMaxChanges(value, 'MAX_CHANGES'),
    String(DEFAULT_MAX_CHANGES),
  ),
  INCLUDE_PATHS: parsedVariable((value) => parseIncludePaths(value, 'INCLUDE_PATHS')),
  SECURITY_HUB: booleanVariable('false'),
  REPORT_BUCKET: z.preprocess(
    unsetIfBlank,
    z
      .string()
      .trim()
      .regex(BUCKET_NAME, {
        message: 'is not an S3 bucket name (3-63 of a-z, 0-9, dots and hyphens)',
      })
      .optional(),
  ),
  ENDPOINT_POLICY_S3_FILE: z.preprocess(unsetIfBlank, z.string().trim().optional()),
  ENDPOINT_POLICY_DYNAMODB_FILE: z.preprocess(unsetIfBlank, z.string().trim().optional()),
  ENDPOINT_POLICY_FILE: parsedVariable((value): undefined => {
    throw new UserInputError(`ENDPOINT_POLICY_FILE: "${value}": ${SINGLE_POLICY_REPLACED}`);
  }),
});

/** The environment variables the configuration reads. */
export type EnvironmentVariable = keyof typeof ENVIRONMENT_SCHEMA.shape;

function describeConfigIssue(issue: z.core.$ZodIssue, env: Record<string, unknown>): string {
  const name = formatPath(issue.path);
  if (issue.code === 'custom' && (issue.params as { full?: boolean } | undefined)?.full) {
    return issue.message;
  }
  const value = describeValue(env[name]);
  if (issue.code === 'invalid_value') {
    return `${name}: ${value} is not one of ${issue.values.map((v) => describeValue(v)).join(', ')}`;
  }
  return `${name}: ${value} ${issue.message}`;
}

/**
 * Reads and validates the configuration. Only the variables of {@link ENVIRONMENT_SCHEMA} are read;
 * the message of the error quotes the offending variables and values only.
 *
 * @throws ConfigurationError listing every invalid variable, one per line
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(ENVIRONMENT_SCHEMA.shape)) input[name] = env[name];
  const parsed = ENVIRONMENT_SCHEMA.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => describeConfigIssue(issue, input));
    throw new ConfigurationError(`invalid configuration: ${lines.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const values = parsed.data;
  return {
    ...(values.SNS_TOPIC_ARN !== undefined ? { snsTopicArn: values.SNS_TOPIC_ARN } : {}),
    metricsNamespace: values.METRICS_NAMESPACE,
    regions: values.REGIONS,
    services: values.SERVICES,
    notify: values.NOTIFY,
    notifyMinSeverity: values.NOTIFY_MIN_SEVERITY,
    cost: {
      enabled: values.COST_ESTIMATE === 'true',
      days: values.COST_DAYS,
      ...(values.NAT_PRICE_PER_GB !== undefined ? { pricePerGb: values.NAT_PRICE_PER_GB } : {}),
    },
    remediation: {
      autoRemediate: values.AUTO_REMEDIATE === 'true',
      maxChanges: values.MAX_CHANGES,
      includePaths: values.INCLUDE_PATHS ?? [],
      endpointPolicyFiles: {
        ...(values.ENDPOINT_POLICY_S3_FILE !== undefined
          ? { s3: { file: values.ENDPOINT_POLICY_S3_FILE, label: 'ENDPOINT_POLICY_S3_FILE' } }
          : {}),
        ...(values.ENDPOINT_POLICY_DYNAMODB_FILE !== undefined
          ? {
              dynamodb: {
                file: values.ENDPOINT_POLICY_DYNAMODB_FILE,
                label: 'ENDPOINT_POLICY_DYNAMODB_FILE',
              },
            }
          : {}),
      },
      policyDocuments: {},
    },
    ...(values.REPORT_BUCKET !== undefined ? { reportBucket: values.REPORT_BUCKET } : {}),
    securityHub: values.SECURITY_HUB === 'true',
  };
}

/**
 * The configuration of a cold start: {@link loadConfig}, then the endpoint policy files read and
 * validated (each must suit its service), so that a bad file fails the configuration before any
 * invocation does anything.
 *
 * @throws ConfigurationError naming the variable and its value, or the policy variable and the file
 *   with what is wrong in it
 */
export async function loadLambdaConfig(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Config> {
  const config = loadConfig(env);
  const files = config.remediation.endpointPolicyFiles;
  if (Object.keys(files).length === 0) return config;
  try {
    const policyDocuments = await loadEndpointPolicies(files, {
      override: 'fix the policy file: the function refuses a policy that cuts the service off',
    });
    return { ...config, remediation: { ...config.remediation, policyDocuments } };
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new ConfigurationError(`invalid configuration: ${error.message}`, { cause: error });
  }
}

/** The configuration as the handlers log it: the policy as its size, not its text. */
export function loggableConfig(config: Config): Record<string, unknown> {
  const { policyDocuments, ...remediation } = config.remediation;
  return {
    ...config,
    remediation: {
      ...remediation,
      policyChars: Object.fromEntries(
        Object.entries(policyDocuments).map(([service, text]) => [service, text.length]),
      ),
    },
  };
}

/** The region of an SNS topic ARN (the fourth field). */
export function regionOfTopicArn(arn: string): string {
  const region = arn.split(':')[3];
  if (region === undefined || region === '') {
    throw new ConfigurationError(`SNS_TOPIC_ARN: ${describeValue(arn)} has no region`);
  }
  return region;
}
