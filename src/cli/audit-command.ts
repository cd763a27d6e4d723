/** `vpce-auditor audit`: analyse a snapshot file (or the live account) and print the report. */
import { hooksFor } from '../collect/progress-hooks';
import { readSettings } from '../config';
import { Command, Option } from 'commander';
import type { CostOptions } from '../cost/cost-options';
import { UserInputError } from '../errors';
import { beforeDeadline, DeadlineExceededError } from '../collect/deadline';
import { FORMATS, REPORT_FORMATS, type OutputFormat } from '../format';
import { renderWith } from '../format/registry';
import { withHistory } from '../history/compare';
import { loadFileReaders } from './file-seam';
import type { Report, ServiceName, Severity } from '../types';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { checkOutput, emitResult } from './output';
import { tableWidthFor } from './table-width';
import type { LiveDependencies, LiveOptions } from './live-options';
import { addLiveOptions, parseLiveOptions, printRegionErrors, withProgress } from './live-options';
import {
  parseCostDays,
  parseFlowLogHours,
  parseNatPricePerGb,
  parseRegions,
  parseServices,
  parseSeverity,
} from '../options/parsers';
import { withRollup } from '../analysis/rollup';
import { findingsAtLeast } from '../analysis/severity';
import { mostSensitive } from '../path-kinds';
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
  /**
   * Exit 3 when a non-exempt finding is at least this severe (`--fail-on`; `--fail-on-leak` means
   * `low`; with both, the more sensitive wins).
   */
  failOn?: Severity;
  /** List every subnet in the table, markdown and HTML, not only the leaking ones. */
  allSubnets?: boolean;
  /** Columns the table may take (`COLUMNS`, the terminal, else 120). */
  width?: number;
  /** A previous JSON report: each leak is marked new or persisting, gone ones resolved. */
  baseline?: string;
  /** Exit 3 when a leak is new against the baseline (needs `baseline`). */
  failOnNew?: boolean;
  /** The NAT cost estimate of a live audit (a snapshot has no metrics to read). */
  cost: CostOptions & { trafficFile?: string };
  /** Present for a multi-account audit (`--org`, `--ou`, `--accounts`). */
  accounts?: AccountsOptions;
}

/** What makes an audit exit 3. */
export interface FailOn {
  /** Any non-exempt leak (`--fail-on-leak`, the same as `severity: 'low'`). */
  leak: boolean;
  /** A non-exempt finding at least this severe (`--fail-on high|medium|low`). */
  severity?: Severity;
  /** A leak that is new against the baseline (`--fail-on-new`). */
  newLeak?: boolean;
}

/**
 * The exit code a report earns: region errors first, then leaks (at least as severe as asked, or new
 * ones against the baseline) when asked to fail on them.
 */
export function exitCodeOf(report: Report, failOn: boolean | FailOn): ExitCode {
  const { leak, severity, newLeak } =
    typeof failOn === 'boolean' ? { leak: failOn, severity: undefined, newLeak: false } : failOn;
  if (report.errors.length > 0) return ExitCode.Failure;
  const threshold =
    leak && severity !== undefined ? mostSensitive(severity, 'low') : leak ? 'low' : severity;
  if (threshold !== undefined && findingsAtLeast(report, threshold).length > 0) {
    return ExitCode.LeaksFound;
  }
  if (newLeak && (report.summary.history?.new.findings ?? 0) > 0) return ExitCode.LeaksFound;
  return ExitCode.Ok;
}

/**
 * Prints or writes the formatted report; a report that cannot be written to `--out` goes to stdout.
 *
 * @returns false when `--out` could not be written
 */
export async function emitReport(
  report: Report,
  options: { format: OutputFormat; out?: string; allSubnets?: boolean; width?: number },
  io: CliIo,
): Promise<boolean> {
  const text = renderWith(REPORT_FORMATS, options.format, report, {
    ...(options.allSubnets !== undefined ? { allSubnets: options.allSubnets } : {}),
    ...(options.width !== undefined ? { width: options.width } : {}),
  });
  return emitResult(text, options.out, io, 'report');
}

/** The exit code of a report, or 1 when it could not be written where asked. */
function finalExitCode(report: Report, options: AuditCommandOptions, written: boolean): ExitCode {
  return written
    ? exitCodeOf(report, {
        leak: options.failOnLeak,
        ...(options.failOn !== undefined ? { severity: options.failOn } : {}),
        newLeak: options.failOnNew === true,
      })
    : ExitCode.Failure;
}

/** Reads the baseline before anything else runs (an invalid one is exit 2 with nothing called). */
async function loadBaseline(options: AuditCommandOptions): Promise<Report | undefined> {
  if (options.baseline === undefined) return undefined;
  return (await loadFileReaders()).loadReport(options.baseline, '--baseline');
}

/** The report with its history against the baseline, when one was given. */
function compared(report: Report, baseline: Report | undefined): Report {
  return baseline ? withHistory(report, baseline) : report;
}

/**
 * Runs the audit of a snapshot file (`-`: standard input). The regions the snapshot recorded as
 * failed are printed on stderr and give exit 1, as in the live audit that took it.
 */
export async function auditSnapshotFile(
  options: AuditCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  if (options.snapshot === undefined) {
    throw new UserInputError('--snapshot FILE is required');
  }
  await checkOutput(options.out);
  const baseline = await loadBaseline(options);
  const readers = await loadFileReaders();
  // Only the report is kept: the snapshot is checked, not copied (the analysis reads its fields).
  const traffic =
    options.cost.trafficFile !== undefined
      ? await readers.loadMeasurementFile(options.cost.trafficFile)
      : undefined;
  const { report: audited } = await readers.auditSnapshotFileRegions(
    options.snapshot,
    options.regions,
    options.services,
    io.stdin,
    { copy: false, ...(traffic ? { traffic } : {}) },
  );
  const report = compared(audited, baseline);
  printRegionErrors(report.errors, io, report.accounts !== undefined);
  const written = await emitReport(report, options, io);
  return finalExitCode(report, options, written);
}

/**
 * Audits the live account: collects every requested region, prints the report; regions that failed
 * are in the report and on stderr, and give exit 1.
 */
export async function auditLiveAccount(
  options: AuditCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<ExitCode> {
  await checkOutput(options.out);
  const { auditLive, withCostEstimate } = deps.live;
  const baseline = await loadBaseline(options);
  const cost = await withTraffic(options.cost);
  if (options.accounts) {
    const { report: merged } = await runAccountsAudit(options.accounts, options, io, deps);
    const report = compared(merged, baseline);
    printRegionErrors(report.errors, io, true);
    const written = await emitReport(report, options, io);
    return finalExitCode(report, options, written);
  }
  const fresh = await withProgress(io, options.verbosity, async (progress) => {
    const clients = deps.clients();
    const { report: audited, snapshot } = await auditLive({
      regions: options.regions,
      services: options.services,
      clients,
      concurrency: options.concurrency,
      progress,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    });
    // The cost reads are listed with --verbose like the collection's calls.
    const costHooks = (region: string) => hooksFor(region, progress);
    try {
      return withRollup(
        await beforeDeadline(options.deadline, 'the cost estimate', () =>
          withCostEstimate(audited, cost, {
            cloudwatch: (region) => clients.cloudwatch(region),
            hooks: costHooks,
            ec2: (region) => clients.ec2(region),
            flowLogs: { snapshot, logs: (region) => clients.logs(region) },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof DeadlineExceededError)) throw error;
      io.err(`vpce-auditor: ${error.message}: the report has no cost estimate\n`);
      return withRollup(audited);
    }
  });
  const report = compared(fresh, baseline);
  printRegionErrors(report.errors, io);
  const written = await emitReport(report, options, io);
  return finalExitCode(report, options, written);
}

/** Adds the options every report-printing command shares (`formats`: the `--format` choices). */
export function addReportOptions(command: Command, formats: readonly string[] = FORMATS): Command {
  return command
    .addOption(
      new Option('--format <format>', 'output format').choices([...formats]).default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout (- = stdout)');
}

/** Adds the cost options `audit` and `snapshot` share (`--no-cost`, `--cost-days`, `--nat-price-per-gb`). */
export function addCostOptions(command: Command): Command {
  return command
    .option(
      '--no-cost',
      'skip the NAT cost estimate (no CloudWatch calls); also COST_ESTIMATE=false',
    )
    .option(
      '--cost-days <days>',
      'days of NAT gateway metrics to average (1-455; env COST_DAYS; default 14)',
    )
    .option('--nat-price-per-gb <usd>', 'NAT data processing price for every region (USD per GB)')
    .option(
      '--flow-log-hours <hours>',
      'hours of existing flow logs to query per leaking NAT gateway (0-720, 0 = none; env FLOW_LOG_HOURS; default 24)',
    )
    .option(
      '--traffic <file>',
      'a measurement written by `vpce-auditor measure`: its NAT gateways are priced from it',
    );
}

/** The cost settings with the measurement file of `--traffic` read (exit 2 when invalid). */
export async function withTraffic(
  cost: CostOptions & { trafficFile?: string },
): Promise<CostOptions> {
  if (cost.trafficFile === undefined) return cost;
  const { trafficFile, ...rest } = cost;
  const { loadMeasurementFile } = await loadFileReaders();
  return { ...rest, traffic: (await loadMeasurementFile(trafficFile)).regions };
}

/** Declares `audit`; `run` receives the parsed options and returns the exit code. */
export function auditCommand(
  run: (options: AuditCommandOptions) => Promise<ExitCode>,
  env: NodeJS.ProcessEnv = {},
  outColumns?: number,
): Command {
  const command = new Command('audit')
    .description(
      'audit the subnets of a snapshot file (or of the live account) and print the report',
    )
    .option(
      '--snapshot <file>',
      'audit this snapshot file instead of the live account (- = standard input)',
    )
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all')
    .option('--services <services>', 'comma-separated services to audit', 's3,dynamodb')
    .option('--fail-on-leak', 'exit with code 3 when a subnet leaks (same as --fail-on low)')
    .option(
      '--fail-on <severity>',
      'exit with code 3 when a non-exempt finding is at least this severe: high, medium or low',
    )
    .option(
      '--all-subnets',
      'list every subnet in the table, markdown and HTML, not only leaking ones',
    )
    .option(
      '--baseline <file>',
      'a previous JSON report: mark each leak new or persisting and list the resolved ones',
    )
    .option('--fail-on-new', 'exit with code 3 when a leak is new against --baseline');
  addCostOptions(command);
  addReportOptions(command);
  addLiveOptions(command, { deadline: true });
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
      ...(typeof raw.failOn === 'string' ? { failOn: parseSeverity(raw.failOn, '--fail-on') } : {}),
      allSubnets: raw.allSubnets === true,
      ...widthOption(tableWidthFor(String(raw.format), env, outColumns)),
      ...(typeof raw.baseline === 'string' ? { baseline: raw.baseline } : {}),
      failOnNew: raw.failOnNew === true,
      cost: parseCostFlags(raw, env),
      ...parseLiveOptions(raw),
      ...(accounts ? { accounts } : {}),
    };
    if (options.failOnNew && options.baseline === undefined) {
      throw new UserInputError('--fail-on-new needs --baseline FILE (the report to compare with)');
    }
    await run(options);
  });
  return command;
}

function widthOption(width: number | undefined): { width?: number } {
  return width !== undefined ? { width } : {};
}

/** The cost settings of the flags and the environment (a flag wins over its variable). */
export function parseCostFlags(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): CostOptions & { trafficFile?: string } {
  // The flags win over the variables (COST_ESTIMATE, COST_DAYS, NAT_PRICE_PER_GB), which win over
  // the defaults.
  const { cost } = readSettings(env, 'cli');
  const pricePerGb =
    typeof raw.natPricePerGb === 'string'
      ? parseNatPricePerGb(raw.natPricePerGb, '--nat-price-per-gb')
      : cost.pricePerGb;
  return {
    flowLogHours:
      typeof raw.flowLogHours === 'string'
        ? parseFlowLogHours(raw.flowLogHours, '--flow-log-hours')
        : cost.flowLogHours,
    ...(typeof raw.traffic === 'string' ? { trafficFile: raw.traffic } : {}),
    enabled: raw.cost !== false && cost.enabled,
    days: typeof raw.costDays === 'string' ? parseCostDays(raw.costDays, '--cost-days') : cost.days,
    ...(pricePerGb !== undefined ? { pricePerGb } : {}),
  };
}
