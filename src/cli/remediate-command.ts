/**
 * `vpce-auditor remediate`: plans the gateway endpoints that would stop the leaks and, only with
 * `--apply`, makes the changes and verifies them. From a `--snapshot` file it only plans.
 */
import { Command, Option } from 'commander';
import {
  DEFAULT_MEMBER_ROLE_NAME,
  parseAccountIds,
  parseExternalId,
  parseRoleName,
} from '../accounts/account-ids';
import type { MemberRoleSettings } from '../accounts/member-credentials';
import { CallLimiter, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../collect/call-limit';
import type { AwsClientFactory } from '../collect/client-factory';
import { withRollup } from '../analysis/rollup';
import { UserInputError } from '../errors';
import {
  CODE_PLAN_FORMATS,
  PLAN_FORMAT_NAMES,
  formatRemediation,
  type PlanFormat,
} from '../format/plan-format';
import {
  SINGLE_POLICY_REPLACED,
  loadEndpointPolicies,
  type EndpointPolicyFiles,
} from '../remediation/endpoint-policy';
import type { RemediationLogger } from '../remediation/logger';
import { assertVpcsFound, planRemediation, type PlanOptions } from '../remediation/plan';
import {
  DEFAULT_MAX_CHANGES,
  OPT_IN_REMEDIATION_PATHS,
  type EndpointPolicies,
  type IacTag,
  type RemediablePath,
  type RemediationPlan,
} from '../remediation/plan-types';
import { isSuccessful, type RemediationResult } from '../remediation/result-types';
import { loadFileReaders } from './file-seam';
import type { Snapshot } from '../snapshot/schema';
import type { Path, Report, ServiceName } from '../types';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { checkOutput, emitResult } from './output';
import { tableWidthFor } from './table-width';
import type { LiveDependencies, LiveOptions } from './live-options';
import { addLiveOptions, parseLiveOptions, printRegionErrors, withProgress } from './live-options';
import {
  parseIacTags,
  parseIncludePaths,
  parseLeakingPaths,
  parseMaxChanges,
  parseRegions,
  parseServices,
  variableOf,
} from '../options/parsers';
import { callLines, type ProgressReporter } from './progress-reporter';
import { oneLine } from '../format/safe-text';

/** The parsed options of `remediate`. */
export interface RemediateCommandOptions extends LiveOptions {
  snapshot?: string;
  regions: 'all' | string[];
  vpcIds?: string[];
  services: ServiceName[];
  includePaths: RemediablePath[];
  /** Leaking paths left alone (`--exclude-paths`). */
  excludePaths: Path[];
  /** Leave default VPCs alone (`--skip-default-vpcs`). */
  skipDefaultVpcs: boolean;
  /** Price the live report (NAT metrics) so each action shows its saving; `--no-cost` skips it. */
  cost: boolean;
  maxChanges: number;
  /** The validated policy of each service (compact JSON), from `--policy-s3` / `--policy-dynamodb`. */
  policyDocuments: EndpointPolicies;
  /** Attach to existing endpoints whose policy is not full access. */
  allowRestrictivePolicy: boolean;
  /** Tags that say another tool owns a resource (`--iac-tag`, env `IAC_TAGS`). */
  iacTags: IacTag[];
  /** Make the iac-managed changes through the API too (`--allow-drift`). */
  allowDrift: boolean;
  apply: boolean;
  format: PlanFormat;
  /** The table's width (`COLUMNS` or the terminal's; set by {@link runRemediate}). */
  width?: number;
  out?: string;
  /** `--account`: another account of the organization, through its member role. */
  account?: RemediateAccount;
  /** `--include-exempt-account`: change an account tagged `vpce-auditor:exempt` anyway (the caller's or `--account`). */
  includeExemptAccount: boolean;
}

/** The one account `remediate --account` changes, and how to reach it. */
export interface RemediateAccount {
  accountId: string;
  member: MemberRoleSettings;
}

const VPC_ID = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

// The parsers the Lambda configuration shares (MAX_CHANGES, INCLUDE_PATHS) live in src/options.
export { parseIncludePaths, parseMaxChanges };

/** `--vpc vpc-0abc…` (repeatable, or comma-separated) → the ids, each checked for form. */
export function parseVpcIds(values: readonly string[], flag = '--vpc'): string[] {
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim());
  for (const id of ids) {
    if (!VPC_ID.test(id))
      throw new UserInputError(`${flag}: "${id}" is not a VPC id (vpc- and 8 or 17 hex digits)`);
  }
  return [...new Set(ids)].sort();
}

async function emit(text: string, out: string | undefined, io: CliIo): Promise<boolean> {
  return emitResult(text, out, io, 'remediation');
}

/** Logs each change on stderr, after clearing the collection's status line. */
function stderrLogger(
  io: CliIo,
  options: RemediateCommandOptions,
  progress: ProgressReporter,
): RemediationLogger {
  const write = (message: string) => {
    if (options.verbosity === 'quiet') return;
    progress.finish();
    io.err(`${oneLine(message)}\n`);
  };
  return { info: write, warn: write };
}

function exitCodeOf(
  report: Report,
  plan: RemediationPlan,
  result: RemediationResult | undefined,
  io: CliIo,
): ExitCode {
  if (result) {
    if (result.overCap) {
      io.err(`vpce-auditor: nothing changed: ${plan.overCapReason ?? 'over the cap on changes'}\n`);
      return ExitCode.Failure;
    }
    if (!isSuccessful(result)) {
      const c = result.counts;
      io.err(
        `vpce-auditor: ${c.failed} action(s) failed, ${c.applied} not verified, ${result.errors.length} region error(s)\n`,
      );
      return ExitCode.Failure;
    }
  }
  return report.errors.length > 0 ? ExitCode.Failure : ExitCode.Ok;
}

/** Plans from a snapshot file: never applies. */
async function planFromSnapshot(options: RemediateCommandOptions, io: CliIo): Promise<ExitCode> {
  const file = options.snapshot ?? '';
  const { auditSnapshotFileRegions } = await loadFileReaders();
  const { snapshot, report } = await auditSnapshotFileRegions(
    file,
    options.regions,
    options.services,
    io.stdin,
  );
  if (!snapshot) {
    throw new UserInputError(
      `--snapshot: ${file} holds several accounts; remediation plans one account per run: use a single-account snapshot, or remediate --account ID live`,
    );
  }
  if (options.vpcIds) assertVpcsFound(options.vpcIds, snapshot, report);
  const plan = planRemediation(report, snapshot, planOptionsOf(options));
  printRegionErrors(report.errors, io);
  const written = await emit(
    formatRemediation(plan, options.format, undefined, options.width),
    options.out,
    io,
  );
  return written ? exitCodeOf(report, plan, undefined, io) : ExitCode.Failure;
}

/** What the planner reads of the command's options, live or from a snapshot alike. */
function planOptionsOf(options: RemediateCommandOptions): Omit<
  PlanOptions,
  'regions' | 'services' | 'vpcIds'
> & {
  services: ServiceName[];
  vpcIds?: string[];
} {
  return {
    services: options.services,
    ...(options.vpcIds ? { vpcIds: options.vpcIds } : {}),
    includePaths: options.includePaths,
    maxChanges: options.maxChanges,
    policyDocuments: options.policyDocuments,
    allowRestrictivePolicy: options.allowRestrictivePolicy,
    excludePaths: options.excludePaths,
    skipDefaultVpcs: options.skipDefaultVpcs,
    iacTags: options.iacTags,
    allowDrift: options.allowDrift,
  };
}

/** Plans from a fresh collection of the live account, and applies with `--apply`. */
async function remediateAccount(
  options: RemediateCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<ExitCode> {
  const { remediateLive, withCostEstimate } = deps.live;
  const clients = options.account
    ? await memberClients(options.account, options, io, deps)
    : await callerClients(options, deps);
  const outcome = await withProgress(io, options.verbosity, (progress) =>
    remediateLive({
      regions: options.regions,
      clients,
      concurrency: options.concurrency,
      ...planOptionsOf(options),
      ...(options.cost
        ? {
            priceReport: async (report: Report, snapshot: Snapshot) =>
              withRollup(
                await withCostEstimate(
                  report,
                  { enabled: true },
                  {
                    cloudwatch: (region) => clients.cloudwatch(region),
                    ec2: (region) => clients.ec2(region),
                    flowLogs: { snapshot, logs: (region) => clients.logs(region) },
                  },
                ),
              ),
          }
        : {}),
      apply: options.apply,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      // From the first change on, SIGINT/SIGTERM stop the run gracefully (./interrupt).
      ...(io.interrupts ? { beforeChanges: () => io.interrupts?.deferExit() as AbortSignal } : {}),
      progress,
      logger: stderrLogger(io, options, progress),
      ...(deps.remediationTiming.pacing ? { pacing: deps.remediationTiming.pacing } : {}),
      ...(deps.remediationTiming.verify ? { verify: deps.remediationTiming.verify } : {}),
    }),
  );
  const { report, plan, result } = outcome;
  printRegionErrors(report.errors, io);
  // After --apply the result is the only record of what changed: never lost (stdout if need be).
  const written = await emit(
    formatRemediation(plan, options.format, result, options.width),
    options.out,
    io,
  );
  const code = exitCodeOf(report, plan, result, io);
  // Interrupted: the results are written; the exit code is the signal's (130, 143).
  const interrupted = io.interrupts?.exitCode();
  if (interrupted !== undefined) return interrupted;
  return written ? code : ExitCode.Failure;
}

/** The flag that lets `remediate --account --apply` change an exempt account. */
export const INCLUDE_EXEMPT_FLAG = '--include-exempt-account';

/**
 * The clients of the account `remediate --account` names: through its member role, or the caller's
 * own when it is the caller's account. With `--apply`, an account tagged `vpce-auditor:exempt` in
 * AWS Organizations is refused first (unless `--include-exempt-account`).
 *
 * @throws ExemptAccountError (exit 2) when the account is exempt; ExemptionUnknownError when its
 *   tags cannot be read; AssumeRoleError when the member role cannot be assumed (exit 1)
 */
async function memberClients(
  account: RemediateAccount,
  options: RemediateCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<AwsClientFactory> {
  const access = deps.accountAccess({
    member: account.member,
    limiter: new CallLimiter(DEFAULT_MAX_CALLS_IN_FLIGHT),
    // --verbose lists the AssumeRole (and the caller's GetCallerIdentity) as the audit does.
    ...(options.verbosity === 'verbose'
      ? { stsHooks: callLines('sts', (line) => io.err(`${oneLine(line)}\n`)) }
      : {}),
  });
  if (options.apply && !options.includeExemptAccount) {
    await deps.live.refuseExemptAccount(
      access.organizations(),
      account.accountId,
      INCLUDE_EXEMPT_FLAG,
    );
  }
  return access.clientsFor(account.accountId);
}

/**
 * The caller's own clients. With `--apply`, the caller's account is refused first when it is
 * tagged `vpce-auditor:exempt` in AWS Organizations (unless `--include-exempt-account`), exactly
 * as an account named with `--account` is.
 *
 * @throws ExemptAccountError (exit 2) when the account is exempt; ExemptionUnknownError when its
 *   tags cannot be read (exit 1)
 */
async function callerClients(
  options: RemediateCommandOptions,
  deps: LiveDependencies,
): Promise<AwsClientFactory> {
  const clients = deps.clients();
  if (options.apply && !options.includeExemptAccount) {
    const access = deps.accountAccess({
      member: { roleName: DEFAULT_MEMBER_ROLE_NAME },
      limiter: new CallLimiter(DEFAULT_MAX_CALLS_IN_FLIGHT),
    });
    const accountId = await deps.live.callerAccountId(clients.sts(), {});
    await deps.live.refuseExemptAccount(access.organizations(), accountId, INCLUDE_EXEMPT_FLAG);
  }
  return clients;
}

/** Runs `remediate`. */
export async function runRemediate(
  options: RemediateCommandOptions,
  io: CliIo,
  liveDependencies: () => Promise<LiveDependencies>,
): Promise<ExitCode> {
  await checkOutput(options.out);
  // Read before any AWS call: an invalid COLUMNS stops a table run here, not after the changes.
  // A plan written to a file or a pipe keeps its natural width (nothing of it is shortened).
  const width = tableWidthFor(options.format, io.env, io.outColumns, Number.POSITIVE_INFINITY);
  if (width !== undefined) options = { ...options, width };
  if (options.snapshot !== undefined) {
    if (options.account) {
      throw new UserInputError(
        '--account cannot be used with --snapshot: it names the account to collect live',
      );
    }
    if (options.apply) {
      throw new UserInputError(
        '--apply cannot be used with --snapshot: changes are planned only from a fresh collection of the live account',
      );
    }
    return await planFromSnapshot(options, io);
  }
  return await remediateAccount(options, io, await liveDependencies());
}

/** `--iac-tag` (repeatable), else the `IAC_TAGS` environment variable, else none. */
function iacTagsOf(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): IacTag[] {
  const flags = Array.isArray(raw.iacTag) ? (raw.iacTag as string[]) : [];
  if (flags.length > 0) return parseIacTags(flags, '--iac-tag');
  const variable = variableOf(env, 'IAC_TAGS');
  return variable !== undefined ? parseIacTags(variable, 'IAC_TAGS') : [];
}

/** Reads the raw options and the environment (`MAX_CHANGES`, `ENDPOINT_POLICY_FILE`). */
export async function parseRemediateOptions(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Promise<RemediateCommandOptions> {
  const vpcs = Array.isArray(raw.vpc) ? (raw.vpc as string[]) : [];
  const maxChangesVariable = variableOf(env, 'MAX_CHANGES');
  const maxChanges =
    typeof raw.maxChanges === 'string'
      ? parseMaxChanges(raw.maxChanges, '--max-changes')
      : maxChangesVariable !== undefined
        ? parseMaxChanges(maxChangesVariable, 'MAX_CHANGES')
        : DEFAULT_MAX_CHANGES;
  const options: RemediateCommandOptions = {
    ...(typeof raw.snapshot === 'string' ? { snapshot: raw.snapshot } : {}),
    regions: parseRegions(String(raw.regions)),
    ...(vpcs.length > 0 ? { vpcIds: parseVpcIds(vpcs) } : {}),
    services: parseServices(String(raw.services)),
    includePaths: typeof raw.includePaths === 'string' ? parseIncludePaths(raw.includePaths) : [],
    excludePaths:
      typeof raw.excludePaths === 'string'
        ? parseLeakingPaths(raw.excludePaths, '--exclude-paths')
        : [],
    skipDefaultVpcs: raw.skipDefaultVpcs === true,
    cost: raw.cost !== false,
    maxChanges,
    policyDocuments: {},
    allowRestrictivePolicy: raw.allowRestrictivePolicy === true,
    iacTags: iacTagsOf(raw, env),
    allowDrift: raw.allowDrift === true,
    apply: raw.apply === true,
    includeExemptAccount: raw.includeExemptAccount === true,
    format: raw.format as PlanFormat,
    ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
    ...parseLiveOptions(raw),
  };
  if (options.apply && CODE_PLAN_FORMATS.includes(options.format)) {
    throw new UserInputError(
      `--format ${options.format} writes the plan as code for you to apply; it cannot be combined with --apply`,
    );
  }
  if (typeof raw.account === 'string') {
    const [accountId = ''] = parseAccountIds(raw.account, '--account');
    if (raw.account.includes(',')) {
      throw new UserInputError(
        `--account: "${raw.account}" names several accounts; remediation changes one account per run`,
      );
    }
    options.account = {
      accountId,
      member: {
        roleName: parseRoleName(String(raw.roleName), '--role-name'),
        ...(typeof raw.externalId === 'string'
          ? { externalId: parseExternalId(raw.externalId, '--external-id') }
          : {}),
      },
    };
  } else if (typeof raw.externalId === 'string') {
    throw new UserInputError('--external-id needs --account');
  }
  if (options.includeExemptAccount && !options.apply) {
    throw new UserInputError(`${INCLUDE_EXEMPT_FLAG} needs --apply: only a change is refused`);
  }
  if (typeof raw.policy === 'string') {
    throw new UserInputError(`--policy: ${SINGLE_POLICY_REPLACED}`);
  }
  const singlePolicy = variableOf(env, 'ENDPOINT_POLICY_FILE');
  if (singlePolicy !== undefined) {
    throw new UserInputError(`ENDPOINT_POLICY_FILE: "${singlePolicy}": ${SINGLE_POLICY_REPLACED}`);
  }
  const files: EndpointPolicyFiles = {};
  for (const [service, flag, variable, value] of [
    ['s3', '--policy-s3', 'ENDPOINT_POLICY_S3_FILE', raw.policyS3],
    ['dynamodb', '--policy-dynamodb', 'ENDPOINT_POLICY_DYNAMODB_FILE', raw.policyDynamodb],
  ] as const) {
    const fromEnv = env[variable];
    if (typeof value === 'string') files[service] = { file: value, label: flag };
    else if (fromEnv !== undefined && fromEnv.trim() !== '')
      files[service] = { file: fromEnv.trim(), label: variable };
  }
  options.policyDocuments = await loadEndpointPolicies(files, {
    allowRestrictive: options.allowRestrictivePolicy,
  });
  return options;
}

/** Declares `remediate`; `run` receives the parsed options and returns the exit code. */
export function remediateCommand(
  env: NodeJS.ProcessEnv,
  run: (options: RemediateCommandOptions) => Promise<ExitCode>,
): Command {
  const command = new Command('remediate')
    .description(
      'plan gateway endpoints for the leaking route tables; change nothing unless --apply is given',
    )
    .option(
      '--snapshot <file>',
      'plan from this snapshot file (- = standard input; plan only: never applies)',
    )
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all')
    .option(
      '--vpc <vpc-id>',
      'only this VPC (repeatable)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--services <services>', 'comma-separated services', 's3,dynamodb')
    .option(
      '--include-paths <paths>',
      `also remediate these paths (${OPT_IN_REMEDIATION_PATHS.join(', ')}): they may pass through central inspection`,
    )
    .option(
      '--exclude-paths <paths>',
      'leave findings on these leaking paths alone (e.g. internet-gateway), whatever --include-paths says',
    )
    .option('--skip-default-vpcs', 'leave default VPCs alone')
    .option(
      '--no-cost',
      'skip the NAT cost estimate of a live plan (its actions then show no monthly saving)',
    )
    .option(
      '--max-changes <n>',
      `the most endpoint changes one run may make (default ${DEFAULT_MAX_CHANGES}, env MAX_CHANGES)`,
    )
    .option(
      '--policy-s3 <file>',
      'endpoint policy JSON for created S3 endpoints (env ENDPOINT_POLICY_S3_FILE; default full access)',
    )
    .option(
      '--policy-dynamodb <file>',
      'endpoint policy JSON for created DynamoDB endpoints (env ENDPOINT_POLICY_DYNAMODB_FILE; default full access)',
    )
    .addOption(
      new Option('--policy <file>', 'replaced by --policy-s3 / --policy-dynamodb').hideHelp(),
    )
    .option(
      '--allow-restrictive-policy',
      'accept a --policy-s3/--policy-dynamodb that blocks reading or writing objects/items, and attach route tables to existing endpoints whose policy is not full access (default: refused / manual)',
    )
    .option(
      '--iac-tag <KEY=VALUE>',
      'a tag that says another tool owns a resource (repeatable; KEY=* for any value; env IAC_TAGS): changes to VPCs, route tables or endpoints carrying it, or a CloudFormation stack tag, are iac-managed',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--allow-drift',
      'with --apply, also make the iac-managed changes through the API (default: leave them to their owner)',
    )
    .option('--apply', 'make the changes (default: print the plan only)')
    .option(
      '--account <id>',
      'another account of the organization, reached through its member role (one account per run)',
    )
    .option(
      '--role-name <name>',
      'with --account: the member role to assume',
      DEFAULT_MEMBER_ROLE_NAME,
    )
    .option(
      '--external-id <id>',
      "with --account: the external id the member role's trust requires",
    )
    .option(
      INCLUDE_EXEMPT_FLAG,
      "with --apply: change the account (the caller's, or --account) even though it is tagged vpce-auditor:exempt in AWS Organizations or its tags cannot be read",
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices([...PLAN_FORMAT_NAMES])
        .default('table'),
    )
    .option('--out <file>', 'write the plan or results to a file instead of stdout (- = stdout)');
  addLiveOptions(command, { deadline: true });
  command.action(async (raw: Record<string, unknown>) => {
    const options = await parseRemediateOptions(raw, env);
    await run(options);
  });
  return command;
}
