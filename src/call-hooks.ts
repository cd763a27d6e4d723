/**
 * What a caller is told about every AWS call (the CLI's `--verbose` lines, the Lambda's timings): the
 * inventory's calls and the cost estimate's CloudWatch requests alike.
 */
import { awsErrorCode } from './aws-errors';

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

/**
 * Runs one AWS call, telling `hooks` when it starts and when it ends (with its error code when it
 * failed). The call's result and error pass through unchanged.
 */
export async function timeCall<T>(
  operation: string,
  hooks: CallHooks,
  call: () => Promise<T>,
): Promise<T> {
  hooks.onCallStart?.(operation);
  const started = performance.now();
  try {
    const result = await call();
    hooks.onCall?.({ operation, ms: performance.now() - started });
    return result;
  } catch (error) {
    hooks.onCall?.({ operation, ms: performance.now() - started, error: awsErrorCode(error) });
    throw error;
  }
}
