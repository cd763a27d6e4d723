/**
 * The audit function and the per-account audit of a multi-account run (the organization's
 * AuditAccount function and `audit --accounts`) read existing flow logs as the CLI does: a NAT
 * gateway whose flow log records its traffic gets measured dollars, per route table. The flow-log
 * records are served by a fake Logs Insights that evaluates the queries' text (moto does not
 * evaluate Logs Insights queries).
 */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AccountAccess } from '../../../src/accounts/account-access';
import { auditLive } from '../../../src/audit-live';
import { loadConfig } from '../../../src/config';
import { createAuditHandler } from '../../../src/lambda/audit-handler';
import type { Report } from '../../../src/types';
import { publishingSpies } from '../../helpers';
import { account, CUSTOM_FORMAT, NAT, traffic, vpcFlowLog } from '../../helpers/flow-log-estate';
import { lambdaContext, SCHEDULED_EVENT, silentLogger, TOPIC } from '../../helpers/lambda';
import { runInMemory } from '../../helpers';

const { sns, reset } = publishingSpies();

beforeEach(() => reset());

function publishedReport(): Report {
  const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
  const structure = JSON.parse(input?.Message ?? '{}') as { default?: string };
  return JSON.parse(structure.default ?? '{}') as Report;
}

describe('flow logs in the audit function', () => {
  it.each([
    ['24', 'measured'],
    ['0', 'upper-bound'],
  ])('FLOW_LOG_HOURS=%s: the NAT gateway is %s', async (hours, basis) => {
    // Prepare
    const { clients } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));
    const handler = createAuditHandler({
      config: loadConfig({ SNS_TOPIC_ARN: TOPIC, FLOW_LOG_HOURS: hours, NOTIFY: 'always' }),
      clients,
      auditLive,
      sns: new SNSClient({ region: 'us-east-1' }),
      // The account's mocked CloudWatch (its metrics); PutMetricData answers nothing, as a mock.
      cloudwatch: clients.cloudwatch('us-east-1'),
      regionalCloudwatch: (region) => clients.cloudwatch(region),
      regionalEc2: (region) => clients.ec2(region),
      regionalLogs: (region) => clients.logs(region),
      logger: silentLogger(),
    });

    // Act
    await handler(SCHEDULED_EVENT, lambdaContext());

    // Assess
    const report = publishedReport();
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.basis).toBe(basis);
    if (basis === 'measured') {
      expect(line?.measured?.attribution).toBe('subnet');
      expect(report.summary.cost?.measuredMonthlyUsd).toBe(report.summary.estimatedMonthlyUsd);
    }
  });
});

describe('flow logs in a multi-account audit', () => {
  it('measures each account NAT gateways from its own flow logs', async () => {
    // Prepare
    const { clients } = account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom'));
    const access: AccountAccess = {
      caller: () =>
        Promise.resolve({ accountId: '111122223333', partition: 'aws', region: 'us-east-1' }),
      organizations: () => new OrganizationsClient({ region: 'us-east-1' }),
      clientsFor: () => Promise.resolve(clients),
    };

    // Act
    const { code, stdout } = await runInMemory(
      ['audit', '--accounts', '111122223333', '--format', 'json', '--quiet'],
      {},
      { clients: () => clients, accountAccess: () => access },
    );

    // Assess
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    const measured = report.findings.filter((f) => f.costBasis === 'measured');
    expect(measured.length).toBeGreaterThan(0);
    expect(report.summary.cost?.measuredMonthlyUsd).toBeGreaterThan(0);
  });
});
