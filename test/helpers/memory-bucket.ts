import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompleteMultipartUploadCommandInput,
  type CopyObjectCommandInput,
  type CreateMultipartUploadCommandInput,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { assembleReportLines, linesOf } from '../../src/history/report-lines';
import type { Report } from '../../src/types';
import { awsError } from './aws-error';

/**
 * An S3 bucket in memory behind a mocked client: PutObject stores, GetObject reads (a stream that
 * also answers `transformToString`) or 404s, multipart uploads and CopyObject work as S3's do.
 */
export interface MemoryBucket {
  client: S3Client;
  stub: AwsClientStub<S3Client>;
  objects: Map<string, string>;
  /** The object as JSON. */
  json(key: string): unknown;
  /** A report stored as JSON Lines, read back whole. */
  report(key: string): Promise<Report | undefined>;
}

/** A mocked S3 client holding the objects of `bucket` in memory. */
export function memoryBucket(bucket: string): MemoryBucket {
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const stub = mockClient(client);
  const objects = new Map<string, string>();
  stub.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    if (input.Bucket !== bucket) throw awsError('NoSuchBucket', `no bucket ${input.Bucket}`);
    objects.set(input.Key ?? '', String(input.Body));
    return {};
  });
  stub.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const text = input.Bucket === bucket ? objects.get(input.Key ?? '') : undefined;
    if (text === undefined) throw awsError('NoSuchKey', 'The specified key does not exist.');
    // In chunks that split lines and characters, as a network stream does.
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let start = 0; start < bytes.length; start += 4093) {
      chunks.push(bytes.subarray(start, start + 4093));
    }
    const body = Object.assign(Readable.from(chunks), {
      transformToString: () => Promise.resolve(text),
    });
    return { Body: body };
  });
  const uploads = new Map<string, { key: string; parts: Map<number, Buffer> }>();
  stub.on(CreateMultipartUploadCommand).callsFake((input: CreateMultipartUploadCommandInput) => {
    if (input.Bucket !== bucket) throw awsError('NoSuchBucket', `no bucket ${input.Bucket}`);
    const id = `upload-${uploads.size + 1}`;
    uploads.set(id, { key: input.Key ?? '', parts: new Map() });
    return { UploadId: id };
  });
  stub.on(UploadPartCommand).callsFake((input: UploadPartCommandInput) => {
    const upload = uploads.get(input.UploadId ?? '');
    if (!upload) throw awsError('NoSuchUpload', 'The specified upload does not exist.');
    upload.parts.set(input.PartNumber ?? 0, Buffer.from(input.Body as Uint8Array));
    return { ETag: `"etag-${input.PartNumber}"` };
  });
  stub
    .on(CompleteMultipartUploadCommand)
    .callsFake((input: CompleteMultipartUploadCommandInput) => {
      const upload = uploads.get(input.UploadId ?? '');
      if (!upload) throw awsError('NoSuchUpload', 'The specified upload does not exist.');
      const numbers = (input.MultipartUpload?.Parts ?? []).map((part) => part.PartNumber ?? 0);
      const parts = numbers.map((number) => upload.parts.get(number) ?? Buffer.alloc(0));
      objects.set(upload.key, Buffer.concat(parts).toString('utf8'));
      uploads.delete(input.UploadId ?? '');
      return {};
    });
  stub.on(CopyObjectCommand).callsFake((input: CopyObjectCommandInput) => {
    const source = decodeURI(input.CopySource ?? '');
    const prefix = `${bucket}/`;
    const text = source.startsWith(prefix) ? objects.get(source.slice(prefix.length)) : undefined;
    if (input.Bucket !== bucket || text === undefined) {
      throw awsError('NoSuchKey', 'The specified key does not exist.');
    }
    objects.set(input.Key ?? '', text);
    return {};
  });
  return {
    client,
    stub,
    objects,
    json: (key) => {
      const text = objects.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    report: (key) => {
      const text = objects.get(key);
      return text === undefined ? Promise.resolve(undefined) : assembleReportLines(linesOf(text));
    },
  };
}
