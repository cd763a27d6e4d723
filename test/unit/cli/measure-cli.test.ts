/**
 * `vpce-auditor measure` in-process against a mocked account (aws-sdk-client-mock): the dry run
 * creates nothing, `--apply` creates tagged temporary flow logs, measures, removes them and writes
 * the measurement file that `audit --traffic FILE` prices; `--cleanup` finds and removes leftovers.
 * Flow-log records are served by a fake Logs Insights that evaluates the queries' text (moto does not
 * evaluate Logs Insights queries).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  PutRetentionPolicyCommand,
  type CreateLogGroupCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateFlowLogsCommand,
  DeleteFlowLogsCommand,
  DescribeFlowLogsCommand,
  type DescribeFlowLogsCommandInput,
  type FlowLog,
} from '@aws-sdk/client-ec2';
import type { MeasurePlan } from '../../../src/cost/measure-plan';
import type { MeasurementFile } from '../../../src/snapshot/cost-inputs';
import type { Report } from '../../../src/types';
import { GIB } from '../../helpers/cost-fixtures';
import {
  account,
  CUSTOM_FORMAT,
  exchange,
  NAT,
  NAT_ENI,
  RTB_A,
  RTB_B,
  vpcFlowLog,
} from '../../helpers/flow-log-estate';
import { runInMemory, type CliRun } from '../../helpers/memory-io';

const ROLE = 'arn:aws:iam::111122223333:role/vpce-auditor-flow-logs';
const T0 = Date.parse('2026-12-07T10:00:00Z');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-measure-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The account with a stateful flow-log side: what measure creates exists until it deletes it. */
function measuredAccount(existing: FlowLog[] = []) {
  const at = (T0 + 5 * 60_000) / 1000;
  const events = [
    ...exchange('measure', '10.0.1.5', '52.216.10.10', 2 * GIB, 6 * GIB, at), // A → S3
    ...exchange('measure', '10.0.2.7', '3.5.1.1', 1 * GIB, 3 * GIB, at), // B → S3
    ...exchange('measure', '10.0.1.5', '93.184.216.34', 9 * GIB, 9 * GIB, at), // internet
  ];
  const { clients, fake, mocked, logs } = account(existing, []);
  const ec2 = mocked.ec2('us-east-1');
  const flowLogs = new Map<string, FlowLog>(existing.map((f) => [f.FlowLogId ?? '', f]));
  const groups = new Set<string>();
  ec2.on(DescribeFlowLogsCommand).callsFake((input: DescribeFlowLogsCommandInput) => {
    const filter = input.Filter?.[0];
    const all = [...flowLogs.values()];
    const matching =
      filter?.Name === 'flow-log-id'
        ? all.filter((f) => filter.Values?.includes(f.FlowLogId ?? ''))
        : filter?.Name === 'tag-key'
          ? all.filter((f) => f.Tags?.some((t) => filter.Values?.includes(t.Key ?? '')))
          : all.filter((f) => filter?.Values?.includes(f.ResourceId ?? ''));
    return { FlowLogs: matching };
  });
  ec2
    .on(CreateFlowLogsCommand)
    .callsFake(
      (input: {
        ResourceIds?: string[];
        LogGroupName?: string;
        LogFormat?: string;
        TagSpecifications?: { Tags?: { Key: string; Value: string }[] }[];
      }) => {
        const ids = (input.ResourceIds ?? []).map((eni, i) => {
          const id = `fl-0measure00000000${i}`;
          flowLogs.set(id, {
            FlowLogId: id,
            ResourceId: eni,
            FlowLogStatus: 'ACTIVE',
            LogDestinationType: 'cloud-watch-logs',
            LogGroupName: input.LogGroupName,
            LogFormat: input.LogFormat,
            Tags: input.TagSpecifications?.[0]?.Tags,
          });
          return id;
        });
        return { FlowLogIds: ids, Unsuccessful: [] };
      },
    );
  ec2.on(DeleteFlowLogsCommand).callsFake((input: { FlowLogIds?: string[] }) => {
    for (const id of input.FlowLogIds ?? []) flowLogs.delete(id);
    return { Unsuccessful: [] };
  });
  logs.on(CreateLogGroupCommand).callsFake((input: CreateLogGroupCommandInput) => {
    groups.add(input.logGroupName ?? '');
    fake.put(input.logGroupName ?? '', events);
    return {};
  });
  logs.on(PutRetentionPolicyCommand).resolves({});
  logs.on(DescribeLogStreamsCommand).resolves({
    logStreams: [{ logStreamName: `${NAT_ENI}-all`, lastEventTimestamp: T0 + 15 * 60_000 }],
  });
  logs.on(DeleteLogGroupCommand).callsFake((input: { logGroupName?: string }) => {
    groups.delete(input.logGroupName ?? '');
    return {};
  });
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix?: string }) => ({
    logGroups: [...groups]
      .filter((g) => g.startsWith(input.logGroupNamePrefix ?? ''))
      .map((logGroupName) => ({ logGroupName })),
  }));
  return { clients, ec2, logs, flowLogs, groups, fake };
}

/** A clock that the measurement's waits advance, starting at T0. */
function timing() {
  let now = T0;
  return {
    now: () => new Date(now),
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
    queryPollMs: 1,
  };
}

function measure(state: ReturnType<typeof measuredAccount>, ...args: string[]): Promise<CliRun> {
  return runInMemory(
    ['measure', '--quiet', ...args],
    {},
    {
      clients: () => state.clients,
      measureTiming: timing(),
    },
  );
}

const usdOf = (bytes: number, pricePerGb = 0.045) =>
  Math.round((bytes / GIB / (15 / 1440)) * 30 * pricePerGb * 100) / 100;

describe('vpce-auditor measure', () => {
  it('plans by default: prints what it would create and its cost, creates nothing', async () => {
    // Prepare
    const state = measuredAccount();

    // Act
    const run = await measure(state);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Would measure 1 NAT gateway\(s\) with 1 temporary flow log\(s\) for 15 minute\(s\)/,
    );
    expect(run.stdout).toContain(`${NAT} (s3, dynamodb): flow logs on ${NAT_ENI}`);
    expect(run.stdout).toMatch(/\$0\.5 per GB ingested/);
    expect(run.stdout).toMatch(/Dry run: nothing created/);
    expect(state.ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
    expect(state.logs).not.toHaveReceivedCommand(CreateLogGroupCommand);
  });

  it('--format json prints the same plan as JSON, and creates nothing', async () => {
    // Prepare
    const state = measuredAccount();

    // Act
    const run = await measure(state, '--format', 'json');

    // Assess
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as MeasurePlan;
    expect(plan.minutes).toBe(15);
    expect(plan.regions.flatMap((r) => r.targets.map((t) => t.natGatewayId))).toEqual([NAT]);
    expect(state.ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
  });

  it('--apply measures, removes everything, and audit --traffic prices each route table from the bytes', async () => {
    // Prepare
    const state = measuredAccount();
    const file = join(dir, 'measurement.json');

    // Act
    const run = await measure(state, '--apply', '--delivery-role-arn', ROLE, '--out', file);
    const { stdout } = await runInMemory(
      ['audit', '--format', 'json', '--quiet', '--traffic', file],
      {},
      {
        clients: () => state.clients,
      },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/nothing left behind/);
    expect(state.flowLogs.size).toBe(0);
    expect(state.groups.size).toBe(0);
    const measurement = JSON.parse(readFileSync(file, 'utf8')) as MeasurementFile;
    expect(measurement.kind).toBe('vpce-auditor-measurement');
    expect(measurement.regions['us-east-1']?.[0]).toMatchObject({
      natGatewayId: NAT,
      status: 'measured',
      source: 'measure',
      attribution: 'subnet',
      services: { s3: { bytesToService: 3 * GIB, bytesFromService: 9 * GIB } },
    });
    const report = JSON.parse(stdout) as Report;
    const s3 = Object.fromEntries(
      report.findings
        .filter((f) => f.service === 's3' && f.path === 'nat-gateway')
        .map((f) => [f.routeTableId, [f.estimatedMonthlyUsd, f.costBasis]]),
    );
    expect(s3).toEqual({
      [RTB_A]: [usdOf(8 * GIB), 'measured'],
      [RTB_B]: [usdOf(4 * GIB), 'measured'],
    });
    const line = report.summary.cost?.gateways.find((g) => g.natGatewayId === NAT);
    expect(line?.measured?.source).toBe('measure');
    expect(line?.measured?.queryUsd).toBeGreaterThan(0);
    expect(report.summary.cost?.notes.join('\n')).toMatch(
      /scanned [\d.]+ GB of CloudWatch Logs: about \$[\d.]+ of Logs Insights/,
    );
  });

  it('skips a gateway an existing flow log already measures', async () => {
    // Prepare
    const state = measuredAccount([vpcFlowLog(CUSTOM_FORMAT)]);

    // Act
    const run = await measure(state, '--apply', '--delivery-role-arn', ROLE);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/skipped us-east-1 nat-.*already measures it/);
    expect(run.stderr).toMatch(/nothing to measure/);
    expect(state.ec2).not.toHaveReceivedCommand(CreateFlowLogsCommand);
  });

  it('refuses a cap of 0 gateways (exit 2)', async () => {
    // Prepare
    const state = measuredAccount();

    // Act
    const run = await measure(state, '--apply', '--delivery-role-arn', ROLE, '--max-gateways', '0');

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-gateways: "0" is not a positive integer/);
  });

  it('refuses --apply without a delivery role, and bad minutes, before any call (exit 2)', async () => {
    // Prepare
    const state = measuredAccount();

    // Act
    const noRole = await measure(state, '--apply');
    const zero = await measure(state, '--minutes', '0');
    const long = await measure(state, '--minutes', '181');
    const badRole = await measure(state, '--delivery-role-arn', 'role/x');

    // Assess
    expect([noRole.code, zero.code, long.code, badRole.code]).toEqual([2, 2, 2, 2]);
    expect(noRole.stderr).toMatch(/--delivery-role-arn: required with --apply/);
    expect(zero.stderr).toMatch(/--minutes: "0"/);
    expect(long.stderr).toMatch(/more than 180 minutes/);
    expect(badRole.stderr).toMatch(/"role\/x" is not an IAM role ARN/);
    expect(state.ec2).not.toHaveReceivedCommand(DescribeFlowLogsCommand);
  });

  it('--cleanup lists leftovers, and --cleanup --apply removes them and checks', async () => {
    // Prepare
    const state = measuredAccount();
    state.flowLogs.set('fl-0left', {
      FlowLogId: 'fl-0left',
      ResourceId: NAT_ENI,
      Tags: [{ Key: 'vpce-auditor:measure', Value: 'old' }],
    });
    state.groups.add('/vpce-auditor/measure/old');

    // Act
    const listed = await measure(state, '--cleanup', '--regions', 'us-east-1');
    const removed = await measure(state, '--cleanup', '--apply', '--regions', 'us-east-1');
    const again = await measure(state, '--cleanup', '--regions', 'us-east-1');

    // Assess
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /us-east-1: flow logs fl-0left; log groups \/vpce-auditor\/measure\/old/,
    );
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^Removed: /);
    expect(again.stdout).toBe('No leftovers of vpce-auditor measure.\n');
    expect(state.flowLogs.size).toBe(0);
  });
});
