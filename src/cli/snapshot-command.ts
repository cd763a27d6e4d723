/** `vpce-auditor snapshot --out FILE`: collect the live account and write the snapshot (docs/snapshot.md). */
import { Command } from 'commander';
import type { Snapshot } from '../snapshot/schema';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { STDOUT_NAME, checkOutput, emitResult } from './output';
import type { LiveDependencies, LiveOptions } from './live-options';
import { addLiveOptions, parseLiveOptions, printRegionErrors, withProgress } from './live-options';
import { parseRegions } from '../options/parsers';
import { SERVICES } from '../types';
import { analyzeSnapshot } from '../analysis/analyze';
import { hooksFor } from '../collect/progress-hooks';
import type { CostOptions } from '../cost/cost-options';
import { addCostOptions, parseCostFlags, withTraffic } from './audit-command';
import {
  addAccountsOptions,
  parseAccountsOptions,
  runAccountsAudit,
  type AccountsOptions,
} from './account-options';

/** The parsed options of `snapshot`. */
export interface SnapshotCommandOptions extends LiveOptions {
  out: string;
  regions: 'all' | string[];
  /**
   * The cost inputs to record (`cost` of the snapshot), so that `audit --snapshot` prints the live
   * audit's dollars; disabled: none recorded (`--no-cost`).
   */
  cost?: CostOptions & { trafficFile?: string };
  /** Present for a multi-account snapshot (`--org`, `--ou`, `--accounts`). */
  accounts?: AccountsOptions;
}

/**
 * Collects every selected account and writes the multi-account snapshot. Accounts or regions that
 * failed are recorded in it, printed on stderr and give exit 1; the others are still written.
 */
async function writeAccountsSnapshot(
  accounts: AccountsOptions,
  options: SnapshotCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<ExitCode> {
  const { report, snapshot } = await runAccountsAudit(
    accounts,
    {
      regions: options.regions,
      services: [...SERVICES],
      cost: { enabled: false },
      concurrency: options.concurrency,
      verbosity: options.verbosity,
    },
    io,
    deps,
  );
  printRegionErrors(report.errors, io, true);
  return emitSnapshot(
    snapshot,
    `${Object.keys(snapshot.accounts).length} account(s)`,
    report.errors.length > 0,
    options,
    io,
  );
}

/**
 * Writes a snapshot (atomically; `--out -` prints it) and says what was written; exit 1 when some
 * region or account failed (`failed`) or the file could not be written.
 */
async function emitSnapshot(
  snapshot: unknown,
  what: string,
  failed: boolean,
  options: SnapshotCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const written = await emitResult(
    `${JSON.stringify(snapshot, null, 2)}\n`,
    options.out,
    io,
    'snapshot',
    true,
  );
  if (written && options.verbosity !== 'quiet' && options.out !== STDOUT_NAME) {
    io.err(`snapshot of ${what} written to ${options.out}\n`);
  }
  return failed || !written ? ExitCode.Failure : ExitCode.Ok;
}

/**
 * Collects and writes the snapshot (atomically; `--out -` prints it). Regions that failed are
 * recorded in the snapshot's `errors`, printed on stderr and give exit 1; the snapshot of the others
 * is still written.
 */
export async function writeLiveSnapshot(
  options: SnapshotCommandOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<ExitCode> {
  await checkOutput(options.out);
  const { collectAccount } = deps.live;
  if (options.accounts) return writeAccountsSnapshot(options.accounts, options, io, deps);
  const { readInputs } = deps.live;
  const costOptions = options.cost ? await withTraffic(options.cost) : undefined;
  const { result, cost } = await withProgress(io, options.verbosity, async (progress) => {
    const clients = deps.clients();
    const collected = await collectAccount({
      regions: options.regions,
      clients,
      concurrency: options.concurrency,
      progress,
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    });
    if (options.cost?.enabled !== true) return { result: collected, cost: undefined };
    // The same reads as the live audit's cost estimate, recorded instead of priced: the leaking
    // gateways are those of every service, so an offline audit of any services finds its inputs.
    const report = analyzeSnapshot(collected.snapshot, { services: [...SERVICES] });
    const inputs = await readInputs(report, costOptions ?? options.cost, {
      cloudwatch: (region) => clients.cloudwatch(region),
      hooks: (region) => hooksFor(region, progress),
      ec2: (region) => clients.ec2(region),
      flowLogs: { snapshot: collected.snapshot, logs: (region) => clients.logs(region) },
    });
    return { result: collected, cost: inputs };
  });
  const snapshot: Snapshot = {
    ...result.snapshot,
    errors: result.errors,
    ...(cost !== undefined ? { cost } : {}),
  };
  printRegionErrors(result.errors, io);
  return emitSnapshot(
    snapshot,
    `${Object.keys(result.snapshot.regions).length} region(s) of account ${result.snapshot.accountId}`,
    result.errors.length > 0,
    options,
    io,
  );
}

/** Declares `snapshot`; `run` receives the parsed options and returns the exit code. */
export function snapshotCommand(
  run: (options: SnapshotCommandOptions) => Promise<ExitCode>,
  env: NodeJS.ProcessEnv = {},
): Command {
  const command = new Command('snapshot')
    .description('collect the live account and write it as a snapshot file')
    .requiredOption('--out <file>', 'the snapshot file to write (- = stdout)')
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all');
  addCostOptions(command);
  addLiveOptions(command, { deadline: true });
  addAccountsOptions(command);
  command.action(async (raw: Record<string, unknown>) => {
    const accounts = parseAccountsOptions(raw);
    const options: SnapshotCommandOptions = {
      out: String(raw.out),
      regions: parseRegions(String(raw.regions)),
      cost: parseCostFlags(raw, env),
      ...parseLiveOptions(raw),
      ...(accounts ? { accounts } : {}),
    };
    await run(options);
  });
  return command;
}
