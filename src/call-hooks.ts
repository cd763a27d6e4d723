/**
 * What a caller is told about every AWS call (the CLI's `--verbose` lines, the Lambda's timings): the
 * inventory's calls and the cost estimate's CloudWatch requests alike.
 */

/** One finished AWS call (the SDK's retries included). */
export interface CallRecord {
  operation: string;
  /** Wall time of the call, retries included, in milliseconds. */
  ms: number;
  /** The error code when the call failed. */
  error?: string;
}

/** Hooks told about every AWS call. */
export interface CallHooks {
  /** A call starts. */
  onCallStart?: (operation: string) => void;
  /** A call ends (successfully or not). */
  onCall?: (call: CallRecord) => void;
}
