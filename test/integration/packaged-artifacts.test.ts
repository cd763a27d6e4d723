/**
 * The packaged zips themselves, unzipped and invoked in a fresh node process with only the
 * documented environment (plus the SDK's standard endpoint and credential variables), against local
 * stand-ins for EC2/STS (test/support/fake-ec2-endpoint.ts) and SNS/CloudWatch (below), all on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeEc2Endpoint, type FakeEndpoint } from '../support/fake-ec2-endpoint';
import { natPriceFor } from '../../src/cost/nat-prices';
import type { AuditResult } from '../../src/lambda/audit-handler';
import type { RemediateResponse } from '../../src/lambda/remediate-handler';
import type { PublishedReport } from '../../src/publish/types';
import { requireFreshPackage, unzipFunction } from '../helpers/packaging';
import { SCHEDULED_EVENT } from '../helpers/lambda';
import { invokeLambda, type LambdaRun } from '../helpers/node-process';

const TOPIC = 'arn:aws:sns:us-east-1:111122223333:vpce-auditor-alerts';

interface Recorded {
  action: string;
  /** The form parameters (AWS query protocol: SNS). */
  params: URLSearchParams;
  /** The JSON body (AWS JSON 1.0 protocol: CloudWatch). */
  json?: Record<string, unknown>;
}

/**
 * SNS (AWS query protocol) and CloudWatch (AWS JSON 1.0, query-compatible): records every request,
 * answers success.
 */
async function startFakeSnsAndCloudWatch(): Promise<{
  url: string;
  calls: Recorded[];
  server: Server;
}> {
  const calls: Recorded[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (typeof target === 'string') {
        calls.push({
          action: target.split('.').pop() ?? '',
          params: new URLSearchParams(),
          json: JSON.parse(body) as Record<string, unknown>,
        });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          target.endsWith('.GetMetricData')
            ? JSON.stringify(natMetrics(JSON.parse(body) as MetricDataRequest))
            : '{}',
        );
        return;
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      calls.push({ action, params });
      const xml =
        action === 'Publish'
          ? '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>'
          : `<${action}Response xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

const GIB = 2 ** 30;
const DAY_SECONDS = 86_400;

interface MetricDataRequest {
  StartTime: number;
  EndTime: number;
  MetricDataQueries: { Id: string; MetricStat: { Metric: { MetricName: string } } }[];
}

/**
 * Every NAT gateway processes 10 GiB a day from sources and 30 GiB a day from destinations, every
 * day of the window (AWS JSON protocol: timestamps in epoch seconds).
 */
function natMetrics(request: MetricDataRequest) {
  const days: number[] = [];
  for (let at = request.StartTime; at < request.EndTime; at += DAY_SECONDS) days.push(at);
  return {
    MetricDataResults: request.MetricDataQueries.map((query) => ({
      Id: query.Id,
      Label: query.MetricStat.Metric.MetricName,
      StatusCode: 'Complete',
      Timestamps: days,
      Values: days.map(() =>
        query.MetricStat.Metric.MetricName === 'BytesInFromSource' ? 10 * GIB : 30 * GIB,
      ),
    })),
  };
}

let folders: Record<'audit' | 'remediate', string>;
let ec2: FakeEndpoint;
let fake: Awaited<ReturnType<typeof startFakeSnsAndCloudWatch>>;
let home: string;

beforeAll(async () => {
  requireFreshPackage();
  folders = { audit: unzipFunction('audit'), remediate: unzipFunction('remediate') };
  ec2 = await startFakeEc2Endpoint({
    regions: ['eu-west-1', 'us-east-1'],
    accountId: '111122223333',
  });
  fake = await startFakeSnsAndCloudWatch();
  home = mkdtempSync(join(tmpdir(), 'vpce-auditor-home-'));
}, 240_000);

afterAll(async () => {
  await ec2.close();
  await new Promise((resolve) => fake.server.close(resolve));
  for (const folder of [...Object.values(folders), home])
    rmSync(folder, { recursive: true, force: true });
});

async function invoke<R>(
  name: 'audit' | 'remediate',
  event: unknown,
  env: Record<string, string> = {},
): Promise<LambdaRun<R>> {
  return invokeLambda<R>(join(folders[name], 'handlers', `${name}.js`), event, {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_ENDPOINT_URL_EC2: ec2.url,
    AWS_ENDPOINT_URL_STS: ec2.url,
    AWS_ENDPOINT_URL_SNS: fake.url,
    AWS_ENDPOINT_URL_CLOUDWATCH: fake.url,
    ...env,
  });
}

describe('the packaged functions', () => {
  it('audit: publishes the JSON report to SNS and the metrics to CloudWatch', async () => {
    // Act
    const { result, error, logs } = await invoke<AuditResult>('audit', SCHEDULED_EVENT, {
      SNS_TOPIC_ARN: TOPIC,
      NOTIFY: 'always',
    });

    // Assess
    expect(error).toBeUndefined();
    expect(result?.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(result?.errors).toEqual([]);
    const publishes = fake.calls.filter((call) => call.action === 'Publish');
    expect(publishes).toHaveLength(1);
    expect(publishes[0]?.params.get('TopicArn')).toBe(TOPIC);
    expect(publishes[0]?.params.get('MessageStructure')).toBe('json');
    const structure = JSON.parse(publishes[0]?.params.get('Message') ?? '{}') as {
      default: string;
    };
    const report = JSON.parse(structure.default) as PublishedReport;
    expect(report.accountId).toBe('111122223333');
    expect(report.summary).toEqual(result?.summary);
    expect(report.subnets.length).toBe(result?.summary.subnets);
    const metrics = fake.calls.filter((call) => call.action === 'PutMetricData');
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics[0]?.json?.Namespace).toBe('VpceAuditor');
    const names = metrics.flatMap((call) =>
      (call.json?.MetricData as { MetricName: string }[]).map((datum) => datum.MetricName),
    );
    expect(new Set(names)).toEqual(
      new Set([
        'SubnetsAudited',
        'LeakingSubnets',
        'RegionsFailed',
        'AuditsCompleted',
        'EstimatedMonthlyUsd',
      ]),
    );
    // 40 GiB a day through each leaking NAT gateway, 30 days, at its region's price per GB.
    const natFindings = report.findings.filter((f) => f.path === 'nat-gateway');
    expect(natFindings.length).toBeGreaterThan(0);
    for (const finding of natFindings) {
      expect(finding.estimatedMonthlyUsd).toBeCloseTo(
        40 * 30 * natPriceFor(finding.region).pricePerGb,
        2,
      );
    }
    const gateways = new Map(
      natFindings.map((f) => [f.targets.join(), f.estimatedMonthlyUsd ?? 0]),
    );
    expect(report.summary.estimatedMonthlyUsd).toBeCloseTo(
      [...gateways.values()].reduce((a, b) => a + b, 0),
      2,
    );
    const started = logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((l) => l.message === 'audit started');
    expect(started?.function_request_id).toBe('req-packaged-1');
    expect(logs.join('\n')).not.toContain('fake-secret');
  }, 120_000);

  it('remediate: {} returns the plan and calls only EC2 reads', async () => {
    // Prepare
    ec2.calls.clear();

    // Act
    const { result, error } = await invoke<RemediateResponse>('remediate', {});

    // Assess
    expect(error).toBeUndefined();
    expect(result?.dryRun).toBe(true);
    expect(result?.result).toBeUndefined();
    expect(result?.plan.actions.length).toBeGreaterThan(0);
    const actions = [...ec2.calls.values()].flatMap((perRegion) => [...perRegion.keys()]);
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^(Describe|Get)/);
  }, 120_000);

  it('audit: an invalid variable fails every invocation with its name and value', async () => {
    // Act
    const { result, error } = await invoke<AuditResult>('audit', SCHEDULED_EVENT, {
      REGIONS: 'everywhere',
    });

    // Assess
    expect(result).toBeUndefined();
    expect(error).toEqual({
      name: 'ConfigurationError',
      message: 'invalid configuration: REGIONS: "everywhere" is not an AWS region name',
    });
  }, 120_000);
});
