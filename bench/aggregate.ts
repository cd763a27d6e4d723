/**
 * The organization run's Aggregate function at N accounts, as it is judged: the PACKAGED function
 * (the orgAggregate zip of a stack packaged with organization=true) in its own Node process with the
 * heap of a 1024 MB Lambda (NODE_OPTIONS --max-old-space-size=922 --max-semi-space-size=51, what the
 * Lambda runtime gives 1024 MB), against moto (`python3 -m moto.server`, an independent
 * implementation of S3, SNS and CloudWatch) on loopback, with the environment the template gives
 * it.
 *
 * Every account's AuditAccount result is the same realistic account under its own id (109 subnets,
 * 20 findings, 9 leaking NAT gateways, priced; its shape is printed), stored once in moto's S3.
 * Three nights: the first run, a night where nothing changed, a night where 1% of the accounts
 * failed (their child caught a timeout). NOTIFY is the stack's default, `on-change`, so the second
 * night owes no message. For each night: wall and CPU time of the function's process, its peak RSS
 * against 1,024 MiB, the stored report's size, and each SNS `Publish` the function sent (counted and
 * measured by a proxy in front of moto's SNS; the limit is 262,144 bytes). The one setting that is
 * not the stack's: the AWS clients' idle timeout is raised for moto (see the environment below).
 *
 *   npx tsx bench/aggregate.ts 1000
 */
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { withRollup } from '../src/analysis/rollup';
import { applyCostEstimate } from '../src/cost/apply-estimate';
import type { AggregateResult } from '../src/lambda/org/aggregate-handler';
import type { Report } from '../src/types';
import { startMoto, startProxy } from '../test/helpers/moto';
import { invokeLambda } from '../test/helpers/node-process';
import {
  functionEnvironment,
  ORGANIZATION_PARAMS,
  packageWithParams,
  unzipPackage,
} from '../test/helpers/packaging';
import { costEstimateFor, reportOfSnapshot } from '../test/helpers/report-estate';
import { generatedEstate } from '../test/helpers/reports';

const N = Number(process.argv[2] ?? 1000);
const REGION = 'us-east-1';
const BUCKET = 'vpce-auditor-bench-reports';
const TEMPLATE_ACCOUNT = '999999999999';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const SNS_LIMIT = 262_144;
const LAMBDA_MIB = 1024;
/** What the Lambda runtime gives a 1024 MB function: old space 90%, semi-space 5%. */
const LAMBDA_NODE_OPTIONS = '--max-old-space-size=922 --max-semi-space-size=51';

/**
 * The realistic account: 9 VPCs in one region, each with a NAT gateway leaking both services from
 * its private table (18 findings); the public tables of 8 of them reach S3 and DynamoDB through
 * gateway endpoints, the 9th leaks both through its internet gateway (2 findings); 12 subnets per
 * VPC and one more isolated subnet: 109 subnets. Every NAT gateway priced.
 */
function typicalAccount(): Report {
  const snapshot = generatedEstate(9, 12);
  (snapshot as { accountId: string }).accountId = TEMPLATE_ACCOUNT;
  const estate = Object.values(snapshot.regions)[0] as unknown as {
    RouteTables: {
      RouteTableId: string;
      VpcId: string;
      Routes: object[];
      Associations?: object[];
    }[];
    VpcEndpoints: object[];
    Subnets: object[];
  };
  const publicTables = estate.RouteTables.filter((_, index) => index % 2 === 0).slice(1);
  for (const table of publicTables) {
    for (const [service, prefixList] of [
      ['s3', 'pl-63a5400a'],
      ['dynamodb', 'pl-02cd2c6b'],
    ] as const) {
      const endpoint = `vpce-${table.RouteTableId.slice(4)}${service === 's3' ? 'a' : 'b'}`;
      estate.VpcEndpoints.push({
        VpcEndpointId: endpoint,
        VpcEndpointType: 'Gateway',
        VpcId: table.VpcId,
        ServiceName: `com.amazonaws.${REGION}.${service}`,
        RouteTableIds: [table.RouteTableId],
      });
      table.Routes.push({
        DestinationPrefixListId: prefixList,
        GatewayId: endpoint,
        State: 'active',
      });
    }
  }
  const isolated = 'rtb-0isolated00000000';
  estate.Subnets.push({
    SubnetId: 'subnet-0isolated0000000',
    VpcId: 'vpc-00000000000000000',
    CidrBlock: '10.0.200.0/24',
  });
  estate.RouteTables.push({
    RouteTableId: isolated,
    VpcId: 'vpc-00000000000000000',
    Associations: [{ SubnetId: 'subnet-0isolated0000000' }],
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }],
  });
  const report = reportOfSnapshot(snapshot);
  return withRollup(
    applyCostEstimate(
      report,
      costEstimateFor(report, (i) => 5 + i * 3),
    ),
  );
}

/** CPU seconds a process has used so far (Linux; 0 elsewhere): moto's, to see where the wall time went. */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const accountId = (index: number) => String(100000000000 + index);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Runs `work` on every item, `width` at once. */
async function eachLimited<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next] as T;
        next += 1;
        await work(item);
      }
    }),
  );
}

async function main(): Promise<void> {
  const packaged = packageWithParams(ORGANIZATION_PARAMS);
  if (!packaged.ok) throw new Error(`packaging with organization=true failed: ${packaged.output}`);
  const folder = unzipPackage(join(packaged.folder, 'orgAggregate.zip'));
  const moto = await startMoto();
  const published: { bytes: number; subject: string }[] = [];
  const snsProxy = await startProxy(moto.endpoint, ({ body }) => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') === 'Publish') {
      published.push({
        bytes: Buffer.byteLength(form.get('Message') ?? '', 'utf8'),
        subject: form.get('Subject') ?? '',
      });
    }
    return false;
  });
  try {
    const client = { region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS };
    const s3 = new S3Client({ ...client, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const topic = (
      await new SNSClient(client).send(new CreateTopicCommand({ Name: 'bench-alerts' }))
    ).TopicArn as string;
    const put = (key: string, body: string) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

    const report = typicalAccount();
    const template = JSON.stringify({ accountId: TEMPLATE_ACCOUNT, status: 'audited', report });
    console.log(
      `${N} accounts; each: ${report.subnets.length} subnets, ${report.findings.length} findings, ` +
        `${report.summary.cost?.gateways.length ?? 0} leaking NAT gateways (priced), result ${Buffer.byteLength(template)} bytes; ` +
        `node ${process.version}, load average ${loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')}`,
    );
    const ids = Array.from({ length: N }, (_, index) => accountId(index));
    const resultKey = (id: string) => `runs/seed/accounts/${id}.json`;
    const seeding = Date.now();
    await eachLimited(ids, 16, async (id) => {
      await put(resultKey(id), template.split(TEMPLATE_ACCOUNT).join(id));
    });
    console.log(
      `seeded ${N} account results in moto's S3 in ${((Date.now() - seeding) / 1000).toFixed(0)} s`,
    );

    const environment = {
      PATH: process.env.PATH ?? '',
      HOME: folder,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ENDPOINT_URL_SNS: snsProxy.url,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(LAMBDA_MIB),
      NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
      NODE_NO_WARNINGS: '1',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // moto answers CompleteMultipartUpload and CopyObject only once the whole object is written,
      // silent meanwhile (S3 keeps the connection alive with whitespace): a report of hundreds of
      // MiB takes moto longer than the clients' 20 s idle timeout on a busy machine.
      VPCE_AUDITOR_REQUEST_TIMEOUT_MS: '600000',
      ...functionEnvironment(packaged.template, 'OrgAggregateLambdaFunction', {
        ReportBucket: BUCKET,
        AlertTopic: topic,
      }),
    };
    const nights: [string, number][] = [
      ['first run', 0],
      ['nothing changed', 0],
      ['1% of accounts failed', 100],
    ];
    const stale: string[] = [];
    for (const [index, [name, failedEvery]] of nights.entries()) {
      const runId = `20261129T03000${index}Z-bench00${index}`;
      await put(
        `runs/${runId}/selection.json`,
        JSON.stringify({
          runId,
          startedAt: '2026-11-29T03:00:00.000Z',
          accountId: ids[0],
          organizationId: 'o-bench00000',
          accounts: ids.map((id) => ({ accountId: id, action: 'audit' })),
        }),
      );
      const children = ids.map((id, position) => ({
        Input: JSON.stringify({ runId, account: { accountId: id } }),
        Status: 'SUCCEEDED',
        Output: JSON.stringify(
          failedEvery > 0 && position % failedEvery === 0
            ? {
                accountId: id,
                status: 'failed',
                error: { Error: 'States.Timeout', Cause: 'the account audit timed out' },
              }
            : { accountId: id, key: resultKey(id) },
        ),
      }));
      await put(`runs/${runId}/map/SUCCEEDED_0.json`, JSON.stringify(children));
      await put(
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
      published.length = 0;
      const motoCpu = cpuSecondsOf(moto.process.pid);
      const run = await invokeLambda<AggregateResult>(
        join(folder, 'handlers', 'org-aggregate.js'),
        {
          runId,
          map: { ResultWriterDetails: { Bucket: BUCKET, Key: `runs/${runId}/map/manifest.json` } },
        },
        environment,
        900_000,
      );
      const usage = run.usage;
      const peak = (usage?.maxRssKiB ?? 0) / 1024;
      const timing =
        `${(run.ms / 1000).toFixed(1)} s wall, ${((usage?.cpuMicros ?? 0) / 1e6).toFixed(1)} s CPU, ` +
        `peak RSS ${peak.toFixed(0)} MiB of ${LAMBDA_MIB} (${peak < LAMBDA_MIB ? 'under' : 'OVER'}); ` +
        `moto meanwhile ${(cpuSecondsOf(moto.process.pid) - motoCpu).toFixed(1)} s CPU`;
      if (!run.result) {
        console.log(
          `night ${index + 1} (${name}): FAILED ${JSON.stringify(run.error)} ${run.stderr.slice(-2000)}; ${timing}`,
        );
        console.log(`moto's log, the end:\n${moto.log().split('\n').slice(-60).join('\n')}`);
        process.exitCode = 1;
        break;
      }
      const result = run.result;
      const stored = await s3.send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: result.reportKey }),
      );
      const messages = published.map((message) => message.bytes);
      console.log(
        `night ${index + 1} (${name}): ${timing}; report ${result.reportBytes} bytes (${mib(result.reportBytes)} MiB) ` +
          `(${stored.ContentLength === result.reportBytes ? 'stored' : `stored size ${stored.ContentLength}`}), ` +
          `accounts ${JSON.stringify(result.accounts)}, history new ${result.history.status === 'compared' ? result.history.new : '-'} ` +
          `resolved ${result.history.status === 'compared' ? result.history.resolved : '-'}; notification ${result.notification.status}; ` +
          `SNS messages ${messages.length}${messages.length > 0 ? ` (${messages.join(', ')} bytes, limit ${SNS_LIMIT}: ${messages.every((bytes) => bytes <= SNS_LIMIT) ? 'within' : 'OVER'})` : ''}`,
      );
      // Only latest/ is read by the next night: the others would only fill moto's disk.
      for (const key of stale) await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
      stale.length = 0;
      stale.push(result.reportKey, result.historyKey);
    }
    console.log(
      `load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await snsProxy.close();
    moto.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
