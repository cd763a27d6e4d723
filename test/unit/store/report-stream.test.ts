import { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { ReportStoreError } from '../../../src/store/report-store';
import {
  copyObject,
  createLineUpload,
  PART_BYTES,
  readLines,
} from '../../../src/store/report-stream';
import { memoryBucket } from '../../helpers/memory-bucket';
import { awsError } from '../../helpers';

const BUCKET = 'my-reports';

/** Every line of an async iterable. */
async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}

/** An S3 client of its own, mocked (nothing else is). */
function stubbedS3() {
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  return { client, stub: mockClient(client) };
}

/** A line of exactly `bytes` bytes (with its newline), numbered. */
function lineOf(index: number, bytes: number): string {
  const head = `{"n":${index},"pad":"`;
  return `${head}${'x'.repeat(bytes - head.length - 3)}"}`;
}

describe('an object written line by line', () => {
  it('is one PutObject when it stays under a part, with its size in bytes', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    const upload = createLineUpload(bucket.client, BUCKET, 'runs/r/report.jsonl');

    // Act
    await upload.writeLine('{"a":"é"}');
    await upload.writeLine('{"b":2}');
    const stored = await upload.complete();

    // Assess
    expect(bucket.objects.get('runs/r/report.jsonl')).toBe('{"a":"é"}\n{"b":2}\n');
    expect(stored).toEqual({
      bucket: BUCKET,
      key: 'runs/r/report.jsonl',
      uri: `s3://${BUCKET}/runs/r/report.jsonl`,
      bytes: 19,
    });
    expect(bucket.stub).toHaveReceivedCommandWith(PutObjectCommand, {
      ContentType: 'application/x-ndjson',
    });
    expect(bucket.stub).not.toHaveReceivedCommand(CreateMultipartUploadCommand);
  });

  it('becomes a multipart upload of parts of at least PART_BYTES once it outgrows one, the last part shorter', async () => {
    // Prepare: 2.5 parts' worth of 1 MiB lines
    const bucket = memoryBucket(BUCKET);
    const upload = createLineUpload(bucket.client, BUCKET, 'big.jsonl', 'text/plain');
    const lines = Array.from({ length: 20 }, (_, index) => lineOf(index, 1024 * 1024));

    // Act
    for (const line of lines) await upload.writeLine(line);
    const stored = await upload.complete();

    // Assess
    expect(stored.bytes).toBe(20 * 1024 * 1024);
    expect(bucket.objects.get('big.jsonl')).toBe(lines.map((line) => `${line}\n`).join(''));
    const parts = bucket.stub.commandCalls(UploadPartCommand).map((call) => call.args[0].input);
    expect(parts.map((part) => part.PartNumber)).toEqual([1, 2, 3]);
    expect(parts.map((part) => (part.Body as Buffer).length)).toEqual([
      PART_BYTES,
      PART_BYTES,
      20 * 1024 * 1024 - 2 * PART_BYTES,
    ]);
    expect(bucket.stub).toHaveReceivedCommandTimes(CreateMultipartUploadCommand, 1);
    expect(bucket.stub).toHaveReceivedCommandWith(CreateMultipartUploadCommand, {
      ContentType: 'text/plain',
    });
    expect(bucket.stub).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      MultipartUpload: {
        Parts: [
          { ETag: '"etag-1"', PartNumber: 1 },
          { ETag: '"etag-2"', PartNumber: 2 },
          { ETag: '"etag-3"', PartNumber: 3 },
        ],
      },
    });
    expect(bucket.stub).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('completes without an empty last part when the lines end on a part boundary', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    const upload = createLineUpload(bucket.client, BUCKET, 'even.jsonl');

    // Act
    for (let index = 0; index < PART_BYTES / (1024 * 1024); index += 1) {
      await upload.writeLine(lineOf(index, 1024 * 1024));
    }
    await upload.complete();

    // Assess
    expect(bucket.stub).toHaveReceivedCommandTimes(UploadPartCommand, 1);
    expect(bucket.objects.get('even.jsonl')).toHaveLength(PART_BYTES);
  });

  it('fails naming the object when S3 starts no upload', async () => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    s3.on(CreateMultipartUploadCommand).resolves({});
    const upload = createLineUpload(client, BUCKET, 'k.jsonl');

    // Act
    const written = upload.writeLine(lineOf(0, PART_BYTES));

    // Assess
    await expect(written).rejects.toThrow(ReportStoreError);
    await expect(written).rejects.toThrow(
      `UploadPart s3://${BUCKET}/k.jsonl failed: Error: CreateMultipartUpload returned no UploadId`,
    );
  });

  it.each(['UploadPart', 'CompleteMultipartUpload'] as const)(
    'fails naming the object and the refusal when %s is refused',
    async (action) => {
      // Prepare
      const bucket = memoryBucket(BUCKET);
      const refusal = awsError('AccessDenied', 'Access Denied');
      if (action === 'UploadPart') bucket.stub.on(UploadPartCommand).rejects(refusal);
      else bucket.stub.on(CompleteMultipartUploadCommand).rejects(refusal);
      const upload = createLineUpload(bucket.client, BUCKET, 'k.jsonl');

      // Act
      const run = (async () => {
        await upload.writeLine(lineOf(0, PART_BYTES));
        return upload.complete();
      })();

      // Assess
      await expect(run).rejects.toThrow(
        `${action} s3://${BUCKET}/k.jsonl failed: AccessDenied: Access Denied`,
      );
      expect(bucket.objects.has('k.jsonl')).toBe(false);
    },
  );

  it('fails naming the object when the single PutObject is refused', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    const upload = createLineUpload(bucket.client, 'other-bucket', 'k.jsonl');
    await upload.writeLine('{}');

    // Act
    const run = upload.complete();

    // Assess
    await expect(run).rejects.toThrow(ReportStoreError);
    await expect(run).rejects.toThrow(
      's3://other-bucket/k.jsonl failed: NoSuchBucket: no bucket other-bucket',
    );
  });

  it('says what a non-Error refusal was', async () => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    s3.on(PutObjectCommand).callsFake(() => Promise.reject('socket hang up'));
    const upload = createLineUpload(client, BUCKET, 'k.jsonl');

    // Act
    const run = upload.complete();

    // Assess
    await expect(run).rejects.toThrow(
      `PutObject s3://${BUCKET}/k.jsonl failed: Error: socket hang up`,
    );
  });
});

describe('the lines of an object', () => {
  it('arrive one by one, whatever the chunks split (lines, multi-byte characters), the last one without its newline', async () => {
    // Prepare: the memory bucket serves 4093-byte chunks
    const bucket = memoryBucket(BUCKET);
    const lines = Array.from(
      { length: 50 },
      (_, index) => `{"n":${index},"s":"${'é✓'.repeat(index * 40)}"}`,
    );
    bucket.objects.set('r.jsonl', lines.join('\n'));

    // Act
    const read = await readLines(bucket.client, BUCKET, 'r.jsonl');

    // Assess
    expect(await collect(read as AsyncIterable<string>)).toEqual(lines);
  });

  it.each(['NoSuchKey', 'NotFound'])('are undefined when S3 answers %s', async (name) => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    s3.on(GetObjectCommand).rejects(awsError(name, 'missing'));

    // Act
    const read = await readLines(client, BUCKET, 'none.jsonl');

    // Assess
    expect(read).toBeUndefined();
  });

  it('fail naming the object when S3 refuses the read', async () => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied'));

    // Act
    const read = readLines(client, BUCKET, 'latest/report.jsonl');

    // Assess
    await expect(read).rejects.toThrow(
      `GetObject s3://${BUCKET}/latest/report.jsonl failed: AccessDenied: Access Denied`,
    );
  });

  it('are none when the object has no body', async () => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    s3.on(GetObjectCommand).resolves({} as GetObjectCommandOutput);

    // Act
    const read = await readLines(client, BUCKET, 'empty.jsonl');

    // Assess
    expect(await collect(read as AsyncIterable<string>)).toEqual([]);
  });

  it('are read from the stream, never from the whole body as one string', async () => {
    // Prepare
    const { client, stub: s3 } = stubbedS3();
    const body = Object.assign(Readable.from([Buffer.from('a\nb\n')]), {
      transformToString: () => Promise.reject(new Error('the whole body was read')),
    });
    s3.on(GetObjectCommand).resolves({ Body: body } as unknown as GetObjectCommandOutput);

    // Act
    const read = await readLines(client, BUCKET, 'r.jsonl');

    // Assess
    expect(await collect(read as AsyncIterable<string>)).toEqual(['a', 'b']);
  });
});

describe('a server-side copy', () => {
  it('copies the object to the other key, its source encoded as a URI', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);
    bucket.objects.set('runs/a b/report.jsonl', 'x\n');

    // Act
    await copyObject(bucket.client, BUCKET, 'runs/a b/report.jsonl', 'latest/report.jsonl');

    // Assess
    expect(bucket.objects.get('latest/report.jsonl')).toBe('x\n');
    expect(bucket.stub).toHaveReceivedCommandWith(CopyObjectCommand, {
      Bucket: BUCKET,
      Key: 'latest/report.jsonl',
      CopySource: `${BUCKET}/runs/a%20b/report.jsonl`,
    });
  });

  it('fails naming the target when the source is missing', async () => {
    // Prepare
    const bucket = memoryBucket(BUCKET);

    // Act
    const copy = copyObject(bucket.client, BUCKET, 'none.jsonl', 'latest/report.jsonl');

    // Assess
    await expect(copy).rejects.toThrow(ReportStoreError);
    await expect(copy).rejects.toThrow(
      `CopyObject s3://${BUCKET}/latest/report.jsonl failed: NoSuchKey`,
    );
  });
});
