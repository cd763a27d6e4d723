/** Findings, exemptions, the summary and region errors of the report (docs/report.md). */
import type { Finding, Report, ServiceName } from '../../../src/types';
import {
  analyze,
  estate,
  exemptTag,
  subnetOf,
  oneSubnetEstate,
} from '../../helpers/estate-builder';

/** The finding of natEstate's NAT table, `rtb-private`, for `service`; fails the test when absent. */
function privateFinding(report: Report, service: ServiceName): Finding {
  const id = `111122223333/us-east-1/rtb-private/${service}`;
  const found = report.findings.find((f) => f.id === id);
  if (!found) throw new Error(`the report has no finding ${id}`);
  return found;
}

/** vpc-1: two subnets on a NAT table, one on the main IGW table. */
function natEstate() {
  return estate()
    .vpc('vpc-1')
    .subnet('subnet-b', 'vpc-1')
    .subnet('subnet-a', 'vpc-1')
    .subnet('subnet-public', 'vpc-1')
    .table('rtb-main', 'vpc-1', { main: true })
    .route('0.0.0.0/0', { GatewayId: 'igw-1' })
    .table('rtb-private', 'vpc-1', { subnets: ['subnet-a', 'subnet-b'] })
    .route('0.0.0.0/0', { NatGatewayId: 'nat-1' });
}

describe('findings', () => {
  it('groups the leaks by route table and service, worst first, with the subnets of each table sorted', () => {
    // Prepare
    const snapshot = natEstate().build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(
      report.findings.map((f) => ({
        id: f.id,
        severity: f.severity,
        routeTableId: f.routeTableId,
        service: f.service,
        path: f.path,
        targets: f.targets,
        subnetIds: f.subnetIds,
        remediation: f.remediation,
        exempt: f.exempt,
      })),
    ).toEqual([
      {
        id: '111122223333/us-east-1/rtb-private/dynamodb',
        severity: 'high',
        routeTableId: 'rtb-private',
        service: 'dynamodb',
        path: 'nat-gateway',
        targets: ['nat-1'],
        subnetIds: ['subnet-a', 'subnet-b'],
        remediation: 'create-endpoint',
        exempt: false,
      },
      {
        id: '111122223333/us-east-1/rtb-private/s3',
        severity: 'high',
        routeTableId: 'rtb-private',
        service: 's3',
        path: 'nat-gateway',
        targets: ['nat-1'],
        subnetIds: ['subnet-a', 'subnet-b'],
        remediation: 'create-endpoint',
        exempt: false,
      },
      {
        id: '111122223333/us-east-1/rtb-main/dynamodb',
        severity: 'low',
        routeTableId: 'rtb-main',
        service: 'dynamodb',
        path: 'internet-gateway',
        targets: ['igw-1'],
        subnetIds: ['subnet-public'],
        remediation: 'create-endpoint',
        exempt: false,
      },
      {
        id: '111122223333/us-east-1/rtb-main/s3',
        severity: 'low',
        routeTableId: 'rtb-main',
        service: 's3',
        path: 'internet-gateway',
        targets: ['igw-1'],
        subnetIds: ['subnet-public'],
        remediation: 'create-endpoint',
        exempt: false,
      },
    ]);
    expect(report.findings.every((f) => f.region === 'us-east-1' && f.vpcId === 'vpc-1')).toBe(
      true,
    );
  });

  it.each([
    [{ NatGatewayId: 'nat-1' }, 'high'],
    [{ InstanceId: 'i-1' }, 'high'],
    [{ TransitGatewayId: 'tgw-1' }, 'high'],
    [{ GatewayId: 'vgw-1' }, 'medium'],
    [{ VpcPeeringConnectionId: 'pcx-1' }, 'medium'],
    [{ GatewayId: 'igw-1' }, 'low'],
  ] as const)('gives a default route to %j the severity %s', (target, severity) => {
    // Prepare
    const snapshot = oneSubnetEstate().route('0.0.0.0/0', target).build();

    // Act
    const report = analyze(snapshot, { services: ['s3'] });

    // Assess
    expect(report.findings.map((f) => f.severity)).toEqual([severity]);
  });

  it('makes no finding for gateway-endpoint, dropped, no-route or interface-endpoint paths', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1')
      .subnet('subnet-b', 'vpc-1')
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-gone', State: 'blackhole' })
      .table('rtb-endpoint', 'vpc-1', { subnets: ['subnet-b'] })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-endpoint'])
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.findings).toEqual([]);
  });

  it('proposes attaching the table to the VPC gateway endpoint that other tables use', () => {
    // Prepare
    const snapshot = natEstate()
      .table('rtb-covered', 'vpc-1')
      .gatewayEndpoint('vpce-0s3', 'vpc-1', 's3', ['rtb-covered'])
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    const finding = privateFinding(report, 's3');
    expect(finding.remediation).toBe('attach-to-existing-endpoint');
    expect(finding.reason).toContain('vpce-0s3');
    const dynamodb = privateFinding(report, 'dynamodb');
    expect(dynamodb.remediation).toBe('create-endpoint');
  });

  it('says when the endpoint to attach to has a policy that is not full access, and what it allows', () => {
    // Prepare: the S3 endpoint other tables use allows reads of one bucket only.
    const snapshot = natEstate()
      .table('rtb-covered', 'vpc-1')
      .gatewayEndpoint('vpce-0s3', 'vpc-1', 's3', ['rtb-covered'])
      .build();
    const endpoint = snapshot.regions['us-east-1']?.VpcEndpoints.find(
      (e) => e.VpcEndpointId === 'vpce-0s3',
    );
    if (!endpoint) throw new Error('the estate has no vpce-0s3');
    endpoint.PolicyDocument = JSON.stringify({
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::artifacts/*',
        },
      ],
    });

    // Act
    const report = analyze(snapshot);

    // Assess
    const finding = privateFinding(report, 's3');
    expect(finding.remediation).toBe('attach-to-existing-endpoint');
    expect(finding.reason).toContain(
      "the VPC's gateway endpoint vpce-0s3 has a policy that is not full access (",
    );
    expect(finding.reason).toContain('s3:GetObject');
    expect(finding.reason).toContain('--allow-restrictive-policy');
  });

  it('proposes creating an endpoint when the VPC has none for the service, even if another VPC has one', () => {
    // Prepare
    const snapshot = natEstate()
      .vpc('vpc-2')
      .table('rtb-2', 'vpc-2')
      .gatewayEndpoint('vpce-elsewhere', 'vpc-2', 's3', ['rtb-2'])
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    const finding = privateFinding(report, 's3');
    expect(finding.remediation).toBe('create-endpoint');
    expect(finding.reason).toMatch(/^S3 traffic from 2 subnets leaves through NAT gateway nat-1/);
    expect(finding.reason).toContain('create an S3 gateway endpoint');
  });

  it('asks for manual work, naming the overriding route, when a more specific route beats any endpoint', () => {
    // Prepare: the endpoint is attached but 52.217.0.0/16 goes to nat-2.
    const snapshot = natEstate()
      .route('52.217.0.0/16', { NatGatewayId: 'nat-2' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-private'])
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    const finding = privateFinding(report, 's3');
    expect(finding).toMatchObject({
      remediation: 'manual',
      path: 'nat-gateway',
      targets: ['nat-2'],
    });
    expect(finding.reason).toContain('52.217.0.0/16 -> nat-2');
    expect(finding.reason).not.toContain('0.0.0.0/0');
  });

  it('asks for manual work when a static route equal to a prefix-list entry would beat a new endpoint', () => {
    // Prepare: no endpoint yet; 52.216.0.0/15 is routed statically to the NAT.
    const snapshot = natEstate().route('52.216.0.0/15', { NatGatewayId: 'nat-1' }).build();

    // Act
    const report = analyze(snapshot);

    // Assess
    const finding = privateFinding(report, 's3');
    expect(finding.remediation).toBe('manual');
    expect(finding.reason).toContain('52.216.0.0/15 -> nat-1');
  });
});

describe('exemptions', () => {
  it('marks an exempt subnet and leaves it out of leakingSubnets, but keeps the finding of its shared table', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1', exemptTag())
      .subnet('subnet-b', 'vpc-1')
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').exempt).toBe(true);
    expect(subnetOf(report, 'subnet-b').exempt).toBe(false);
    expect(report.summary.leakingSubnets).toBe(1);
    expect(report.findings.map((f) => [f.service, f.exempt])).toEqual([
      ['dynamodb', false],
      ['s3', false],
    ]);
  });

  it('marks the finding exempt when every subnet of the table is exempt', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1', exemptTag(''))
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.findings.map((f) => f.exempt)).toEqual([true, true]);
    expect(report.summary.leakingSubnets).toBe(0);
  });

  it('exempts every subnet of an exempt route table and its findings', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1')
      .subnet('subnet-b', 'vpc-1')
      .table('rtb-main', 'vpc-1', { main: true, tags: exemptTag('yes') })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.subnets.map((s) => s.exempt)).toEqual([true, true]);
    expect(report.findings.every((f) => f.exempt)).toBe(true);
    expect(report.summary.leakingSubnets).toBe(0);
  });

  it('exempts every subnet and finding of an exempt VPC', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1', exemptTag())
      .vpc('vpc-2')
      .subnet('subnet-a', 'vpc-1')
      .subnet('subnet-b', 'vpc-2')
      .table('rtb-1', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .table('rtb-2', 'vpc-2', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-2' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.subnets.map((s) => [s.subnetId, s.exempt])).toEqual([
      ['subnet-a', true],
      ['subnet-b', false],
    ]);
    expect(report.findings.map((f) => [f.routeTableId, f.exempt])).toEqual([
      ['rtb-2', false],
      ['rtb-2', false],
      ['rtb-1', true],
      ['rtb-1', true],
    ]);
    expect(report.summary.leakingSubnets).toBe(1);
  });

  it.each(['false', 'FALSE', ' false '])('does not exempt with the value %j', (value) => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1', exemptTag(value))
      .subnet('subnet-a', 'vpc-1', exemptTag(value))
      .table('rtb-main', 'vpc-1', { main: true, tags: exemptTag(value) })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(subnetOf(report, 'subnet-a').exempt).toBe(false);
    expect(report.findings.some((f) => f.exempt)).toBe(false);
    expect(report.summary.leakingSubnets).toBe(1);
  });
});

describe('the summary', () => {
  it('counts subnets, leaking subnets and (subnet, service) pairs by path', () => {
    // Prepare
    const snapshot = natEstate()
      .subnet('subnet-isolated', 'vpc-1')
      .table('rtb-isolated', 'vpc-1', { subnets: ['subnet-isolated'] })
      .table('rtb-endpoint', 'vpc-1', { subnets: ['subnet-c'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-endpoint'])
      .subnet('subnet-c', 'vpc-1')
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.summary).toEqual({
      subnets: 5,
      leakingSubnets: 4,
      byPath: {
        'nat-gateway': 5,
        'internet-gateway': 2,
        'gateway-endpoint': 1,
        'no-route': 2,
      },
      byFamily: {
        ipv4: { 'nat-gateway': 5, 'internet-gateway': 2, 'gateway-endpoint': 1, 'no-route': 2 },
      },
      leakingSubnetsByWorstPath: { 'nat-gateway': 3, 'internet-gateway': 1 },
      regionsAudited: 1,
      regionsFailed: 0,
    });
  });

  it('counts only the audited services', () => {
    // Prepare
    const snapshot = natEstate().build();

    // Act
    const report = analyze(snapshot, { services: ['dynamodb'] });

    // Assess
    expect(report.summary.byPath).toEqual({ 'nat-gateway': 2, 'internet-gateway': 1 });
    expect(report.subnets.every((s) => Object.keys(s.services).join() === 'dynamodb')).toBe(true);
    expect(report.findings.every((f) => f.service === 'dynamodb')).toBe(true);
  });
});

describe('region errors', () => {
  it('reports a region without its service prefix list in errors and still analyses the others', () => {
    // Prepare
    const snapshot = estate('eu-west-1')
      .vpc('vpc-eu')
      .subnet('subnet-eu', 'vpc-eu')
      .table('rtb-eu', 'vpc-eu', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-eu' })
      .withoutPrefixList('dynamodb')
      .region('us-east-1')
      .vpc('vpc-us')
      .subnet('subnet-us', 'vpc-us')
      .table('rtb-us', 'vpc-us', { main: true })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-us' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.errors).toEqual([
      {
        accountId: '111122223333',
        region: 'eu-west-1',
        operation: 'analyze',
        code: 'MissingPrefixList',
        message: expect.stringContaining('com.amazonaws.eu-west-1.dynamodb') as string,
      },
    ]);
    expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(report.subnets.map((s) => s.subnetId)).toEqual(['subnet-us']);
    expect(report.findings.map((f) => f.region)).toEqual(['us-east-1', 'us-east-1']);
  });

  it('analyses the region when only the missing list belongs to a service not audited', () => {
    // Prepare
    const snapshot = natEstate().withoutPrefixList('dynamodb').build();

    // Act
    const report = analyze(snapshot, { services: ['s3'] });

    // Assess
    expect(report.errors).toEqual([]);
    expect(report.subnets).toHaveLength(3);
  });

  it('gives a table routing to a prefix list the snapshot lacks the verdict unknown, and analyses the rest', () => {
    // Prepare
    const snapshot = natEstate().prefixListRoute('pl-0unknown', { NatGatewayId: 'nat-1' }).build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(report.errors).toEqual([]);
    const verdicts = Object.fromEntries(
      report.subnets.map((s) => [s.subnetId, s.services.s3?.path] as const),
    );
    expect(verdicts).toEqual({
      'subnet-a': 'unknown',
      'subnet-b': 'unknown',
      'subnet-public': 'internet-gateway',
    });
    const unknown = report.subnets.find((s) => s.subnetId === 'subnet-a')?.services.dynamodb;
    expect(unknown).toMatchObject({ path: 'unknown', leaking: false });
    expect(unknown?.reason).toContain('rtb-private');
    expect(unknown?.reason).toContain('pl-0unknown');
    expect(report.findings.map((f) => f.routeTableId)).toEqual(['rtb-main', 'rtb-main']);
    expect(report.summary.byPath.unknown).toBe(4);
  });

  it('counts only the non-exempt subnets of a shared table and leaves the table to a person; an exempt finding is not remediated', () => {
    // Prepare
    const snapshot = estate()
      .vpc('vpc-1')
      .subnet('subnet-a', 'vpc-1', exemptTag())
      .subnet('subnet-b', 'vpc-1')
      .subnet('subnet-c', 'vpc-1', exemptTag())
      .table('rtb-main', 'vpc-1', { main: true })
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .table('rtb-shared', 'vpc-1', { subnets: ['subnet-a', 'subnet-b'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .table('rtb-exempt', 'vpc-1', { subnets: ['subnet-c'] })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot, { services: ['s3'] });

    // Assess
    const byTable = Object.fromEntries(report.findings.map((f) => [f.routeTableId, f] as const));
    expect(byTable['rtb-shared']).toMatchObject({
      subnetIds: ['subnet-b'],
      exemptSubnetIds: ['subnet-a'],
      exempt: false,
      remediation: 'manual',
    });
    expect(byTable['rtb-shared']?.reason).toContain('also serves exempt subnet subnet-a');
    expect(byTable['rtb-exempt']).toMatchObject({
      subnetIds: ['subnet-c'],
      exempt: true,
      remediation: 'none',
    });
    expect(report.summary.leakingSubnets).toBe(1);
  });
});
