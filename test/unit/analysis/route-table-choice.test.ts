/** Routing rule 1 (docs/routing.md): which route table decides a subnet's traffic. */
import {
  analyze,
  estate,
  subnetOf,
  verdictOf,
  oneSubnetEstate,
} from '../../helpers/estate-builder';

describe('rule 1: the route table of a subnet', () => {
  it('uses the table explicitly associated with the subnet rather than the main table', () => {
    // Prepare
    const snapshot = oneSubnetEstate()
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .table('rtb-private', 'vpc-1', { subnets: ['subnet-a'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').routeTableId).toBe('rtb-private');
    expect(verdictOf(report, 'subnet-a', 's3').path).toBe('nat-gateway');
  });

  it('uses the VPC main table for a subnet without an association', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1')
      .subnet('subnet-b', 'vpc-1')
      .table('rtb-private', 'vpc-1', { subnets: ['subnet-b'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').routeTableId).toBe('rtb-main');
    expect(verdictOf(report, 'subnet-a', 's3').path).toBe('internet-gateway');
    expect(subnetOf(report, 'subnet-b').routeTableId).toBe('rtb-private');
  });

  it("uses the subnet's own VPC main table, not another VPC's", () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .vpc('vpc-2')
      .subnet('subnet-a', 'vpc-1')
      .subnet('subnet-b', 'vpc-2')
      .table('rtb-main-1', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .table('rtb-main-2', 'vpc-2', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-2' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').routeTableId).toBe('rtb-main-1');
    expect(subnetOf(report, 'subnet-b').routeTableId).toBe('rtb-main-2');
  });

  it('ignores gateway route tables (edge associations) even when they route the service ranges', () => {
    // Prepare: an ingress table attached to the IGW sends everything to an appliance.
    const snapshot = oneSubnetEstate()
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3')
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .table('rtb-edge', 'vpc-1', {
        associations: [
          { Main: false, GatewayId: 'igw-1', AssociationState: { State: 'associated' } },
        ],
      })
      .route('0.0.0.0/0', { NetworkInterfaceId: 'eni-appliance' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').routeTableId).toBe('rtb-main');
    expect(verdictOf(report, 'subnet-a', 'dynamodb').path).toBe('nat-gateway');
    expect(report.findings.map((f) => f.routeTableId)).not.toContain('rtb-edge');
  });

  it('ignores an association that is disassociated and falls back to the main table', () => {
    // Prepare
    const snapshot = oneSubnetEstate()
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .table('rtb-old', 'vpc-1', {
        associations: [
          { Main: false, SubnetId: 'subnet-a', AssociationState: { State: 'disassociated' } },
        ],
      })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').routeTableId).toBe('rtb-main');
    expect(verdictOf(report, 'subnet-a', 's3').path).toBe('internet-gateway');
  });

  it('reports no-route and no table for a subnet whose VPC has no table at all', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .vpc('vpc-2')
      .subnet('subnet-lonely', 'vpc-2')
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-lonely')).toEqual({
      accountId: '111122223333',
      region: 'us-east-1',
      vpcId: 'vpc-2',
      subnetId: 'subnet-lonely',
      routeTableId: null,
      exempt: false,
      stack: 'ipv4',
      services: {
        s3: {
          path: 'no-route',
          leaking: false,
          targets: [],
          leakingCidrs: [],
          families: { ipv4: { path: 'no-route', leaking: false, targets: [], leakingCidrs: [] } },
        },
        dynamodb: {
          path: 'no-route',
          leaking: false,
          targets: [],
          leakingCidrs: [],
          families: { ipv4: { path: 'no-route', leaking: false, targets: [], leakingCidrs: [] } },
        },
      },
    });
    expect(report.findings).toEqual([]);
  });
});
