import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { awsError } from './mock-aws';

/** An S3 bucket in memory behind a mocked client: PutObject stores, GetObject reads or 404s. */
export interface MemoryBucket {
  client: S3Client;
  stub: AwsClientStub<S3Client>;
  objects: Map<string, string>;
  /** The object as JSON. */
  json(key: string): unknown;
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
    return { Body: { transformToString: () => Promise.resolve(text) } };
  });
  return {
    client,
    stub,
    objects,
    json: (key) => {
      const text = objects.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
  };
}
