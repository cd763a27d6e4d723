/** Splits findings into `BatchImportFindings` calls: at most 100 findings and 6 MB of JSON each. */
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';

/** Findings per `BatchImportFindings` call (the API's limit). */
export const MAX_FINDINGS_PER_CALL = 100;
/**
 * Bytes of findings per call: the API takes 6 MB; 6,000,000 leaves room for the request's own
 * envelope whether a megabyte is read as 10^6 or 2^20 bytes.
 */
export const MAX_BYTES_PER_CALL = 6_000_000;

/**
 * Consecutive batches in the input order, each within both limits. A single finding larger than the
 * byte limit still goes alone (Security Hub then reports it in `FailedFindings`).
 */
export function importBatches(
  findings: readonly AwsSecurityFinding[],
  limits: { findings?: number; bytes?: number } = {},
): AwsSecurityFinding[][] {
  const maxFindings = limits.findings ?? MAX_FINDINGS_PER_CALL;
  const maxBytes = limits.bytes ?? MAX_BYTES_PER_CALL;
  const batches: AwsSecurityFinding[][] = [];
  let batch: AwsSecurityFinding[] = [];
  let bytes = 0;
  for (const finding of findings) {
    // `,` between the array's elements.
    const size = Buffer.byteLength(JSON.stringify(finding), 'utf8') + 1;
    if (batch.length > 0 && (batch.length >= maxFindings || bytes + size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(finding);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
