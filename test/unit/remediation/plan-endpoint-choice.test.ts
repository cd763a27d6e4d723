import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { planRemediation } from '../../../src/remediation/plan';
import type { Snapshot } from '../../../src/snapshot/schema';
import { estate } from '../../helpers';

const REGION = 'us-east-1';
const NAT = 'nat-0123456789abcdef0';

function planOf(snapshot: Snapshot) {
  return planRemediation(analyzeSnapshot(snapshot, { generatedAt: 'now' }), snapshot, {
    services: ['s3'],
  });
}

describe('the endpoint a plan puts route tables on', () => {
  it('creates an endpoint rather than attaching to one whose IpAddressType does not route the IPv4 list', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        {
          id: 'vpc-0a000000000000001',
          tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: NAT }],
          endpoints: [
            { id: 'vpce-0b000000000000001', service: 's3', tables: [], ipAddressType: 'ipv6' },
          ],
        },
      ])
      .build();

    // Act
    const plan = planOf(snapshot);

    // Assess
    expect(plan.actions.map((a) => a.kind)).toEqual(['create-endpoint']);
  });

  it('attaches to the endpoint that routes the IPv4 list when the VPC has several', () => {
    // Prepare
    const snapshot = estate(REGION)
      .vpcs([
        {
          id: 'vpc-0a000000000000001',
          tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: NAT }],
          endpoints: [
            { id: 'vpce-0b000000000000001', service: 's3', tables: [], ipAddressType: 'ipv6' },
            { id: 'vpce-0b000000000000002', service: 's3', tables: [] },
          ],
        },
      ])
      .build();

    // Act
    const plan = planOf(snapshot);

    // Assess
    expect(plan.actions).toEqual([
      expect.objectContaining({ kind: 'attach', endpointId: 'vpce-0b000000000000002' }),
    ]);
    expect(report(snapshot).findings.find((f) => f.service === 's3')?.endpointId).toBe(
      'vpce-0b000000000000002',
    );
  });
});

function report(snapshot: Snapshot) {
  return analyzeSnapshot(snapshot, { generatedAt: 'now' });
}
