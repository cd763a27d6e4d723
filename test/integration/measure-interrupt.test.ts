/**
 * `measure --apply` interrupted: the bundled CLI (built from the current sources) runs as a child
 * process against moto (an independent implementation of EC2 and CloudWatch Logs, which creates,
 * describes and deletes flow logs and log groups), on an account whose private subnet leaks through a
 * NAT gateway. SIGINT or SIGTERM arrives while the temporary flow logs record: the flow logs and the
 * log group are deleted, no measurement file is written, and the exit code is the signal's. moto
 * does not evaluate Logs Insights queries: the measuring itself is tested in-process with a fake
 * (test/unit/cost/measure-run.test.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { startNode } from '../helpers/node-process';
import { motoCliEnvironment, seedVpc, startMotoWithCli, type MotoWorkbench } from '../helpers/moto';

const REGION = 'us-east-1';

let bench: MotoWorkbench;
let ec2: EC2Client;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  bench = await startMotoWithCli('vpce-auditor-measure-');
  const settings = bench.settings;
  ec2 = new EC2Client(settings);
  logs = new CloudWatchLogsClient(settings);
  await seedVpc(ec2, 'nat');
}, 90_000);

afterAll(() => {
  ec2?.destroy();
  logs?.destroy();
  bench?.stop();
});

describe('a signal while measure --apply records', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: the flow logs and the log group are deleted, nothing is written, exit %d',
    async (signal, code) => {
      // Prepare
      const out = join(bench.dir, `measurement-${signal}.json`);
      const run = startNode(
        [
          bench.cli,
          'measure',
          '--apply',
          '--regions',
          REGION,
          '--minutes',
          '5',
          '--delivery-role-arn',
          'arn:aws:iam::123456789012:role/vpce-auditor-flow-logs',
          '--out',
          out,
        ],
        motoCliEnvironment(bench.moto.endpoint, bench.dir, REGION),
      );
      await run.stderrMatches((text) => text.includes('recording for 5 minute(s)'), 60_000);
      const during = await ec2.send(
        new DescribeFlowLogsCommand({
          Filter: [{ Name: 'tag-key', Values: ['vpce-auditor:measure'] }],
        }),
      );

      // Act
      run.child.kill(signal);
      const done = await run.done;

      // Assess
      expect(during.FlowLogs?.length).toBeGreaterThan(0);
      expect(during.FlowLogs?.[0]?.LogFormat).toMatch(/\$\{pkt-srcaddr\} \$\{pkt-dstaddr\}$/);
      expect(done.code).toBe(code);
      expect(done.stderr).toContain(`${signal} received`);
      expect(done.stderr).toMatch(/measurement interrupted/);
      expect(done.stderr).toMatch(/nothing left behind/);
      const after = await ec2.send(new DescribeFlowLogsCommand({}));
      expect(after.FlowLogs ?? []).toEqual([]);
      const groups = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/vpce-auditor/measure/' }),
      );
      expect(groups.logGroups ?? []).toEqual([]);
      expect(existsSync(out)).toBe(false);
    },
    90_000,
  );
});
