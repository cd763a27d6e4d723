/** The failure to read a region's NAT gateway metrics from CloudWatch. */
import { VpceAuditorError } from '../errors';

/**
 * CloudWatch refused or failed a `GetMetricData` request (AccessDenied, throttling after the SDK's
 * retries, a query answered `Forbidden` or `InternalError`…). The cost estimate catches it and marks
 * the region's estimate unknown; it never fails the audit.
 */
export class MetricsReadError extends VpceAuditorError {
  public override readonly name: string = 'MetricsReadError';
  public constructor(
    /** The region whose metrics could not be read. */
    public readonly region: string,
    /** The AWS error code (`AccessDenied`, `ThrottlingException`…) or the query status. */
    public readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${region}: could not read NAT gateway metrics (${code}): ${message}`, options);
  }
}
