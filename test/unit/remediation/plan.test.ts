import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { planRemediation, type PlanOptions } from '../../../src/remediation/plan';
import { clientTokenOf } from '../../../src/remediation/plan-client-token';
import type { CreateEndpointAction, AttachAction } from '../../../src/remediation/plan-types';
import type { Snapshot } from '../../../src/snapshot/schema';
import { ACCOUNT, estate, exemptTag, type VpcSpec } from '../../helpers';

const REGION = 'us-east-1';

function planOf(snapshot: Snapshot, options: PlanOptions = {}) {
  const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00Z' });
  return planRemediation(report, snapshot, options);
}

const natVpc = (id = 'vpc-0a0000000000000a1', extra: Partial<VpcSpec> = {}): VpcSpec => ({
  id,
  tables: [
    {
      id: `rtb-${id.slice(4)}1`,
      subnets: [`subnet-${id.slice(4)}1`],
      via: 'igw-0123456789abcdef0',
    },
    {
      id: `rtb-${id.slice(4)}2`,
      subnets: [`subnet-${id.slice(4)}2`],
      via: 'nat-0123456789abcdef0',
    },
    {
      id: `rtb-${id.slice(4)}3`,
      subnets: [`subnet-${id.slice(4)}3`],
      via: 'nat-0123456789abcdef1',
    },
  ],
  ...extra,
});

describe('planRemediation', () => {
  it('creates one gateway endpoint per VPC and service for all its leaking route tables', () => {
    // Prepare
    const snapshot = estate(REGION).vpcs([natVpc()]).build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toHaveLength(1);
    const action = plan.actions[0] as CreateEndpointAction;
    expect(action).toMatchObject({
      kind: 'create-endpoint',
      region: REGION,
      vpcId: 'vpc-0a0000000000000a1',
      service: 's3',
      serviceName: 'com.amazonaws.us-east-1.s3',
      routeTableIds: ['rtb-0a0000000000000a11', 'rtb-0a0000000000000a12', 'rtb-0a0000000000000a13'],
      paths: ['internet-gateway', 'nat-gateway'],
    });
    expect(action.findingIds).toEqual([
      '111122223333/us-east-1/rtb-0a0000000000000a11/s3',
      '111122223333/us-east-1/rtb-0a0000000000000a12/s3',
      '111122223333/us-east-1/rtb-0a0000000000000a13/s3',
    ]);
    expect(action.clientToken.length).toBeLessThanOrEqual(64);
    expect(action.clientToken).toMatch(/^[\x21-\x7e]+$/);
    expect(action.policyDocument).toBeUndefined();
    expect(plan.overCap).toBe(false);
    expect(plan.summary).toEqual({
      actions: 1,
      endpointsToCreate: 1,
      routeTablesToAttach: 3,
      skipped: 0,
    });
  });

  it('plans one action per service', () => {
    // Prepare
    const snapshot = estate(REGION).vpcs([natVpc()]).build();

    // Act
    const plan = planOf(snapshot);

    // Assess
    expect(plan.actions.map((a) => a.id)).toEqual([
      'us-east-1/vpc-0a0000000000000a1/dynamodb',
      'us-east-1/vpc-0a0000000000000a1/s3',
    ]);
  });

  it('attaches the leaking tables to the existing gateway endpoint instead of creating one', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        natVpc(undefined, {
          endpoints: [
            { id: 'vpce-0b000000000000001', service: 's3', tables: ['rtb-0a0000000000000a11'] },
          ],
        }),
      ])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'attach',
        endpointId: 'vpce-0b000000000000001',
        routeTableIds: ['rtb-0a0000000000000a12', 'rtb-0a0000000000000a13'],
      }),
    ]);
    expect(plan.summary.endpointsToCreate).toBe(0);
  });

  it('picks the lowest endpoint id when the VPC has several gateway endpoints for the service', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        natVpc(undefined, {
          endpoints: [
            { id: 'vpce-0f000000000000009', service: 's3', tables: [] },
            { id: 'vpce-0c000000000000002', service: 's3', tables: [] },
            { id: 'vpce-0e000000000000001', service: 's3', tables: [], state: 'deleting' },
            { id: 'vpce-00000000000000001', service: 'dynamodb', tables: [] },
          ],
        }),
      ])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect((plan.actions[0] as AttachAction).endpointId).toBe('vpce-0c000000000000002');
  });

  it('leaves a table whose more specific static route beats an endpoint as manual, with the reason', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        {
          id: 'vpc-0a0000000000000a1',
          tables: [
            { id: 'rtb-01', subnets: ['subnet-01'], via: 'nat-0123456789abcdef0' },
            {
              id: 'rtb-02',
              subnets: ['subnet-02'],
              via: 'nat-0123456789abcdef0',
              extraRoutes: [
                {
                  DestinationCidrBlock: '52.216.0.0/15',
                  NatGatewayId: 'nat-0123456789abcdef0',
                  State: 'active',
                },
              ],
            },
          ],
        },
      ])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]?.routeTableIds).toEqual(['rtb-01']);
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        routeTableId: 'rtb-02',
        kind: 'manual',
        reason: expect.stringContaining('52.216.0.0/15'),
      }),
    ]);
  });

  it.each([
    ['VPC', { tags: exemptTag() }],
    ['route table', { tableTags: exemptTag() }],
    ['subnet', { subnetTags: exemptTag() }],
  ])('never touches a table exempt through its %s tag', (_where, how) => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        {
          id: 'vpc-0a0000000000000a1',
          ...('tags' in how ? { tags: how.tags } : {}),
          tables: [
            {
              id: 'rtb-01',
              subnets: ['subnet-01', 'subnet-02'],
              via: 'nat-0123456789abcdef0',
              ...('tableTags' in how ? { tags: how.tableTags } : {}),
              // One exempt subnet on a shared table is enough to leave the table alone.
              ...('subnetTags' in how ? { subnetTags: { 'subnet-02': how.subnetTags } } : {}),
            },
          ],
        },
      ])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({ routeTableId: 'rtb-01', kind: 'exempt' }),
    ]);
  });

  it('skips a shared VPC owned by another account', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([natVpc(undefined, { owner: '999988887777' }), natVpc('vpc-0a0000000000000a2')])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions.map((a) => a.vpcId)).toEqual(['vpc-0a0000000000000a2']);
    expect(plan.skipped).toHaveLength(3);
    for (const skip of plan.skipped) {
      expect(skip).toMatchObject({
        vpcId: 'vpc-0a0000000000000a1',
        kind: 'not-owned',
        reason: expect.stringContaining('999988887777'),
      });
    }
  });

  it('skips everything when the snapshot does not say who owns the VPC', () => {
    // Prepare: a live collection whose caller identity named no account (a file is refused)
    const snapshot = { ...estate(REGION).vpcs([natVpc()]).build(), accountId: 'unknown' };

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toEqual([]);
    expect(plan.skipped.every((s) => s.kind === 'not-owned')).toBe(true);
  });

  describe('paths', () => {
    const snapshot = estate(REGION)
      .vpcs([
        {
          id: 'vpc-0a0000000000000a1',
          tables: [
            { id: 'rtb-0igw', subnets: ['subnet-01'], via: 'igw-0123456789abcdef0' },
            { id: 'rtb-0nat', subnets: ['subnet-02'], via: 'nat-0123456789abcdef0' },
            { id: 'rtb-0ins', subnets: ['subnet-03'], via: 'i-0123456789abcdef0' },
            { id: 'rtb-0tgw', subnets: ['subnet-04'], via: 'tgw-0123456789abcdef0' },
            { id: 'rtb-0vgw', subnets: ['subnet-05'], via: 'vgw-0123456789abcdef0' },
            { id: 'rtb-0pcx', subnets: ['subnet-06'], via: 'pcx-0123456789abcdef0' },
          ],
        },
      ])
      .build();

    it('remediates only nat-gateway, nat-instance and internet-gateway by default', () => {
      // Act
      const plan = planOf(snapshot, { services: ['s3'] });

      // Assess
      expect(plan.actions[0]?.routeTableIds).toEqual(['rtb-0igw', 'rtb-0ins', 'rtb-0nat']);
      expect(plan.skipped.map((s) => [s.routeTableId, s.kind, s.path])).toEqual([
        ['rtb-0pcx', 'path-not-included', 'other'],
        ['rtb-0tgw', 'path-not-included', 'transit-gateway'],
        ['rtb-0vgw', 'path-not-included', 'virtual-private-gateway'],
      ]);
      expect(plan.skipped[1]?.reason).toContain('--include-paths transit-gateway');
    });

    it('adds the opt-in paths the caller includes', () => {
      // Act
      const plan = planOf(snapshot, {
        services: ['s3'],
        includePaths: ['transit-gateway', 'other'],
      });

      // Assess
      expect(plan.actions[0]?.routeTableIds).toEqual([
        'rtb-0igw',
        'rtb-0ins',
        'rtb-0nat',
        'rtb-0pcx',
        'rtb-0tgw',
      ]);
      expect(plan.skipped.map((s) => s.routeTableId)).toEqual(['rtb-0vgw']);
      expect(plan.scope.includePaths).toEqual([
        'nat-gateway',
        'nat-instance',
        'internet-gateway',
        'transit-gateway',
        'other',
      ]);
    });
  });

  it('filters by region, VPC and service', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([natVpc(), natVpc('vpc-0a0000000000000a2')])
      .region('eu-west-1')
      .vpcs([natVpc('vpc-0e0000000000000e1')])
      .build();

    // Act
    const byRegion = planOf(snapshot, { regions: ['eu-west-1'] });
    const byVpc = planOf(snapshot, { vpcIds: ['vpc-0a0000000000000a2'] });
    const byService = planOf(snapshot, { services: ['dynamodb'] });

    // Assess
    expect(byRegion.actions.map((a) => a.id)).toEqual([
      'eu-west-1/vpc-0e0000000000000e1/dynamodb',
      'eu-west-1/vpc-0e0000000000000e1/s3',
    ]);
    expect(byVpc.actions.map((a) => a.id)).toEqual([
      'us-east-1/vpc-0a0000000000000a2/dynamodb',
      'us-east-1/vpc-0a0000000000000a2/s3',
    ]);
    expect(byService.actions.map((a) => a.service)).toEqual(['dynamodb', 'dynamodb', 'dynamodb']);
  });

  it('names the endpoint service as the China prefix list does in cn- regions', () => {
    // Prepare
    const snapshot = estate('cn-north-1').vpcs([natVpc()]).build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect((plan.actions[0] as CreateEndpointAction).serviceName).toBe(
      'cn.com.amazonaws.cn-north-1.s3',
    );
  });

  it('marks the plan over the cap when there are more actions than maxChanges', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([natVpc(), natVpc('vpc-0a0000000000000a2')])
      .build();

    // Act
    const within = planOf(snapshot, { maxChanges: 4 });
    const over = planOf(snapshot, { maxChanges: 3 });

    // Assess
    expect(within.overCap).toBe(false);
    expect(over.overCap).toBe(true);
    expect(over.overCapReason).toContain('4 changes planned, over the cap of 3');
    expect(over.actions).toHaveLength(4);
  });

  it('has a default cap of 25', () => {
    // Prepare
    const vpcs = Array.from({ length: 13 }, (_, i) =>
      natVpc(`vpc-0a00000000000${String(100 + i)}`),
    );
    const snapshot = estate(REGION).vpcs(vpcs).build();

    // Act
    const plan = planOf(snapshot);

    // Assess
    expect(plan.actions).toHaveLength(26);
    expect(plan.overCap).toBe(true);
    expect(plan.scope.maxChanges).toBe(25);
  });

  describe('client tokens', () => {
    it('are the same for the same input and differ when the tables, VPC or policy differ', () => {
      // Prepare
      const base = {
        accountId: ACCOUNT,
        region: REGION,
        vpcId: 'vpc-01',
        service: 's3' as const,
        routeTableIds: ['rtb-1', 'rtb-2'],
      };

      // Act
      const token = clientTokenOf(base);

      // Assess
      expect(clientTokenOf({ ...base, routeTableIds: ['rtb-2', 'rtb-1'] })).toBe(token);
      expect(clientTokenOf({ ...base, routeTableIds: ['rtb-1'] })).not.toBe(token);
      expect(clientTokenOf({ ...base, vpcId: 'vpc-02' })).not.toBe(token);
      expect(clientTokenOf({ ...base, policyDocument: '{"Statement":[]}' })).not.toBe(token);
      expect(token.length).toBeLessThanOrEqual(64);
    });

    it('are stable across two plans of the same estate, and carry the configured policy', () => {
      // Prepare
      const policy =
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}';

      // Act
      const first = planOf(estate(REGION).vpcs([natVpc()]).build(), {
        services: ['s3'],
        policyDocuments: { s3: policy },
      });
      const second = planOf(estate(REGION).vpcs([natVpc()]).build(), {
        services: ['s3'],
        policyDocuments: { s3: policy },
      });

      // Assess
      const a = first.actions[0] as CreateEndpointAction;
      expect((second.actions[0] as CreateEndpointAction).clientToken).toBe(a.clientToken);
      expect(a.policyDocument).toBe(policy);
      expect(first.scope.customPolicy).toBe(true);
    });
  });

  it('does not remediate a region whose audit failed', () => {
    // Prepare
    const snapshot = estate(REGION).vpcs([natVpc()]).build();
    const report = analyzeSnapshot(snapshot, { generatedAt: '2026-11-27T03:00:00Z' });
    report.errors.push({
      region: REGION,
      operation: 'collect',
      code: 'Throttling',
      message: 'slow down',
    });

    // Act
    const plan = planRemediation(report, snapshot);

    // Assess
    expect(plan.actions).toEqual([]);
    expect(plan.skipped.every((s) => s.kind === 'region-error')).toBe(true);
  });

  it('plans nothing for a VPC whose tables already use its endpoint', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        natVpc(undefined, {
          endpoints: [
            {
              id: 'vpce-0b000000000000001',
              service: 's3',
              tables: [
                'rtb-0a0000000000000a11',
                'rtb-0a0000000000000a12',
                'rtb-0a0000000000000a13',
              ],
            },
          ],
        }),
      ])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'] });

    // Assess
    expect(plan.actions).toEqual([]);
    expect(plan.skipped).toEqual([]);
  });
});
