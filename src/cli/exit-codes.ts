/** The CLI's exit codes (docs/cli.md). */
export const ExitCode = {
  /** Done. */
  Ok: 0,
  /** A runtime error, or some region failed (the report is still printed). */
  Failure: 1,
  /** Bad usage or invalid input: nothing was called. */
  Usage: 2,
  /** Leaks were found and `--fail-on-leak` was given. */
  LeaksFound: 3,
} as const;

/**
 * The code of a command stopped by a signal after it wrote its results: 128 + the signal's number
 * (SIGHUP 129, SIGINT 130, SIGTERM 143), as a shell reports a process the signal ended.
 */
export type SignalExitCode = 129 | 130 | 143;

/** One of {@link ExitCode}'s values, or a {@link SignalExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode] | SignalExitCode;
