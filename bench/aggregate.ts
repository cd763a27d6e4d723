/**
 * Prints the time and peak memory of the organization run's Aggregate function for N accounts, over
 * three nights: a first run, a night where nothing changed, and a night where 1% of the accounts
 * failed. Every account's AuditAccount result is the same realistic account (a generated estate with
 * a priced NAT cost estimate; its shape is printed) under its own id, synthesised when the Aggregate
 * reads it; the report bucket is a fake S3 client whose JSON Lines objects live in files on disk
 * (so that the bucket's own bytes do not count in this process's memory), and SNS and CloudWatch
 * answer at once. One N per process, so that the peak RSS is that N's:
 *
 *   npx tsx bench/aggregate.ts 1000        (node --max-old-space-size is honoured through NODE_OPTIONS)
 */
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CopyObjectCommandInput,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
  type UploadPartCommandInput,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient, type PublishCommandInput } from '@aws-sdk/client-sns';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { withRollup } from '../src/analysis/rollup';
import { applyCostEstimate } from '../src/cost/apply-estimate';
import { createAggregateHandler } from '../src/lambda/org/aggregate-handler';
import { createReportStore } from '../src/store/report-store';
import type { Report } from '../src/types';
import { TEST_CONFIG } from '../test/helpers/lambda';
import { costEstimateFor, reportOfSnapshot } from '../test/helpers/report-estate';
import { generatedEstate } from '../test/helpers/reports';

const N = Number(process.argv[2] ?? 1000);
const BUCKET = 'bench-reports';
const TEMPLATE_ACCOUNT = '999999999999';

/** The realistic account: 9 VPCs of 12 subnets (108 subnets), 36 findings, 9 leaking NAT gateways, priced. */
function typicalAccount(): Report {
  const snapshot = generatedEstate(9, 12);
  (snapshot as { accountId: string }).accountId = TEMPLATE_ACCOUNT;
  const report = reportOfSnapshot(snapshot);
  return withRollup(
    applyCostEstimate(
      report,
      costEstimateFor(report, (i) => 5 + i * 3),
    ),
  );
}

const template = JSON.stringify({
  accountId: TEMPLATE_ACCOUNT,
  status: 'audited',
  report: typicalAccount(),
});
const accountId = (index: number) => String(100000000000 + index);

/** The fake bucket: small JSON objects in memory, the account results synthesised, lines on disk. */
function fakeBucket(folder: string) {
  const s3 = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const stub = mockClient(s3);
  const small = new Map<string, string>();
  const files = new Map<string, string>();
  const uploads = new Map<string, { key: string; file: string; stream: WriteStream }>();
  let uploadCount = 0;
  const body = (text: string) =>
    Object.assign(Readable.from([Buffer.from(text)]), {
      transformToString: () => Promise.resolve(text),
    });
  stub.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    small.set(
      input.Key ?? '',
      Buffer.isBuffer(input.Body) ? input.Body.toString('utf8') : String(input.Body),
    );
    return {};
  });
  stub.on(GetObjectCommand).callsFake((input: GetObjectCommandInput) => {
    const key = input.Key ?? '';
    const account = /^runs\/[^/]+\/accounts\/(\d{12})\.json$/.exec(key);
    if (account?.[1]) return { Body: body(template.split(TEMPLATE_ACCOUNT).join(account[1])) };
    const file = files.get(key);
    if (file)
      return {
        Body: Object.assign(createReadStream(file), {
          transformToString: () => Promise.reject(new Error('stream only')),
        }),
      };
    const text = small.get(key);
    if (text === undefined) throw Object.assign(new Error('no such key'), { name: 'NoSuchKey' });
    return { Body: body(text) };
  });
  stub.on(CreateMultipartUploadCommand).callsFake((input: { Key?: string }) => {
    uploadCount += 1;
    const id = `u${uploadCount}`;
    const file = join(folder, `${id}.jsonl`);
    uploads.set(id, { key: input.Key ?? '', file, stream: createWriteStream(file) });
    return { UploadId: id };
  });
  stub.on(UploadPartCommand).callsFake(async (input: UploadPartCommandInput) => {
    const upload = uploads.get(input.UploadId ?? '');
    await new Promise<void>((resolve) =>
      upload?.stream.write(input.Body as Buffer, () => resolve()),
    );
    return { ETag: `"${input.PartNumber}"` };
  });
  stub.on(CompleteMultipartUploadCommand).callsFake(async (input: { UploadId?: string }) => {
    const upload = uploads.get(input.UploadId ?? '');
    if (upload) {
      await new Promise<void>((resolve) => upload.stream.end(() => resolve()));
      files.set(upload.key, upload.file);
    }
    return {};
  });
  stub.on(CopyObjectCommand).callsFake((input: CopyObjectCommandInput) => {
    const source = (input.CopySource ?? '').slice(BUCKET.length + 1);
    const file = files.get(source);
    if (file) files.set(input.Key ?? '', file);
    const text = small.get(source);
    if (text !== undefined) small.set(input.Key ?? '', text);
    return {};
  });
  return { s3, small, files };
}

/** Writes what ListAccounts and the map leave for the Aggregate; `failedEvery` accounts failed. */
function seedRun(small: Map<string, string>, runId: string, failedEvery: number): void {
  const accounts = Array.from({ length: N }, (_, index) => ({
    accountId: accountId(index),
    action: 'audit',
  }));
  small.set(
    `runs/${runId}/selection.json`,
    JSON.stringify({
      runId,
      startedAt: '2026-11-29T03:00:00.000Z',
      accountId: accountId(0),
      organizationId: 'o-bench00000',
      accounts,
    }),
  );
  const children = accounts.map(({ accountId: id }, index) => ({
    Input: JSON.stringify({ runId, bucket: BUCKET, account: { accountId: id } }),
    Status: 'SUCCEEDED',
    Output: JSON.stringify(
      failedEvery > 0 && index % failedEvery === 0
        ? {
            accountId: id,
            status: 'failed',
            error: { Error: 'States.Timeout', Cause: 'the account audit timed out' },
          }
        : { accountId: id, key: `runs/${runId}/accounts/${id}.json` },
    ),
  }));
  small.set(`runs/${runId}/map/SUCCEEDED_0.json`, JSON.stringify(children));
  small.set(
    `runs/${runId}/map/manifest.json`,
    JSON.stringify({
      DestinationBucket: BUCKET,
      ResultFiles: {
        SUCCEEDED: [{ Key: `runs/${runId}/map/SUCCEEDED_0.json` }],
        FAILED: [],
        PENDING: [],
      },
    }),
  );
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'vpce-auditor-bench-aggregate-'));
  const { s3, small } = fakeBucket(folder);
  const sns = new SNSClient({ region: 'us-east-1' });
  const snsStub = mockClient(sns);
  const messages: number[] = [];
  snsStub.on(PublishCommand).callsFake((input: PublishCommandInput) => {
    messages.push(Buffer.byteLength(input.Message ?? '', 'utf8'));
    return { MessageId: 'm' };
  });
  const cloudwatch = new CloudWatchClient({ region: 'us-east-1' });
  mockClient(cloudwatch).on(PutMetricDataCommand).resolves({});
  const handler = createAggregateHandler({
    config: { ...TEST_CONFIG, notify: 'on-change' },
    store: createReportStore(s3, BUCKET),
    s3,
    sns,
    cloudwatch,
    logger: new Logger({ logLevel: 'ERROR' }),
    accountMetrics: false,
  });
  const account = JSON.parse(template) as { report: Report };
  console.log(
    `${N} accounts; each: ${account.report.subnets.length} subnets, ${account.report.findings.length} findings, ` +
      `${account.report.summary.cost?.gateways.length ?? 0} priced NAT gateways, result ${Buffer.byteLength(template)} bytes`,
  );
  const nights: [string, number][] = [
    ['first run', 0],
    ['nothing changed', 0],
    ['1% of accounts failed', 100],
  ];
  for (const [index, [name, failedEvery]] of nights.entries()) {
    const runId = `20261129T03000${index}Z-bench000`;
    seedRun(small, runId, failedEvery);
    messages.length = 0;
    const started = performance.now();
    const result = await handler({
      runId,
      map: { ResultWriterDetails: { Bucket: BUCKET, Key: `runs/${runId}/map/manifest.json` } },
    });
    const seconds = (performance.now() - started) / 1000;
    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(
      `night ${index + 1} (${name}): ${seconds.toFixed(1)} s, report ${(result.reportBytes / 2 ** 20).toFixed(0)} MiB, ` +
        `history ${JSON.stringify(result.history)}, messages ${messages.length} (${messages.join(', ')} bytes), ` +
        `peak RSS so far ${peak.toFixed(0)} MiB`,
    );
  }
  rmSync(folder, { recursive: true, force: true });
}

void main();
