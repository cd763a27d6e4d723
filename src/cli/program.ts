/**
 * The `vpce-auditor` command line (docs/cli.md). {@link runCli} runs it in-process and returns the exit
 * code; user errors print one line and exit 2, never a stack trace.
 */
import { Command, CommanderError } from 'commander';
import { UserInputError, VpceAuditorError } from '../errors';
import { checkEndpointUrlVariables } from '../options/endpoint-urls';
import { checkNamedProfile } from './aws-profile';
import { auditCommand, auditLiveAccount, auditSnapshotFile } from './audit-command';
import { diffCommand, runDiff } from './diff-command';
import { measureCommand, runMeasure } from './measure-command';
import { ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { resolveDependencies, type CliDependencies } from './live-options';
import { remediateCommand, runRemediate } from './remediate-command';
import { snapshotCommand, writeLiveSnapshot } from './snapshot-command';
import { oneLine } from '../format/safe-text';

export type { CliDependencies } from './live-options';

/** The version printed by `--version`. */
export const VERSION = '0.1.0';

/**
 * Runs the CLI.
 *
 * @param argv - the arguments after the program name
 * @param io - the terminal and environment
 * @param dependencies - the AWS client factory (default: the standard SDK chain)
 * @returns the exit code
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  dependencies: CliDependencies = {},
): Promise<ExitCode> {
  // Only the live commands load the AWS side (see ./live-seam); a bad endpoint override or timeout
  // variable stops them before any AWS call.
  const live = async () => {
    checkEndpointUrlVariables(io.env);
    await checkNamedProfile(io.env);
    const deps = await resolveDependencies(dependencies);
    deps.live.clientTimeouts(io.env);
    return deps;
  };
  // Each command's action returns its exit code; commander discards return values, so the code is
  // kept here as the action hands it back.
  let exitCode: ExitCode = ExitCode.Ok;
  const returning =
    <T>(action: (options: T) => Promise<ExitCode>) =>
    async (options: T): Promise<ExitCode> => {
      exitCode = await action(options);
      return exitCode;
    };
  const program = new Command('vpce-auditor')
    .description('Find subnets whose S3 and DynamoDB traffic bypasses a gateway VPC endpoint.')
    .version(VERSION)
    .showHelpAfterError('(run vpce-auditor --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  const commands = [
    auditCommand(
      returning((options) =>
        options.snapshot === undefined
          ? live().then((deps) => auditLiveAccount(options, io, deps))
          : auditSnapshotFile(options, io),
      ),
      io.env,
      io.outColumns,
    ),
    snapshotCommand(
      returning((options) => live().then((deps) => writeLiveSnapshot(options, io, deps))),
      io.env,
    ),
    remediateCommand(
      io.env,
      returning((options) => runRemediate(options, io, live)),
    ),
    diffCommand(returning((options) => runDiff(options, io))),
    measureCommand(returning((options) => runMeasure(options, io, live))),
  ];
  for (const command of commands) {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    command.showHelpAfterError(`(run vpce-auditor ${command.name()} --help for usage)`);
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
        return ExitCode.Ok;
      // `help <command>` asked for help (exit code 0); a bare `vpce-auditor` shows it as an error.
      if (error.code === 'commander.help' && error.exitCode === 0) return ExitCode.Ok;
      // Anything else, `commander.help` (a bare `vpce-auditor`) included: usage shown, nothing done.
      return ExitCode.Usage;
    }
    if (error instanceof UserInputError) {
      io.err(`vpce-auditor: ${oneLine(error.message)}\n`);
      return ExitCode.Usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `vpce-auditor: ${error instanceof VpceAuditorError ? '' : 'unexpected error: '}${oneLine(message)}\n`,
    );
    if (io.env.VPCE_AUDITOR_DEBUG === '1' && error instanceof Error && error.stack)
      io.err(`${error.stack}\n`);
    return ExitCode.Failure;
  }
  return exitCode;
}
