import type { PlanOptions } from '../../../src/remediation/plan';
import { ownersOf } from '../../../src/remediation/plan-iac-owner';
import { REMEDIATE_PAYLOAD_WORDING } from '../../../src/remediation/plan-types';
import type { Snapshot } from '../../../src/snapshot/schema';
import { estate, type VpcSpec, numberedVpc } from '../../helpers';
import { planOf as planWith } from '../../helpers/plan-of';
import { stackTags, vpcWithStackTable } from '../../helpers/stack-tags';

const REGION = 'us-east-1';

const vpc = (n: number, extra: Partial<VpcSpec> = {}): VpcSpec =>
  numberedVpc(n, ['nat-0123456789abcdef0', 'nat-0123456789abcdef0'], extra);

const planOf = (snapshot: Snapshot, options: PlanOptions = { services: ['s3'] }) =>
  planWith(snapshot, options);

describe('IaC ownership in the plan', () => {
  it('marks a change to a route table of a CloudFormation stack iac-managed, naming the stack and logical id', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpcWithStackTable(1, 'nat-0123456789abcdef0'), vpc(2)])
      .build();

    // Act
    const plan = planOf(snapshot);

    // Assess
    const [owned, free] = plan.actions;
    expect(owned?.vpcId).toBe('vpc-0a000000000000001');
    expect(owned?.iacManaged?.owners).toEqual([
      {
        tool: 'cloudformation',
        resourceType: 'route-table',
        resourceId: 'rtb-011',
        stackName: 'network',
        logicalId: 'PrivateRouteTable',
        stackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/network/1',
      },
    ]);
    expect(owned?.iacManaged?.reason).toContain(
      'route table rtb-011 belongs to CloudFormation stack "network" (logical id PrivateRouteTable)',
    );
    expect(owned?.iacManaged?.reason).toContain('--allow-drift');
    expect(free?.iacManaged).toBeUndefined();
    expect(plan.summary).toMatchObject({ actions: 2, iacManaged: 1 });
  });

  it('reads declared tags on the VPC and on the endpoint an attach would change, with KEY=* for any value', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        vpc(1, { tags: [{ Key: 'ManagedBy', Value: 'terraform' }] }),
        vpc(2, {
          endpoints: [
            {
              id: 'vpce-0b000000000000002',
              service: 's3',
              tables: ['rtb-021'],
              tags: [{ Key: 'tf:workspace', Value: 'prod' }],
            },
          ],
        }),
        vpc(3, { tags: [{ Key: 'ManagedBy', Value: 'pulumi' }] }),
      ])
      .build();

    // Act
    const plan = planOf(snapshot, {
      services: ['s3'],
      iacTags: [
        { key: 'ManagedBy', value: 'terraform' },
        { key: 'tf:workspace', value: '*' },
      ],
    });

    // Assess
    expect(plan.actions.map((a) => [a.vpcId, a.iacManaged?.owners])).toEqual([
      [
        'vpc-0a000000000000001',
        [
          {
            tool: 'tag',
            resourceType: 'vpc',
            resourceId: 'vpc-0a000000000000001',
            tag: { key: 'ManagedBy', value: 'terraform' },
          },
        ],
      ],
      [
        'vpc-0a000000000000002',
        [
          {
            tool: 'tag',
            resourceType: 'vpc-endpoint',
            resourceId: 'vpce-0b000000000000002',
            tag: { key: 'tf:workspace', value: 'prod' },
          },
        ],
      ],
      ['vpc-0a000000000000003', undefined],
    ]);
    expect(plan.scope.iacTags).toEqual(['ManagedBy=terraform', 'tf:workspace=*']);
  });

  it('counts iac-managed actions against the cap only when drift is allowed', () => {
    // Prepare
    const owned = { tags: stackTags('network', 'Vpc') };
    const snapshot = estate(REGION)
      .vpcs([vpc(1, owned), vpc(2, owned), vpc(3)])
      .build();

    // Act
    const kept = planOf(snapshot, { services: ['s3'], maxChanges: 1 });
    const drifting = planOf(snapshot, { services: ['s3'], maxChanges: 1, allowDrift: true });

    // Assess
    expect(kept.overCap).toBe(false);
    expect(kept.summary.iacManaged).toBe(2);
    expect(drifting.overCap).toBe(true);
    expect(drifting.overCapReason).toMatch(/^3 changes planned/);
    expect(drifting.scope.allowDrift).toBe(true);
  });

  it('tells the remediate function how to allow drift in its own words', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([vpc(1, { tags: stackTags('network', 'Vpc') })])
      .build();

    // Act
    const plan = planOf(snapshot, { services: ['s3'], wording: REMEDIATE_PAYLOAD_WORDING });

    // Assess
    expect(plan.actions[0]?.iacManaged?.reason).toContain('"allowDrift": true');
  });

  it('finds no owner in tags without a stack name or a declared tag', () => {
    // Prepare
    const tags = [
      { Key: 'aws:cloudformation:logical-id', Value: 'Orphan' },
      { Key: 'ManagedBy', Value: 'terraform' },
    ];

    // Act
    const owners = ownersOf('vpc', 'vpc-1', tags, [{ key: 'ManagedBy', value: 'pulumi' }]);

    // Assess
    expect(owners).toEqual([]);
  });
});
