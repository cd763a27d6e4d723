/**
 * `vpce-auditor remediate` end to end over real HTTP: the bundled CLI (built from the current
 * sources) run as a child process with only the SDK's standard environment, against the stateful
 * fake EC2 endpoint (test/support/fake-ec2-endpoint.ts) holding the seeded estate of
 * test/helpers/remediation-estate.ts. The SDK serialises the real CreateVpcEndpoint /
 * ModifyVpcEndpoint requests (TagSpecifications, RouteTableIds, DryRun, ClientToken) and parses
 * EC2's XML answers and errors. Endpoint calls run at the production pacing: the estate needs at
 * most three endpoint calls per region, which the pacing's burst lets through at once.
 *
 * The steps depend on each other and run in order: plan, apply, audit, apply again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeEc2Endpoint,
  type FakeEndpoint,
  type FakeEndpointOptions,
} from '../support/fake-ec2-endpoint';
import type { FakeVpcEndpoint, RegionEstate } from '../support/fake-ec2-estate';
import type { RemediationPlan } from '../../src/remediation/plan-types';
import type { RemediationResult } from '../../src/remediation/result-types';
import type { Report } from '../../src/types';
import { builtCli, fakeAwsEnvironment, runNode, type NodeRun } from '../helpers/node-process';
import { ACCOUNT, IDS, PREFIX_LISTS, remediationEstate } from '../helpers/remediation-estate';

const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const ENDPOINT_CALLS = new Set(['CreateVpcEndpoint', 'ModifyVpcEndpoint']);

let dir: string;
let cli: string;
let ec2: FakeEndpoint;
let seed: Record<string, RegionEstate>;

/** Runs the CLI with only the SDK's standard variables pointing it at the fake. */
/** What a full remediation of the estate does: its three actions, each verified afterwards. */
const EVERY_ACTION_VERIFIED = [
  [`eu-west-1/${IDS.reuse.vpc}/s3`, 'verified'],
  [`us-east-1/${IDS.leaky.vpc}/dynamodb`, 'verified'],
  [`us-east-1/${IDS.leaky.vpc}/s3`, 'verified'],
];

function vpceAuditor(args: string[], endpoint: FakeEndpoint = ec2): Promise<NodeRun> {
  return runNode([cli, ...args], fakeAwsEnvironment(endpoint.url, dir));
}

/**
 * A fake EC2 endpoint of the test regions and account with `options`, started before the tests of
 * the enclosing describe block and closed after them; call the returned function in a test.
 */
function fakeEc2OfBlock(
  options: Omit<FakeEndpointOptions, 'regions' | 'accountId'>,
): () => FakeEndpoint {
  let endpoint: FakeEndpoint | undefined;
  beforeAll(async () => {
    endpoint = await startFakeEc2Endpoint({ regions: REGIONS, accountId: ACCOUNT, ...options });
  });
  afterAll(async () => {
    await endpoint?.close();
  });
  return () => {
    if (!endpoint) throw new Error('the fake EC2 endpoint of this block did not start');
    return endpoint;
  };
}

function gatewayEndpoints(region: string, vpcId: string, service: 's3' | 'dynamodb') {
  return gatewayEndpointsOf(ec2, region, vpcId, service);
}

/** The endpoint calls the fake received since `from` (dry runs included). */
function endpointCallsSince(from: number) {
  return ec2.requests.slice(from).filter((r) => ENDPOINT_CALLS.has(r.action));
}

function gatewayEndpointsOf(
  endpoint: FakeEndpoint,
  region: string,
  vpcId: string,
  service: 's3' | 'dynamodb',
) {
  return (endpoint.estate(region)?.vpcEndpoints ?? []).filter(
    (e) =>
      e.vpcId === vpcId &&
      e.vpcEndpointType === 'Gateway' &&
      e.serviceName === `com.amazonaws.${region}.${service}` &&
      e.state === 'available',
  );
}

function tagsOf(endpoint: FakeVpcEndpoint | undefined): Record<string, string> {
  return Object.fromEntries((endpoint?.tagSet ?? []).map((t) => [t.key, t.value]));
}

/** The routes of a table that send a prefix list to a gateway endpoint. */
function endpointRoutes(region: string, routeTableId: string) {
  const table = ec2.estate(region)?.routeTables.find((t) => t.routeTableId === routeTableId);
  return (table?.routeSet ?? [])
    .filter((r) => r.destinationPrefixListId !== undefined)
    .map((r) => ({ prefixListId: r.destinationPrefixListId, target: r.gatewayId }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vpce-auditor-remediate-http-'));
  cli = await builtCli();
  seed = remediationEstate();
  ec2 = await startFakeEc2Endpoint({
    regions: REGIONS,
    accountId: ACCOUNT,
    estates: seed,
  });
}, 60_000);

afterAll(async () => {
  await ec2?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('vpce-auditor remediate against a stateful EC2 over HTTP', () => {
  it('without --apply prints the plan and changes nothing', async () => {
    // Prepare
    const from = ec2.requests.length;

    // Act
    const run = await vpceAuditor(['remediate', '--format', 'json']);

    // Assess
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    const { plan } = JSON.parse(run.stdout) as { plan: RemediationPlan };
    expect(plan.overCap).toBe(false);
    expect(
      plan.actions.map((a) => [a.id, a.kind, a.routeTableIds, 'endpointId' in a && a.endpointId]),
    ).toEqual([
      [`eu-west-1/${IDS.reuse.vpc}/s3`, 'attach', [IDS.reuse.tables[1]], IDS.reuse.s3Endpoint],
      [
        `us-east-1/${IDS.leaky.vpc}/dynamodb`,
        'create-endpoint',
        [IDS.leaky.mainTable, ...IDS.leaky.privateTables],
        false,
      ],
      [
        `us-east-1/${IDS.leaky.vpc}/s3`,
        'create-endpoint',
        [IDS.leaky.mainTable, ...IDS.leaky.privateTables],
        false,
      ],
    ]);
    const skippedVpcs = plan.skipped.map((s) => [s.vpcId, s.service, s.kind]);
    expect(skippedVpcs).toEqual(
      expect.arrayContaining([
        [IDS.exempt.vpc, 's3', 'exempt'],
        [IDS.exempt.vpc, 'dynamodb', 'exempt'],
        [IDS.shared.vpc, 's3', 'not-owned'],
        [IDS.shared.vpc, 'dynamodb', 'not-owned'],
      ]),
    );
    expect(endpointCallsSince(from)).toEqual([]);
    for (const region of REGIONS) expect(ec2.estate(region)).toEqual(seed[region]);
  }, 30_000);

  it('--apply leaves one tagged gateway endpoint per VPC and service, reusing the existing one', async () => {
    // Prepare
    const from = ec2.requests.length;

    // Act
    const run = await vpceAuditor(['remediate', '--apply', '--format', 'json']);

    // Assess
    expect(run.stderr).not.toContain('failed');
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: RemediationResult };
    expect(result.results.map((r) => [r.actionId, r.status])).toEqual(EVERY_ACTION_VERIFIED);
    expect(result.counts).toMatchObject({ endpointsCreated: 2, routeTablesAttached: 7 });

    // The leaky VPC: one new endpoint per service on all three tables, tagged, made once.
    const leakyTables = [IDS.leaky.mainTable, ...IDS.leaky.privateTables];
    for (const service of ['s3', 'dynamodb'] as const) {
      const endpoints = gatewayEndpoints('us-east-1', IDS.leaky.vpc, service);
      expect(endpoints).toHaveLength(1);
      expect([...(endpoints[0]?.routeTableIdSet ?? [])].sort()).toEqual(leakyTables);
      expect(tagsOf(endpoints[0])).toEqual({
        ManagedBy: 'vpce-auditor',
        'vpce-auditor:finding': expect.stringContaining(IDS.leaky.privateTables[0]),
      });
      for (const tableId of leakyTables) {
        expect(endpointRoutes('us-east-1', tableId)).toContainEqual({
          prefixListId: PREFIX_LISTS['us-east-1'][service],
          target: endpoints[0]?.vpcEndpointId,
        });
      }
    }

    // The VPC with an S3 endpoint: the second table attached to it, no second endpoint.
    const s3 = gatewayEndpoints('eu-west-1', IDS.reuse.vpc, 's3');
    expect(s3.map((e) => e.vpcEndpointId)).toEqual([IDS.reuse.s3Endpoint]);
    expect(s3[0]?.routeTableIdSet).toEqual([...IDS.reuse.tables]);
    expect(tagsOf(s3[0])).toEqual({ Name: 'made by hand' });
    expect(gatewayEndpoints('eu-west-1', IDS.reuse.vpc, 'dynamodb')).toHaveLength(1);

    // The calls: a DryRun permission check per kind, then exactly one call per action.
    const calls = endpointCallsSince(from).map((r) => ({
      region: r.region,
      action: r.action,
      dryRun: r.params.get('DryRun') === 'true',
      vpcId: r.params.get('VpcId') ?? r.params.get('VpcEndpointId'),
      token: r.params.get('ClientToken') !== null,
      errorCode: r.errorCode,
    }));
    expect(calls.filter((c) => !c.dryRun)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          region: 'eu-west-1',
          action: 'ModifyVpcEndpoint',
          vpcId: IDS.reuse.s3Endpoint,
        }),
        expect.objectContaining({ region: 'us-east-1', action: 'CreateVpcEndpoint', token: true }),
      ]),
    );
    expect(calls.filter((c) => !c.dryRun)).toHaveLength(3);
    expect(calls.filter((c) => !c.dryRun && c.errorCode !== undefined)).toEqual([]);
    expect(calls.filter((c) => c.dryRun).every((c) => c.errorCode === 'DryRunOperation')).toBe(
      true,
    );
    expect(calls.filter((c) => c.action === 'CreateVpcEndpoint' && !c.dryRun)).toHaveLength(2);
    expect(calls.some((c) => c.errorCode === 'RequestLimitExceeded')).toBe(false);

    // The exempt and the shared VPCs: untouched.
    const now = ec2.estate('us-east-1');
    const before = seed['us-east-1'];
    for (const vpcId of [IDS.exempt.vpc, IDS.shared.vpc]) {
      expect(now?.routeTables.filter((t) => t.vpcId === vpcId)).toEqual(
        before?.routeTables.filter((t) => t.vpcId === vpcId),
      );
      expect(now?.vpcEndpoints.filter((e) => e.vpcId === vpcId)).toEqual([]);
    }
  }, 30_000);

  it('a live audit afterwards shows the fixed subnets on gateway-endpoint', async () => {
    // Act
    const run = await vpceAuditor(['audit', '--format', 'json', '--no-cost']);

    // Assess
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.errors).toEqual([]);
    const paths = new Map(
      report.subnets.map((s) => [
        s.subnetId,
        [s.services.s3?.path, s.services.dynamodb?.path] as const,
      ]),
    );
    const fixed = [
      IDS.leaky.publicSubnet,
      ...IDS.leaky.privateSubnets,
      ...IDS.reuse.subnets,
    ] as string[];
    for (const subnetId of fixed) {
      expect([subnetId, paths.get(subnetId)]).toEqual([
        subnetId,
        ['gateway-endpoint', 'gateway-endpoint'],
      ]);
    }
    expect(paths.get(IDS.exempt.subnet)).toEqual(['nat-gateway', 'nat-gateway']);
    expect(paths.get(IDS.shared.subnet)).toEqual(['nat-gateway', 'nat-gateway']);
  }, 30_000);

  it('a second --apply creates and modifies nothing', async () => {
    // Prepare
    const from = ec2.requests.length;
    const endpointsBefore = REGIONS.map((region) => ec2.estate(region)?.vpcEndpoints.length);

    // Act
    const run = await vpceAuditor(['remediate', '--apply', '--format', 'json']);

    // Assess
    expect(run.code).toBe(0);
    const { plan, result } = JSON.parse(run.stdout) as {
      plan: RemediationPlan;
      result: RemediationResult;
    };
    expect(plan.actions).toEqual([]);
    expect(result.counts).toMatchObject({ endpointsCreated: 0, routeTablesAttached: 0 });
    expect(endpointCallsSince(from)).toEqual([]);
    expect(REGIONS.map((region) => ec2.estate(region)?.vpcEndpoints.length)).toEqual(
      endpointsBefore,
    );
  }, 30_000);
});

describe('vpce-auditor remediate against a partial implementation of the EC2 API', () => {
  // Like moto: the AWS-managed prefix lists owned by `aws`, no vpc-id filter on
  // DescribeVpcEndpoints, DryRun ignored by CreateVpcEndpoint and ModifyVpcEndpoint.
  const partial = fakeEc2OfBlock({
    estates: remediationEstate('aws'),
    unimplementedFilters: { DescribeVpcEndpoints: ['vpc-id'] },
    ignoreDryRun: true,
  });

  it('--apply still finds the service prefix lists and verifies its changes', async () => {
    // Act
    const run = await vpceAuditor(['remediate', '--apply', '--format', 'json'], partial());

    // Assess
    expect(run.stderr).not.toMatch(/failed|error/i);
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: RemediationResult };
    expect(result.results.map((r) => [r.actionId, r.status])).toEqual(EVERY_ACTION_VERIFIED);
    expect(result.errors).toEqual([]);
    for (const [region, vpcId, service] of [
      ['us-east-1', IDS.leaky.vpc, 's3'],
      ['us-east-1', IDS.leaky.vpc, 'dynamodb'],
      ['eu-west-1', IDS.reuse.vpc, 's3'],
    ] as const) {
      const endpoints = (partial().estate(region)?.vpcEndpoints ?? []).filter(
        (e) => e.vpcId === vpcId && e.serviceName === `com.amazonaws.${region}.${service}`,
      );
      expect(endpoints).toHaveLength(1);
    }
  }, 30_000);
});

describe('vpce-auditor remediate when the answer to a create is lost', () => {
  const lossy = fakeEc2OfBlock({
    estates: remediationEstate(),
    loseFirstAnswerOf: ['CreateVpcEndpoint'],
  });

  it('the SDK retries it with the same ClientToken and EC2 returns the endpoint already made', async () => {
    // Act
    const run = await vpceAuditor(['remediate', '--apply', '--format', 'json'], lossy());

    // Assess
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout) as { result: RemediationResult };
    expect(result.results.every((r) => r.status === 'verified')).toBe(true);
    const creates = lossy().requests.filter(
      (r) => r.action === 'CreateVpcEndpoint' && r.params.get('DryRun') !== 'true',
    );
    expect(creates.map((r) => r.errorCode)).toEqual(['AnswerLost', undefined, undefined]);
    expect(creates[1]?.params.get('ClientToken')).toBe(creates[0]?.params.get('ClientToken'));
    for (const service of ['s3', 'dynamodb'] as const) {
      expect(gatewayEndpointsOf(lossy(), 'us-east-1', IDS.leaky.vpc, service)).toHaveLength(1);
    }
  }, 30_000);
});
