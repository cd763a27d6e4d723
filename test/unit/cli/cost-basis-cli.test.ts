/**
 * What each dollar is, in every format: the table's first screen, markdown and HTML say how much of
 * the total flow logs measured, findings say `measured`, ASFF carries the basis and the remediation
 * plan shows measured savings. The flow-log records are served by a fake Logs Insights that
 * evaluates the queries' text (moto does not evaluate Logs Insights queries).
 */
import { toAsffFinding } from '../../../src/securityhub/asff';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import type { Report } from '../../../src/types';
import { account, CUSTOM_FORMAT, traffic, vpcFlowLog } from '../../helpers/flow-log-estate';
import { runInMemory } from '../../helpers';

type Clients = ReturnType<typeof account>['clients'];

async function run(clients: Clients, ...args: string[]): Promise<string> {
  const { code, stdout } = await runInMemory(
    [...args, '--quiet'],
    { COLUMNS: '200' },
    { clients: () => clients },
  );
  expect([0, 3]).toContain(code);
  return stdout;
}

const measured = () => account([vpcFlowLog(CUSTOM_FORMAT)], traffic('custom')).clients;
const unmeasured = () => account([], []).clients;

describe('the basis of the dollars in every format', () => {
  it('the table first screen says the total is measured from flow logs, and each finding says measured', async () => {
    // Prepare
    const clients = measured();

    // Act
    const table = await run(clients, 'audit');

    // Assess
    const firstScreen = table.split('\n').slice(0, 24).join('\n');
    expect(firstScreen).toMatch(/\$[\d,.]+\/month, all measured from flow logs/);
    expect(table).toMatch(/\$[\d,.]+ measured/);
    expect(table).toMatch(/Measured dollars are the S3 and DynamoDB bytes/);
    expect(table).not.toMatch(/Dollars are upper bounds/);
  });

  it('the table of a NAT gateway without a flow log says its dollars are upper bounds', async () => {
    // Prepare
    const clients = unmeasured();

    // Act
    const table = await run(clients, 'audit');

    // Assess
    expect(table).toMatch(/up to \$[\d,.]+\/month/);
    expect(table).not.toMatch(/measured from flow logs/);
    expect(table).toMatch(/Dollars are upper bounds/);
  });

  it('markdown and HTML carry the measured total and the measured findings', async () => {
    // Prepare
    const clients = measured();

    // Act
    const markdown = await run(clients, 'audit', '--format', 'markdown');
    const html = await run(clients, 'audit', '--format', 'html');

    // Assess
    for (const text of [markdown, html]) {
      expect(text).toMatch(/all measured from flow logs/);
      expect(text).toMatch(/\$[\d,.]+ measured/);
      expect(text).toMatch(/measured: [\d.]+ GiB to\/from s3 through nat-/);
    }
  });

  it('ASFF findings carry the basis and the measured bytes', async () => {
    // Prepare
    const report = JSON.parse(await run(measured(), 'audit', '--format', 'json')) as Report;
    const finding = report.findings.find((f) => f.service === 's3' && f.path === 'nat-gateway');

    // Act
    const asff = toAsffFinding(finding as NonNullable<typeof finding>, report.generatedAt);

    // Assess
    expect(asff.ProductFields?.['vpce-auditor/CostBasis']).toBe('measured');
    expect(Number(asff.ProductFields?.['vpce-auditor/MeasuredBytes'])).toBeGreaterThan(0);
  });

  it('ASFF says upper-bound for a NAT gateway without a flow log', async () => {
    // Prepare
    const report = JSON.parse(await run(unmeasured(), 'audit', '--format', 'json')) as Report;
    const finding = report.findings.find((f) => f.estimatedMonthlyUsd !== undefined);

    // Act
    const asff = toAsffFinding(finding as NonNullable<typeof finding>, report.generatedAt);

    // Assess
    expect(asff.ProductFields?.['vpce-auditor/CostBasis']).toBe('upper-bound');
    expect(asff.ProductFields?.['vpce-auditor/MeasuredBytes']).toBeUndefined();
  });

  it('the remediation plan shows measured savings, per action and in all', async () => {
    // Prepare
    const clients = measured();

    // Act
    const plan = JSON.parse(await run(clients, 'remediate', '--format', 'json')) as {
      plan: RemediationPlan;
    } & RemediationPlan;
    const table = await run(clients, 'remediate');

    // Assess
    const body = 'plan' in plan && plan.plan ? plan.plan : plan;
    const priced = body.actions.filter((a) => (a.estimatedMonthlyUsd ?? 0) > 0);
    expect(priced.length).toBeGreaterThan(0);
    for (const action of priced) {
      expect(action.costBasis).toBe('measured');
      expect(action.measuredMonthlyUsd).toBe(action.estimatedMonthlyUsd);
    }
    expect(body.summary.measuredMonthlySavingsUsd).toBe(body.summary.estimatedMonthlySavingsUsd);
    expect(table).toMatch(/saves \$[\d,.]+\/month of data processing, measured from flow logs/);
    expect(table).toMatch(/\$[\d,.]+ measured/);
  });

  it('the remediation plan of unmeasured gateways saves "up to"', async () => {
    // Prepare
    const clients = unmeasured();

    // Act
    const table = await run(clients, 'remediate');

    // Assess
    expect(table).toMatch(/saves up to \$[\d,.]+\/month/);
    expect(table).not.toMatch(/measured/);
  });
});
