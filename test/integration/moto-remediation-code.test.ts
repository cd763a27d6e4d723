/**
 * The remediation as code against moto (`python3 -m moto.server`), an implementation of the AWS APIs
 * written independently of this project. An account's VPCs leak through NAT gateways: one needs new
 * endpoints, one has an S3 endpoint already, and one has a route table that a CloudFormation stack
 * owns (created through moto's CloudFormation, which tags it as AWS does). The bundled CLI plans
 * live against moto and writes the plan as JSON, Terraform and CloudFormation:
 *
 * - the template is cfn-lint clean, and deployed to moto's CloudFormation (parameters at their
 *   defaults) it creates exactly the planned endpoints and route-table links and changes nothing
 *   else;
 * - the Terraform parses back (HashiCorp's parser) naming the plan's endpoints, route tables and
 *   policies;
 * - `--apply` then leaves the stack's route table to its stack, naming it.
 *
 * moto's CloudFormation keeps an endpoint's route tables and policy but not its `Tags` (it sets only
 * the stack's own tags), so the `vpce-auditor:finding` tag is checked in the template, not in EC2.
 * The steps depend on each other and run in order.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateRouteTableCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type RouteTable,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import type { RemediationPlan } from '../../src/remediation/plan-types';
import type { RemediationResult } from '../../src/remediation/result-types';
import type { Snapshot } from '../../src/snapshot/schema';
import {
  changesOfPlan,
  changesOfTemplate,
  changesOfTerraform,
  parseTemplate,
  parseTerraform,
  type EndpointChange,
} from '../helpers/iac-changes';
import {
  attachedInternetGateway,
  natGatewayIn,
  routedSubnet,
  runCliOnMoto,
  startMotoWithCli,
  subnetIn,
  type MotoWorkbench,
} from '../helpers/moto';
import type { NodeRun } from '../helpers/node-process';

const REGION = 'us-east-1';
/** A step runs the CLI or cfn-lint, each many seconds on a loaded machine. */
const STEP_TIMEOUT = 120_000;

let dir: string;
let bench: MotoWorkbench;
let ec2: EC2Client;
let cloudFormation: CloudFormationClient;
/** The seeded estate's ids. */
const ids = {
  fresh: { vpc: '', tables: [] as string[] },
  served: { vpc: '', tables: [] as string[], all: [] as string[], endpoint: '' },
  stacked: { vpc: '', table: '' },
};

function vpceAuditor(args: string[]): Promise<NodeRun> {
  return runCliOnMoto(bench, args, REGION);
}

/** `remediate` of the seeded VPCs (moto's default VPC left alone) in the given format. */
async function remediate(format: string, ...extra: string[]): Promise<string> {
  const run = await vpceAuditor([
    'remediate',
    '--regions',
    REGION,
    '--skip-default-vpcs',
    '--no-cost',
    '--quiet',
    ...extra,
    '--format',
    format,
  ]);
  if (run.code !== 0) throw new Error(`remediate --format ${format}: ${run.code} ${run.stderr}`);
  return run.stdout;
}

/** A VPC whose private tables (each with one subnet) default to a NAT gateway. */
async function natVpc(cidr: string, tables: number): Promise<{ vpc: string; tables: string[] }> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: `${cidr}.0.0/16` }))).Vpc
    ?.VpcId as string;
  await attachedInternetGateway(ec2, vpc);
  const nat = await natGatewayIn(ec2, await subnetIn(ec2, vpc, `${cidr}.100.0/24`));
  const created: string[] = [];
  for (let n = 0; n < tables; n += 1) {
    const table = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable
      ?.RouteTableId as string;
    created.push(await natTable(vpc, table, nat, `${cidr}.${n + 1}.0/24`));
  }
  return { vpc, tables: created };
}

/** Routes a table's default to the NAT gateway and gives it a subnet. */
async function natTable(vpc: string, table: string, nat: string, cidr: string): Promise<string> {
  await routedSubnet(ec2, { vpcId: vpc, tableId: table, cidr, target: { NatGatewayId: nat } });
  return table;
}

async function seed(): Promise<void> {
  ids.fresh = await natVpc('10.1', 2);
  const served = await natVpc('10.2', 2);
  const [first = '', second = ''] = served.tables;
  const endpoint = (
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: served.vpc,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: [first],
      }),
    )
  ).VpcEndpoint?.VpcEndpointId as string;
  ids.served = { vpc: served.vpc, tables: [second], all: [...served.tables].sort(), endpoint };
  // A route table of a CloudFormation stack, made by moto's CloudFormation (which tags it).
  const stacked = await natVpc('10.3', 0);
  await cloudFormation.send(
    new CreateStackCommand({
      StackName: 'network',
      TemplateBody: JSON.stringify({
        Resources: {
          PrivateRouteTable: {
            Type: 'AWS::EC2::RouteTable',
            Properties: { VpcId: stacked.vpc },
          },
        },
      }),
    }),
  );
  const resources = await cloudFormation.send(
    new DescribeStackResourcesCommand({ StackName: 'network' }),
  );
  const table = resources.StackResources?.[0]?.PhysicalResourceId as string;
  const nat = (await describeNat(stacked.vpc)) ?? '';
  ids.stacked = { vpc: stacked.vpc, table: await natTable(stacked.vpc, table, nat, '10.3.1.0/24') };
}

async function describeNat(vpc: string): Promise<string | undefined> {
  const { DescribeNatGatewaysCommand } = await import('@aws-sdk/client-ec2');
  const answer = await ec2.send(
    new DescribeNatGatewaysCommand({ Filter: [{ Name: 'vpc-id', Values: [vpc] }] }),
  );
  return answer.NatGateways?.[0]?.NatGatewayId;
}

async function endpoints(): Promise<VpcEndpoint[]> {
  return (await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [];
}

async function routeTables(): Promise<RouteTable[]> {
  return (await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? [];
}

/** A route, as text to compare. */
function routeText(route: NonNullable<RouteTable['Routes']>[number]): string {
  return `${route.DestinationCidrBlock ?? route.DestinationPrefixListId ?? '?'} -> ${route.GatewayId ?? route.NatGatewayId ?? '?'}`;
}

/** A change as its endpoint's VPC, service and sorted tables. */
function changeText(change: EndpointChange): string {
  return `${change.vpcId} ${change.service} ${[...change.routeTableIds].sort().join(',')}${change.endpointId !== undefined ? ` on ${change.endpointId}` : ''}`;
}

beforeAll(async () => {
  bench = await startMotoWithCli('vpce-moto-code-');
  dir = bench.dir;
  const settings = bench.settings;
  ec2 = new EC2Client(settings);
  cloudFormation = new CloudFormationClient(settings);
  await seed();
}, 240_000);

afterAll(() => {
  ec2?.destroy();
  cloudFormation?.destroy();
  bench?.stop();
});

describe('remediation as code, on moto', () => {
  let plan: RemediationPlan;
  let template: string;

  it(
    'plans a create, an attach and a change to the stack-owned route table',
    async () => {
      // Act
      plan = (JSON.parse(await remediate('json')) as { plan: RemediationPlan }).plan;

      // Assess
      expect(plan.actions.map((a) => [a.vpcId, a.service, a.kind, a.routeTableIds])).toEqual(
        expect.arrayContaining([
          [ids.fresh.vpc, 's3', 'create-endpoint', [...ids.fresh.tables].sort()],
          [ids.fresh.vpc, 'dynamodb', 'create-endpoint', [...ids.fresh.tables].sort()],
          [ids.served.vpc, 's3', 'attach', ids.served.tables],
          [ids.served.vpc, 'dynamodb', 'create-endpoint', ids.served.all],
          [ids.stacked.vpc, 's3', 'create-endpoint', [ids.stacked.table]],
        ]),
      );
      const stacked = plan.actions.filter((a) => a.vpcId === ids.stacked.vpc);
      expect(stacked.map((a) => a.iacManaged?.owners)).toEqual([
        [expect.objectContaining({ stackName: 'network', logicalId: 'PrivateRouteTable' })],
        [expect.objectContaining({ stackName: 'network', logicalId: 'PrivateRouteTable' })],
      ]);
    },
    STEP_TIMEOUT,
  );

  it(
    'writes a template that cfn-lint passes with no error and no warning',
    async () => {
      // Act
      template = await remediate('cloudformation');
      const file = join(dir, 'remediation.yaml');
      writeFileSync(file, template);

      // Assess: cfn-lint exits non-zero on any error or warning.
      expect(() => execFileSync('cfn-lint', [file], { stdio: 'pipe' })).not.toThrow();
      expect(template).toContain(
        `make it in the stack instead of a second owner: route table ${ids.stacked.table} belongs to CloudFormation stack "network" (logical id PrivateRouteTable)`,
      );
    },
    STEP_TIMEOUT,
  );

  it(
    'writes Terraform that parses back naming the endpoints, route tables and policies of the plan',
    async () => {
      // Prepare
      const snapshotFile = join(dir, 'snapshot.json');
      const taken = await vpceAuditor([
        'snapshot',
        '--regions',
        REGION,
        '--no-cost',
        '--quiet',
        '--out',
        snapshotFile,
      ]);
      expect(taken.code).toBe(0);
      const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;

      // Act
      const parsed = await parseTerraform(await remediate('terraform'));

      // Assess
      const written = changesOfTerraform(parsed, snapshot).map(changeText).sort();
      expect(written).toEqual(changesOfPlan(plan).map(changeText).sort());
    },
    STEP_TIMEOUT,
  );

  it(
    'deployed to CloudFormation, creates exactly the planned endpoints and links and changes nothing else',
    async () => {
      // Prepare
      const endpointsBefore = await endpoints();
      const tablesBefore = await routeTables();
      const planned = changesOfTemplate(parseTemplate(template), REGION);

      // Act
      await cloudFormation.send(
        new CreateStackCommand({ StackName: 'vpce-auditor-fix', TemplateBody: template }),
      );
      const stack = await cloudFormation.send(
        new DescribeStacksCommand({ StackName: 'vpce-auditor-fix' }),
      );

      // Assess
      expect(stack.Stacks?.[0]?.StackStatus).toBe('CREATE_COMPLETE');
      expect(planned.map(changeText).sort()).toEqual(
        changesOfPlan({
          ...plan,
          actions: plan.actions.filter((a) => a.kind === 'create-endpoint' && !a.iacManaged),
        })
          .map(changeText)
          .sort(),
      );
      const before = new Set(endpointsBefore.map((e) => e.VpcEndpointId));
      const created = (await endpoints()).filter((e) => !before.has(e.VpcEndpointId));
      expect(
        created
          .map((e) =>
            changeText({
              region: REGION,
              vpcId: e.VpcId ?? '',
              service: (e.ServiceName ?? '').endsWith('.s3') ? 's3' : 'dynamodb',
              routeTableIds: e.RouteTableIds ?? [],
            }),
          )
          .sort(),
      ).toEqual(planned.map(changeText).sort());
      // The endpoints that were there are as they were.
      const after = new Map((await endpoints()).map((e) => [e.VpcEndpointId, e]));
      for (const endpoint of endpointsBefore) {
        expect(after.get(endpoint.VpcEndpointId)?.RouteTableIds).toEqual(endpoint.RouteTableIds);
      }
      // Each route table gained exactly the prefix-list routes of the new endpoints it is on.
      const createdOn = new Map<string, string[]>();
      for (const endpoint of created) {
        for (const table of endpoint.RouteTableIds ?? []) {
          createdOn.set(table, [...(createdOn.get(table) ?? []), endpoint.VpcEndpointId ?? '']);
        }
      }
      const tablesAfter = new Map((await routeTables()).map((t) => [t.RouteTableId, t]));
      for (const table of tablesBefore) {
        const old = new Set((table.Routes ?? []).map(routeText));
        const added = (tablesAfter.get(table.RouteTableId)?.Routes ?? [])
          .filter((route) => !old.has(routeText(route)))
          .map((route) => route.GatewayId);
        expect([table.RouteTableId, added.sort()]).toEqual([
          table.RouteTableId,
          (createdOn.get(table.RouteTableId ?? '') ?? []).sort(),
        ]);
      }
    },
    STEP_TIMEOUT,
  );

  it(
    'then --apply leaves the stack-owned route table to its stack and names it',
    async () => {
      // Act
      const run = await vpceAuditor([
        'remediate',
        '--regions',
        REGION,
        '--vpc',
        ids.stacked.vpc,
        '--no-cost',
        '--quiet',
        '--apply',
        '--format',
        'json',
      ]);
      const { plan: after, result } = JSON.parse(run.stdout) as {
        plan: RemediationPlan;
        result: RemediationResult;
      };

      // Assess
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(after.actions.map((a) => [a.service, a.kind, a.routeTableIds])).toEqual([
        ['dynamodb', 'create-endpoint', [ids.stacked.table]],
        ['s3', 'create-endpoint', [ids.stacked.table]],
      ]);
      expect(result.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
      for (const skipped of result.results) {
        expect(skipped.reason).toContain(
          `route table ${ids.stacked.table} belongs to CloudFormation stack "network" (logical id PrivateRouteTable)`,
        );
      }
      const table = (await routeTables()).find((t) => t.RouteTableId === ids.stacked.table);
      expect((table?.Routes ?? []).map((r) => r.GatewayId ?? r.NatGatewayId)).toEqual([
        'local',
        expect.stringMatching(/^nat-/),
      ]);
    },
    STEP_TIMEOUT,
  );
});
