/** `vpce-auditor diff OLD.json NEW.json`: the leaks that are new, persisting and resolved. */
import { Command, Option } from 'commander';
import { diffReports } from '../history/diff';
import { DIFF_FORMAT_NAMES, formatDiff, type DiffFormat } from '../format/diff-report';
import { loadFileReaders } from './file-seam';
import { UserInputError } from '../errors';
import { STDIN_NAME } from '../json-file';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { checkOutput, emitResult } from './output';
import { tableWidthFor } from './table-width';

/** The parsed arguments of `diff`. */
export interface DiffCommandOptions {
  older: string;
  newer: string;
  format: DiffFormat;
  out?: string;
}

/**
 * Compares two saved JSON reports and prints the changes.
 *
 * @returns 0, or 1 when `--out` could not be written (the changes then go to stdout)
 * @throws UserInputError when a file cannot be read or is not a report, or both are standard input
 *   (exit 2)
 */
export async function runDiff(options: DiffCommandOptions, io: CliIo): Promise<ExitCode> {
  if (options.older === STDIN_NAME && options.newer === STDIN_NAME) {
    throw new UserInputError(
      'diff: OLD and NEW are both "-" (standard input): standard input holds one report, so give at most one of them as "-"',
    );
  }
  await checkOutput(options.out);
  const width = tableWidthFor(options.format, io.env, io.outColumns);
  const { loadReport } = await loadFileReaders();
  const older = await loadReport(options.older, 'OLD');
  const newer = await loadReport(options.newer, 'NEW');
  if (Date.parse(older.generatedAt) > Date.parse(newer.generatedAt)) {
    io.err(
      `vpce-auditor: warning: OLD (generated ${older.generatedAt}) is newer than NEW (generated ${newer.generatedAt}): did you mean diff NEW OLD?\n`,
    );
  }
  const text = formatDiff(diffReports(older, newer), options.format, width);
  const written = await emitResult(text, options.out, io, 'diff');
  return written ? ExitCode.Ok : ExitCode.Failure;
}

/** Declares `diff`; `run` receives the parsed arguments and returns the exit code. */
export function diffCommand(run: (options: DiffCommandOptions) => Promise<ExitCode>): Command {
  const command = new Command('diff')
    .description(
      'compare two JSON reports (vpce-auditor audit --format json): new, persisting and resolved leaks',
    )
    .argument('<old>', 'the earlier report')
    .argument('<new>', 'the later report')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices([...DIFF_FORMAT_NAMES])
        .default('table'),
    )
    .option('--out <file>', 'write the changes to a file instead of stdout (- = stdout)');
  command.action(async (older: string, newer: string, raw: Record<string, unknown>) => {
    await run({
      older,
      newer,
      format: raw.format as DiffFormat,
      ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
    });
  });
  return command;
}
