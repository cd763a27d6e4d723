/** `vpce-auditor audit`: analyse a snapshot file (or the live account) and print the report. */
import { Command, Option } from 'commander';
import { auditLive } from '../audit-live';
import { cloudWatchOf } from '../collect/client-factory';
import { parseCostDays, parseNatPricePerGb, withCostEstimate, type CostOptions } from '../cost';
import { UserInputError } from '../errors';
import { FORMATS, formatReport, type OutputFormat } from '../format';
import { auditSnapshotFileRegions } from './snapshot-audit';
import type { Report, ServiceName } from '../types';
import { ExitCode } from './exit-codes';
import { writeFileAtomic, type CliIo } from './io';
import {
  addLiveOptions,
  withProgress,
  parseLiveOptions,
  printRegionErrors,
  type CliDependencies,
  type LiveOptions,
} from './live-options';
import { parseRegions, parseServices } from './option-parsers';
import {
  addAccountsOptions,
  parseAccountsOptions,
  runAccountsAudit,
  type AccountsOptions,
} from './account-options';

/** The parsed options of `audit` (the live options apply only without `--snapshot`). */
export interface AuditCommandOptions extends LiveOptions {
  snapshot?: string;
  regions: 'all' | string[];
  services: ServiceName[];
  format: OutputFormat;
  out?: string;
  failOnLeak: boolean;
  /** The NAT cost estimate of a live audit (a snapshot has no metrics to read). */
  cost: CostOptions;
  /** Present for a multi-account audit (`--org`, `--ou`, `--accounts`). */
  accounts?: AccountsOptions;
}

/** The exit code a report earns: region errors first, then leaks when asked to fail on them. */
export function exitCodeOf(report: Report, failOnLeak: boolean): ExitCode {
  if (report.errors.length > 0) return ExitCode.Failure;
  if (failOnLeak && report.summary.leakingSubnets > 0) return ExitCode.LeaksFound;
  return ExitCode.Ok;
}

/** Prints or writes the formatted report. */
export async function emitReport(
  report: Report,
  options: { format: OutputFormat; out?: string },
  io: CliIo,
): Promise<void> {
  const text = formatReport(report, options.format);
  if (options.out === undefined) {
    io.out(text);
    return;
  }
  try {
    await writeFileAtomic(options.out, text);
  } catch (error) {
    throw new UserInputError(
      `--out: cannot write "${options.out}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  io.err(`report written to ${options.out}\n`);
}

/** Runs the audit of a snapshot file. */
export async function auditSnapshotFile(
  options: AuditCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (options.snapshot === undefined) {
    throw new UserInputError('--snapshot FILE is required');
  }
  const { report } = await auditSnapshotFileRegions(
    options.snapshot,
    options.regions,
    options.services,
  );
  printRegionErrors(report.errors, io, report.accounts !== undefined);
  await emitReport(report, options, io);
  return exitCodeOf(report, options.failOnLeak);
}

/**
 * Audits the live account: collects every requested region, prints the report; regions that failed
 * are in the report and on stderr, and give exit 1.
 */
export async function auditLiveAccount(
  options: AuditCommandOptions,
  io: CliIo,
  deps: Required<CliDependencies>,
): Promise<ExitCode> {
  if (options.accounts) {
    const { report } = await runAccountsAudit(options.accounts, options, io, deps);
    printRegionErrors(report.errors, io, true);
    await emitReport(report, options, io);
    return exitCodeOf(report, options.failOnLeak);
  }
  const report = await withProgress(io, options.verbosity, async (progress) => {
    const clients = deps.clients();
    const { report: audited } = await auditLive({
      regions: options.regions,
      services: options.services,
      clients,
      concurrency: options.concurrency,
      progress,
    });
    return withCostEstimate(audited, cloudWatchOf(clients), options.cost);
  });
  printRegionErrors(report.errors, io);
  await emitReport(report, options, io);
  return exitCodeOf(report, options.failOnLeak);
}

/** Adds the options every report-printing command shares. */
export function addReportOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--format <format>', 'output format').choices([...FORMATS]).default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout');
}

/** Declares `audit`; `run` receives the parsed options and returns the exit code. */
export function auditCommand(
  run: (options: AuditCommandOptions) => Promise<ExitCode>,
  env: NodeJS.ProcessEnv = {},
): Command {
  const command = new Command('audit')
    .description(
      'audit the subnets of a snapshot file (or of the live account) and print the report',
    )
    .option('--snapshot <file>', 'audit this snapshot file instead of the live account')
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all')
    .option('--services <services>', 'comma-separated services to audit', 's3,dynamodb')
    .option('--fail-on-leak', 'exit with code 3 when a subnet leaks', false)
    .option(
      '--no-cost',
      'skip the NAT cost estimate (no CloudWatch calls); also COST_ESTIMATE=false',
    )
    .option('--cost-days <days>', 'days of NAT gateway metrics to average (1-455)', '14')
    .option('--nat-price-per-gb <usd>', 'NAT data processing price for every region (USD per GB)');
  addReportOptions(command);
  addLiveOptions(command);
  addAccountsOptions(command);
  command.action(async (raw: Record<string, unknown>) => {
    const accounts = parseAccountsOptions(raw);
    if (accounts && typeof raw.snapshot === 'string') {
      throw new UserInputError(
        '--snapshot cannot be used with --org, --ou or --accounts: a multi-account snapshot holds its accounts already',
      );
    }
    const options: AuditCommandOptions = {
      ...(typeof raw.snapshot === 'string' ? { snapshot: raw.snapshot } : {}),
      regions: parseRegions(String(raw.regions)),
      services: parseServices(String(raw.services)),
      format: raw.format as OutputFormat,
      ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
      failOnLeak: raw.failOnLeak === true,
      cost: parseCostFlags(raw, env),
      ...parseLiveOptions(raw),
      ...(accounts ? { accounts } : {}),
    };
    command.setOptionValue('exitCode', await run(options));
  });
  return command;
}

/** `COST_ESTIMATE`: `true` or `false` (case-insensitive); unset or blank means true. */
export function parseCostEstimateVariable(value: string | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'true') return true;
  if (text === 'false') return false;
  throw new UserInputError(`COST_ESTIMATE: "${value ?? ''}" is not true or false`);
}

function parseCostFlags(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): CostOptions {
  return {
    enabled: raw.cost !== false && parseCostEstimateVariable(env.COST_ESTIMATE),
    days: parseCostDays(String(raw.costDays), '--cost-days'),
    ...(typeof raw.natPricePerGb === 'string'
      ? { pricePerGb: parseNatPricePerGb(raw.natPricePerGb, '--nat-price-per-gb') }
      : {}),
  };
}
