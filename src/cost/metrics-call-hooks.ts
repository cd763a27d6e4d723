/** What the cost reads tell a caller about each CloudWatch request (the CLI's `--verbose` lines). */

/** One finished `GetMetricData` request (the SDK's retries included). */
export interface MetricsCallRecord {
  operation: string;
  /** Wall time, retries included, in milliseconds. */
  ms: number;
  /** The error code when the request failed. */
  error?: string;
}

/** Hooks told about every CloudWatch request of the cost estimate. */
export interface MetricsCallHooks {
  /** A request starts. */
  onCallStart?: (operation: string) => void;
  /** A request ends (successfully or not). */
  onCall?: (call: MetricsCallRecord) => void;
}
