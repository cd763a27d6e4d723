/** `vpce-auditor snapshot --out FILE`: collect the live account and write the snapshot (Contract 1). */
import { Command } from 'commander';
import { collectAccount } from '../collect/collect-account';
import { UserInputError } from '../errors';
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
import { parseRegions } from '../options/parsers';

/** The parsed options of `snapshot`. */
export interface SnapshotCommandOptions extends LiveOptions {
  out: string;
  regions: 'all' | string[];
}

/**
 * Collects and writes the snapshot (atomically). Regions that failed are printed on stderr and give
 * exit 1, but the snapshot of the others is still written.
 */
export async function writeLiveSnapshot(
  options: SnapshotCommandOptions,
  io: CliIo,
  deps: Required<CliDependencies>,
): Promise<ExitCode> {
  const result = await withProgress(io, options.verbosity, (progress) =>
    collectAccount({
      regions: options.regions,
      clients: deps.clients(),
      concurrency: options.concurrency,
      progress,
    }),
  );
  try {
    await writeFileAtomic(options.out, `${JSON.stringify(result.snapshot, null, 2)}\n`);
  } catch (error) {
    throw new UserInputError(
      `--out: cannot write "${options.out}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  printRegionErrors(result.errors, io);
  const collected = Object.keys(result.snapshot.regions).length;
  if (options.verbosity !== 'quiet') {
    io.err(
      `snapshot of ${collected} region(s) of account ${result.snapshot.accountId} written to ${options.out}\n`,
    );
  }
  return result.errors.length > 0 ? ExitCode.Failure : ExitCode.Ok;
}

/** Declares `snapshot`; `run` receives the parsed options and returns the exit code. */
export function snapshotCommand(
  run: (options: SnapshotCommandOptions) => Promise<ExitCode>,
): Command {
  const command = new Command('snapshot')
    .description('collect the live account and write it as a snapshot file')
    .requiredOption('--out <file>', 'the snapshot file to write')
    .option('--regions <regions>', 'all, or a comma-separated list of regions', 'all');
  addLiveOptions(command);
  command.action(async (raw: Record<string, unknown>) => {
    const options: SnapshotCommandOptions = {
      out: String(raw.out),
      regions: parseRegions(String(raw.regions)),
      ...parseLiveOptions(raw),
    };
    command.setOptionValue('exitCode', await run(options));
  });
  return command;
}
