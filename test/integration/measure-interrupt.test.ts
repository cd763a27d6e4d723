/**
 * `measure --apply` interrupted: the bundled CLI (built from the current sources) runs as a child
 * process against moto (an independent implementation of EC2 and CloudWatch Logs, which creates,
 * describes and deletes flow logs and log groups), on an account whose private subnet leaks through a
 * NAT gateway. SIGINT or SIGTERM arrives while the temporary flow logs record: the flow logs and the
 * log group are deleted, no measurement file is written, and the exit code is the signal's. moto
 * does not evaluate Logs Insights queries: the measuring itself is tested in-process with a fake
 * (test/unit/cost/measure-run.test.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeFlowLogsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { runNode, startNode } from '../helpers/node-process';
import { startMotoServer, type MotoServer } from '../helpers/moto-server';

const ROOT = join(__dirname, '..', '..');
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let dir: string;
let cli: string;
let moto: MotoServer;
let ec2: EC2Client;
let logs: CloudWatchLogsClient;

/** A VPC whose private subnet routes 0.0.0.0/0 to a NAT gateway. */
async function seedLeakingNat(): Promise<void> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc?.VpcId ?? '';
  const subnet = async (cidr: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr }))).Subnet?.SubnetId ??
    '';
  const publicSubnet = await subnet('10.0.0.0/24');
  const privateSubnet = await subnet('10.0.1.0/24');
  const igw =
    (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const allocation =
    (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId ?? '';
  const nat =
    (
      await ec2.send(
        new CreateNatGatewayCommand({ SubnetId: publicSubnet, AllocationId: allocation }),
      )
    ).NatGateway?.NatGatewayId ?? '';
  const table =
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable?.RouteTableId ?? '';
  await ec2.send(
    new CreateRouteCommand({
      RouteTableId: table,
      DestinationCidrBlock: '0.0.0.0/0',
      NatGatewayId: nat,
    }),
  );
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: privateSubnet }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-measure-'));
  cli = join(dir, 'cli.js');
  const [build, server] = await Promise.all([
    runNode([join(ROOT, 'scripts', 'build-cli.mjs'), cli]),
    startMotoServer(),
  ]);
  moto = server;
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);
  const settings = { region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS };
  ec2 = new EC2Client(settings);
  logs = new CloudWatchLogsClient(settings);
  await seedLeakingNat();
}, 90_000);

afterAll(() => {
  ec2?.destroy();
  logs?.destroy();
  moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a signal while measure --apply records', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: the flow logs and the log group are deleted, nothing is written, exit %d',
    async (signal, code) => {
      // Prepare
      const out = join(dir, `measurement-${signal}.json`);
      const run = startNode(
        [
          cli,
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
        {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          AWS_ENDPOINT_URL: moto.endpoint,
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_REGION: REGION,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
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
