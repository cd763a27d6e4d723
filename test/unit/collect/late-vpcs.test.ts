import { withoutVpcs } from '../../../src/collect/late-vpcs';
import type { RegionSnapshot } from '../../../src/snapshot/schema';

function region(): RegionSnapshot {
  return {
    Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
    Subnets: [
      { SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24' },
      { SubnetId: 'subnet-9', VpcId: 'vpc-9', CidrBlock: '10.9.0.0/24' },
    ],
    RouteTables: [{ RouteTableId: 'rtb-9', VpcId: 'vpc-9', Associations: [], Routes: [] }],
    VpcEndpoints: [],
    NatGateways: [{ NatGatewayId: 'nat-old', VpcId: 'vpc-9', State: 'deleted' }],
    InternetGateways: [
      { InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-9' }, { VpcId: 'vpc-1' }] },
    ],
    PrefixLists: [],
  };
}

describe('withoutVpcs', () => {
  it('leaves out what must name a listed VPC, and nothing else, without changing its input', () => {
    // Prepare
    const input = region();
    const before = structuredClone(input);

    // Act
    const result = withoutVpcs(input, new Set(['vpc-9']));

    // Assess: a deleted NAT gateway is history the snapshot may keep, whatever its VPC
    expect(result.Subnets.map((s) => s.SubnetId)).toEqual(['subnet-1']);
    expect(result.RouteTables).toEqual([]);
    expect(result.NatGateways.map((n) => n.NatGatewayId)).toEqual(['nat-old']);
    expect(result.InternetGateways[0]?.Attachments).toEqual([{ VpcId: 'vpc-1' }]);
    expect(result).not.toHaveProperty('EgressOnlyInternetGateways');
    expect(input).toEqual(before);
  });

  it('returns the same arrays when no item names a gone VPC', () => {
    // Prepare
    const input = region();

    // Act
    const result = withoutVpcs(input, new Set(['vpc-7']));

    // Assess
    expect(result.Subnets).toBe(input.Subnets);
    expect(result.InternetGateways).toBe(input.InternetGateways);
  });
});
