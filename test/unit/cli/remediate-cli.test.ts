import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { ListTagsForResourceCommand } from '@aws-sdk/client-organizations';
import { runCli, type CliDependencies } from '../../../src/cli/program';
import type { RemediationPlan } from '../../../src/remediation/plan-types';
import type { RemediationResult } from '../../../src/remediation/result-types';
import { SCENARIO_DIR } from '../../helpers/scenarios';
import { fakeAccount, type FakeAccount } from '../../helpers/fake-account';
import { awsError, estate, exemptTag, leakingVpcs } from '../../helpers';
import { memoryIo } from '../../helpers/memory-io';
import { INSTANT } from '../../helpers/lambda';
import { runInMemory } from '../../helpers';

const REGION = 'us-east-1';

/** Two leaking VPCs (one with an S3 endpoint already), an exempt one, and one in eu-west-1. */
function seededEstate() {
  return estate(REGION)
    .vpcs([
      ...leakingVpcs(),
      {
        id: 'vpc-0a000000000000003',
        tags: exemptTag(),
        tables: [{ id: 'rtb-031', subnets: ['subnet-031'], via: 'nat-0123456789abcdef2' }],
      },
    ])
    .region('eu-west-1')
    .vpcs([
      {
        id: 'vpc-0e000000000000001',
        tables: [{ id: 'rtb-0e1', subnets: ['subnet-0e1'], via: 'nat-0123456789abcdef3' }],
      },
    ])
    .build();
}

function depsOf(account: FakeAccount): CliDependencies {
  return {
    clients: () => account.factory,
    accountAccess: () => account.access,
    remediationTiming: { pacing: INSTANT, verify: { sleep: INSTANT.sleep } },
  };
}

function mutatingCalls(account: FakeAccount) {
  return [...account.ec2.values()].flatMap((mock) => [
    ...mock.commandCalls(CreateVpcEndpointCommand),
    ...mock.commandCalls(ModifyVpcEndpointCommand),
  ]);
}

/** `remediate ARGS --format json` against `account`: its exit code and the plan it printed. */
async function jsonPlanRun(account: FakeAccount, args: string[]) {
  const run = await runInMemory([...args, '--format', 'json'], {}, depsOf(account));
  return { code: run.code, plan: (JSON.parse(run.stdout) as { plan: RemediationPlan }).plan };
}

describe('vpce-auditor remediate', () => {
  it('prints the plan and sends no mutating call without --apply', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());

    // Act
    const { code, plan } = await jsonPlanRun(account, ['remediate']);

    // Assess
    expect(code).toBe(0);
    for (const mock of account.ec2.values()) {
      expect(mock).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
      expect(mock).not.toHaveReceivedCommand(ModifyVpcEndpointCommand);
    }
    expect(plan.actions.map((a) => [a.id, a.kind])).toEqual([
      ['eu-west-1/vpc-0e000000000000001/dynamodb', 'create-endpoint'],
      ['eu-west-1/vpc-0e000000000000001/s3', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000001/dynamodb', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000001/s3', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000002/dynamodb', 'create-endpoint'],
      ['us-east-1/vpc-0a000000000000002/s3', 'attach'],
    ]);
    expect(plan.skipped.map((s) => [s.vpcId, s.kind])).toEqual([
      ['vpc-0a000000000000003', 'exempt'],
      ['vpc-0a000000000000003', 'exempt'],
    ]);
  });

  it('with --apply fixes every leak once, reuses the existing endpoint, leaves the exempt VPC alone, and a second --apply creates nothing', async () => {
    // Prepare
    const snapshot = seededEstate();
    const account = fakeAccount(snapshot);

    // Act
    const { code, stdout } = await runInMemory(
      ['remediate', '--apply', '--format', 'json'],
      {},
      depsOf(account),
    );
    const again = await runInMemory(
      ['remediate', '--apply', '--format', 'json'],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(0);
    const { result } = JSON.parse(stdout) as { result: RemediationResult };
    expect(result.results.every((r) => r.status === 'verified')).toBe(true);
    expect(result.counts).toMatchObject({ endpointsCreated: 5, routeTablesAttached: 8, failed: 0 });
    const us = snapshot.regions[REGION];
    const gateways = (vpcId: string, service: string) =>
      us?.VpcEndpoints.filter(
        (e) => e.VpcId === vpcId && (e.ServiceName ?? '').endsWith(`.${service}`),
      ) ?? [];
    expect(gateways('vpc-0a000000000000001', 's3')).toEqual([
      expect.objectContaining({
        RouteTableIds: ['rtb-011', 'rtb-012'],
        Tags: [
          { Key: 'ManagedBy', Value: 'vpce-auditor' },
          {
            Key: 'vpce-auditor:finding',
            Value: '111122223333/us-east-1/rtb-011/s3 111122223333/us-east-1/rtb-012/s3',
          },
        ],
      }),
    ]);
    expect(gateways('vpc-0a000000000000002', 's3')).toEqual([
      expect.objectContaining({
        VpcEndpointId: 'vpce-0b000000000000001',
        RouteTableIds: ['rtb-021'],
      }),
    ]);
    expect(gateways('vpc-0a000000000000003', 's3')).toEqual([]);
    const audit = analyzeSnapshot(snapshot);
    const paths = audit.subnets.map((s) => [
      s.subnetId,
      s.services.s3?.path,
      s.services.dynamodb?.path,
    ]);
    expect(
      paths
        .filter(([id]) => id !== 'subnet-031')
        .every(([, s3, ddb]) => s3 === 'gateway-endpoint' && ddb === 'gateway-endpoint'),
    ).toBe(true);
    expect(paths.find(([id]) => id === 'subnet-031')).toEqual([
      'subnet-031',
      'nat-gateway',
      'nat-gateway',
    ]);
    expect(again.code).toBe(0);
    const second = JSON.parse(again.stdout) as {
      plan: RemediationPlan;
      result: RemediationResult;
    };
    expect(second.plan.actions).toEqual([]);
    expect(second.result.counts.endpointsCreated).toBe(0);
    expect(account.regions.get(REGION)?.created).toHaveLength(3);
    expect(account.regions.get('eu-west-1')?.created).toHaveLength(2);
  });

  it.each([
    [
      'DescribeRouteTables',
      'UnauthorizedOperation',
      'You are not authorized to perform this operation.',
      'UnauthorizedOperation',
    ],
    ['DescribeVpcs', 'RequestLimitExceeded', 'Request limit exceeded.', 'RequestLimitExceeded'],
    ['DescribeSubnets', 'TimeoutError', 'socket hang up', 'Timeout'],
  ])(
    'with --apply keeps a region whose audit failed (%s %s) in the results, the summary and the exit code',
    async (operation, code, message, reported) => {
      // Prepare
      const account = fakeAccount(seededEstate());
      const commands = {
        DescribeRouteTables: DescribeRouteTablesCommand,
        DescribeVpcs: DescribeVpcsCommand,
        DescribeSubnets: DescribeSubnetsCommand,
      } as const;
      account.ec2
        .get('eu-west-1')
        ?.on(commands[operation as keyof typeof commands])
        .rejects(awsError(code, message));

      // Act
      const {
        code: jsonCode,
        stdout,
        stderr,
      } = await runInMemory(
        ['remediate', '--apply', '--format', 'json'],
        { VPCE_AUDITOR_MAX_ATTEMPTS: '1' },
        depsOf(account),
      );
      const table = await runInMemory(
        ['remediate', '--apply'],
        { VPCE_AUDITOR_MAX_ATTEMPTS: '1' },
        depsOf(account),
      );

      // Assess
      expect([jsonCode, table.code]).toEqual([1, 1]);
      const { plan, result } = JSON.parse(stdout) as {
        plan: RemediationPlan;
        result: RemediationResult;
      };
      expect(plan.errors.map((e) => e.region)).toEqual(['eu-west-1']);
      expect(result.errors).toEqual([
        expect.objectContaining({ region: 'eu-west-1', code: reported }),
      ]);
      expect(result.results.every((r) => r.region === REGION && r.status === 'verified')).toBe(
        true,
      );
      expect(stderr).toContain('1 region error(s)');
      expect(table.stdout).toMatch(/Region errors \(1\):[\s\S]*eu-west-1/);
      expect(table.stdout).toContain('skipped; 1 region error(s)');
    },
  );

  it('with --apply over the cap still names the regions whose audit failed', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());
    account.ec2
      .get('eu-west-1')
      ?.on(DescribeRouteTablesCommand)
      .rejects(awsError('UnauthorizedOperation', 'not authorized'));

    // Act
    const { code, stdout } = await runInMemory(
      ['remediate', '--apply', '--max-changes', '1', '--format', 'json'],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(1);
    expect(mutatingCalls(account)).toEqual([]);
    const { result } = JSON.parse(stdout) as { result: RemediationResult };
    expect(result.overCap).toBe(true);
    expect(result.errors.map((e) => e.region)).toEqual(['eu-west-1']);
  });

  describe("the caller's own account, tagged vpce-auditor:exempt in AWS Organizations", () => {
    function taggedExempt(account: FakeAccount, value = 'true'): void {
      account.organizations
        .on(ListTagsForResourceCommand, { ResourceId: '111122223333' })
        .resolves({ Tags: [{ Key: 'vpce-auditor:exempt', Value: value }] });
    }

    it.each(['true', 'yes', ''])(
      'is refused by --apply (exit 2, naming the tag) before anything is collected (value %j)',
      async (value) => {
        // Prepare
        const account = fakeAccount(seededEstate());
        taggedExempt(account, value);

        // Act
        const { code, stdout, stderr } = await runInMemory(
          ['remediate', '--apply', '--no-cost'],
          {},
          depsOf(account),
        );

        // Assess
        expect(code).toBe(2);
        expect(stdout).toBe('');
        expect(stderr).toBe(
          'vpce-auditor: account 111122223333 is tagged vpce-auditor:exempt in AWS Organizations: its owners exempted it, so nothing in it is changed (audit --org leaves it out too); pass --include-exempt-account to change it anyway\n',
        );
        expect(mutatingCalls(account)).toEqual([]);
        for (const mock of account.ec2.values())
          expect(mock).not.toHaveReceivedCommand(DescribeRouteTablesCommand);
      },
    );

    it('is changed with --include-exempt-account, and a plan without --apply asks nothing', async () => {
      // Prepare
      const account = fakeAccount(seededEstate());
      taggedExempt(account);

      // Act
      const { code: appliedCode } = await runInMemory(
        ['remediate', '--apply', '--include-exempt-account', '--no-cost', '--format', 'json'],
        {},
        depsOf(account),
      );
      const asked = account.organizations.commandCalls(ListTagsForResourceCommand).length;
      const { code: plannedCode } = await runInMemory(
        ['remediate', '--no-cost'],
        {},
        depsOf(account),
      );

      // Assess
      expect(appliedCode).toBe(0);
      expect(asked).toBe(0);
      expect(mutatingCalls(account).length).toBeGreaterThan(0);
      expect(plannedCode).toBe(0);
      expect(account.organizations.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
    });

    it('stops --apply with exit 1 and changes nothing when its tags cannot be read', async () => {
      // Prepare
      const account = fakeAccount(seededEstate());
      account.organizations
        .on(ListTagsForResourceCommand)
        .rejects(awsError('AccessDeniedException', 'not the management account'));

      // Act
      const { code, stderr } = await runInMemory(
        ['remediate', '--apply', '--no-cost'],
        {},
        depsOf(account),
      );

      // Assess
      expect(code).toBe(1);
      expect(stderr).toContain(
        'account 111122223333: cannot read its tags in AWS Organizations to check vpce-auditor:exempt (ListTagsForResource: AccessDeniedException',
      );
      expect(mutatingCalls(account)).toEqual([]);
    });

    it('passes with a tag value of false, outside any organization, or outside the caller organization', async () => {
      // Prepare
      const lifted = fakeAccount(seededEstate());
      taggedExempt(lifted, 'false');
      const alone = fakeAccount(seededEstate());
      const elsewhere = fakeAccount(seededEstate());
      elsewhere.organizations
        .on(ListTagsForResourceCommand)
        .rejects(awsError('TargetNotFoundException', "You specified a target that doesn't exist."));

      // Act
      const { code: liftedCode } = await runInMemory(
        ['remediate', '--apply', '--no-cost'],
        {},
        depsOf(lifted),
      );
      const { code: aloneCode } = await runInMemory(
        ['remediate', '--apply', '--no-cost'],
        {},
        depsOf(alone),
      );

      const { code: elsewhereCode } = await runInMemory(
        ['remediate', '--apply', '--no-cost'],
        {},
        depsOf(elsewhere),
      );

      // Assess
      expect([liftedCode, aloneCode, elsewhereCode]).toEqual([0, 0, 0]);
      expect(mutatingCalls(lifted).length).toBeGreaterThan(0);
      expect(mutatingCalls(alone).length).toBeGreaterThan(0);
      expect(mutatingCalls(elsewhere).length).toBeGreaterThan(0);
      expect(alone.organizations).toHaveReceivedCommandWith(ListTagsForResourceCommand, {
        ResourceId: '111122223333',
      });
    });
  });

  it('with --apply over the cap changes nothing and exits 1 with the reason', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());

    // Act
    const { code, stdout, stderr } = await runInMemory(
      ['remediate', '--apply', '--max-changes', '5'],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(1);
    expect(mutatingCalls(account)).toEqual([]);
    expect(stderr).toContain('nothing changed: 6 changes planned, over the cap of 5');
    expect(stdout).toContain('OVER CAP, nothing changed');
  });

  it('takes the cap from MAX_CHANGES and one policy per service from the environment', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());
    const folder = mkdtempSync(join(tmpdir(), 'remediate-'));
    const s3 = join(folder, 's3.json');
    const dynamodb = join(folder, 'dynamodb.json');
    writeFileSync(
      s3,
      '{ "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "*" }] }',
    );
    writeFileSync(
      dynamodb,
      '{ "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "dynamodb:*", "Resource": "*" }] }',
    );
    const io = memoryIo({
      MAX_CHANGES: '2',
      ENDPOINT_POLICY_S3_FILE: s3,
      ENDPOINT_POLICY_DYNAMODB_FILE: dynamodb,
    });

    // Act
    const code = await runCli(
      ['remediate', '--apply', '--regions', 'eu-west-1', '--format', 'json'],
      io,
      depsOf(account),
    );

    // Assess
    expect(code).toBe(0);
    const { plan } = JSON.parse(io.stdout()) as { plan: RemediationPlan };
    expect(plan.scope).toMatchObject({
      maxChanges: 2,
      customPolicy: true,
      customPolicies: ['s3', 'dynamodb'],
    });
    expect(account.ec2.get('eu-west-1')).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      ServiceName: 'com.amazonaws.eu-west-1.s3',
      PolicyDocument:
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"*"}]}',
    });
    expect(account.ec2.get('eu-west-1')).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      ServiceName: 'com.amazonaws.eu-west-1.dynamodb',
      PolicyDocument:
        '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"dynamodb:*","Resource":"*"}]}',
    });
    expect(plan.actions.map((a) => [a.service, a.endpointPolicy])).toEqual([
      ['dynamodb', { source: 'configured', fullAccess: true, allows: 'full access' }],
      [
        's3',
        {
          source: 'configured',
          fullAccess: false,
          allows: 'allows s3:GetObject, s3:PutObject on *',
        },
      ],
    ]);
  });

  it.each([
    [
      'written for another service',
      { Effect: 'Allow', Principal: '*', Action: 'dynamodb:*', Resource: '*' },
      's3:GetObject, s3:PutObject',
    ],
    [
      'allowing every action but S3 (NotAction)',
      { Effect: 'Allow', Principal: '*', NotAction: 's3:*', Resource: '*' },
      's3:GetObject, s3:PutObject',
    ],
    [
      'allowing everything and denying everything',
      [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' },
      ],
      's3:GetObject, s3:PutObject',
    ],
    [
      'denying writes by wildcard',
      [
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:Put*', Resource: 'arn:aws:s3:::*' },
      ],
      's3:PutObject',
    ],
  ])(
    'refuses a policy file %s, naming what it blocks, before calling AWS',
    async (_what, statement, blocked) => {
      // Prepare
      const account = fakeAccount(seededEstate());
      const file = join(mkdtempSync(join(tmpdir(), 'remediate-')), 'policy.json');
      writeFileSync(file, JSON.stringify({ Statement: statement }));

      // Act
      const { code, stderr } = await runInMemory(
        ['remediate', '--apply', '--policy-s3', file],
        {},
        depsOf(account),
      );

      // Assess
      expect(code).toBe(2);
      expect(stderr).toContain(
        `vpce-auditor: --policy-s3: policy file "${file}" would cut S3 off: it blocks ${blocked} for every principal`,
      );
      expect(stderr).toContain('--allow-restrictive-policy');
      expect(stderr.split('\n')).toHaveLength(2);
      for (const mock of account.ec2.values()) expect(mock.calls()).toHaveLength(0);
    },
  );

  it('applies a policy that blocks what a workload needs only with --allow-restrictive-policy', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());
    const file = join(mkdtempSync(join(tmpdir(), 'remediate-')), 'read-only.json');
    writeFileSync(
      file,
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}',
    );

    // Act
    const { code, plan } = await jsonPlanRun(account, [
      'remediate',
      '--services',
      's3',
      '--policy-s3',
      file,
      '--allow-restrictive-policy',
    ]);

    // Assess
    expect(code).toBe(0);
    expect(plan.scope).toMatchObject({ customPolicies: ['s3'] });
  });

  it('exits 2 naming a --vpc that is in none of the audited regions, and changes nothing', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());

    // Act
    const { code, stderr } = await runInMemory(
      ['remediate', '--apply', '--vpc', 'vpc-0a00000000000000f'],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--vpc: "vpc-0a00000000000000f" is in none of the audited regions (eu-west-1, us-east-1)',
    );
    expect(mutatingCalls(account)).toHaveLength(0);
  });

  it('leaves an existing endpoint with a restrictive policy to a person, unless allowed', async () => {
    // Prepare
    const snapshot = seededEstate();
    const restrictive =
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::corp-artifacts/*"}]}';
    const endpoint = snapshot.regions[REGION]?.VpcEndpoints.find(
      (e) => e.VpcEndpointId === 'vpce-0b000000000000001',
    );
    if (!endpoint) throw new Error('the seeded estate lost its endpoint');
    endpoint.PolicyDocument = restrictive;
    const account = fakeAccount(snapshot);

    // Act
    const { code, plan } = await jsonPlanRun(account, [
      'remediate',
      '--apply',
      '--vpc',
      'vpc-0a000000000000002',
      '--services',
      's3',
    ]);
    const allowed = await jsonPlanRun(account, [
      'remediate',
      '--vpc',
      'vpc-0a000000000000002',
      '--services',
      's3',
      '--allow-restrictive-policy',
    ]);

    // Assess
    expect(code).toBe(0);
    expect(plan.actions).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        routeTableId: 'rtb-021',
        kind: 'manual',
        reason: expect.stringContaining(
          'vpce-0b000000000000001 has a policy that is not full access (it allows s3:GetObject on arn:aws:s3:::corp-artifacts/*; it blocks s3:PutObject for every principal)',
        ) as string,
      }),
    ]);
    expect(mutatingCalls(account)).toHaveLength(0);
    expect(allowed.code).toBe(0);
    expect(allowed.plan.actions).toEqual([
      expect.objectContaining({
        kind: 'attach',
        endpointId: 'vpce-0b000000000000001',
        endpointPolicy: {
          source: 'existing',
          fullAccess: false,
          allows: 'allows s3:GetObject on arn:aws:s3:::corp-artifacts/*',
        },
      }),
    ]);
    expect(allowed.plan.warnings).toEqual([expect.stringContaining('aws:SourceVpce')]);
  });

  it('limits the run to the --vpc given, and exits 1 when an action fails', async () => {
    // Prepare
    const account = fakeAccount(seededEstate());
    account.ec2
      .get(REGION)
      ?.on(CreateVpcEndpointCommand, {
        ServiceName: 'com.amazonaws.us-east-1.dynamodb',
        DryRun: undefined,
      })
      .rejects(
        awsError(
          'VpcEndpointLimitExceeded',
          'The maximum number of VPC endpoints has been reached.',
        ),
      );

    // Act
    const { code, stdout } = await runInMemory(
      [
        'remediate',
        '--apply',
        '--vpc',
        'vpc-0a000000000000001',
        '--vpc',
        'vpc-0a000000000000002',
        '--services',
        'dynamodb',
      ],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain('FAILED');
    expect(stdout).toContain('VpcEndpointLimitExceeded');
    expect(account.ec2.get('eu-west-1')).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
  });

  it.each([
    [['--vpc', 'vpc-nothex'], '--vpc: "vpc-nothex" is not a VPC id'],
    [['--include-paths', 'gateway-endpoint'], '--include-paths: "gateway-endpoint" is not a path'],
    [['--max-changes', 'ten'], '--max-changes: "ten" is not a whole number'],
    [
      ['--policy-dynamodb', '/nonexistent/policy.json'],
      '--policy-dynamodb: cannot read policy file "/nonexistent/policy.json"',
    ],
    [['--policy', 'p.json'], '--policy: one policy for every endpoint is no longer accepted'],
    [['--snapshot', 'x.json', '--apply'], '--apply cannot be used with --snapshot'],
    [['--iac-tag', 'ManagedBy'], '--iac-tag: "ManagedBy" is not KEY=VALUE'],
    [
      ['--iac-tag', 'aws:cloudformation:stack-name=x'],
      '--iac-tag: "aws:cloudformation:stack-name=x": aws: tags',
    ],
  ])('rejects %j with exit 2 before calling AWS', async (args, message) => {
    // Prepare
    const account = fakeAccount(seededEstate());

    // Act
    const { code, stderr } = await runInMemory(
      ['remediate', '--apply', ...args],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    for (const mock of account.ec2.values()) expect(mock.calls()).toHaveLength(0);
  });

  it('skips with --apply the changes to resources of a stack or a declared IaC tag, unless --allow-drift', async () => {
    // Prepare
    const snapshot = seededEstate();
    const vpcs = snapshot.regions[REGION]?.Vpcs ?? [];
    const tables = snapshot.regions[REGION]?.RouteTables ?? [];
    const table = tables.find((t) => t.RouteTableId === 'rtb-012');
    if (!table) throw new Error('rtb-012 missing');
    table.Tags = [
      { Key: 'aws:cloudformation:stack-name', Value: 'network' },
      { Key: 'aws:cloudformation:logical-id', Value: 'PrivateRouteTable' },
    ];
    const terraformVpc = vpcs.find((v) => v.VpcId === 'vpc-0a000000000000002');
    if (!terraformVpc) throw new Error('vpc-0a000000000000002 missing');
    terraformVpc.Tags = [{ Key: 'ManagedBy', Value: 'terraform' }];
    const account = fakeAccount(snapshot);
    const args = [
      'remediate',
      '--apply',
      '--regions',
      REGION,
      '--services',
      's3',
      '--format',
      'json',
    ];

    // Act
    const { code, stdout } = await runInMemory(
      [...args, '--iac-tag', 'ManagedBy=terraform'],
      {},
      depsOf(account),
    );
    const callsKept = mutatingCalls(account).length;
    const { code: drifted } = await runInMemory(
      [...args, '--iac-tag', 'ManagedBy=terraform', '--allow-drift'],
      {},
      depsOf(account),
    );

    // Assess
    expect(code).toBe(0);
    expect(callsKept).toBe(0);
    const { plan, result } = JSON.parse(stdout) as {
      plan: RemediationPlan;
      result: RemediationResult;
    };
    expect(
      plan.actions.map((a) => [a.vpcId, a.iacManaged?.owners.map((o) => o.resourceId)]),
    ).toEqual([
      ['vpc-0a000000000000001', ['rtb-012']],
      ['vpc-0a000000000000002', ['vpc-0a000000000000002']],
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(result.results[0]?.reason).toContain(
      'CloudFormation stack "network" (logical id PrivateRouteTable)',
    );
    expect(result.results[1]?.reason).toContain('the tool tagged ManagedBy=terraform');
    expect(drifted).toBe(0);
    const made = mutatingCalls(account).filter(
      (call) => (call.args[0].input as { DryRun?: boolean }).DryRun !== true,
    );
    expect(made).toHaveLength(2);
  });

  it('exits 2 from a snapshot, as live, naming a --vpc that is only in a region --regions left out', async () => {
    // Prepare: the sample estate's eu-west-1 VPC, with only us-east-1 audited
    const sample = join(__dirname, '../../../examples/sample-estate.json');

    // Act
    const { code, stdout, stderr } = await runInMemory([
      'remediate',
      '--snapshot',
      sample,
      '--regions',
      'us-east-1',
      '--vpc',
      'vpc-047f10ba7161c9b25',
    ]);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toBe(
      'vpce-auditor: --vpc: "vpc-047f10ba7161c9b25" is in none of the audited regions (us-east-1)\n',
    );
    expect(stdout).toBe('');
  });

  it('plans from a snapshot file without any client', async () => {
    // Prepare
    const clients = jest.fn();

    // Act
    const { code, stdout } = await runInMemory(
      [
        'remediate',
        '--snapshot',
        join(SCENARIO_DIR, '06-specific-route-overrides-endpoint.json'),
        '--format',
        'markdown',
      ],
      {},
      { clients },
    );

    // Assess
    expect(code).toBe(0);
    expect(clients).not.toHaveBeenCalled();
    expect(stdout).toContain('_Dry run: nothing is changed without `--apply`._');
    expect(stdout).toContain('| manual |');
  });
});
