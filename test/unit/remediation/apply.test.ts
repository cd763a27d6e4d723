import {
  CreateVpcEndpointCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import {
  applyPlan,
  DEADLINE_REASON,
  findingTagValue,
  type ApplyOptions,
} from '../../../src/remediation/apply';
import type { PlanOptions } from '../../../src/remediation/plan';
import type { CreateEndpointAction } from '../../../src/remediation/plan-types';
import type { Snapshot } from '../../../src/snapshot/schema';
import { planOf as planWith } from '../../helpers/plan-of';
import { vpcWithStackTable } from '../../helpers/stack-tags';
import { fakeEc2 } from '../../helpers/fake-ec2';
import { awsError, estate, type VpcSpec, numberedVpc } from '../../helpers';
import { virtualClock } from '../../helpers/virtual-clock';

const REGION = 'us-east-1';

const vpc = (n: number, extra: Partial<VpcSpec> = {}): VpcSpec =>
  numberedVpc(n, ['igw-0123456789abcdef0', 'nat-0123456789abcdef0'], extra);

const planOf = (snapshot: Snapshot, options: PlanOptions = { services: ['s3'] }) =>
  planWith(snapshot, options);

/** A clock that only moves when slept on, recording each sleep, and the pacing that uses it. */
function virtualTime() {
  const clock = virtualClock();
  return {
    sleeps: clock.sleeps,
    pacing: { now: clock.now, sleep: clock.sleep, random: () => 0.5 },
  };
}

describe('applyPlan', () => {
  const clients = new Map<string, EC2Client>();
  const mocks = new Map<string, AwsClientStub<EC2Client>>();
  const ec2 = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new EC2Client({ region });
      clients.set(region, client);
      mocks.set(region, mockClient(client));
    }
    return client;
  };
  const mockOf = (region: string) => {
    ec2(region);
    const mock = mocks.get(region);
    if (!mock) throw new Error('no mock');
    return mock;
  };
  /** The estate of `vpcs` in us-east-1, and the fake EC2 that serves it there. */
  const servedEstate = (...vpcs: VpcSpec[]) => {
    const snapshot = estate(REGION).vpcs(vpcs).build();
    return { snapshot, fake: fakeEc2(mockOf(REGION), snapshot, REGION) };
  };
  let time: ReturnType<typeof virtualTime>;
  let options: ApplyOptions;

  beforeEach(() => {
    for (const mock of mocks.values()) mock.reset();
    time = virtualTime();
    options = { ec2, pacing: time.pacing };
  });

  it('creates a tagged Gateway endpoint with the plan client token and the default policy', async () => {
    // Prepare
    const { snapshot, fake } = servedEstate(vpc(1));
    const plan = planOf(snapshot);
    const action = plan.actions[0] as CreateEndpointAction;

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION)).toHaveReceivedNthSpecificCommandWith(1, CreateVpcEndpointCommand, {
      DryRun: true,
      VpcId: 'vpc-0a000000000000001',
    });
    const probe = mockOf(REGION).commandCalls(CreateVpcEndpointCommand)[0]?.args[0].input;
    expect(probe).not.toHaveProperty('ClientToken');
    expect(mockOf(REGION)).toHaveReceivedNthSpecificCommandWith(2, CreateVpcEndpointCommand, {
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0a000000000000001',
      ServiceName: 'com.amazonaws.us-east-1.s3',
      RouteTableIds: ['rtb-011', 'rtb-012'],
      ClientToken: action.clientToken,
      TagSpecifications: [
        {
          ResourceType: 'vpc-endpoint',
          Tags: [
            { Key: 'ManagedBy', Value: 'vpce-auditor' },
            {
              Key: 'vpce-auditor:finding',
              Value: '111122223333/us-east-1/rtb-011/s3 111122223333/us-east-1/rtb-012/s3',
            },
          ],
        },
      ],
    });
    const sent = mockOf(REGION).commandCalls(CreateVpcEndpointCommand)[1]?.args[0].input;
    expect(sent).not.toHaveProperty('PolicyDocument');
    expect(sent).not.toHaveProperty('DryRun');
    expect(result.results).toEqual([
      expect.objectContaining({
        status: 'applied',
        endpointId: fake.created[0],
        kind: 'create-endpoint',
      }),
    ]);
    expect(result.counts).toMatchObject({
      endpointsCreated: 1,
      routeTablesAttached: 2,
      applied: 1,
      failed: 0,
    });
  });

  it('sends the configured policy document', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1));
    const policy =
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}';
    const plan = planOf(snapshot, { services: ['s3'], policyDocuments: { s3: policy } });

    // Act
    await applyPlan(plan, { ...options, permissionCheck: false });

    // Assess
    expect(mockOf(REGION)).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 1);
    expect(mockOf(REGION)).toHaveReceivedCommandWith(CreateVpcEndpointCommand, {
      PolicyDocument: policy,
    });
  });

  it('attaches route tables to the existing endpoint with ModifyVpcEndpoint', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        vpc(1, {
          endpoints: [{ id: 'vpce-0b000000000000001', service: 's3', tables: ['rtb-011'] }],
        }),
      ])
      .build();
    fakeEc2(mockOf(REGION), snapshot, REGION);
    const plan = planOf(snapshot);

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION)).toHaveReceivedCommandWith(ModifyVpcEndpointCommand, {
      VpcEndpointId: 'vpce-0b000000000000001',
      AddRouteTableIds: ['rtb-012'],
    });
    expect(mockOf(REGION)).not.toHaveReceivedCommand(CreateVpcEndpointCommand);
    expect(result.counts).toMatchObject({
      endpointsCreated: 0,
      routeTablesAttached: 1,
      applied: 1,
    });
  });

  it('changes nothing when the plan is over its cap', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1), vpc(2));
    const plan = planOf(snapshot, { services: ['s3'], maxChanges: 1 });

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION).calls()).toHaveLength(0);
    expect(result.overCap).toBe(true);
    expect(result.results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(result.results[0]?.reason).toContain('over the cap of 1');
  });

  it('starts nothing once the deadline has passed: every action skipped, no call sent', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1), vpc(2));
    const plan = planOf(snapshot);

    // Act
    const result = await applyPlan(plan, { ...options, deadline: Date.now() - 1 });

    // Assess
    expect(mockOf(REGION).calls()).toHaveLength(0);
    expect(result.results.map((r) => [r.status, r.reason])).toEqual([
      ['skipped', DEADLINE_REASON],
      ['skipped', DEADLINE_REASON],
    ]);
  });

  it('finishes the change in progress at the deadline and starts no other', async () => {
    // Prepare: the first create answers after the deadline has passed (a clock the fake moves,
    // so the machine's load cannot make the deadline pass before the first change starts).
    const { snapshot } = servedEstate(vpc(1), vpc(2), vpc(3));
    const plan = planOf(snapshot);
    let clock = 1_000_000;
    const deadline = clock + 40;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => clock);
    mockOf(REGION)
      .on(CreateVpcEndpointCommand)
      .callsFake(() => {
        clock = deadline + 5;
        return { VpcEndpoint: { VpcEndpointId: 'vpce-0slow0000000000', State: 'available' } };
      });

    // Act
    const result = await applyPlan(plan, { ...options, permissionCheck: false, deadline }).finally(
      () => now.mockRestore(),
    );

    // Assess
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'skipped', 'skipped']);
    expect(mockOf(REGION).commandCalls(CreateVpcEndpointCommand)).toHaveLength(1);
    expect(result.results[2]?.reason).toBe(DEADLINE_REASON);
  });

  it('spaces endpoint calls in a region and backs off on RequestLimitExceeded', async () => {
    // Prepare
    const { snapshot, fake } = servedEstate(vpc(1), vpc(2));
    const plan = planOf(snapshot);
    const succeed = { VpcEndpoint: { VpcEndpointId: 'vpce-0c000000000000001' } };
    mockOf(REGION)
      .on(CreateVpcEndpointCommand)
      .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.'))
      .resolvesOnce(succeed)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0c000000000000002' } });

    // Act
    const result = await applyPlan(plan, { ...options, permissionCheck: false });

    // Assess
    expect(fake.created).toEqual([]);
    expect(mockOf(REGION)).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 3);
    expect(result.results.map((r) => [r.status, r.endpointId])).toEqual([
      ['applied', 'vpce-0c000000000000001'],
      ['applied', 'vpce-0c000000000000002'],
    ]);
    // A backoff of 5 s * (0.5 + 0.5 * 0.5) = 3.75 s empties the bucket; the retry takes the token
    // earned at 3.4 s, and the second action waits for the next one (6.8 s - 3.75 s).
    expect(time.sleeps).toEqual([3750, 3050]);
  });

  it('reports one failed call with its AWS error and still applies the others', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1), vpc(2), vpc(3));
    const plan = planOf(snapshot);
    mockOf(REGION)
      .on(CreateVpcEndpointCommand, { VpcId: 'vpc-0a000000000000002' })
      .rejects(
        awsError(
          'VpcEndpointLimitExceeded',
          'The maximum number of VPC endpoints has been reached.',
        ),
      );

    // Act
    const result = await applyPlan(plan, { ...options, permissionCheck: false });

    // Assess
    expect(result.results.map((r) => r.status)).toEqual(['applied', 'failed', 'applied']);
    expect(result.results[1]).toMatchObject({
      error: {
        code: 'VpcEndpointLimitExceeded',
        message: 'The maximum number of VPC endpoints has been reached.',
      },
      reason: expect.stringContaining('VpcEndpointLimitExceeded'),
    });
    expect(result.counts).toMatchObject({ endpointsCreated: 2, failed: 1 });
  });

  it('changes nothing in a region whose DryRun permission check is denied, and goes on elsewhere', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpc(1), vpc(2)])
      .region('eu-west-1')
      .vpcs([vpc(3)])
      .build();
    fakeEc2(mockOf(REGION), snapshot, REGION);
    fakeEc2(mockOf('eu-west-1'), snapshot, 'eu-west-1');
    mockOf(REGION)
      .on(CreateVpcEndpointCommand, { DryRun: true })
      .rejects(
        awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      );
    const plan = planOf(snapshot);

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION)).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 1);
    expect(mockOf(REGION)).not.toHaveReceivedCommand(DescribeVpcEndpointsCommand);
    expect(result.results.map((r) => [r.region, r.status])).toEqual([
      ['eu-west-1', 'applied'],
      [REGION, 'failed'],
      [REGION, 'failed'],
    ]);
    expect(result.results[1]?.reason).toContain(
      'permission pre-check (DryRun) denied CreateVpcEndpoint',
    );
    expect(result.results[1]?.error?.code).toBe('UnauthorizedOperation');
  });

  it('counts a change made by an endpoint API that ignored DryRun, and does not repeat it', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1));
    mockOf(REGION)
      .on(CreateVpcEndpointCommand)
      .resolves({ VpcEndpoint: { VpcEndpointId: 'vpce-0d000000000000001' } });
    const plan = planOf(snapshot);

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION)).toHaveReceivedCommandTimes(CreateVpcEndpointCommand, 1);
    expect(result.results[0]).toMatchObject({
      status: 'applied',
      endpointId: 'vpce-0d000000000000001',
    });
  });

  it('skips an attach whose route tables are already on the endpoint', async () => {
    // Prepare
    const { snapshot } = servedEstate(
      vpc(1, { endpoints: [{ id: 'vpce-0b000000000000001', service: 's3', tables: [] }] }),
    );
    const plan = planOf(snapshot);
    const endpoint = snapshot.regions[REGION]?.VpcEndpoints[0];
    if (endpoint) endpoint.RouteTableIds = ['rtb-011', 'rtb-012'];

    // Act
    const result = await applyPlan(plan, options);

    // Assess
    expect(mockOf(REGION)).not.toHaveReceivedCommandWith(ModifyVpcEndpointCommand, {
      DryRun: false,
    });
    expect(mockOf(REGION)).toHaveReceivedCommandTimes(ModifyVpcEndpointCommand, 1);
    expect(result.results[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('already done'),
    });
  });

  it('re-applying the same plan creates nothing the second time', async () => {
    // Prepare
    const { snapshot, fake } = servedEstate(vpc(1));
    const plan = planOf(snapshot);
    await applyPlan(plan, options);

    // Act
    const again = await applyPlan(plan, { ...options, permissionCheck: false });

    // Assess
    expect(fake.created).toHaveLength(1);
    expect(again.results[0]).toMatchObject({ status: 'skipped', endpointId: fake.created[0] });
    expect(again.counts.endpointsCreated).toBe(0);
  });

  it('turns RouteAlreadyExists into a failure that says what happened', async () => {
    // Prepare
    const { snapshot } = servedEstate(vpc(1));
    const plan = planOf(snapshot);
    mockOf(REGION)
      .on(CreateVpcEndpointCommand)
      .rejects(
        awsError(
          'RouteAlreadyExists',
          'route table rtb-011 already has a route with destination-prefix-list-id pl-1',
        ),
      );

    // Act
    const result = await applyPlan(plan, { ...options, permissionCheck: false });

    // Assess
    expect(result.results[0]).toMatchObject({
      status: 'failed',
      error: { code: 'RouteAlreadyExists' },
      reason: expect.stringContaining('run again to plan from fresh data'),
    });
  });

  it('leaves an iac-managed change to its owner, and makes it only when the plan allows drift', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpcWithStackTable(1, 'nat-0123456789abcdef0'), vpc(2)])
      .build();
    const keptPlan = planOf(snapshot);
    const driftPlan = planOf(snapshot, { services: ['s3'], allowDrift: true });
    fakeEc2(mockOf(REGION), structuredClone(snapshot), REGION);

    // Act
    const kept = await applyPlan(keptPlan, options);
    const sentWhenKept = mockOf(REGION)
      .commandCalls(CreateVpcEndpointCommand)
      .map((call) => call.args[0].input.VpcId);
    mockOf(REGION).reset();
    fakeEc2(mockOf(REGION), structuredClone(snapshot), REGION);
    const drifted = await applyPlan(driftPlan, options);

    // Assess
    expect(sentWhenKept).not.toContain('vpc-0a000000000000001');
    expect(kept.results.map((r) => [r.vpcId, r.status])).toEqual([
      ['vpc-0a000000000000001', 'skipped'],
      ['vpc-0a000000000000002', 'applied'],
    ]);
    expect(kept.results[0]?.reason).toContain(
      'CloudFormation stack "network" (logical id PrivateRouteTable)',
    );
    expect(drifted.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it('cuts the finding tag to 256 characters', () => {
    // Prepare
    const ids = Array.from(
      { length: 20 },
      (_, i) => `us-east-1/rtb-0123456789abcde${String(i).padStart(2, '0')}/s3`,
    );

    // Act
    const value = findingTagValue(ids);

    // Assess
    expect(value).toHaveLength(256);
    expect(value.endsWith('...')).toBe(true);
    expect(ids.join(' ').startsWith(value.slice(0, 253))).toBe(true);
  });
});
