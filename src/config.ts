/**
 * The Lambda configuration: environment variables only, validated once at cold start. Every
 * setting is one entry of {@link SETTINGS}: its variable, validation, default and conversion, its
 * documentation, the stack parameter that sets it and the programs that read it. The
 * configuration's type ({@link Config}), the configuration reference (docs/configuration.md), the
 * functions' environments and the parameters' defaults in serverless.yml (through
 * deploy/stack-settings.js) and the stack parameters' check at package time all come from it. A bad value is a {@link ConfigurationError} naming the variable
 * and its value.
 */
import {
  DEFAULT_MEMBER_ROLE_NAME,
  parseAccountIds,
  parseExternalId,
  parseParentIds,
  parseRoleName,
} from './accounts/account-ids';
import {
  CLIENT_LIMITS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HUNG_CALL_BUDGET_MS,
  MAX_ATTEMPTS_SETTING,
  MAX_TIMEOUT_MS,
  parseClientLimit,
  type ClientLimitKey,
} from './aws-client-limits';
import { MAX_TIMEOUT_ATTEMPTS } from './aws-errors';
import { DEFAULT_COST_DAYS } from './cost/metric-window';
import { DEFAULT_FLOW_LOG_HOURS } from './cost/flow-log-window';
import {
  DEFAULT_SCHEDULED_MEASURE_MINUTES,
  MAX_SCHEDULED_MEASURE_MINUTES,
} from './cost/measure-budget';
import { ConfigurationError, UserInputError } from './errors';
import {
  booleanVariable,
  configOf,
  enumVariable,
  matches,
  parsedVariable,
  setting as anySetting,
  settingsOf,
  textVariable,
  unsetAs,
  unsetIfBlank,
  type ConfigOf,
  type Setting,
  type StackSource,
  type VariableSchema,
} from './options/environment';
import {
  parseCostDays,
  parseFlowLogHours,
  parseIacTags,
  parseIncludePaths,
  parseMaxChanges,
  parseNatPricePerGb,
  parsePositiveInteger,
  parseRegions,
  parseRoleArn,
  parseServices,
  parseSeverity,
} from './options/parsers';
import { DEFAULT_REMEDIATION_PATHS, OPT_IN_REMEDIATION_PATHS } from './path-kinds';
import { SINGLE_POLICY_REPLACED, loadEndpointPolicies } from './remediation/endpoint-policy';
import { DEFAULT_MAX_CHANGES, type EndpointPolicies } from './remediation/plan-types';
import { describeValue } from './validation';

/** When the audit publishes to SNS. */
export const NOTIFY_MODES = ['always', 'on-leak', 'on-change'] as const;
/**
 * `always`: every run; `on-leak`: only runs that found leaks or failed in a region; `on-change`: only
 * runs with a new or resolved leak or a failed region (as `on-leak` when no history could be
 * computed).
 */
export type NotifyMode = (typeof NOTIFY_MODES)[number];

/** The functions of the stack (serverless.yml's names). */
export const LAMBDA_FUNCTIONS = [
  'audit',
  'remediate',
  'orgListAccounts',
  'orgAuditAccount',
  'orgAggregate',
  'measure',
] as const;
/** A function of the stack. */
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];
/** A program that reads settings: a function of the stack, or the command line. */
export type Program = LambdaFunction | 'cli';

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

/** The CloudWatch namespace when `METRICS_NAMESPACE` is unset. */
const DEFAULT_NAMESPACE = 'VpceAuditor';

/** `MEASURE_MINUTES`: whole minutes from 1 to the most the measure function's 15 minutes allow. */
function parseScheduledMinutes(value: string, variable: string): number {
  const minutes = parsePositiveInteger(value, variable);
  if (minutes > MAX_SCHEDULED_MEASURE_MINUTES) {
    throw new ConfigurationError(
      `${variable}: "${value}" is more than ${MAX_SCHEDULED_MEASURE_MINUTES} minutes: the measure function has 15 minutes for the audit, the recording, the records' delivery (about 5 minutes), the queries and the removal`,
    );
  }
  return minutes;
}

function setting<T>(entry: Omit<Setting<T, Program>, 'kind'>): Setting<T, Program> {
  return anySetting(entry);
}

/** Names as Markdown code, joined as a sentence: `a`, `b` and `c`. */
function codeList(names: readonly string[], last = 'and'): string {
  const quoted = names.map((name) => `\`${name}\``);
  return quoted.length < 2
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} ${last} ${quoted[quoted.length - 1]}`;
}

/** Every function of the stack, and the command line. */
const EVERY_PROGRAM: readonly Program[] = [...LAMBDA_FUNCTIONS, 'cli'];

/** A variable of the AWS clients' timeouts and attempts, parsed with the clients' own bounds. */
function timeoutVariable(key: ClientLimitKey, defaultValue?: number) {
  const parse = (value: string) => parseClientLimit(key, value);
  return defaultValue === undefined
    ? parsedVariable(parse)
    : parsedVariable(parse, String(defaultValue));
}

/** The functions that publish a report (SNS, CloudWatch). */
const PUBLISHERS: readonly Program[] = ['audit', 'remediate', 'orgAggregate'];

/** An optional endpoint policy file, labelled with its variable (the error messages quote it). */
function policyFile(variable: string): VariableSchema<{ file: string; label: string } | undefined> {
  const text = textVariable([]);
  return {
    parse(value, name) {
      const file = text.parse(value, name);
      return file === undefined ? undefined : { file, label: variable };
    },
  };
}

/**
 * Every setting, shaped as the configuration ({@link Settings}) they make. Adding a setting is one
 * entry here (variable, schema, doc, stack parameter, readers), its use and its test; CONTRIBUTING
 * says what is generated from it and what the tests then ask for.
 */
export const SETTINGS = {
  snsTopicArn: setting({
    variable: 'SNS_TOPIC_ARN',
    schema: textVariable([
      matches(
        SNS_TOPIC_ARN,
        'is not a standard SNS topic ARN (arn:aws:sns:<region>:<12-digit account>:<name>)',
      ),
    ]),
    doc: 'The standard SNS topic to publish to. Unset or empty: no message is sent. The stack sets the topic it creates, or `existingTopicArn`.',
    stack: { parameter: 'existingTopicArn', value: '${self:custom.topicArn}' },
    readBy: PUBLISHERS,
  }),
  metricsNamespace: setting({
    variable: 'METRICS_NAMESPACE',
    schema: textVariable(
      [
        matches(
          NAMESPACE,
          'is not a CloudWatch namespace (1-255 of letters, digits, . - _ / # : and spaces)',
        ),
        { test: (value) => !value.startsWith('AWS/'), message: 'must not start with "AWS/"' },
      ],
      DEFAULT_NAMESPACE,
    ),
    doc: 'The CloudWatch namespace of the metrics: 1–255 of letters, digits, `. - _ / # :` and spaces; not `AWS/…`.',
    stack: { parameter: 'metricsNamespace' },
    readBy: PUBLISHERS,
  }),
  regions: setting({
    variable: 'REGIONS',
    schema: parsedVariable((value) => parseRegions(value, 'REGIONS'), 'all'),
    doc: '`all` (every enabled region) or a comma-separated list, e.g. `eu-west-1,us-east-1`.',
    stack: { parameter: 'regions' },
    readBy: ['audit', 'remediate', 'orgAuditAccount', 'measure'],
  }),
  services: setting({
    variable: 'SERVICES',
    schema: parsedVariable((value) => parseServices(value, 'SERVICES'), 's3,dynamodb'),
    doc: 'The services to audit: `s3`, `dynamodb` or both, comma-separated.',
    stack: { parameter: 'services' },
    readBy: ['audit', 'remediate', 'orgAuditAccount', 'orgAggregate', 'measure'],
  }),
  notify: setting({
    variable: 'NOTIFY',
    schema: enumVariable(NOTIFY_MODES, 'on-leak'),
    doc: 'When a run publishes: `on-change` (a leak is new or resolved, or a region failed; needs the report bucket for the previous report), `on-leak` (any leak or failed region) or `always`.',
    // The stack's own default: a nightly run repeats yesterday's leaks, and on-change stays quiet.
    stack: { parameter: 'notify', default: 'on-change' },
    readBy: PUBLISHERS,
  }),
  notifyMinSeverity: setting({
    variable: 'NOTIFY_MIN_SEVERITY',
    schema: parsedVariable((value) => parseSeverity(value, 'NOTIFY_MIN_SEVERITY'), 'low'),
    doc: "With `NOTIFY` `on-leak` or `on-change`, the least severity of leak that sends a message: `high` (NAT, transit gateway), `medium` (VPN, other targets) or `low` (any leak, an internet gateway's included). `high` keeps a default VPC's internet gateway from paging anyone.",
    stack: { parameter: 'notifyMinSeverity' },
    readBy: ['audit', 'orgAggregate'],
  }),
  cost: {
    enabled: setting({
      variable: 'COST_ESTIMATE',
      schema: booleanVariable('true'),
      doc: '`false` skips the NAT cost estimate and its CloudWatch reads. The CLI reads it too; its `--no-cost` wins.',
      stack: { parameter: 'costEstimate' },
      readBy: ['audit', 'orgAuditAccount', 'cli'],
    }),
    days: setting({
      variable: 'COST_DAYS',
      schema: parsedVariable(
        (value) => parseCostDays(value, 'COST_DAYS'),
        String(DEFAULT_COST_DAYS),
      ),
      doc: 'Days of NAT gateway metrics to average (1–455). The CLI reads it too; its `--cost-days` wins.',
      stack: { parameter: 'costDays' },
      readBy: ['audit', 'orgAuditAccount', 'cli'],
    }),
    pricePerGb: setting({
      variable: 'NAT_PRICE_PER_GB',
      schema: parsedVariable((value) => parseNatPricePerGb(value, 'NAT_PRICE_PER_GB')),
      doc: 'The NAT data processing price in USD per GB for every region. Unset: the built-in regional table. The CLI reads it too; its `--nat-price-per-gb` wins.',
      stack: { parameter: 'natPricePerGb' },
      readBy: ['audit', 'orgAuditAccount', 'cli'],
    }),
    flowLogHours: setting({
      variable: 'FLOW_LOG_HOURS',
      schema: parsedVariable(
        (value) => parseFlowLogHours(value, 'FLOW_LOG_HOURS'),
        String(DEFAULT_FLOW_LOG_HOURS),
      ),
      doc: 'Hours of existing flow logs queried (CloudWatch Logs Insights, about $0.005 per GB scanned) per leaking NAT gateway to measure its S3/DynamoDB bytes, so that its dollars are measured rather than an upper bound (0–720; 0 reads none). The CLI reads it too; its `--flow-log-hours` wins.',
      stack: { parameter: 'flowLogHours' },
      readBy: ['audit', 'orgAuditAccount', 'cli'],
    }),
  },
  remediation: {
    autoRemediate: setting({
      variable: 'AUTO_REMEDIATE',
      schema: booleanVariable('false'),
      doc: '`true`: the audit function applies the plan of its own report after each audit (deploy the stack with `autoRemediate=true`, which gives its role the endpoint statements).',
      stack: { parameter: 'autoRemediate' },
      readBy: ['audit'],
    }),
    maxChanges: setting({
      variable: 'MAX_CHANGES',
      schema: parsedVariable(
        (value) => parseMaxChanges(value, 'MAX_CHANGES'),
        String(DEFAULT_MAX_CHANGES),
      ),
      doc: 'The endpoint changes (API calls) one remediation run may make; over it nothing changes. `0` plans only.',
      stack: { parameter: 'maxChanges' },
      readBy: ['audit', 'remediate'],
    }),
    includePaths: setting({
      variable: 'INCLUDE_PATHS',
      schema: unsetAs(
        parsedVariable((value) => parseIncludePaths(value, 'INCLUDE_PATHS')),
        [],
      ),
      doc: `Opt-in paths remediation acts on besides ${codeList(DEFAULT_REMEDIATION_PATHS)}: ${codeList(OPT_IN_REMEDIATION_PATHS, 'or')}, comma-separated (they may pass central inspection).`,
      stack: { parameter: 'includePaths' },
      readBy: ['audit', 'remediate'],
    }),
    iacTags: setting({
      variable: 'IAC_TAGS',
      schema: unsetAs(
        parsedVariable((value) => parseIacTags(value, 'IAC_TAGS')),
        [],
      ),
      doc: 'Tags that say another tool owns a VPC, route table or endpoint, comma-separated `KEY=VALUE` (`KEY=*`: any value), e.g. `ManagedBy=terraform`. A planned change to a resource carrying one, or a CloudFormation stack tag, is iac-managed: not applied unless the remediate payload says `"allowDrift": true` (auto-remediation never applies it). The CLI reads it too; its `--iac-tag` wins.',
      stack: { parameter: 'iacTags' },
      readBy: ['audit', 'remediate', 'cli'],
    }),
    endpointPolicyFiles: {
      s3: setting({
        variable: 'ENDPOINT_POLICY_S3_FILE',
        schema: policyFile('ENDPOINT_POLICY_S3_FILE'),
        doc: 'A JSON endpoint policy for the S3 endpoints remediation creates (unset: full access), read and validated at cold start: it must allow `s3:` actions.',
        stack: { parameter: 'endpointPolicyS3File' },
        readBy: ['audit', 'remediate'],
      }),
      dynamodb: setting({
        variable: 'ENDPOINT_POLICY_DYNAMODB_FILE',
        schema: policyFile('ENDPOINT_POLICY_DYNAMODB_FILE'),
        doc: 'The same for the DynamoDB endpoints remediation creates: it must allow `dynamodb:` actions.',
        stack: { parameter: 'endpointPolicyDynamodbFile' },
        readBy: ['audit', 'remediate'],
      }),
    },
  },
  reportBucket: setting({
    variable: 'REPORT_BUCKET',
    schema: textVariable([
      matches(BUCKET_NAME, 'is not an S3 bucket name (3-63 of a-z, 0-9, dots and hyphens)'),
    ]),
    doc: 'The report bucket: every audit writes its full JSON report there, and an SNS message too large for SNS points to it. Unset: reports are not stored (the organization functions require it). The stack sets the bucket it creates, or `reportBucket`.',
    stack: { parameter: 'reportBucket', value: '${self:custom.reportBucketName}' },
    readBy: ['audit', 'remediate', 'orgListAccounts', 'orgAuditAccount', 'orgAggregate', 'measure'],
  }),
  measure: {
    minutes: setting({
      variable: 'MEASURE_MINUTES',
      schema: parsedVariable(
        (value) => parseScheduledMinutes(value, 'MEASURE_MINUTES'),
        String(DEFAULT_SCHEDULED_MEASURE_MINUTES),
      ),
      doc: `The minutes the scheduled measurement records (1–${MAX_SCHEDULED_MEASURE_MINUTES}): temporary flow logs on the leaking NAT gateways that no flow log covers, whose S3/DynamoDB bytes the nightly audit then prices (docs/cost.md, "The scheduled measurement"). The function has 15 minutes for the audit before it, the recording, the records' delivery (about 5 minutes), the queries and the removal, so more is refused. The measure function exists only when the stack parameter \`measureSchedule\` is set.`,
      stack: { parameter: 'measureMinutes' },
      readBy: ['measure'],
    }),
    deliveryRoleArn: setting({
      variable: 'DELIVERY_ROLE_ARN',
      schema: parsedVariable((value) => parseRoleArn(value, 'DELIVERY_ROLE_ARN')),
      doc: "The role VPC Flow Logs assumes to deliver the scheduled measurement's records to CloudWatch Logs. The stack sets the delivery role it creates with `measureSchedule`; unset, the function refuses to start.",
      stack: { parameter: 'measureSchedule', value: '${self:custom.measureDeliveryRoleArn}' },
      readBy: ['measure'],
    }),
  },
  securityHub: setting({
    variable: 'SECURITY_HUB',
    schema: booleanVariable('false'),
    doc: '`true`: each audit imports its leaks into AWS Security Hub and archives the ones that are gone (deploy the stack with `securityHub=true`).',
    stack: { parameter: 'securityHub' },
    readBy: ['audit', 'orgAuditAccount'],
  }),
  organization: {
    scope: {
      parentIds: setting({
        variable: 'ORGANIZATIONAL_UNITS',
        schema: parsedVariable((value) => parseParentIds(value, 'ORGANIZATIONAL_UNITS')),
        doc: 'The organizational units (`ou-…`) or roots (`r-…`) whose accounts an organization run audits, comma-separated. Unset: the whole organization.',
        stack: { parameter: 'organizationalUnits' },
        readBy: ['orgListAccounts'],
      }),
      exclude: setting({
        variable: 'EXCLUDE_ACCOUNTS',
        schema: parsedVariable((value) => parseAccountIds(value, 'EXCLUDE_ACCOUNTS')),
        doc: 'Account ids an organization run leaves out, comma-separated.',
        stack: { parameter: 'excludeAccounts' },
        readBy: ['orgListAccounts'],
      }),
    },
    member: {
      roleName: setting({
        variable: 'MEMBER_ROLE_NAME',
        schema: parsedVariable(
          (value) => parseRoleName(value, 'MEMBER_ROLE_NAME'),
          DEFAULT_MEMBER_ROLE_NAME,
        ),
        doc: 'The role an organization run assumes in each member account (the one deploy/member-role.yml creates).',
        stack: { parameter: 'memberRoleName' },
        readBy: ['orgAuditAccount'],
      }),
      externalId: setting({
        variable: 'EXTERNAL_ID',
        schema: parsedVariable((value) => parseExternalId(value, 'EXTERNAL_ID')),
        doc: 'The external id the member role requires, if any.',
        stack: { parameter: 'externalId' },
        readBy: ['orgAuditAccount'],
      }),
    },
    accountMetrics: setting({
      variable: 'ACCOUNT_METRICS',
      schema: booleanVariable('false'),
      doc: "`true`: an organization run's metrics carry `LeakingSubnets` and `EstimatedMonthlyUsd` per `AccountId` beside the totals. They are two CloudWatch custom metrics per account, each billed as a metric-month: $0.30 each for the AWS account's first 10,000 custom metrics, $0.10 each for the next 240,000 (us-east-1 list prices), so about $60 a month at 100 accounts, $600 at 1,000 and $4,000 at 10,000. Off by default: the totals (`LeakingSubnets`, `EstimatedMonthlyUsd`, `AccountsFailed`…) carry the alarms, and every account's figures are in the stored report at no cost; turn it on to alarm or graph per account in a small organization.",
      stack: { parameter: 'accountMetrics' },
      readBy: ['orgAggregate'],
    }),
  },
  awsClients: {
    connectTimeoutMs: setting({
      variable: CLIENT_LIMITS.connect.variable,
      schema: timeoutVariable('connect', DEFAULT_CONNECT_TIMEOUT_MS),
      doc: `How long every AWS client waits for a connection, in milliseconds (1–${MAX_TIMEOUT_MS}). A call whose connection or request times out is tried at most ${MAX_TIMEOUT_ATTEMPTS} times: with the defaults a hung region is reported within about ${Math.round(HUNG_CALL_BUDGET_MS / 1000)} s. For tests and unusual networks; the stack does not set it.`,
      readBy: EVERY_PROGRAM,
    }),
    requestTimeoutMs: setting({
      variable: CLIENT_LIMITS.request.variable,
      schema: timeoutVariable('request', DEFAULT_REQUEST_TIMEOUT_MS),
      doc: `How long every AWS client waits for an answer's headers, and then for each silence while its body streams, in milliseconds (1–${MAX_TIMEOUT_MS}). For tests and unusual networks; the stack does not set it.`,
      readBy: EVERY_PROGRAM,
    }),
    maxAttempts: setting({
      variable: CLIENT_LIMITS.attempts.variable,
      schema: timeoutVariable('attempts'),
      doc: `Attempts per call (the first included, 1–${MAX_ATTEMPTS_SETTING}) of the collection's and Organizations' clients, so that throttling is ridden out; unset: ${DEFAULT_MAX_ATTEMPTS}. Timeouts stay bounded at ${MAX_TIMEOUT_ATTEMPTS} attempts whatever it says. For tests; the stack does not set it.`,
      readBy: EVERY_PROGRAM,
    }),
  },
};

/** Variables that were replaced: setting one is an error that says what to use instead. */
export const RETIRED_VARIABLES: Readonly<Record<string, string>> = {
  ENDPOINT_POLICY_FILE: SINGLE_POLICY_REPLACED,
};

/** The configuration the environment variables make: the shape of {@link SETTINGS}. */
export type Settings = ConfigOf<typeof SETTINGS>;

/**
 * The validated configuration of every function: the {@link Settings}, with the endpoint policies
 * {@link loadLambdaConfig} reads from the files they name.
 */
export type Config = Settings & {
  remediation: {
    /** The validated policies of `endpointPolicyFiles` (compact JSON), read at cold start. */
    policyDocuments: EndpointPolicies;
  };
};

/** Every setting, with the path of its field in {@link Settings}. */
export const SETTING_LIST = settingsOf(SETTINGS);

/** The settings a program reads. */
export function settingsReadBy(program: Program): Setting<unknown, Program>[] {
  return SETTING_LIST.map(({ setting: entry }) => entry as Setting<unknown, Program>).filter(
    (entry) => entry.readBy.includes(program),
  );
}

/**
 * The default of the stack parameter a setting comes from: the stack's own when the setting names
 * one, else the text the setting's schema defaults to, else empty (unset).
 */
export function stackDefaultOf(entry: Setting<unknown>): string {
  return entry.stack?.default ?? entry.schema.defaultText ?? '';
}

/** The value serverless.yml gives a setting's variable: its stack value or `${param:<parameter>}`. */
function stackValueOf(stack: StackSource): string {
  return stack.value ?? `\${param:${stack.parameter}}`;
}

/**
 * The defaults of the stack parameters the settings come from, by parameter (serverless.yml's
 * `params.default` takes them through deploy/stack-settings.js).
 *
 * @throws Error when two settings give one parameter different defaults
 */
export function stackParameterDefaults(): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const { setting: entry } of SETTING_LIST) {
    const stack = entry.stack;
    if (stack === undefined) continue;
    const value = stackDefaultOf(entry);
    const before = defaults[stack.parameter];
    if (before !== undefined && before !== value) {
      throw new Error(
        `stack parameter ${stack.parameter}: two settings give it the defaults "${before}" and "${value}"`,
      );
    }
    defaults[stack.parameter] = value;
  }
  return defaults;
}

/**
 * The environment the stack gives a function: each variable of the settings it reads that the
 * stack sets, with the value serverless.yml resolves (`${param:<parameter>}` or the setting's own).
 */
export function stackEnvironment(name: LambdaFunction): Record<string, string> {
  return Object.fromEntries(
    settingsReadBy(name).flatMap((entry) =>
      entry.stack === undefined ? [] : [[entry.variable, stackValueOf(entry.stack)]],
    ),
  );
}

/** An environment checked: its problems (one line each, naming the variable and value) or values. */
export type CheckedEnvironment =
  | { problems: string[]; errors: UserInputError[] }
  | { problems: []; values: Record<string, unknown> };

/**
 * Checks the variables of an environment that `program` reads (every setting's without one); the
 * others count as unset. Every bad variable is a problem, not only the first.
 */
export function checkEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  program?: Program,
): CheckedEnvironment {
  const values: Record<string, unknown> = {};
  const errors: UserInputError[] = [];
  for (const { setting: entry } of SETTING_LIST) {
    const read = program === undefined || entry.readBy.includes(program);
    const text = read ? env[entry.variable] : undefined;
    try {
      values[entry.variable] = entry.schema.parse(text, entry.variable);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      errors.push(error);
    }
  }
  const retired = Object.entries(RETIRED_VARIABLES)
    .filter(([name]) => unsetIfBlank(env[name]) !== undefined)
    .map(([name, message]) => `${name}: ${describeValue(env[name])}: ${message}`);
  if (errors.length > 0 || retired.length > 0) {
    return { problems: [...errors.map((error) => error.message), ...retired], errors };
  }
  return { problems: [], values };
}

function settingsOrThrow(
  env: Readonly<Record<string, string | undefined>>,
  program: Program | undefined,
  prefix: string,
): Settings {
  const checked = checkEnvironment(env, program);
  if (!('values' in checked)) {
    const [first] = checked.errors;
    throw new ConfigurationError(
      `${prefix}${checked.problems.join('; ')}`,
      first
        ? { cause: checked.errors.length > 1 ? new AggregateError(checked.errors) : first }
        : undefined,
    );
  }
  return configOf(SETTINGS, checked.values);
}

/**
 * The settings `program` reads from its environment (the others take their defaults), for the
 * command line: the error is the problems alone, naming each variable and value.
 *
 * @throws ConfigurationError listing every invalid variable
 */
export function readSettings(
  env: Readonly<Record<string, string | undefined>>,
  program: Program,
): Settings {
  return settingsOrThrow(env, program, '');
}

/**
 * Reads and validates the configuration. Only the variables of {@link SETTINGS} that `program`
 * reads are read (every setting's without one); the others take their defaults. The message of the
 * error quotes the offending variables and values only.
 *
 * @throws ConfigurationError listing every invalid variable, one per line
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  program?: Program,
): Config {
  const settings = settingsOrThrow(env, program, 'invalid configuration: ');
  return { ...settings, remediation: { ...settings.remediation, policyDocuments: {} } };
}

/**
 * The report bucket of the organization functions, which keep the account list and the reports
 * there.
 *
 * @throws ConfigurationError when `REPORT_BUCKET` is unset
 */
export function requiredReportBucket(config: Settings): string {
  if (config.reportBucket === undefined) {
    throw new ConfigurationError(
      'REPORT_BUCKET: is empty; the organization functions keep the account list and reports in the report bucket',
    );
  }
  return config.reportBucket;
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
  program?: LambdaFunction,
): Promise<Config> {
  const config = loadConfig(env, program);
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
