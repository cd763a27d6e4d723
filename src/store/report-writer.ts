/**
 * A write-only side of the report store: the functions that only write to the report bucket (the
 * organization engine's ListAccounts and AuditAccount) hold no read command at all, so their
 * bundles and their roles list `s3:PutObject` alone.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportStore, StoredObject } from './report-store';
import { ReportStoreError } from './report-store';
import { s3Uri } from './report-keys';

/** Writes JSON objects to one bucket. */
export type ReportWriter = Pick<ReportStore, 'bucket' | 'putJson'>;

/** A writer to `bucket`, through `s3`. */
export function createReportWriter(s3: S3Client, bucket: string): ReportWriter {
  return {
    bucket,
    async putJson(key, value): Promise<StoredObject> {
      const body = JSON.stringify(value);
      const uri = s3Uri(bucket, key);
      try {
        await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
          }),
        );
      } catch (error) {
        const name = (error as { name?: string } | undefined)?.name ?? 'Error';
        const message = error instanceof Error ? error.message : String(error);
        throw new ReportStoreError(`PutObject ${uri} failed: ${name}: ${message}`, {
          cause: error,
        });
      }
      return { bucket, key, uri, bytes: Buffer.byteLength(body, 'utf8') };
    },
  };
}
