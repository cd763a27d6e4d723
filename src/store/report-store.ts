/**
 * The report store: JSON and text objects in the report bucket (`REPORT_BUCKET`), through an
 * injected S3 client. Keys come from ./report-keys; this module only moves bytes.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { VpceAuditorError } from '../errors';
import { s3Uri } from './report-keys';

/** Reading or writing the report bucket failed. */
export class ReportStoreError extends VpceAuditorError {
  public override readonly name: string = 'ReportStoreError';
}

/** An object written to the store. */
export interface StoredObject {
  bucket: string;
  key: string;
  /** `s3://bucket/key`. */
  uri: string;
  /** Bytes written. */
  bytes: number;
}

/** Reads and writes report objects in one bucket. */
export interface ReportStore {
  /** The bucket's name. */
  readonly bucket: string;
  /** Writes `value` as JSON (`application/json`). */
  putJson(key: string, value: unknown): Promise<StoredObject>;
  /** Writes a text body (HTML, Markdown, CSV…) with its content type. */
  putText(key: string, body: string, contentType: string): Promise<StoredObject>;
  /** Reads a JSON object; `undefined` when there is no such key. */
  getJson(key: string): Promise<unknown>;
  /** Reads a text object; `undefined` when there is no such key. */
  getText(key: string): Promise<string | undefined>;
}

/** The store's error for a refused S3 call: the action, the object and what S3 answered. */
export function describeFailure(action: string, uri: string, error: unknown): ReportStoreError {
  const name = (error as { name?: string } | undefined)?.name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new ReportStoreError(`${action} ${uri} failed: ${name}: ${message}`, { cause: error });
}

/** True when S3 answered that the object does not exist. */
export function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return error instanceof NoSuchKey || name === 'NoSuchKey' || name === 'NotFound';
}

/** A store over `bucket`, through `s3`. */
export function createReportStore(s3: S3Client, bucket: string): ReportStore {
  const put = async (key: string, body: string, contentType: string): Promise<StoredObject> => {
    const uri = s3Uri(bucket, key);
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    } catch (error) {
      throw describeFailure('PutObject', uri, error);
    }
    return { bucket, key, uri, bytes: Buffer.byteLength(body, 'utf8') };
  };
  const getText = async (key: string): Promise<string | undefined> => {
    const uri = s3Uri(bucket, key);
    try {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!response.Body) return '';
      return await response.Body.transformToString('utf-8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw describeFailure('GetObject', uri, error);
    }
  };
  return {
    bucket,
    putJson: (key, value) => put(key, JSON.stringify(value), 'application/json'),
    putText: (key, body, contentType) => put(key, body, contentType),
    getText,
    getJson: async (key) => {
      const text = await getText(key);
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new ReportStoreError(
          `${s3Uri(bucket, key)} is not JSON: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
