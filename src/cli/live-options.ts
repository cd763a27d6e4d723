/** The options and dependencies shared by the commands that call AWS (`audit` live, `snapshot`). */
import { Command, Option } from 'commander';
import type { AccountAccess } from '../accounts/account-access';
import type { CallHooks } from '../call-hooks';
import type { MemberRoleSettings } from '../accounts/member-credentials';
import type { CallLimiter } from '../collect/call-limit';
import { DEFAULT_REGION_CONCURRENCY } from '../collect/call-limit';
import type { AwsClientFactory } from '../collect/client-factory';
import { UnknownRegionError } from '../collect/collect-errors';
import { UserInputError } from '../errors';
import type { MeasureRunOptions } from '../cost/measure-run';
import type { Pacing } from '../remediation/pacing';
import type { VerifyOptions } from '../remediation/verify';
import type { RegionError } from '../types';
import type { CliIo } from './io';
import { parsePositiveInteger } from '../options/parsers';
import { loadLive, type Live } from './live-seam';
import { progressReporter, type ProgressReporter, type Verbosity } from './progress-reporter';
import { oneLine } from '../format/safe-text';
import { onRetries, reportRetry } from './retry-feed';

/** What a command asks of {@link CliDependencies.accountAccess}. */
export interface AccountAccessSettings {
  member: MemberRoleSettings;
  limiter: CallLimiter;
  /** Told of the caller's STS calls (`--verbose`). */
  stsHooks?: CallHooks;
}

/** What the CLI gets from outside (injected by tests; the real SDK chain by default). */
export interface CliDependencies {
  /** Builds the AWS clients, once per live command. */
  clients?: () => AwsClientFactory;
  /** The timing of `remediate --apply` (tests make the endpoint-call pacing instant). */
  remediationTiming?: { pacing?: Partial<Pacing>; verify?: VerifyOptions };
  /** Reaches the accounts of a multi-account run (default: the SDK chain and STS AssumeRole). */
  accountAccess?: (settings: AccountAccessSettings) => AccountAccess;
  /** The timing of `measure --apply` (tests make the waits instant and the clock their own). */
  measureTiming?: MeasureTiming;
}

/** The clock and waits of `measure --apply` (see `runMeasurement`). */
export type MeasureTiming = Partial<
  Pick<MeasureRunOptions, 'now' | 'sleep' | 'deliveryWaitMs' | 'deliveryPollMs' | 'queryPollMs'>
>;

/** What a live command runs with: the dependencies with their defaults, and the live module. */
export interface LiveDependencies extends Required<CliDependencies> {
  /** The code that talks to AWS (collection, accounts, cost reads, remediation). */
  live: Live;
}

/**
 * Loads the live side of the CLI and fills in the defaults. Only live commands call it: the
 * offline ones never load the AWS SDK.
 */
export async function resolveDependencies(deps: CliDependencies = {}): Promise<LiveDependencies> {
  const live = await loadLive();
  return {
    // Every retry of a call is told to the progress line (./retry-feed).
    clients: deps.clients ?? (() => live.defaultClientFactory({ onRetry: reportRetry })),
    remediationTiming: deps.remediationTiming ?? {},
    accountAccess:
      deps.accountAccess ??
      ((settings) => live.defaultAccountAccess({ ...settings, onRetry: reportRetry })),
    measureTiming: deps.measureTiming ?? {},
    live,
  };
}

/** The parsed live-collection options. */
export interface LiveOptions {
  concurrency: number;
  verbosity: Verbosity;
  /** When the run stops waiting (epoch ms; `--deadline`), for the commands that take it. */
  deadline?: number;
}

/** Adds `--concurrency`, `--quiet` and `--verbose`, and `--deadline` to the commands that take it. */
export function addLiveOptions(command: Command, extras: { deadline?: boolean } = {}): Command {
  command
    .option('--concurrency <n>', 'regions collected at once', String(DEFAULT_REGION_CONCURRENCY))
    .addOption(new Option('--quiet', 'no progress on stderr').conflicts('verbose'))
    .option('--verbose', 'print every AWS call with its duration on stderr');
  return extras.deadline === true ? addDeadlineOption(command) : command;
}

/** The longest `--deadline` (24 h): a run longer than a day is not what a deadline is for. */
export const MAX_DEADLINE_MS = 24 * 60 * 60 * 1000;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Parses a duration: a number of seconds, or a number with `ms`, `s`, `m` or `h` (`90`, `90s`,
 * `5m`, `1.5h`), between 1 second and {@link MAX_DEADLINE_MS}.
 *
 * @throws UserInputError naming the flag and the value
 */
export function parseDuration(value: string, flag: string): number {
  const match = DURATION.exec(value.trim());
  const ms = match
    ? Number(match[1]) * UNIT_MS[(match[2] ?? 's') as keyof typeof UNIT_MS]
    : Number.NaN;
  if (!Number.isFinite(ms) || ms < 1000 || ms > MAX_DEADLINE_MS) {
    throw new UserInputError(
      `${flag}: "${value}" is not a duration from 1s to 24h (a number of seconds, or with ms, s, m or h: 90, 90s, 5m)`,
    );
  }
  return Math.round(ms);
}

/**
 * Adds `--deadline` to a command that collects: like the Lambda's, a region (or account) not
 * finished by then becomes a `DeadlineExceeded` error and the rest is reported.
 */
function addDeadlineOption(command: Command): Command {
  return command.option(
    '--deadline <duration>',
    'stop waiting after this long (90s, 5m…): unfinished regions become DeadlineExceeded errors, the rest is reported (default: none)',
  );
}

/** The deadline (epoch ms) of `--deadline`, counted from now, or nothing when it is not given. */
function parseDeadline(raw: Record<string, unknown>): { deadline?: number } {
  if (typeof raw.deadline !== 'string') return {};
  return { deadline: Date.now() + parseDuration(raw.deadline, '--deadline') };
}

/** Reads the options added by {@link addLiveOptions} (the deadline counted from now). */
export function parseLiveOptions(raw: Record<string, unknown>): LiveOptions {
  return {
    concurrency: parsePositiveInteger(String(raw.concurrency), '--concurrency'),
    verbosity: raw.quiet === true ? 'quiet' : raw.verbose === true ? 'verbose' : 'normal',
    ...parseDeadline(raw),
  };
}

/** Names the `--regions` flag in an unknown-region error; passes other errors through. */
export function asRegionsFlagError(error: unknown): unknown {
  if (error instanceof UnknownRegionError) {
    return new UserInputError(`--regions: ${error.message}`, { cause: error });
  }
  return error;
}

/**
 * Prints each region error on stderr, one line each; with `multiAccount` each line names its
 * account (an account that could not be reached says so rather than naming a region).
 */
export function printRegionErrors(
  errors: readonly RegionError[],
  io: CliIo,
  multiAccount = false,
): void {
  for (const error of errors) {
    const account = multiAccount && error.accountId ? `account ${error.accountId} ` : '';
    const where =
      ACCOUNT_OPERATIONS.has(error.operation) && account
        ? account
        : `${account}region ${error.region} `;
    // The code and message are AWS's: one line, no escape sequences.
    io.err(
      `vpce-auditor: ${oneLine(`${where}failed: ${error.operation}: ${error.code}: ${error.message}`)}\n`,
    );
  }
}

/** Operations whose failure is the whole account's, not one region's. */
const ACCOUNT_OPERATIONS = new Set(['AssumeRole', 'ListAccounts', 'ListTagsForResource']);

/**
 * Runs a live command's AWS work with a progress display on stderr: the display is cleared however
 * the work ends, and an unknown region becomes a `--regions` usage error.
 */
export async function withProgress<T>(
  io: CliIo,
  verbosity: Verbosity,
  work: (progress: ProgressReporter) => Promise<T>,
): Promise<T> {
  const progress = progressReporter(io, verbosity);
  const stopListening = onRetries((retry) => progress.callRetried?.(retry));
  try {
    return await work(progress);
  } catch (error) {
    throw asRegionsFlagError(error);
  } finally {
    stopListening();
    progress.finish();
  }
}
