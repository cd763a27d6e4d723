/**
 * The handler modules as Lambda loads them (handlers/audit.ts, handlers/remediate.ts): configuration
 * from the environment at cold start, the real collection and analysis, against mocked EC2, STS,
 * SNS and CloudWatch.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeRouteTablesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cloudwatchSdk from '@aws-sdk/client-cloudwatch';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import * as snsSdk from '@aws-sdk/client-sns';
import * as stsSdk from '@aws-sdk/client-sts';
import type { LambdaHandler } from '../../src/lambda/cold-start';
import type { AuditResult } from '../../src/lambda/audit-handler';
import type { RemediateResponse } from '../../src/lambda/remediate-handler';
import type { PublishedReport } from '../../src/publish/types';
import type { SnapshotInput } from '../../src/snapshot/schema';
import { serveSnapshot } from '../helpers/mock-aws';
import { lambdaContext, SCHEDULED_EVENT } from '../helpers/lambda';
import { scenarioSnapshot } from '../helpers/reports';
import { awsError } from '../helpers';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const sns = mockClient(SNSClient);
const cloudwatch = mockClient(CloudWatchClient);
const TOPIC = 'arn:aws:sns:us-east-1:111122223333:vpce-auditor-alerts';
/** Every EC2 call made was a read (Describe or Get): nothing changed the account. */
function expectOnlyReads(): void {
  const operations = ec2.calls().map((call) => (call.args[0] as object).constructor.name);
  expect(operations.length).toBeGreaterThan(0);
  for (const operation of operations) expect(operation).toMatch(/^(Describe|Get)\w+Command$/);
}

/** Loads a handler module fresh (a cold start) with exactly this environment. */
function coldStart<R>(
  module: 'audit' | 'remediate',
  env: Record<string, string>,
): LambdaHandler<R> {
  const saved = { ...process.env };
  for (const name of [
    'SNS_TOPIC_ARN',
    'METRICS_NAMESPACE',
    'REGIONS',
    'SERVICES',
    'NOTIFY',
    'AUTO_REMEDIATE',
    'MAX_CHANGES',
    'INCLUDE_PATHS',
    'ENDPOINT_POLICY_FILE',
    'ENDPOINT_POLICY_S3_FILE',
    'ENDPOINT_POLICY_DYNAMODB_FILE',
  ]) {
    delete process.env[name];
  }
  Object.assign(process.env, { AWS_REGION: 'us-east-1', POWERTOOLS_LOG_LEVEL: 'SILENT' }, env);
  let handler: LambdaHandler<R> | undefined;
  try {
    jest.isolateModules(() => {
      // A fresh copy of our modules, but the SDK classes the mocks are installed on.
      jest.doMock('@aws-sdk/client-ec2', () => ec2Sdk);
      jest.doMock('@aws-sdk/client-sts', () => stsSdk);
      jest.doMock('@aws-sdk/client-sns', () => snsSdk);
      jest.doMock('@aws-sdk/client-cloudwatch', () => cloudwatchSdk);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = (require(`../../handlers/${module}`) as { handler: LambdaHandler<R> }).handler;
    });
  } finally {
    process.env = saved;
  }
  if (!handler) throw new Error('no handler');
  return handler;
}

/**
 * What the handler logs while `act` runs: every chunk written to standard output and standard error
 * (Powertools writes ERROR lines to stderr, the others to stdout), in order.
 */
async function logLinesOf(act: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const capture = (chunk: unknown): boolean => {
    lines.push(String(chunk));
    return true;
  };
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const writeError = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await act();
  } finally {
    write.mockRestore();
    writeError.mockRestore();
  }
  return lines;
}

/** Two regions: us-east-1 holds scenario 02 (a public and a NAT subnet), eu-west-1 scenario 03. */
function twoRegionEstate(): SnapshotInput {
  const east = scenarioSnapshot('02');
  const west = scenarioSnapshot('03');
  const westRegion = Object.values(west.regions)[0];
  return {
    ...east,
    regions: {
      ...east.regions,
      'eu-west-1': JSON.parse(
        JSON.stringify(westRegion).replace(/us-east-1/g, 'eu-west-1'),
      ) as never,
    },
  };
}

beforeEach(() => {
  ec2.reset();
  sts.reset();
  sns.reset();
  cloudwatch.reset();
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-live' });
  cloudwatch.on(PutMetricDataCommand).resolves({});
});

describe('the audit function, end to end through the live collection', () => {
  it('publishes the verdicts of every region and the metrics on a scheduled event', async () => {
    // Prepare
    serveSnapshot(ec2, twoRegionEstate());
    const handler = coldStart<AuditResult>('audit', { SNS_TOPIC_ARN: TOPIC });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result.errors).toEqual([]);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const message = JSON.parse(
      sns.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '{}',
    ) as {
      default: string;
    };
    const report = JSON.parse(message.default) as PublishedReport;
    const nat = report.subnets.find((s) => s.subnetId === 'subnet-0baf275109f57c8ff');
    expect(nat?.services).toMatchObject({
      s3: { path: 'nat-gateway', leaking: true },
      dynamodb: { path: 'nat-gateway', leaking: true },
    });
    expect(report.subnets.filter((s) => s.region === 'eu-west-1').length).toBeGreaterThan(0);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'VpceAuditor',
    });
    expectOnlyReads();
  });

  it('reports a region that fails to collect in SNS and RegionsFailed, and audits the others', async () => {
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'), { failing: ['eu-west-1'] });
    const handler = coldStart<AuditResult>('audit', {
      SNS_TOPIC_ARN: TOPIC,
      REGIONS: 'us-east-1,eu-west-1',
      METRICS_NAMESPACE: 'Test/Vpce',
    });

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.errors.map((e) => [e.region, e.code])).toEqual([
      ['eu-west-1', 'UnauthorizedOperation'],
    ]);
    expect(result.summary.subnets).toBe(2);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.Subject).toContain('1 region(s) failed');
    expect(input?.Message).toContain('eu-west-1');
    const regionsFailed = cloudwatch
      .commandCalls(PutMetricDataCommand)
      .flatMap((call) => call.args[0].input.MetricData ?? [])
      .find((datum) => datum.MetricName === 'RegionsFailed');
    expect(regionsFailed?.Value).toBe(1);
    expect(cloudwatch).toHaveReceivedCommandWith(PutMetricDataCommand, { Namespace: 'Test/Vpce' });
  });

  it('refuses every invocation, naming the variable, when the configuration is invalid', async () => {
    // Prepare
    const handler = coldStart<AuditResult>('audit', { NOTIFY: 'hourly' });

    // Act
    const run = handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow('invalid configuration: NOTIFY: "hourly" is not one of');
    expect(ec2.calls()).toHaveLength(0);
    expect(sns.calls()).toHaveLength(0);
  });

  it('publishes an invalid configuration to the topic once per cold start, with the reason', async () => {
    // Prepare
    const handler = coldStart<AuditResult>('audit', { SNS_TOPIC_ARN: TOPIC, REGIONS: 'mars-1' });

    // Act
    const first = handler(SCHEDULED_EVENT, lambdaContext());
    await expect(first).rejects.toThrow('REGIONS: "mars-1"');
    const second = handler(SCHEDULED_EVENT, lambdaContext());
    await expect(second).rejects.toThrow('REGIONS: "mars-1"');

    // Assess
    expect(ec2.calls()).toHaveLength(0);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect(input?.Subject).toMatch(/^1 startup failure: vpce-auditor audit did not run/);
    const structure = JSON.parse(input?.Message ?? '{}') as Record<string, string>;
    expect(JSON.parse(structure.default ?? '{}')).toMatchObject({
      kind: 'startup-failure',
      function: 'audit',
      error: {
        name: 'ConfigurationError',
        message: expect.stringContaining('REGIONS: "mars-1" is not an AWS region name'),
      },
    });
    expect(structure.email).toContain('nothing was audited');
  });

  it('cannot publish when the topic ARN is the invalid part, and says so in the log', async () => {
    // Prepare
    const handler = coldStart<AuditResult>('audit', {
      SNS_TOPIC_ARN: 'alerts',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });

    // Act
    const lines = await logLinesOf(() =>
      expect(handler(SCHEDULED_EVENT, lambdaContext())).rejects.toThrow('SNS_TOPIC_ARN'),
    );

    // Assess
    expect(sns.calls()).toHaveLength(0);
    expect(lines.join('')).toContain('startup failure not published: SNS_TOPIC_ARN is not a valid');
  });

  it('logs an error with its name, message and cause chain, in the JSON line', async () => {
    // The line a refused SNS message leaves (the run's reports and metrics stand)
    const PUBLISH_FAILED = 'sns publish failed: the reports and metrics stand';
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'));
    sns.on(PublishCommand).rejects(awsError('AuthorizationError', 'User is not authorized'));
    const handler = coldStart<AuditResult>('audit', {
      SNS_TOPIC_ARN: TOPIC,
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });

    // Act
    const lines = await logLinesOf(() =>
      expect(handler(SCHEDULED_EVENT, lambdaContext())).rejects.toThrow('AuthorizationError'),
    );

    // Assess
    const entries = lines
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const failed = entries.find((entry) => entry.message === PUBLISH_FAILED);
    expect(failed).toMatchObject({
      level: 'ERROR',
      message: PUBLISH_FAILED,
      error: {
        name: 'PublishError',
        message: expect.stringContaining(`SNS Publish to ${TOPIC} failed`),
        cause: { name: 'AuthorizationError', message: 'User is not authorized' },
      },
    });
  });

  it('writes JSON log lines carrying the request id and no credentials', async () => {
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'));
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    let handler: LambdaHandler<AuditResult>;
    try {
      handler = coldStart<AuditResult>('audit', {
        POWERTOOLS_LOG_LEVEL: 'INFO',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      });

      // Act
      await handler(SCHEDULED_EVENT, lambdaContext('req-logs-42'));
    } finally {
      write.mockRestore();
    }

    // Assess
    const entries = lines
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const started = entries.find((entry) => entry.message === 'audit started');
    expect(started).toMatchObject({
      level: 'INFO',
      service: 'vpce-auditor',
      function_request_id: 'req-logs-42',
    });
    expect(lines.join('')).not.toContain('wJalrXUtnFEMI');
  });
});

describe('the remediate function', () => {
  it('returns the plan for {} and sends no mutating EC2 call', async () => {
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'));
    const handler = coldStart<RemediateResponse>('remediate', { REGIONS: 'us-east-1' });

    // Act
    const response = await handler({}, lambdaContext());

    // Assess
    expect(response.dryRun).toBe(true);
    expect(response.result).toBeUndefined();
    expect(response.plan.actions.map((a) => [a.vpcId, a.service, a.kind, a.routeTableIds])).toEqual(
      [
        [
          'vpc-0affbe7e710015eb9',
          'dynamodb',
          'create-endpoint',
          ['rtb-0b8adbc4f8145d962', 'rtb-0dce0aaf58621b642'],
        ],
        [
          'vpc-0affbe7e710015eb9',
          's3',
          'create-endpoint',
          ['rtb-0b8adbc4f8145d962', 'rtb-0dce0aaf58621b642'],
        ],
      ],
    );
    expect(response.plan.scope.maxChanges).toBe(25);
    expectOnlyReads();
    expect(sns.calls()).toHaveLength(0);
    expect(cloudwatch.calls()).toHaveLength(0);
  });

  it('filters the plan by VPC and service and collects only those VPCs', async () => {
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'));
    const handler = coldStart<RemediateResponse>('remediate', { REGIONS: 'us-east-1' });

    // Act
    const response = await handler(
      { vpcIds: ['vpc-0affbe7e710015eb9'], services: ['s3'] },
      lambdaContext(),
    );
    const none = handler({ vpcIds: ['vpc-0000000000000000f'] }, lambdaContext());

    // Assess
    expect(response.plan.actions.map((a) => [a.vpcId, a.service])).toEqual([
      ['vpc-0affbe7e710015eb9', 's3'],
    ]);
    await expect(none).rejects.toThrow(
      'vpcIds: "vpc-0000000000000000f" is in none of the audited regions (us-east-1)',
    );
    expect(ec2).toHaveReceivedCommandWith(DescribeRouteTablesCommand, {
      Filters: [{ Name: 'vpc-id', Values: ['vpc-0affbe7e710015eb9'] }],
    });
    expectOnlyReads();
  });

  it.each([
    [{ dryRun: 'yes' }, /dryRun: "yes" is a string, expected boolean/],
    [{ vpcIds: ['subnet-1'] }, /vpcIds\[0\]: "subnet-1" is not a VPC id/],
    [{ includePaths: ['peering'] }, /includePaths\[0\]: "peering"/],
    [{ apply: true }, /unknown field\(s\) apply/],
  ])('refuses %j before calling AWS', async (payload, message) => {
    // Prepare
    serveSnapshot(ec2, scenarioSnapshot('02'));
    const handler = coldStart<RemediateResponse>('remediate', {});

    // Act
    const run = handler(payload, lambdaContext());

    // Assess
    await expect(run).rejects.toThrow(message);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('refuses every invocation when a policy variable is not a policy, naming the variable and file', async () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'vpce-policy-'));
    const file = join(folder, 'policy.json');
    writeFileSync(file, '{"Version": "2012-10-17"}');
    const handler = coldStart<RemediateResponse>('remediate', { ENDPOINT_POLICY_S3_FILE: file });
    const missing = coldStart<AuditResult>('audit', {
      ENDPOINT_POLICY_DYNAMODB_FILE: join(folder, 'missing.json'),
    });

    // Act
    const run = handler({}, lambdaContext()).catch((error: unknown) => error);
    const audit = missing(SCHEDULED_EVENT, lambdaContext()).catch((error: unknown) => error);

    // Assess
    expect(await run).toEqual(
      expect.objectContaining({
        name: 'ConfigurationError',
        message: expect.stringContaining(
          `invalid configuration: ENDPOINT_POLICY_S3_FILE: policy file "${file}" must have a "Statement"`,
        ) as unknown,
      }),
    );
    expect(((await audit) as Error).message).toBe(
      `invalid configuration: ENDPOINT_POLICY_DYNAMODB_FILE: cannot read policy file "${join(folder, 'missing.json')}": ENOENT`,
    );
    expect(ec2.calls()).toHaveLength(0);
  });
});
