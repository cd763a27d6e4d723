import { EC2Client, ModifyVpcEndpointCommand } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { applyPlan } from '../../../src/remediation/apply';
import { planRemediation } from '../../../src/remediation/plan';
import { isSuccessful } from '../../../src/remediation/result-types';
import { verifyResult } from '../../../src/remediation/verify';
import { planOf } from '../../helpers/plan-of';
import { fakeEc2 } from '../../helpers/fake-ec2';
import { awsError, estate, type VpcSpec } from '../../helpers';

const REGION = 'us-east-1';
const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: REGION });
const instant = { sleep: () => Promise.resolve(), now: () => 0 };

const vpc = (n: number, extra: Partial<VpcSpec> = {}): VpcSpec => ({
  id: `vpc-0a00000000000000${n}`,
  tables: [
    { id: `rtb-0${n}1`, subnets: [`subnet-0${n}1`], via: 'igw-0123456789abcdef0' },
    { id: `rtb-0${n}2`, subnets: [`subnet-0${n}2`, `subnet-0${n}3`], via: 'nat-0123456789abcdef0' },
  ],
  ...extra,
});

describe('verifyResult', () => {
  beforeEach(() => {
    ec2.reset();
  });

  it('verifies applied actions on fresh data, and a second plan right after has nothing to do', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        vpc(1),
        vpc(2, { endpoints: [{ id: 'vpce-0b000000000000001', service: 'dynamodb', tables: [] }] }),
      ])
      .build();
    const fake = fakeEc2(ec2, snapshot, REGION);
    const applied = await applyPlan(planOf(snapshot), { ec2: () => client, pacing: instant });

    // Act
    const verified = await verifyResult(applied, fake.recollect, { sleep: instant.sleep });

    // Assess
    expect(verified.results.map((r) => [r.actionId, r.kind, r.status])).toEqual([
      ['us-east-1/vpc-0a000000000000001/dynamodb', 'create-endpoint', 'verified'],
      ['us-east-1/vpc-0a000000000000001/s3', 'create-endpoint', 'verified'],
      ['us-east-1/vpc-0a000000000000002/dynamodb', 'attach', 'verified'],
      ['us-east-1/vpc-0a000000000000002/s3', 'create-endpoint', 'verified'],
    ]);
    expect(verified.counts).toMatchObject({
      endpointsCreated: 3,
      routeTablesAttached: 8,
      verified: 4,
    });
    expect(isSuccessful(verified)).toBe(true);
    const again = planOf(snapshot);
    expect(again.actions).toEqual([]);
    expect(analyzeSnapshot(snapshot).summary.leakingSubnets).toBe(0);
  });

  it('fails an action whose route tables are not on the endpoint after all', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpc(1, { endpoints: [{ id: 'vpce-0b000000000000001', service: 's3', tables: [] }] })])
      .build();
    const fake = fakeEc2(ec2, snapshot, REGION);
    // The call says yes but changes nothing.
    ec2.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    const plan = planRemediation(analyzeSnapshot(snapshot), snapshot, { services: ['s3'] });
    const applied = await applyPlan(plan, {
      ec2: () => client,
      pacing: instant,
      permissionCheck: false,
    });
    const sleep = jest.fn(() => Promise.resolve());

    // Act
    const verified = await verifyResult(applied, fake.recollect, {
      sleep,
      attempts: 3,
      delayMs: 10,
    });

    // Assess
    expect(applied.results[0]?.status).toBe('applied');
    expect(verified.results[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('rtb-011, rtb-012 not on vpce-0b000000000000001'),
    });
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(isSuccessful(verified)).toBe(false);
  });

  it('leaves an action applied, not verified, when the endpoint is attached but a route still wins', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpc(1)])
      .build();
    const fake = fakeEc2(ec2, snapshot, REGION);
    const plan = planRemediation(analyzeSnapshot(snapshot), snapshot, { services: ['s3'] });
    const applied = await applyPlan(plan, { ec2: () => client, pacing: instant });
    // Someone adds a route more specific than the S3 list's 52.216.0.0/15 between the change and
    // the check.
    snapshot.regions[REGION]?.RouteTables[1]?.Routes.push({
      DestinationCidrBlock: '52.216.0.0/16',
      NatGatewayId: 'nat-0123456789abcdef0',
      State: 'active',
    });

    // Act
    const verified = await verifyResult(applied, fake.recollect, { sleep: instant.sleep });

    // Assess
    expect(verified.results[0]).toMatchObject({
      status: 'applied',
      reason: expect.stringMatching(/but the path is not gateway-endpoint: subnet-012 nat-gateway/),
    });
    expect(verified.counts.applied).toBe(1);
    expect(isSuccessful(verified)).toBe(false);
  });

  it('records a region error when the region cannot be collected again', async () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpc(1)])
      .build();
    fakeEc2(ec2, snapshot, REGION);
    const applied = await applyPlan(planOf(snapshot), { ec2: () => client, pacing: instant });
    const recollect = () =>
      Promise.reject(awsError('RequestLimitExceeded', 'Request limit exceeded.'));

    // Act
    const verified = await verifyResult(applied, recollect, { sleep: instant.sleep });

    // Assess
    expect(verified.errors).toEqual([
      {
        region: REGION,
        operation: 'verify',
        code: 'RequestLimitExceeded',
        message: 'Request limit exceeded.',
      },
    ]);
    expect(verified.results.every((r) => r.status === 'applied')).toBe(true);
    expect(verified.results[0]?.reason).toContain('re-collecting us-east-1 failed');
    expect(isSuccessful(verified)).toBe(false);
  });
});
