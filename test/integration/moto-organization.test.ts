/**
 * The organization end to end against moto (`python3 -m moto.server`), an implementation of the
 * AWS APIs written independently of this project: an organization of a management account and
 * member accounts, each holding its own VPCs, created through the APIs themselves (Organizations
 * `CreateAccount`, then EC2 calls signed with each member's assumed-role credentials, which moto
 * ties to that account). The bundled CLI, built from the current sources, runs as a child process
 * with the management account's credentials alone, through the SDK's standard environment.
 *
 * The packaged organization functions (ListAccounts, AuditAccount, Aggregate: the zips of a stack
 * packaged with organization=true, each in a fresh node process with the environment the template
 * gives it) run through the packaged state machine's definition against the same organization,
 * with moto's S3 as the report bucket, its SNS as the topic and its CloudWatch for the metrics.
 *
 * The steps depend on each other and run in order: the packaged functions, then the CLI's audit,
 * selection, snapshot round trip and remediation (which changes a member's routes: it runs last).
 */
import { assembleReportLines } from '../../src/history/report-lines';
import { readLines } from '../../src/store/report-stream';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { join } from 'node:path';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
  RemoveAccountFromOrganizationCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { Report } from '../../src/types';
import { invokeLambda, runNode, type NodeRun } from '../helpers/node-process';
import {
  MOTO_CREDENTIALS,
  motoCliEnvironment,
  runCliOnMoto,
  seedVpc,
  startMotoWithCli,
  startProxy,
  type Moto,
  type MotoProxy,
  type MotoWorkbench,
} from '../helpers/moto';
import {
  functionEnvironment,
  ORGANIZATION_PARAMS,
  packageWithParams,
  unzipPackage,
  type CfnTemplate,
} from '../helpers/packaging';
import { runStateMachine, type MapBucket } from '../helpers/state-machine-run';

const REGION = 'us-east-1';
/** moto's default account: the management account of the organization it creates. */
const MANAGEMENT = '123456789012';
const MANAGEMENT_CREDENTIALS = MOTO_CREDENTIALS;

let dir: string;
let cli: string;
let bench: MotoWorkbench;
let moto: Moto;
let endpoint: string;
/** The member accounts, by what they hold. */
const members = { nat: '', igw: '', exempt: '' };
/** The subnet each member's estate routes, by member. */
const subnets = { nat: '', igw: '', exempt: '' };
const vpcs = { nat: '', igw: '', exempt: '' };

/** The CLI with the management account's credentials and nothing else from this environment. */
function vpceAuditor(args: string[]): Promise<NodeRun> {
  return runCliOnMoto(bench, args, REGION);
}

/** `audit` of the selection given, in us-east-1, without the cost estimate, as JSON. */
function auditJson(...selection: string[]): Promise<NodeRun> {
  return vpceAuditor([
    'audit',
    ...selection,
    '--regions',
    REGION,
    '--no-cost',
    '--quiet',
    '--format',
    'json',
  ]);
}

/** `remediate --account` of one member in us-east-1 (default VPCs left alone), as JSON. */
function remediateJson(account: string, ...extra: string[]): Promise<NodeRun> {
  return vpceAuditor([
    'remediate',
    '--account',
    account,
    '--regions',
    REGION,
    '--skip-default-vpcs',
    '--no-cost',
    ...extra,
    '--quiet',
    '--format',
    'json',
  ]);
}

/** An EC2 client of a member account: its assumed-role credentials, as moto hands them out. */
async function memberEc2(accountId: string): Promise<EC2Client> {
  const sts = new STSClient({
    region: REGION,
    endpoint,
    credentials: MANAGEMENT_CREDENTIALS,
  });
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/seed`,
      RoleSessionName: 'seed',
    }),
  );
  return new EC2Client({
    region: REGION,
    endpoint,
    credentials: {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    },
  });
}

async function seedOrganization(): Promise<void> {
  const organizations = new OrganizationsClient({
    region: REGION,
    endpoint,
    credentials: MANAGEMENT_CREDENTIALS,
  });
  await organizations.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  for (const kind of ['nat', 'igw', 'exempt'] as const) {
    const created = await organizations.send(
      new CreateAccountCommand({ AccountName: kind, Email: `${kind}@example.com` }),
    );
    members[kind] = created.CreateAccountStatus?.AccountId as string;
    const seeded = await seedVpc(await memberEc2(members[kind]), kind === 'igw' ? 'igw' : 'nat');
    subnets[kind] = seeded.subnetId;
    vpcs[kind] = seeded.vpcId;
  }
  await organizations.send(
    new TagResourceCommand({
      ResourceId: members.exempt,
      Tags: [{ Key: 'vpce-auditor:exempt', Value: 'true' }],
    }),
  );
}

const PACKAGED = {
  ListAccounts: 'OrgListAccountsLambdaFunction',
  AuditAccount: 'OrgAuditAccountLambdaFunction',
  Aggregate: 'OrgAggregateLambdaFunction',
} as const;
const ZIPS = {
  ListAccounts: 'orgListAccounts.zip',
  AuditAccount: 'orgAuditAccount.zip',
  Aggregate: 'orgAggregate.zip',
} as const;
const HANDLERS = {
  ListAccounts: 'handlers/org-list-accounts.js',
  AuditAccount: 'handlers/org-audit-account.js',
  Aggregate: 'handlers/org-aggregate.js',
} as const;
type OrgFunction = keyof typeof PACKAGED;

/**
 * A function's environment as the packaged template sets it, the stack's own resources (the bucket,
 * the topic) replaced by moto's, and the audited regions narrowed as the `regions` parameter would.
 */
function environmentOf(
  template: CfnTemplate,
  fn: OrgFunction,
  resources: { ReportBucket: string; AlertTopic: string },
): Record<string, string> {
  return { ...functionEnvironment(template, PACKAGED[fn], resources), REGIONS: REGION };
}

/** An organization report stored as JSON Lines, read back line by line. */
async function storedReport(s3: S3Client, bucket: string, key: string): Promise<Report> {
  const lines = await readLines(s3, bucket, key);
  if (!lines) throw new Error(`s3://${bucket}/${key} does not exist`);
  return assembleReportLines(lines);
}

/** moto's S3 bucket as the distributed map reads and writes it. */
function s3MapBucket(s3: S3Client, bucket: string): MapBucket {
  return {
    readJson: async (key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await (object.Body?.transformToString() ?? '')) as unknown;
    },
    write: async (key, text) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }));
    },
  };
}

/**
 * STS as a member role that refuses to be assumed: AssumeRole into `refused`'s account answers
 * AccessDenied, as STS does when the role's trust policy does not name the caller; every other call
 * goes on to moto.
 */
function startRefusingSts(refused: () => string): Promise<MotoProxy> {
  return startProxy(endpoint, ({ body }, response) => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') !== 'AssumeRole' || !form.get('RoleArn')?.includes(`::${refused()}:`)) {
      return false;
    }
    response.writeHead(403, { 'content-type': 'text/xml' });
    response.end(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::${MANAGEMENT}:assumed-role/audit/x is not authorized to perform: sts:AssumeRole on resource: ${form.get('RoleArn') ?? ''}</Message></Error><RequestId>refused-1</RequestId></ErrorResponse>`,
    );
    return true;
  });
}

/** An HTTP endpoint subscribed to the topic: records each notification moto's SNS delivers. */
async function startSubscriber(): Promise<{
  url: string;
  messages: string[];
  subjects: string[];
  server: Server;
}> {
  const messages: string[] = [];
  const subjects: string[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const delivered = JSON.parse(body || '{}') as {
        Type?: string;
        Message?: string;
        Subject?: string;
      };
      if (delivered.Type === 'Notification') {
        messages.push(delivered.Message ?? '');
        subjects.push(delivered.Subject ?? '');
      }
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/sns`, messages, subjects, server };
}

/** Each account of a report, with its status. */
function statusesOf(report: Report): Record<string, string> {
  return Object.fromEntries(
    (report.accounts ?? []).map((account) => [account.accountId, account.status]),
  );
}

function subnetOf(report: Report, subnetId: string) {
  return report.subnets.find((subnet) => subnet.subnetId === subnetId);
}

beforeAll(async () => {
  bench = await startMotoWithCli('vpce-moto-org-');
  ({ dir, cli, moto } = bench);
  endpoint = moto.endpoint;
  await seedOrganization();
}, 120_000);

afterAll(() => bench?.stop());

describe('the packaged organization functions, run by the packaged definition against moto', () => {
  const BUCKET = 'vpce-auditor-moto-reports';
  const EXECUTION = '3f2a9c1e-0000-4000-8000-00000000a0a0';
  let template: CfnTemplate;
  let folders: Record<OrgFunction, string>;
  let subscriber: Awaited<ReturnType<typeof startSubscriber>>;
  let refusingSts: Awaited<ReturnType<typeof startRefusingSts>>;
  let topicArn: string;
  /** Two more members for this run only: one whose role is refused, one whose audit crashes. */
  const extra = { refused: '', crashed: '' };
  /** Loaded before the crashed account's AuditAccount: the runtime dies mid-invocation. */
  let crash: string;
  const organizations = () =>
    new OrganizationsClient({ region: REGION, endpoint, credentials: MANAGEMENT_CREDENTIALS });
  const s3 = () =>
    new S3Client({
      region: REGION,
      endpoint,
      forcePathStyle: true,
      credentials: MANAGEMENT_CREDENTIALS,
    });

  beforeAll(async () => {
    const packaged = packageWithParams(ORGANIZATION_PARAMS);
    if (!packaged.ok)
      throw new Error(`packaging with organization=true failed: ${packaged.output}`);
    template = packaged.template;
    folders = {
      ListAccounts: unzipPackage(join(packaged.folder, ZIPS.ListAccounts)),
      AuditAccount: unzipPackage(join(packaged.folder, ZIPS.AuditAccount)),
      Aggregate: unzipPackage(join(packaged.folder, ZIPS.Aggregate)),
    };
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    const sns = new SNSClient({ region: REGION, endpoint, credentials: MANAGEMENT_CREDENTIALS });
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'vpce-auditor-alerts' })))
      .TopicArn as string;
    subscriber = await startSubscriber();
    await sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: subscriber.url }),
    );
    for (const kind of ['refused', 'crashed'] as const) {
      const created = await organizations().send(
        new CreateAccountCommand({ AccountName: kind, Email: `${kind}@example.com` }),
      );
      extra[kind] = created.CreateAccountStatus?.AccountId as string;
    }
    refusingSts = await startRefusingSts(() => extra.refused);
    crash = join(dir, 'crash.js');
    writeFileSync(crash, 'setTimeout(() => process.exit(137), 50);\n');
  }, 300_000);

  afterAll(async () => {
    // The CLI's steps below see the organization as it was.
    for (const accountId of Object.values(extra).filter(Boolean)) {
      await organizations().send(
        new RemoveAccountFromOrganizationCommand({ AccountId: accountId }),
      );
    }
    await new Promise((resolve) => refusingSts?.server.close(resolve));
    await new Promise((resolve) => subscriber?.server.close(resolve));
    for (const folder of Object.values(folders ?? {}))
      rmSync(folder, { recursive: true, force: true });
  });

  async function invoke(
    fn: OrgFunction,
    payload: unknown,
    env: Record<string, string> = {},
  ): Promise<unknown> {
    const run = await invokeLambda(
      join(folders[fn], HANDLERS[fn]),
      payload,
      {
        ...motoCliEnvironment(endpoint, dir, REGION),
        POWERTOOLS_LOG_LEVEL: 'WARN',
        ...environmentOf(template, fn, { ReportBucket: BUCKET, AlertTopic: topicArn }),
        ...env,
      },
      900_000,
    );
    // As Step Functions sees it: a function that threw fails its Task; a runtime that died
    // without an answer is Lambda's Runtime.ExitError.
    if (!('result' in run)) {
      const error = new Error(`${fn} failed: ${JSON.stringify(run.error) ?? run.stderr}`);
      error.name = run.error?.name ?? 'Runtime.ExitError';
      throw error;
    }
    return run.result;
  }

  /** AuditAccount behind the refusing STS; the crashed account's runtime dies. */
  function auditAccount(payload: unknown): Promise<unknown> {
    const accountId = (payload as { account?: { accountId?: string } }).account?.accountId;
    return invoke('AuditAccount', payload, {
      AWS_ENDPOINT_URL_STS: refusingSts.url,
      ...(accountId === extra.crashed ? { NODE_OPTIONS: `--require ${crash}` } : {}),
    });
  }

  it('leave the merged report in the bucket and send exactly one SNS message for the organization, a refused and a crashed account reported as failed', async () => {
    // Prepare
    const definition = (template.Resources.OrgStateMachine?.Properties as { Definition: unknown })
      .Definition;

    // Act
    const run = await runStateMachine({
      definition,
      functions: {
        ListAccounts: (payload) => invoke('ListAccounts', payload),
        AuditAccount: auditAccount,
        // Per-account metrics (off by default: they cost per account) on, to see them reach CloudWatch.
        Aggregate: (payload) => invoke('Aggregate', payload, { ACCOUNT_METRICS: 'true' }),
      },
      bucket: s3MapBucket(s3(), BUCKET),
      bucketName: BUCKET,
      executionName: EXECUTION,
    });

    // Assess
    const output = run.output as { runId: string; reportKey: string; latestKey: string };
    expect(output.reportKey).toBe(`runs/${output.runId}/report.jsonl`);
    const report = await storedReport(s3(), BUCKET, output.reportKey);
    expect(await storedReport(s3(), BUCKET, output.latestKey)).toEqual(report);
    expect(statusesOf(report)).toEqual({
      [MANAGEMENT]: 'audited',
      [members.nat]: 'audited',
      [members.igw]: 'audited',
      [members.exempt]: 'exempt',
      [extra.refused]: 'failed',
      [extra.crashed]: 'failed',
    });
    expect(run.payloads.AuditAccount).toHaveLength(5);
    expect(subnetOf(report, subnets.nat)).toMatchObject({
      accountId: members.nat,
      services: { s3: { path: 'nat-gateway' }, dynamodb: { path: 'nat-gateway' } },
    });
    expect(subnetOf(report, subnets.igw)).toMatchObject({
      accountId: members.igw,
      services: { s3: { path: 'internet-gateway' } },
    });
    expect(
      report.errors
        .map((e) => [e.accountId, e.operation, e.code])
        .sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')),
    ).toEqual(
      [
        [extra.refused, 'AssumeRole', 'AccessDenied'],
        [extra.crashed, 'AuditAccount', 'Runtime.ExitError'],
      ].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')),
    );
    expect(subscriber.messages).toHaveLength(1);
    expect(subscriber.subjects[0]).toMatch(
      new RegExp(`^2 account\\(s\\) failed: vpce-auditor ${report.organizationId ?? 'o-'}: `),
    );
    const failedMetric = await new CloudWatchClient({
      region: REGION,
      endpoint,
      credentials: MANAGEMENT_CREDENTIALS,
    }).send(
      new GetMetricStatisticsCommand({
        Namespace: environmentOf(template, 'Aggregate', {
          ReportBucket: BUCKET,
          AlertTopic: topicArn,
        }).METRICS_NAMESPACE,
        MetricName: 'AccountsFailed',
        StartTime: new Date(Date.parse(report.generatedAt) - 3_600_000),
        EndTime: new Date(Date.parse(report.generatedAt) + 3_600_000),
        Period: 7200,
        Statistics: ['Maximum'],
      }),
    );
    expect(failedMetric.Datapoints?.map((point) => point.Maximum)).toEqual([2]);
    const metrics = await new CloudWatchClient({
      region: REGION,
      endpoint,
      credentials: MANAGEMENT_CREDENTIALS,
    }).send(new ListMetricsCommand({ MetricName: 'LeakingSubnets' }));
    const byAccount = (metrics.Metrics ?? []).flatMap(
      (metric) =>
        metric.Dimensions?.filter((d) => d.Name === 'AccountId').map((d) => d.Value) ?? [],
    );
    expect(new Set(byAccount)).toEqual(new Set([MANAGEMENT, members.nat, members.igw]));
  }, 180_000);
});

describe('an organization held by moto, audited with the management account credentials', () => {
  it('audit --org reports every member account with its own subnets and verdicts', async () => {
    // Act
    const run = await auditJson('--org');

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.accountId).toBe(MANAGEMENT);
    expect(report.organizationId).toMatch(/^o-/);
    expect(statusesOf(report)).toEqual({
      [MANAGEMENT]: 'audited',
      [members.nat]: 'audited',
      [members.igw]: 'audited',
      [members.exempt]: 'exempt',
    });
    expect(subnetOf(report, subnets.nat)).toMatchObject({
      accountId: members.nat,
      vpcId: vpcs.nat,
      services: { s3: { path: 'nat-gateway' }, dynamodb: { path: 'nat-gateway' } },
    });
    expect(subnetOf(report, subnets.igw)).toMatchObject({
      accountId: members.igw,
      services: { s3: { path: 'internet-gateway' }, dynamodb: { path: 'internet-gateway' } },
    });
    expect(subnetOf(report, subnets.exempt)).toBeUndefined();
    expect(new Set(report.subnets.map((subnet) => subnet.accountId))).toEqual(
      new Set([MANAGEMENT, members.nat, members.igw]),
    );
    for (const finding of report.findings) {
      expect(finding.id.startsWith(`${finding.accountId}/${REGION}/`)).toBe(true);
    }
    expect(report.errors).toEqual([]);
  }, 60_000);

  it("--verbose lists the run's STS calls (GetCallerIdentity, each member role's AssumeRole) and its Organizations calls", async () => {
    // Act
    const run = await vpceAuditor([
      'audit',
      '--org',
      '--regions',
      REGION,
      '--no-cost',
      '--verbose',
      '--format',
      'json',
    ]);

    // Assess
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n');
    expect(lines.filter((line) => /^sts GetCallerIdentity \d+ ms$/.test(line))).toHaveLength(1);
    // The two audited members; the exempt one is never entered.
    expect(lines.filter((line) => /^sts AssumeRole \d+ ms$/.test(line))).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(/^organizations ListAccounts \d+ ms$/));
  }, 60_000);

  it('--accounts and --exclude-accounts audit exactly the accounts selected', async () => {
    // Act
    const run = await auditJson(
      '--accounts',
      [members.nat, members.igw, MANAGEMENT].join(','),
      '--exclude-accounts',
      MANAGEMENT,
    );

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const audited = (report.accounts ?? []).filter((account) => account.status === 'audited');
    expect(audited.map((account) => account.accountId).sort()).toEqual(
      [members.nat, members.igw].sort(),
    );
    expect(new Set(report.subnets.map((subnet) => subnet.accountId))).toEqual(
      new Set([members.nat, members.igw]),
    );
  }, 60_000);

  it('snapshot --org writes a multi-account snapshot that audit --snapshot reads back to the same verdicts', async () => {
    // Prepare
    const snapshotFile = join(dir, 'organization.json');

    // Act
    const collected = await vpceAuditor([
      'snapshot',
      '--org',
      '--regions',
      REGION,
      '--quiet',
      '--out',
      snapshotFile,
    ]);
    const live = await vpceAuditor(['audit', '--org', '--regions', REGION, '--no-cost']);
    const liveJson = await auditJson('--org');
    const offline = await runNode([cli, 'audit', '--snapshot', snapshotFile, '--format', 'json']);

    // Assess
    expect(collected.code).toBe(0);
    expect(live.code).toBe(0);
    expect(offline.code).toBe(0);
    const verdicts = (report: Report) =>
      report.subnets
        .map(
          (subnet) => `${subnet.accountId} ${subnet.subnetId} ${JSON.stringify(subnet.services)}`,
        )
        .sort();
    const fromSnapshot = JSON.parse(offline.stdout) as Report;
    expect(verdicts(fromSnapshot)).toEqual(verdicts(JSON.parse(liveJson.stdout) as Report));
    expect(fromSnapshot.accounts?.map((account) => [account.accountId, account.status])).toEqual(
      (JSON.parse(liveJson.stdout) as Report).accounts?.map((account) => [
        account.accountId,
        account.status,
      ]),
    );
    expect(JSON.parse(readFileSync(snapshotFile, 'utf8'))).toHaveProperty([
      'accounts',
      members.nat,
      'regions',
      REGION,
    ]);
  }, 90_000);

  it('remediate --account creates the endpoints in that member account only, verified', async () => {
    // Act
    const planned = await remediateJson(members.igw);
    const applied = await remediateJson(members.igw, '--apply');
    const after = await auditJson('--accounts', `${members.igw},${members.nat}`);

    // Assess
    expect(planned.code).toBe(0);
    expect(applied.code).toBe(0);
    const memberEndpoints = await (
      await memberEc2(members.igw)
    ).send(new DescribeVpcEndpointsCommand({}));
    expect(
      (memberEndpoints.VpcEndpoints ?? [])
        .filter((vpce) => vpce.VpcId === vpcs.igw)
        .map((vpce) => vpce.ServiceName)
        .sort(),
    ).toEqual([`com.amazonaws.${REGION}.dynamodb`, `com.amazonaws.${REGION}.s3`]);
    const natEndpoints = await (
      await memberEc2(members.nat)
    ).send(new DescribeVpcEndpointsCommand({}));
    expect(natEndpoints.VpcEndpoints ?? []).toEqual([]);
    const report = JSON.parse(after.stdout) as Report;
    expect(subnetOf(report, subnets.igw)?.services).toMatchObject({
      s3: { path: 'gateway-endpoint' },
      dynamodb: { path: 'gateway-endpoint' },
    });
    expect(subnetOf(report, subnets.nat)?.services.s3?.path).toBe('nat-gateway');
  }, 90_000);
});
