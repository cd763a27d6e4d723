/** `vpce-auditor audit`: analyse a snapshot file (or the live account) and print the report. */
import { Command, Option } from 'commander';
import { analyzeSnapshot } from '../analysis/analyze';
import { auditLive } from '../audit-live';
import { UserInputError } from '../errors';
import { FORMATS, formatReport, type OutputFormat } from '../format';
import { loadSnapshot } from '../snapshot/load';
import type { Report, ServiceName } from '../types';
import { ExitCode } from './exit-codes';
import { writeFileAtomic, type CliIo } from './io';
import {
  addLiveOptions,
  asRegionsFlagError,
  parseLiveOptions,
  printRegionErrors,
  type CliDependencies,
  type LiveOptions,
} from './live-options';
import { parseRegions, parseServices } from './option-parsers';
import { progressReporter } from './progress-reporter';

/** The parsed options of `audit` (the live options apply only without `--snapshot`). */
export interface AuditCommandOptions extends LiveOptions {
  snapshot?: string;
  regions: 'all' | string[];
  services: ServiceName[];
  format: OutputFormat;
  out?: string;
  failOnLeak: boolean;
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
  const snapshot = await loadSnapshot(options.snapshot);
  let regions: string[] | undefined;
  if (options.regions !== 'all') {
    const missing = options.regions.filter((region) => snapshot.regions[region] === undefined);
    if (missing.length > 0) {
      throw new UserInputError(
        `--regions: ${missing.map((r) => `"${r}"`).join(', ')} not in the snapshot (it has ${Object.keys(snapshot.regions).join(', ') || 'no regions'})`,
      );
    }
    regions = options.regions;
  }
  const report = analyzeSnapshot(snapshot, {
    services: options.services,
    ...(regions ? { regions } : {}),
  });
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
  const progress = progressReporter(io, options.verbosity);
  let report: Report;
  try {
    ({ report } = await auditLive({
      regions: options.regions,
      services: options.services,
      clients: deps.clients(),
      concurrency: options.concurrency,
      progress,
    }));
  } catch (error) {
    throw asRegionsFlagError(error);
  } finally {
    progress.finish();
  }
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
export function auditCommand(run: (options: AuditCommandOptions) => Promise<ExitCode>): Command {
  const command = new Command('audit')
    .description(
      'audit the subnets of a snapshot file (or of the live account) and print the report',
    )
    .option('--snapshot <file>', 'audit this snapshot file instead of the live account')
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all')
    .option('--services <services>', 'comma-separated services to audit', 's3,dynamodb')
    .option('--fail-on-leak', 'exit with code 3 when a subnet leaks', false);
  addReportOptions(command);
  addLiveOptions(command);
  command.action(async (raw: Record<string, unknown>) => {
    const options: AuditCommandOptions = {
      ...(typeof raw.snapshot === 'string' ? { snapshot: raw.snapshot } : {}),
      regions: parseRegions(String(raw.regions)),
      services: parseServices(String(raw.services)),
      format: raw.format as OutputFormat,
      ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
      failOnLeak: raw.failOnLeak === true,
      ...parseLiveOptions(raw),
    };
    command.setOptionValue('exitCode', await run(options));
  });
  return command;
}
