import { analyzeSnapshot } from '../../../src/analysis/analyze';
import { planRemediation } from '../../../src/remediation/plan';
import type { Snapshot } from '../../../src/snapshot/schema';
import { estate, type VpcSpec } from '../../helpers';

const REGION = 'us-east-1';
const NAT = 'nat-0123456789abcdef0';

type EndpointSpec = NonNullable<VpcSpec['endpoints']>[number];

/** An S3 endpoint on no table whose `IpAddressType` is IPv6: it does not route the IPv4 list. */
const IPV6_ENDPOINT: EndpointSpec = {
  id: 'vpce-0b000000000000001',
  service: 's3',
  tables: [],
  ipAddressType: 'ipv6',
};

/** VPC 1, whose one table leaves through a NAT gateway, with `endpoints` beside it. */
function vpcWithEndpoints(...endpoints: EndpointSpec[]): Snapshot {
  return estate(REGION)
    .vpcs([
      {
        id: 'vpc-0a000000000000001',
        tables: [{ id: 'rtb-011', subnets: ['subnet-011'], via: NAT }],
        endpoints,
      },
    ])
    .build();
}

function planOf(snapshot: Snapshot) {
  return planRemediation(report(snapshot), snapshot, { services: ['s3'] });
}

describe('the endpoint a plan puts route tables on', () => {
  it('creates an endpoint rather than attaching to one whose IpAddressType does not route the IPv4 list', () => {
    // Prepare
    const snapshot = vpcWithEndpoints(IPV6_ENDPOINT);

    // Act
    const plan = planOf(snapshot);

    // Assess
    expect(plan.actions.map((a) => a.kind)).toEqual(['create-endpoint']);
  });

  it('attaches to the endpoint that routes the IPv4 list when the VPC has several', () => {
    // Prepare
    const snapshot = vpcWithEndpoints(IPV6_ENDPOINT, {
      id: 'vpce-0b000000000000002',
      service: 's3',
      tables: [],
    });

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
