/** Routing rule 5 (docs/routing.md): an S3 interface endpoint with private DNS answers for the whole VPC. */
import type { VpcEndpoint } from '../../../src/snapshot/schema';
import { analyze, estate, verdictOf, oneSubnetEstate } from '../../helpers/estate-builder';

function interfaceEndpoint(
  service: 's3' | 'dynamodb',
  options: Partial<VpcEndpoint> = {},
): VpcEndpoint {
  return {
    VpcEndpointId: `vpce-if-${service}`,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-1',
    ServiceName: `com.amazonaws.us-east-1.${service}`,
    State: 'available',
    PrivateDnsEnabled: true,
    DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: false },
    ...options,
  };
}

/** Two subnets of vpc-1 on two tables (NAT and IGW), one subnet of vpc-2 on a NAT. */
function natAndIgwEstate(endpoint: VpcEndpoint) {
  return estate()
    .vpc('vpc-1')
    .vpc('vpc-2')
    .subnet('subnet-private', 'vpc-1')
    .subnet('subnet-public', 'vpc-1')
    .subnet('subnet-other-vpc', 'vpc-2')
    .table('rtb-main', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { GatewayId: 'igw-1' })
    .table('rtb-private', 'vpc-1', { subnets: ['subnet-private'] })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
    .table('rtb-main-2', 'vpc-2', { main: true })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-2' })
    .endpoint(endpoint)
    .build();
}

describe('rule 5: S3 interface endpoints with private DNS', () => {
  it('gives interface-endpoint to every subnet of the VPC, whatever its routes', () => {
    // Prepare
    const snapshot = natAndIgwEstate(interfaceEndpoint('s3'));

    // Act
    const report = analyze(snapshot);

    // Assess
    for (const subnetId of ['subnet-private', 'subnet-public']) {
      expect(verdictOf(report, subnetId, 's3')).toEqual({
        path: 'interface-endpoint',
        leaking: false,
        targets: ['vpce-if-s3'],
        leakingCidrs: [],
      });
    }
    expect(verdictOf(report, 'subnet-other-vpc', 's3').path).toBe('nat-gateway');
    expect(verdictOf(report, 'subnet-private', 'dynamodb').path).toBe('nat-gateway');
    expect(report.findings.filter((f) => f.service === 's3').map((f) => f.vpcId)).toEqual([
      'vpc-2',
    ]);
  });

  it('does not apply when private DNS answers only for the inbound Resolver endpoint', () => {
    // Prepare
    const snapshot = natAndIgwEstate(
      interfaceEndpoint('s3', {
        DnsOptions: { DnsRecordIpType: 'ipv4', PrivateDnsOnlyForInboundResolverEndpoint: true },
      }),
    );

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-private', 's3').path).toBe('nat-gateway');
    expect(verdictOf(report, 'subnet-public', 's3').path).toBe('internet-gateway');
  });

  it('does not apply when private DNS is off', () => {
    // Prepare
    const snapshot = natAndIgwEstate(interfaceEndpoint('s3', { PrivateDnsEnabled: false }));

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-private', 's3').path).toBe('nat-gateway');
  });

  it('applies when DnsOptions are absent (the inbound-only option is not set)', () => {
    // Prepare
    const endpoint = interfaceEndpoint('s3');
    delete endpoint.DnsOptions;
    const snapshot = natAndIgwEstate(endpoint);

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-private', 's3').path).toBe('interface-endpoint');
  });

  it('never applies to DynamoDB', () => {
    // Prepare
    const snapshot = natAndIgwEstate(interfaceEndpoint('dynamodb'));

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-private', 'dynamodb').path).toBe('nat-gateway');
    expect(verdictOf(report, 'subnet-public', 'dynamodb').path).toBe('internet-gateway');
  });

  it('overrides a gateway endpoint route too (rule 5 overrides rule 6)', () => {
    // Prepare
    const snapshot = oneSubnetEstate()
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-gw-s3', 'vpc-1', 's3', ['rtb-main'])
      .endpoint(interfaceEndpoint('s3'))
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict.path).toBe('interface-endpoint');
    expect(verdict.targets).toEqual(['vpce-if-s3']);
  });
});
