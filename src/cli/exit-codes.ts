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

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
