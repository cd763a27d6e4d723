/**
 * Objects too large for one string: written line by line as an S3 multipart upload (parts of
 * {@link PART_BYTES}; a small object is one `PutObject`), read back line by line from the
 * `GetObject` stream, and copied server-side (`CopyObject`, up to 5 GB) so that one report is
 * serialised once whatever the number of keys it is stored under. IAM: every call here is covered
 * by `s3:PutObject` on the target and `s3:GetObject` on the source; an upload that is never
 * completed is removed by the bucket's `AbortIncompleteMultipartUpload` rule.
 */
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { splitLines } from '../history/report-lines';
import { s3Uri } from './report-keys';
import { describeFailure, isMissing, type StoredObject } from './report-store';

/** Bytes of each uploaded part (S3's minimum is 5 MiB, but for the last part). */
export const PART_BYTES = 8 * 1024 * 1024;

/** An object being written line by line. */
export interface LineUpload {
  /** Appends one line (a newline is added). */
  writeLine(line: string): Promise<void>;
  /** Ends the object: it exists from now on. */
  complete(): Promise<StoredObject>;
}

/** Starts writing `key` line by line (nothing is visible until {@link LineUpload.complete}). */
export function createLineUpload(
  s3: S3Client,
  bucket: string,
  key: string,
  contentType = 'application/x-ndjson',
): LineUpload {
  const uri = s3Uri(bucket, key);
  let chunks: Buffer[] = [];
  let buffered = 0;
  let bytes = 0;
  let uploadId: string | undefined;
  const parts: { ETag: string; PartNumber: number }[] = [];
  const uploadPart = async (): Promise<void> => {
    const body = Buffer.concat(chunks, buffered);
    chunks = [];
    buffered = 0;
    try {
      if (uploadId === undefined) {
        const created = await s3.send(
          new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }),
        );
        uploadId = created.UploadId;
        if (uploadId === undefined) throw new Error('CreateMultipartUpload returned no UploadId');
      }
      const PartNumber = parts.length + 1;
      const answer = await s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber,
          Body: body,
        }),
      );
      parts.push({ ETag: answer.ETag ?? '', PartNumber });
    } catch (error) {
      throw describeFailure('UploadPart', uri, error);
    }
  };
  return {
    async writeLine(line) {
      const chunk = Buffer.from(`${line}\n`, 'utf8');
      chunks.push(chunk);
      buffered += chunk.length;
      bytes += chunk.length;
      if (buffered >= PART_BYTES) await uploadPart();
    },
    async complete() {
      if (uploadId === undefined) {
        try {
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: Buffer.concat(chunks, buffered),
              ContentType: contentType,
            }),
          );
        } catch (error) {
          throw describeFailure('PutObject', uri, error);
        }
        return { bucket, key, uri, bytes };
      }
      if (buffered > 0) await uploadPart();
      try {
        await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        );
      } catch (error) {
        throw describeFailure('CompleteMultipartUpload', uri, error);
      }
      return { bucket, key, uri, bytes };
    },
  };
}

/** The lines of an object as they arrive, or `undefined` when there is no such key. */
export async function readLines(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<AsyncIterable<string> | undefined> {
  const uri = s3Uri(bucket, key);
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = response.Body as AsyncIterable<Uint8Array> | undefined;
    if (body === undefined) return splitLines([]);
    return splitLines(body);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw describeFailure('GetObject', uri, error);
  }
}

/** Copies `from` to `to` in the bucket, server-side. */
export async function copyObject(
  s3: S3Client,
  bucket: string,
  from: string,
  to: string,
): Promise<void> {
  try {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: to,
        CopySource: `${bucket}/${encodeURI(from)}`,
      }),
    );
  } catch (error) {
    throw describeFailure('CopyObject', s3Uri(bucket, to), error);
  }
}
