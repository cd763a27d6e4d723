/** The audit Lambda's history: previous report from the bucket, NOTIFY=on-change, metrics, Security Hub. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import type { Config } from '../../../src/config';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import type { SecurityHubExport } from '../../../src/securityhub/export';
import { createReportStore } from '../../../src/store/report-store';
import type { Report } from '../../../src/types';
import { nightEstate } from '../../helpers/estate-builder';
import { SCHEDULED_EVENT, TEST_CONFIG, lambdaContext, silentLogger } from '../../helpers/lambda';
import { metricValue, publishingSpies, throttledRegionError } from '../../helpers';

const { sns, cloudwatch, reset: resetPublishing } = publishingSpies();
const s3 = mockClient(S3Client);
const ACCOUNT = '111122223333';
const LATEST = `reports/${ACCOUNT}/latest.json`;

/** The report of a night of {@link nightEstate} at `generatedAt`, S3 alone. */
function night(generatedAt: string, tables: Record<string, 'nat' | 'endpoint'>): Report {
  return analyzeSnapshot(nightEstate(tables).build(), { generatedAt, services: ['s3'] });
}

const MONDAY = night('2026-11-23T03:00:00.000Z', { 'rtb-a': 'nat', 'rtb-b': 'nat' });
const TUESDAY = night('2026-11-24T03:00:00.000Z', {
  'rtb-a': 'endpoint',
  'rtb-b': 'nat',
  'rtb-c': 'nat',
});

function storedBody(value: unknown): GetObjectCommandOutput {
  const text = JSON.stringify(value);
  return {
    $metadata: {},
    Body: { transformToString: () => Promise.resolve(text) },
  } as unknown as GetObjectCommandOutput;
}

function setup(
  report: Report,
  config: Partial<Config> = {},
  exportSecurityHub?: (report: Report) => Promise<SecurityHubExport>,
) {
  return createAuditHandler({
    config: { ...TEST_CONFIG, notify: 'on-change', ...config },
    clients: {},
    auditLive: () =>
      Promise.resolve({ report, snapshot: { schemaVersion: 1, accountId: ACCOUNT, regions: {} } }),
    sns: new SNSClient({ region: 'us-east-1' }),
    cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
    regionalCloudwatch: (region) => new CloudWatchClient({ region }),
    store: createReportStore(new S3Client({ region: 'us-east-1' }), 'my-reports'),
    ...(exportSecurityHub ? { exportSecurityHub } : {}),
    logger: silentLogger(),
  });
}

function stored(key: string): Report {
  const put = s3.commandCalls(PutObjectCommand).find((call) => call.args[0].input.Key === key);
  return JSON.parse(String(put?.args[0].input.Body)) as Report;
}

describe('the audit handler with a report bucket', () => {
  beforeEach(() => {
    resetPublishing();
    s3.reset();
    s3.on(PutObjectCommand).resolves({});
  });

  it('reads the previous report before replacing it and stores this run with its history', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'my-reports', Key: LATEST }).resolves(storedBody(MONDAY));
    const handler = setup(TUESDAY);

    // Act
    const result = await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    const calls = s3
      .calls()
      .map((call) => [call.args[0].constructor.name, (call.args[0].input as { Key?: string }).Key]);
    expect(calls[0]).toEqual(['GetObjectCommand', LATEST]);
    expect(calls.slice(1).every(([name]) => name === 'PutObjectCommand')).toBe(true);
    const latest = stored(LATEST);
    expect(latest.findings.map((f) => [f.routeTableId, f.status, f.firstSeen])).toEqual([
      ['rtb-b', 'persisting', MONDAY.generatedAt],
      ['rtb-c', 'new', TUESDAY.generatedAt],
    ]);
    expect(latest.resolved?.map((r) => [r.routeTableId, r.why])).toEqual([['rtb-a', 'fixed']]);
    expect(result.history).toEqual({
      status: 'compared',
      since: MONDAY.generatedAt,
      new: 1,
      persisting: 1,
      resolved: 1,
      carried: 0,
    });
    expect(metricValue(cloudwatch, 'NewFindings')).toBe(1);
    expect(metricValue(cloudwatch, 'ResolvedFindings')).toBe(1);
    const publish = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(publish?.Subject).toBe(`vpce-auditor ${ACCOUNT}: 1 new leak, 1 fixed, 1 persisting`);
    const text = (JSON.parse(publish?.Message ?? '{}') as { email: string }).email;
    expect(text.split('\n')[0]).toBe('1 new leak, 1 fixed, 1 persisting');
  });

  it('under on-change stays silent when nothing changed, and speaks when a region failed', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves(storedBody(TUESDAY));
    const again = { ...TUESDAY, generatedAt: '2026-11-25T03:00:00.000Z' };
    const failed: Report = {
      ...again,
      errors: [throttledRegionError(ACCOUNT)],
    };

    // Act
    const quiet = await setup(again)(SCHEDULED_EVENT, lambdaContext());
    const loud = await setup(failed)(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(quiet.notification).toEqual({ status: 'skipped', reason: 'nothing-to-report' });
    expect(quiet.history).toMatchObject({ new: 0, persisting: 2, resolved: 0 });
    expect(loud.notification).toMatchObject({ status: 'published' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
  });

  it('marks every leak new on a first run', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(
      new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }),
    );

    // Act
    const result = await setup(MONDAY)(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.history).toMatchObject({ status: 'compared', since: null, new: 2 });
    expect(result.notification).toMatchObject({ status: 'published' });
  });

  it('keeps no history when the previous report is unreadable, and on-change then acts as on-leak', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves(storedBody({ schemaVersion: 1, findings: 'oops' }));

    // Act
    const result = await setup(TUESDAY)(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(result.history).toMatchObject({ status: 'not-compared' });
    expect(result.history?.status === 'not-compared' && result.history.reason).toContain(
      `s3://my-reports/${LATEST} is not a valid vpce-auditor JSON report`,
    );
    expect(stored(LATEST).summary.history).toBeUndefined();
    expect(result.notification).toMatchObject({ status: 'published' });
    expect(metricValue(cloudwatch, 'NewFindings')).toBeUndefined();
  });

  it('exports the report with its history to Security Hub, whose failure never fails the audit', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves(storedBody(MONDAY));
    const exported: Report[] = [];
    const working = (report: Report) => {
      exported.push(report);
      return Promise.resolve<SecurityHubExport>({
        imported: 2,
        archived: 1,
        places: 1,
        archiveSkipped: [],
        failedFindings: [],
        errors: [
          {
            accountId: ACCOUNT,
            region: 'eu-west-1',
            operation: 'GetFindings',
            code: 'InvalidAccessException',
            message: 'not subscribed',
            kind: 'not-enabled',
          },
        ],
      });
    };
    const broken = () => Promise.reject(new Error('socket hang up'));

    // Act
    const ok = await setup(TUESDAY, {}, working)(SCHEDULED_EVENT, lambdaContext());
    const failed = await setup(TUESDAY, {}, broken)(SCHEDULED_EVENT, lambdaContext());

    // Assess
    expect(exported[0]?.findings.map((f) => f.status)).toEqual(['persisting', 'new']);
    expect(ok.securityHub).toMatchObject({ status: 'exported', imported: 2, archived: 1 });
    expect(ok.errors).toEqual([]);
    expect(failed.securityHub).toEqual({ status: 'failed', message: 'socket hang up' });
  });
});
