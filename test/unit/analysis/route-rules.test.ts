/**
 * Routing rules 2, 3, 4 and 6 (docs/routing.md): which route carries each part of a service's ranges, what its
 * target means, and the one path a subnet gets.
 */
import { analyze, verdictOf, oneSubnetEstate } from '../../helpers/estate-builder';

/** A VPC with one subnet on its main table; routes go to `rtb-main`. */
function oneSubnet() {
  return oneSubnetEstate();
}

describe('rule 2: prefix-list routes', () => {
  it('stands for every CIDR of the AWS-managed list of the service', () => {
    // Prepare
    const snapshot = oneSubnet()
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-a', 's3')).toEqual({
      path: 'gateway-endpoint',
      leaking: false,
      targets: ['vpce-s3'],
      leakingCidrs: [],
    });
    expect(verdictOf(report, 'subnet-a', 'dynamodb').path).toBe('nat-gateway');
  });

  it('expands a customer-managed prefix list referenced by a route', () => {
    // Prepare: the customer list holds half of the S3 /15 and sends it through a NAT.
    const snapshot = oneSubnet()
      .prefixList('pl-0customer', ['52.216.0.0/16'], 'corporate-egress')
      .prefixListRoute('pl-0customer', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-1'],
      leakingCidrs: ['52.216.0.0/16'],
    });
  });

  it('gives each list entry its own prefix length, even when two entries are adjacent', () => {
    // Prepare: the S3 list holds two /16 halves of a /15 that a static route sends to a NAT. Each
    // /16 entry is longer than the /15 route, so the endpoint carries all of it.
    const snapshot = oneSubnet()
      .serviceRanges('s3', ['52.216.0.0/16', '52.217.0.0/16'])
      .route('52.216.0.0/15', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict.path).toBe('gateway-endpoint');
    expect(verdict.leakingCidrs).toEqual([]);
  });
});

describe('rule 3: longest-prefix match', () => {
  it('lets a more specific static route take its part of a service range from the endpoint', () => {
    // Prepare
    const snapshot = oneSubnet()
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .route('52.217.0.0/16', { NatGatewayId: 'nat-2' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: only the /16 leaks, and only nat-2 carries it.
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-2'],
      leakingCidrs: ['52.217.0.0/16'],
    });
  });

  it('splits a service range at the boundaries of a route in its middle', () => {
    // Prepare: 52.216.128.0/17 to an IGW inside an S3 /15 otherwise carried by the endpoint.
    const snapshot = oneSubnet()
      .serviceRanges('s3', ['52.216.0.0/15'])
      .route('52.216.128.0/17', { GatewayId: 'igw-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'internet-gateway',
      leaking: true,
      targets: ['igw-1'],
      leakingCidrs: ['52.216.128.0/17'],
    });
  });

  it('prefers a static route to a prefix-list entry of equal length', () => {
    // Prepare: the static /15 equals the S3 list's /15 entry.
    const snapshot = oneSubnet()
      .route('52.216.0.0/15', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: the /19 entry stays on the endpoint, the /15 leaks.
    expect(verdict.path).toBe('nat-gateway');
    expect(verdict.leakingCidrs).toEqual(['52.216.0.0/15']);
  });

  it('prefers a prefix-list entry to a propagated route of equal length', () => {
    // Prepare
    const snapshot = oneSubnet()
      .propagatedRoute('52.216.0.0/15', 'vgw-1')
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict.path).toBe('gateway-endpoint');
  });

  it('prefers a static route to a propagated route of equal length', () => {
    // Prepare
    const snapshot = oneSubnet()
      .propagatedRoute('0.0.0.0/0', 'vgw-1')
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 'dynamodb');

    // Assess
    expect(verdict.path).toBe('nat-gateway');
  });

  it('lets a propagated route more specific than the prefix-list entry win', () => {
    // Prepare
    const snapshot = oneSubnet()
      .propagatedRoute('52.216.0.0/16', 'vgw-1')
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'virtual-private-gateway',
      leaking: true,
      targets: ['vgw-1'],
      leakingCidrs: ['52.216.0.0/16'],
    });
  });

  it('flags two prefix-list routes of equal length with different paths as ambiguous and reports the worse', () => {
    // Prepare: a customer list repeats the S3 /15 entry towards a NAT gateway.
    const snapshot = oneSubnet()
      .prefixList('pl-0customer', ['52.216.0.0/15'])
      .prefixListRoute('pl-0customer', { NatGatewayId: 'nat-1' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-1'],
      leakingCidrs: ['52.216.0.0/15'],
      ambiguous: true,
    });
  });

  it('flags two prefix-list routes of equal length with the same path but different targets as ambiguous', () => {
    // Prepare: two customer lists hold the same /15 towards two NAT gateways.
    const snapshot = oneSubnet()
      .prefixList('pl-0first', ['52.216.0.0/15'])
      .prefixList('pl-0second', ['52.216.0.0/15'])
      .prefixListRoute('pl-0first', { NatGatewayId: 'nat-1' })
      .prefixListRoute('pl-0second', { NatGatewayId: 'nat-2' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: AWS picks one of the two at random; the path is certain, the gateway is not.
    expect(verdict).toMatchObject({ path: 'nat-gateway', leaking: true, ambiguous: true });
    expect(verdict.leakingCidrs).toEqual(['52.216.0.0/15']);
  });

  it('ignores IPv6 routes for the IPv4 verdicts', () => {
    // Prepare: ::/0 to an IGW cannot carry IPv4 traffic.
    const snapshot = oneSubnet()
      .ipv6Route('::/0', { GatewayId: 'igw-1' })
      .ipv6Route('2600:1f18::/32', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-a', 's3').path).toBe('no-route');
    expect(verdictOf(report, 'subnet-a', 'dynamodb').path).toBe('no-route');
  });
});

describe('rule 4: the target of the chosen route', () => {
  it.each([
    ['a NAT gateway', { NatGatewayId: 'nat-1' }, 'nat-gateway', 'nat-1'],
    ['a NAT instance by InstanceId', { InstanceId: 'i-1' }, 'nat-instance', 'i-1'],
    [
      'a NAT instance by InstanceId and NetworkInterfaceId',
      { InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' },
      'nat-instance',
      'i-1',
    ],
    [
      'a NAT instance by NetworkInterfaceId only',
      { NetworkInterfaceId: 'eni-1' },
      'nat-instance',
      'eni-1',
    ],
    ['a transit gateway', { TransitGatewayId: 'tgw-1' }, 'transit-gateway', 'tgw-1'],
    [
      'a Cloud WAN core network',
      { CoreNetworkArn: 'arn:aws:networkmanager::111122223333:core-network/core-1' },
      'transit-gateway',
      'arn:aws:networkmanager::111122223333:core-network/core-1',
    ],
    ['a virtual private gateway', { GatewayId: 'vgw-1' }, 'virtual-private-gateway', 'vgw-1'],
    ['an internet gateway', { GatewayId: 'igw-1' }, 'internet-gateway', 'igw-1'],
    ['a peering connection', { VpcPeeringConnectionId: 'pcx-1' }, 'other', 'pcx-1'],
    ['a carrier gateway', { CarrierGatewayId: 'cagw-1' }, 'other', 'cagw-1'],
    ['a local gateway', { LocalGatewayId: 'lgw-1' }, 'other', 'lgw-1'],
  ] as const)('classifies a default route to %s', (_label, target, path, targetId) => {
    // Prepare
    const snapshot = oneSubnet().route('0.0.0.0/0', target).build();

    // Act
    const report = analyze(snapshot);

    // Assess
    for (const service of ['s3', 'dynamodb'] as const) {
      const verdict = verdictOf(report, 'subnet-a', service);
      expect({ service, path: verdict.path, targets: verdict.targets }).toEqual({
        service,
        path,
        targets: [targetId],
      });
    }
  });

  it('drops traffic on a blackhole route without falling through to a shorter route', () => {
    // Prepare: a blackholed /8 (its NAT gateway is gone) over a default route to an IGW.
    const snapshot = oneSubnet()
      .route('0.0.0.0/0', { GatewayId: 'igw-1' })
      .route('52.0.0.0/8', { NatGatewayId: 'nat-gone', State: 'blackhole' })
      .serviceRanges('s3', ['52.216.0.0/15'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'dropped',
      leaking: false,
      targets: ['nat-gone'],
      leakingCidrs: [],
    });
  });

  it('treats a gateway endpoint of the service as gateway-endpoint and one of the other service as other', () => {
    // Prepare: a CIDR route covering both services' ranges to the S3 gateway endpoint.
    const snapshot = oneSubnet()
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3')
      .route('0.0.0.0/0', { GatewayId: 'vpce-s3' })
      .build();

    // Act
    const report = analyze(snapshot);

    // Assess
    expect(verdictOf(report, 'subnet-a', 's3').path).toBe('gateway-endpoint');
    expect(verdictOf(report, 'subnet-a', 'dynamodb')).toMatchObject({
      path: 'other',
      leaking: true,
      targets: ['vpce-s3'],
    });
  });

  it('treats a Gateway Load Balancer endpoint as other', () => {
    // Prepare
    const snapshot = oneSubnet()
      .endpoint({
        VpcEndpointId: 'vpce-gwlb',
        VpcEndpointType: 'GatewayLoadBalancer',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
      })
      .route('0.0.0.0/0', { GatewayId: 'vpce-gwlb' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toMatchObject({ path: 'other', leaking: true, targets: ['vpce-gwlb'] });
  });

  it('ignores the local route and reports no-route when nothing else matches', () => {
    // Prepare: the table has only its local route.
    const snapshot = oneSubnet().build();

    // Act
    const report = analyze(snapshot);

    // Assess
    for (const service of ['s3', 'dynamodb'] as const) {
      expect(verdictOf(report, 'subnet-a', service)).toEqual({
        path: 'no-route',
        leaking: false,
        targets: [],
        leakingCidrs: [],
      });
    }
  });

  it('keeps the range of a local route in the VPC: it wins its match and counts for no path', () => {
    // Prepare: a VPC whose (public) CIDR overlaps an S3 range; the rest goes to a NAT.
    const snapshot = oneSubnet()
      .route('52.217.0.0/16', { GatewayId: 'local' })
      .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: the local /16 is neither leaking nor a fall-through to the NAT.
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-1'],
      leakingCidrs: ['3.5.0.0/19', '52.216.0.0/16'],
    });
  });

  it('reports no-route for the part of a range that no route matches', () => {
    // Prepare: only the /19 is routed.
    const snapshot = oneSubnet().route('3.5.0.0/16', { NatGatewayId: 'nat-1' }).build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: one range leaks, so the subnet's path is the NAT; only that range is listed.
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-1'],
      leakingCidrs: ['3.5.0.0/19'],
    });
  });
});

describe('VPC Lattice endpoints (no service name)', () => {
  it('validates a snapshot holding one and classes a route to it as other', () => {
    // Prepare
    const snapshot = oneSubnet()
      .endpoint({ VpcEndpointId: 'vpce-lattice', VpcEndpointType: 'Resource', VpcId: 'vpc-1' })
      .route('0.0.0.0/0', { GatewayId: 'vpce-lattice' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect([verdict?.path, verdict?.targets]).toEqual(['other', ['vpce-lattice']]);
  });
});

describe('rule 6: one path per subnet and service', () => {
  it.each([
    ['nat-gateway', 'nat-instance', { NatGatewayId: 'nat-1' }, { InstanceId: 'i-1' }],
    ['nat-instance', 'transit-gateway', { InstanceId: 'i-1' }, { TransitGatewayId: 'tgw-1' }],
    [
      'transit-gateway',
      'virtual-private-gateway',
      { TransitGatewayId: 'tgw-1' },
      { GatewayId: 'vgw-1' },
    ],
    [
      'virtual-private-gateway',
      'other',
      { GatewayId: 'vgw-1' },
      { VpcPeeringConnectionId: 'pcx-1' },
    ],
    ['other', 'internet-gateway', { VpcPeeringConnectionId: 'pcx-1' }, { GatewayId: 'igw-1' }],
    ['internet-gateway', 'gateway-endpoint', { GatewayId: 'igw-1' }, { GatewayId: 'vpce-s3' }],
    [
      'gateway-endpoint',
      'dropped',
      { GatewayId: 'vpce-s3' },
      { NatGatewayId: 'nat-gone', State: 'blackhole' },
    ],
  ] as const)('puts %s before %s', (first, second, firstTarget, secondTarget) => {
    // Prepare: the /19 takes the first path, the /15 the second, in both orders of the routes.
    for (const order of ['first-last', 'first-first'] as const) {
      const builder = oneSubnet().gatewayEndpoint('vpce-s3', 'vpc-1', 's3');
      if (order === 'first-first') builder.route('3.5.0.0/19', firstTarget);
      builder.route('52.216.0.0/15', secondTarget);
      if (order === 'first-last') builder.route('3.5.0.0/19', firstTarget);
      const snapshot = builder.build();

      // Act
      const verdict = verdictOf(analyze(snapshot, { services: ['s3'] }), 'subnet-a', 's3');

      // Assess
      expect({ order, path: verdict.path }).toEqual({ order, path: first });
    }
    expect(second).not.toBe(first);
  });

  it('puts dropped before no-route', () => {
    // Prepare
    const snapshot = oneSubnet()
      .route('3.5.0.0/19', { GatewayId: 'igw-gone', State: 'blackhole' })
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'dropped',
      leaking: false,
      targets: ['igw-gone'],
      leakingCidrs: [],
    });
  });

  it('lists every leaking range, of whatever leaking path, as minimal CIDRs, and the targets of the chosen path only', () => {
    // Prepare: 52.216.0.0/16 via NAT, 52.217.0.0/17 via IGW, the rest of the S3 ranges via the
    // endpoint; 3.5.0.0/19 split in two /20 to two NAT gateways.
    const snapshot = oneSubnet()
      .route('52.216.0.0/16', { NatGatewayId: 'nat-b' })
      .route('52.217.0.0/17', { GatewayId: 'igw-1' })
      .route('3.5.0.0/20', { NatGatewayId: 'nat-a' })
      .route('3.5.16.0/20', { NatGatewayId: 'nat-b' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess: 3.5.0.0/20 + 3.5.16.0/20 merge into the /19; 52.216/16 + 52.217.0/17 stay apart.
    expect(verdict).toEqual({
      path: 'nat-gateway',
      leaking: true,
      targets: ['nat-a', 'nat-b'],
      leakingCidrs: ['3.5.0.0/19', '52.216.0.0/16', '52.217.0.0/17'],
    });
  });

  it('never lists gateway-endpoint, dropped or no-route ranges as leaking', () => {
    // Prepare
    const snapshot = oneSubnet()
      .route('52.216.0.0/16', { NatGatewayId: 'nat-gone', State: 'blackhole' })
      .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main'])
      .build();

    // Act
    const verdict = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(verdict).toEqual({
      path: 'gateway-endpoint',
      leaking: false,
      targets: ['vpce-s3'],
      leakingCidrs: [],
    });
  });
});
