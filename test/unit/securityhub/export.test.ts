/** Security Hub export: import into each place, batching, pacing, retries, archival of ours only. */
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  SecurityHubClient,
  type AwsSecurityFinding,
  type BatchImportFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { toAsffFinding } from '../../../src/securityhub/asff';
import { importBatches } from '../../../src/securityhub/batches';
import { exportToSecurityHub } from '../../../src/securityhub/export';
import type { Finding, Report } from '../../../src/types';
import { finding, report, throttledRegionError } from '../../helpers';
import { virtualClock } from '../../helpers/virtual-clock';

const ACCOUNT = '111122223333';
const OTHER_ACCOUNT = '444455556666';
const RUN = '2026-11-28T03:00:00.000Z';
const ok = { FailedCount: 0, SuccessCount: 0, FailedFindings: [] };

/** One mocked client per account and region, handed out by the provider. */
function hub() {
  const clients = new Map<string, SecurityHubClient>();
  const stubs = new Map<string, AwsClientStub<SecurityHubClient>>();
  const clientFor = (accountId: string, region: string): SecurityHubClient => {
    const key = `${accountId}/${region}`;
    let client = clients.get(key);
    if (!client) {
      client = new SecurityHubClient({ region });
      const stubbed = mockClient(client);
      stubbed.on(GetFindingsCommand).resolves({ Findings: [] });
      stubbed.on(BatchImportFindingsCommand).resolves(ok);
      clients.set(key, client);
      stubs.set(key, stubbed);
    }
    return client;
  };
  const stub = (accountId: string, region: string): AwsClientStub<SecurityHubClient> => {
    clientFor(accountId, region);
    return stubs.get(`${accountId}/${region}`) as AwsClientStub<SecurityHubClient>;
  };
  const provider = jest.fn(clientFor);
  return { stub, provider };
}

/** A report of this run's regions and services. */
function runReport(findings: Finding[], patch: Partial<Report> = {}): Report {
  return report(findings, {
    generatedAt: RUN,
    regions: ['eu-west-1', 'us-east-1'],
    services: ['s3', 'dynamodb'],
    ...patch,
  });
}

function imported(stub: AwsClientStub<SecurityHubClient>): AwsSecurityFinding[] {
  return stub
    .commandCalls(BatchImportFindingsCommand)
    .flatMap((call) => (call.args[0].input as BatchImportFindingsCommandInput).Findings ?? []);
}

/** A finding of ours as Security Hub returns it (with the fields Security Hub adds). */
function stored(leak: Finding): AwsSecurityFinding {
  return {
    ...toAsffFinding(leak, '2026-11-27T03:00:00.000Z'),
    ProductName: 'Default',
    CompanyName: 'Personal',
    ProductFields: {
      'vpce-auditor/Path': leak.path,
      'aws/securityhub/FindingId': `arn:aws:securityhub:${leak.region}::finding/x`,
    },
    Workflow: { Status: 'NEW' },
  };
}

describe('exportToSecurityHub', () => {
  it('imports each leak into its own account and region as FAILED and ACTIVE', async () => {
    // Prepare
    const { stub, provider } = hub();
    const leaks = [
      finding({ region: 'us-east-1', routeTableId: 'rtb-1' }),
      finding({ region: 'eu-west-1', routeTableId: 'rtb-2', service: 'dynamodb' }),
      finding({ region: 'eu-west-1', routeTableId: 'rtb-3', exempt: true }),
    ];

    // Act
    const result = await exportToSecurityHub(runReport(leaks), provider, { clock: virtualClock() });

    // Assess
    expect(result).toMatchObject({ imported: 2, archived: 0, errors: [], failedFindings: [] });
    expect(provider.mock.calls.map(([account, region]) => `${account}/${region}`).sort()).toEqual([
      `${ACCOUNT}/eu-west-1`,
      `${ACCOUNT}/us-east-1`,
    ]);
    expect(
      imported(stub(ACCOUNT, 'us-east-1')).map((f) => [f.Id, f.Region, f.RecordState]),
    ).toEqual([[`${ACCOUNT}/us-east-1/rtb-1/s3`, 'us-east-1', 'ACTIVE']]);
    expect(imported(stub(ACCOUNT, 'eu-west-1')).map((f) => [f.Id, f.Compliance?.Status])).toEqual([
      [`${ACCOUNT}/eu-west-1/rtb-2/dynamodb`, 'FAILED'],
    ]);
    expect(stub(ACCOUNT, 'us-east-1')).toHaveReceivedCommandWith(GetFindingsCommand, {
      Filters: {
        ProductArn: [
          {
            Value: `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`,
            Comparison: 'EQUALS',
          },
        ],
        GeneratorId: [{ Value: 'vpce-auditor/', Comparison: 'PREFIX' }],
        AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
        Region: [{ Value: 'us-east-1', Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      },
      MaxResults: 100,
    });
  });

  it('sends at most 100 findings a call, 100 ms apart at least', async () => {
    // Prepare
    const { stub, provider } = hub();
    const leaks = Array.from({ length: 250 }, (_, i) => finding({ routeTableId: `rtb-${i}` }));
    const clock = virtualClock();

    // Act
    const result = await exportToSecurityHub(
      runReport(leaks, { regions: ['us-east-1'] }),
      provider,
      {
        clock,
      },
    );

    // Assess
    expect(result.imported).toBe(250);
    const calls = stub(ACCOUNT, 'us-east-1').commandCalls(BatchImportFindingsCommand);
    expect(calls.map((call) => call.args[0].input.Findings?.length)).toEqual([100, 100, 50]);
    // The GetFindings read, then three imports: each import waits for the previous one's 100 ms.
    expect(clock.sleeps).toEqual([100, 100]);
  });

  it('batches by bytes too: no call carries more than the limit', () => {
    // Prepare
    const findings = Array.from({ length: 10 }, (_, i) =>
      toAsffFinding(finding({ routeTableId: `rtb-${i}`, reason: 'x'.repeat(900) }), RUN),
    );
    const one = Buffer.byteLength(JSON.stringify(findings[0])) + 1;

    // Act
    const batches = importBatches(findings, { bytes: one * 3 });

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    for (const batch of batches) {
      expect(
        batch.reduce((sum, f) => sum + Buffer.byteLength(JSON.stringify(f)) + 1, 0),
      ).toBeLessThanOrEqual(one * 3);
    }
  });

  it('archives exactly our findings that are gone, across pages, and leaves foreign findings alone', async () => {
    // Prepare
    const { stub, provider } = hub();
    const kept = finding({ routeTableId: 'rtb-kept' });
    const fixed = finding({ routeTableId: 'rtb-fixed' });
    const fixedDynamo = finding({ routeTableId: 'rtb-fixed', service: 'dynamodb' });
    const ourArn = `arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`;
    const foreign: AwsSecurityFinding[] = [
      {
        ...stored(finding({ routeTableId: 'rtb-prowler' })),
        ProductArn: 'arn:aws:securityhub:us-east-1::product/prowler/prowler',
        GeneratorId: 'vpce-auditor/s3-endpoint-bypass',
      },
      {
        ...stored(finding({ routeTableId: 'rtb-custom' })),
        GeneratorId: 'my-own-checks/s3-endpoint-bypass',
      },
      {
        ...stored(finding({ routeTableId: 'rtb-lookalike' })),
        GeneratorId: 'vpce-auditor/something-else',
      },
      { ...stored(finding({ routeTableId: 'rtb-member' })), AwsAccountId: OTHER_ACCOUNT },
      {
        ...stored(finding({ routeTableId: 'rtb-linked', region: 'eu-west-1' })),
        ProductArn: ourArn,
      },
      { ...stored(finding({ routeTableId: 'rtb-old' })), RecordState: 'ARCHIVED' },
    ];
    const us = stub(ACCOUNT, 'us-east-1');
    us.on(GetFindingsCommand)
      .resolvesOnce({
        Findings: [stored(kept), foreign[0]!, stored(fixed), foreign[1]!],
        NextToken: 'page-2',
      })
      .resolvesOnce({ Findings: [...foreign.slice(2), stored(fixedDynamo)] });

    // Act
    const result = await exportToSecurityHub(
      runReport([kept], { regions: ['us-east-1'] }),
      provider,
      {
        clock: virtualClock(),
      },
    );

    // Assess
    expect(result).toMatchObject({ imported: 1, archived: 2, errors: [] });
    expect(us).toHaveReceivedCommandTimes(GetFindingsCommand, 2);
    expect(us).toHaveReceivedNthCommandWith(2, GetFindingsCommand, { NextToken: 'page-2' });
    const sent = imported(us);
    expect(sent.map((f) => [f.Id, f.Compliance?.Status, f.RecordState])).toEqual([
      [`${ACCOUNT}/us-east-1/rtb-kept/s3`, 'FAILED', 'ACTIVE'],
      [`${ACCOUNT}/us-east-1/rtb-fixed/s3`, 'PASSED', 'ARCHIVED'],
      [`${ACCOUNT}/us-east-1/rtb-fixed/dynamodb`, 'PASSED', 'ARCHIVED'],
    ]);
    const archived = sent[1];
    expect(archived?.UpdatedAt).toBe(RUN);
    expect(archived?.ProductFields).toEqual({ 'vpce-auditor/Path': 'nat-gateway' });
    expect(archived).not.toHaveProperty('Workflow');
    expect(archived).not.toHaveProperty('ProductName');
  });

  it('archives nothing in a region that failed this run, nor for a service it did not audit', async () => {
    // Prepare
    const { stub, provider } = hub();
    for (const region of ['us-east-1', 'eu-west-1']) {
      stub(ACCOUNT, region)
        .on(GetFindingsCommand)
        .resolves({
          Findings: [
            stored(finding({ region, routeTableId: 'rtb-gone' })),
            stored(finding({ region, routeTableId: 'rtb-gone', service: 'dynamodb' })),
          ],
        });
    }
    const failed = runReport([], {
      services: ['s3'],
      errors: [throttledRegionError(ACCOUNT)],
    });

    // Act
    const result = await exportToSecurityHub(failed, provider, { clock: virtualClock() });

    // Assess
    expect(stub(ACCOUNT, 'eu-west-1')).not.toHaveReceivedAnyCommand();
    expect(imported(stub(ACCOUNT, 'us-east-1')).map((f) => [f.Id, f.RecordState])).toEqual([
      [`${ACCOUNT}/us-east-1/rtb-gone/s3`, 'ARCHIVED'],
    ]);
    expect(result.archived).toBe(1);
    expect(result.archiveSkipped).toEqual([
      { accountId: ACCOUNT, region: 'eu-west-1', why: 'failed' },
    ]);
  });

  it('reports Security Hub not enabled in a region as an export error and goes on elsewhere', async () => {
    // Prepare
    const { stub, provider } = hub();
    stub(ACCOUNT, 'eu-west-1')
      .on(GetFindingsCommand)
      .rejects(
        new InvalidAccessException({
          message: 'Account 111122223333 is not subscribed to AWS Security Hub',
          $metadata: {},
        }),
      );
    const leaks = [
      finding({ region: 'eu-west-1', routeTableId: 'rtb-eu' }),
      finding({ region: 'us-east-1', routeTableId: 'rtb-us' }),
    ];

    // Act
    const result = await exportToSecurityHub(runReport(leaks), provider, { clock: virtualClock() });

    // Assess
    expect(result.errors).toEqual([
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        operation: 'GetFindings',
        code: 'InvalidAccessException',
        message: 'Account 111122223333 is not subscribed to AWS Security Hub',
        kind: 'not-enabled',
      },
    ]);
    expect(stub(ACCOUNT, 'eu-west-1')).not.toHaveReceivedCommand(BatchImportFindingsCommand);
    expect(result.imported).toBe(1);
  });

  it('retries throttled calls with backoff and reports the findings Security Hub refused', async () => {
    // Prepare
    const { stub, provider } = hub();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    stub(ACCOUNT, 'us-east-1')
      .on(BatchImportFindingsCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({
        FailedCount: 1,
        SuccessCount: 1,
        FailedFindings: [
          { Id: `${ACCOUNT}/us-east-1/rtb-2/s3`, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' },
        ],
      });
    const clock = virtualClock();
    const leaks = [finding({ routeTableId: 'rtb-1' }), finding({ routeTableId: 'rtb-2' })];

    // Act
    const result = await exportToSecurityHub(
      runReport(leaks, { regions: ['us-east-1'] }),
      provider,
      {
        clock,
      },
    );

    // Assess
    expect(stub(ACCOUNT, 'us-east-1')).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
    expect(clock.sleeps.filter((ms) => ms >= 250)).toEqual([250, 500]);
    expect(result.imported).toBe(1);
    expect(result.failedFindings).toEqual([
      {
        accountId: ACCOUNT,
        region: 'us-east-1',
        id: `${ACCOUNT}/us-east-1/rtb-2/s3`,
        code: 'InvalidInput',
        message: 'bad',
      },
    ]);
    expect(result.errors).toEqual([]);
  });

  it('imports into every account of an organization report with that account credentials', async () => {
    // Prepare
    const { stub, provider } = hub();
    const summary = { subnets: 1, leakingSubnets: 1 };
    const org = runReport(
      [
        finding({ accountId: ACCOUNT, routeTableId: 'rtb-a' }),
        finding({ accountId: OTHER_ACCOUNT, routeTableId: 'rtb-b' }),
      ],
      {
        regions: ['us-east-1'],
        accounts: [
          { accountId: ACCOUNT, status: 'audited', regions: ['us-east-1'], summary },
          { accountId: OTHER_ACCOUNT, status: 'audited', regions: ['us-east-1'], summary },
          { accountId: '777788889999', status: 'failed', regions: [], summary },
        ],
      },
    );

    // Act
    const result = await exportToSecurityHub(org, provider, { clock: virtualClock() });

    // Assess
    expect(result.imported).toBe(2);
    expect(
      imported(stub(OTHER_ACCOUNT, 'us-east-1')).map((f) => [f.AwsAccountId, f.ProductArn]),
    ).toEqual([
      [
        OTHER_ACCOUNT,
        `arn:aws:securityhub:us-east-1:${OTHER_ACCOUNT}:product/${OTHER_ACCOUNT}/default`,
      ],
    ]);
    expect(provider).not.toHaveBeenCalledWith('777788889999', expect.anything());
  });
});
