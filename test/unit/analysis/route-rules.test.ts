/**
 * Routing rules 2, 3, 4 and 6 (docs/routing.md): which route carries each part of a service's ranges, what its
 * target means, and the one path a subnet gets.
 */
import type { Path } from '../../../src/path-kinds';
import type { ServiceVerdict } from '../../../src/types';
import {
  analyze,
  verdictOf,
  oneSubnetEstate,
  type EstateBuilder,
} from '../../helpers/estate-builder';

/** A VPC with one subnet on its main table; routes go to `rtb-main`. */
function oneSubnet() {
  return oneSubnetEstate();
}

/** The verdict of traffic that leaves through `path` over `targets`, for `leakingCidrs`. */
function leaksThrough(path: Path, targets: string[], leakingCidrs: string[]): ServiceVerdict {
  return { path, leaking: true, targets, leakingCidrs };
}

/** The verdict of traffic that takes `path` over `targets` and leaks nowhere. */
function staysOn(path: Path, targets: string[]): ServiceVerdict {
  return { path, leaking: false, targets, leakingCidrs: [] };
}

/** A case that differs from its neighbours only in the estate's routes and the S3 verdict they give. */
interface S3VerdictCase {
  /** The behaviour the case shows. */
  rule: string;
  /** Adds the case's routes, prefix lists and endpoints to the one-subnet estate. */
  routes: (estate: EstateBuilder) => EstateBuilder;
  /** The S3 verdict of `subnet-a`, whole. */
  verdict: ServiceVerdict;
}

/** Specifies each case: analysed, the one-subnet estate with its routes gives exactly its S3 verdict. */
function specifyS3Verdicts(cases: S3VerdictCase[]): void {
  it.each(cases)('$rule', ({ routes, verdict }) => {
    // Prepare
    const snapshot = routes(oneSubnet()).build();

    // Act
    const actual = verdictOf(analyze(snapshot), 'subnet-a', 's3');

    // Assess
    expect(actual).toEqual(verdict);
  });
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
    expect(verdictOf(report, 'subnet-a', 's3')).toEqual(staysOn('gateway-endpoint', ['vpce-s3']));
    expect(verdictOf(report, 'subnet-a', 'dynamodb').path).toBe('nat-gateway');
  });

  specifyS3Verdicts([
    {
      rule: 'expands a customer-managed prefix list referenced by a route',
      // The customer list holds half of the S3 /15 and sends it through a NAT.
      routes: (estate) =>
        estate
          .prefixList('pl-0customer', ['52.216.0.0/16'], 'corporate-egress')
          .prefixListRoute('pl-0customer', { NatGatewayId: 'nat-1' }),
      verdict: leaksThrough('nat-gateway', ['nat-1'], ['52.216.0.0/16']),
    },
    {
      rule: 'gives each list entry its own prefix length, even when two entries are adjacent',
      // The S3 list holds two /16 halves of a /15 that a static route sends to a NAT. Each /16
      // entry is longer than the /15 route, so the endpoint carries all of it.
      routes: (estate) =>
        estate
          .serviceRanges('s3', ['52.216.0.0/16', '52.217.0.0/16'])
          .route('52.216.0.0/15', { NatGatewayId: 'nat-1' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: staysOn('gateway-endpoint', ['vpce-s3']),
    },
  ]);
});

describe('rule 3: longest-prefix match', () => {
  specifyS3Verdicts([
    {
      rule: 'lets a more specific static route take its part of a service range from the endpoint',
      // Only the /16 leaks, and only nat-2 carries it.
      routes: (estate) =>
        estate
          .route('0.0.0.0/0', { NatGatewayId: 'nat-1' })
          .route('52.217.0.0/16', { NatGatewayId: 'nat-2' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: leaksThrough('nat-gateway', ['nat-2'], ['52.217.0.0/16']),
    },
    {
      rule: 'splits a service range at the boundaries of a route in its middle',
      // 52.216.128.0/17 to an IGW inside an S3 /15 otherwise carried by the endpoint.
      routes: (estate) =>
        estate
          .serviceRanges('s3', ['52.216.0.0/15'])
          .route('52.216.128.0/17', { GatewayId: 'igw-1' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: leaksThrough('internet-gateway', ['igw-1'], ['52.216.128.0/17']),
    },
    {
      rule: 'prefers a static route to a prefix-list entry of equal length',
      // The static /15 equals the S3 list's /15 entry: the /19 entry stays on the endpoint, the
      // /15 leaks.
      routes: (estate) =>
        estate
          .route('52.216.0.0/15', { NatGatewayId: 'nat-1' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: leaksThrough('nat-gateway', ['nat-1'], ['52.216.0.0/15']),
    },
    {
      rule: 'prefers a prefix-list entry to a propagated route of equal length',
      routes: (estate) =>
        estate
          .propagatedRoute('52.216.0.0/15', 'vgw-1')
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: staysOn('gateway-endpoint', ['vpce-s3']),
    },
    {
      rule: 'lets a propagated route more specific than the prefix-list entry win',
      routes: (estate) =>
        estate
          .propagatedRoute('52.216.0.0/16', 'vgw-1')
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: leaksThrough('virtual-private-gateway', ['vgw-1'], ['52.216.0.0/16']),
    },
    {
      rule: 'flags two prefix-list routes of equal length with different paths as ambiguous and reports the worse',
      // A customer list repeats the S3 /15 entry towards a NAT gateway.
      routes: (estate) =>
        estate
          .prefixList('pl-0customer', ['52.216.0.0/15'])
          .prefixListRoute('pl-0customer', { NatGatewayId: 'nat-1' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: {
        ...leaksThrough('nat-gateway', ['nat-1'], ['52.216.0.0/15']),
        ambiguous: true,
      },
    },
  ]);

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

  specifyS3Verdicts([
    {
      rule: 'drops traffic on a blackhole route without falling through to a shorter route',
      // A blackholed /8 (its NAT gateway is gone) over a default route to an IGW.
      routes: (estate) =>
        estate
          .route('0.0.0.0/0', { GatewayId: 'igw-1' })
          .route('52.0.0.0/8', { NatGatewayId: 'nat-gone', State: 'blackhole' })
          .serviceRanges('s3', ['52.216.0.0/15']),
      verdict: staysOn('dropped', ['nat-gone']),
    },
    {
      rule: 'treats a Gateway Load Balancer endpoint as other',
      routes: (estate) =>
        estate
          .endpoint({
            VpcEndpointId: 'vpce-gwlb',
            VpcEndpointType: 'GatewayLoadBalancer',
            VpcId: 'vpc-1',
            ServiceName: 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0',
          })
          .route('0.0.0.0/0', { GatewayId: 'vpce-gwlb' }),
      verdict: leaksThrough('other', ['vpce-gwlb'], ['3.5.0.0/19', '52.216.0.0/15']),
    },
    {
      rule: 'keeps the range of a local route in the VPC: it wins its match and counts for no path',
      // A VPC whose (public) CIDR overlaps an S3 range; the rest goes to a NAT. The local /16 is
      // neither leaking nor a fall-through to the NAT.
      routes: (estate) =>
        estate
          .route('52.217.0.0/16', { GatewayId: 'local' })
          .route('0.0.0.0/0', { NatGatewayId: 'nat-1' }),
      verdict: leaksThrough('nat-gateway', ['nat-1'], ['3.5.0.0/19', '52.216.0.0/16']),
    },
    {
      rule: 'reports no-route for the part of a range that no route matches',
      // Only the /19 is routed: one range leaks, so the subnet's path is the NAT; only that range
      // is listed.
      routes: (estate) => estate.route('3.5.0.0/16', { NatGatewayId: 'nat-1' }),
      verdict: leaksThrough('nat-gateway', ['nat-1'], ['3.5.0.0/19']),
    },
  ]);

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

  it('ignores the local route and reports no-route when nothing else matches', () => {
    // Prepare: the table has only its local route.
    const snapshot = oneSubnet().build();

    // Act
    const report = analyze(snapshot);

    // Assess
    for (const service of ['s3', 'dynamodb'] as const) {
      expect(verdictOf(report, 'subnet-a', service)).toEqual(staysOn('no-route', []));
    }
  });
});

describe('VPC Lattice endpoints (no service name)', () => {
  specifyS3Verdicts([
    {
      rule: 'validates a snapshot holding one and classes a route to it as other',
      routes: (estate) =>
        estate
          .endpoint({ VpcEndpointId: 'vpce-lattice', VpcEndpointType: 'Resource', VpcId: 'vpc-1' })
          .route('0.0.0.0/0', { GatewayId: 'vpce-lattice' }),
      verdict: leaksThrough('other', ['vpce-lattice'], ['3.5.0.0/19', '52.216.0.0/15']),
    },
  ]);
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

  specifyS3Verdicts([
    {
      rule: 'puts dropped before no-route',
      routes: (estate) => estate.route('3.5.0.0/19', { GatewayId: 'igw-gone', State: 'blackhole' }),
      verdict: staysOn('dropped', ['igw-gone']),
    },
    {
      rule: 'lists every leaking range, of whatever leaking path, as minimal CIDRs, and the targets of the chosen path only',
      // 52.216.0.0/16 via NAT, 52.217.0.0/17 via IGW, the rest of the S3 ranges via the endpoint;
      // 3.5.0.0/19 split in two /20 to two NAT gateways. The two /20 merge into the /19;
      // 52.216/16 and 52.217.0/17 stay apart.
      routes: (estate) =>
        estate
          .route('52.216.0.0/16', { NatGatewayId: 'nat-b' })
          .route('52.217.0.0/17', { GatewayId: 'igw-1' })
          .route('3.5.0.0/20', { NatGatewayId: 'nat-a' })
          .route('3.5.16.0/20', { NatGatewayId: 'nat-b' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: leaksThrough(
        'nat-gateway',
        ['nat-a', 'nat-b'],
        ['3.5.0.0/19', '52.216.0.0/16', '52.217.0.0/17'],
      ),
    },
    {
      rule: 'never lists gateway-endpoint, dropped or no-route ranges as leaking',
      routes: (estate) =>
        estate
          .route('52.216.0.0/16', { NatGatewayId: 'nat-gone', State: 'blackhole' })
          .gatewayEndpoint('vpce-s3', 'vpc-1', 's3', ['rtb-main']),
      verdict: staysOn('gateway-endpoint', ['vpce-s3']),
    },
  ]);
});
