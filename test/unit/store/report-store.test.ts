import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createReportStore, ReportStoreError } from '../../../src/store/report-store';
import { awsError } from '../../helpers';

const s3 = mockClient(S3Client);

/** A GetObject body as the SDK returns it (only the reader the store uses). */
function body(text: string): NonNullable<GetObjectCommandOutput['Body']> {
  return {
    transformToString: (encoding?: string) =>
      Promise.resolve(Buffer.from(text, 'utf8').toString((encoding ?? 'utf-8') as BufferEncoding)),
  } as NonNullable<GetObjectCommandOutput['Body']>;
}

describe('the report store', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('writes JSON with its content type and says where and how much', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports');

    // Act
    const stored = await store.putJson('reports/1/latest.json', { name: 'é' });

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'my-reports',
      Key: 'reports/1/latest.json',
      Body: '{"name":"é"}',
      ContentType: 'application/json',
    });
    expect(stored).toEqual({
      bucket: 'my-reports',
      key: 'reports/1/latest.json',
      uri: 's3://my-reports/reports/1/latest.json',
      bytes: 13,
    });
  });

  it('writes text with the given content type', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({});
    const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports');

    // Act
    await store.putText('reports/1/r.html', '<p>hi</p>', 'text/html; charset=utf-8');

    // Assess
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Key: 'reports/1/r.html',
      ContentType: 'text/html; charset=utf-8',
    });
  });

  it('reads JSON back, and answers undefined for a missing key', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Key: 'reports/1/latest.json' })
      .resolves({ Body: body('{"findings":[1,2]}') })
      .on(GetObjectCommand, { Key: 'reports/2/latest.json' })
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports');

    // Act
    const found = await store.getJson('reports/1/latest.json');
    const missing = await store.getJson('reports/2/latest.json');

    // Assess
    expect(found).toEqual({ findings: [1, 2] });
    expect(missing).toBeUndefined();
  });

  it('names the object, the error and its cause when S3 refuses', async () => {
    // Prepare
    const denied = awsError('AccessDenied', 'Access Denied');
    s3.on(PutObjectCommand).rejects(denied).on(GetObjectCommand).rejects(denied);
    const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports');

    // Act
    const put = store.putJson('reports/1/latest.json', {});
    const get = store.getJson('reports/1/latest.json');

    // Assess
    await expect(put).rejects.toThrow(ReportStoreError);
    await expect(put).rejects.toThrow(
      'PutObject s3://my-reports/reports/1/latest.json failed: AccessDenied: Access Denied',
    );
    await expect(get).rejects.toMatchObject({ name: 'ReportStoreError', cause: denied });
  });

  it('says which object is not JSON', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves({ Body: body('<html>') });
    const store = createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports');

    // Act
    const read = store.getJson('reports/1/latest.json');

    // Assess
    await expect(read).rejects.toThrow(/s3:\/\/my-reports\/reports\/1\/latest.json is not JSON/);
  });
});
