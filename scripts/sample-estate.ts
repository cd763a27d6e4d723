/**
 * The sample estate that `npm start` audits (examples/sample-estate.json): one account, three
 * regions, the network layouts platform teams actually run, and at least one case of every path and
 * remediation of the routing rules. Deterministic: the same code always gives the same file.
 */
import { ec2Id, hexOf, route, RegionBuilder, type RegionInventory } from './estate-builder';
import { sampleCostInputs } from './sample-costs';

/** The account that owns the estate. */
export const SAMPLE_ACCOUNT_ID = '111122223333';
/** The network account that shares a VPC with it (AWS RAM). */
export const NETWORK_ACCOUNT_ID = '444455556666';
const EXEMPT = 'vpce-auditor:exempt';

/** The sample estate, in the snapshot format (docs/snapshot.md). */
export interface SampleEstate {
  schemaVersion: 1;
  accountId: string;
  collectedAt: string;
  regions: Record<string, RegionInventory>;
  /** The cost inputs a live audit would have read (so that `npm start` shows dollars). */
  cost: ReturnType<typeof sampleCostInputs>;
}

const team = (name: string, environment: string): Record<string, string> => ({
  Environment: environment,
  Team: name,
  'cost-center': `cc-${hexOf(name, 4)}`,
});

/** The default VPC every region has: public subnets on the main table, a route to the IGW. */
function defaultVpc(b: RegionBuilder, azs: string[]): void {
  const vpc = b.vpc({ name: 'default', cidr: '172.31.0.0/16', isDefault: true });
  azs.forEach((az, i) =>
    b.subnet(vpc, {
      name: `default-${az}`,
      cidr: `172.31.${i * 16}.0/20`,
      az,
      public: true,
      defaultForAz: true,
    }),
  );
  const igw = b.internetGateway(vpc, 'default-igw');
  b.routeTable(vpc, {
    name: 'default-main',
    main: true,
    routes: [route.local('172.31.0.0/16'), route.gateway('0.0.0.0/0', igw)],
  });
}

function usEast1(): RegionBuilder {
  const b = new RegionBuilder(
    'us-east-1',
    { a: 'use1-az4', b: 'use1-az6', c: 'use1-az1', d: 'use1-az2', e: 'use1-az3', f: 'use1-az5' },
    SAMPLE_ACCOUNT_ID,
  );
  b.prefixList('pl-63a5400a', 'com.amazonaws.us-east-1.s3', [
    '3.5.0.0/19',
    '16.182.0.0/16',
    '18.34.0.0/19',
    '52.216.0.0/15',
    '54.231.0.0/16',
  ]);
  b.prefixList('pl-02cd2c6b', 'com.amazonaws.us-east-1.dynamodb', [
    '3.218.180.0/23',
    '3.218.182.0/24',
    '52.94.0.0/22',
    '52.119.224.0/20',
  ]);
  const corpNetworks = b.prefixList(ec2Id('pl', 'us-east-1/corp-networks'), 'corp-networks', [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
  ]);
  const tgw = ec2Id('tgw', 'us-east-1/core-tgw');
  const azs = ['a', 'b', 'c'];

  // prod-core: three-tier VPC, a NAT gateway per AZ; the S3 endpoint was attached to two of the
  // three private tables only (attach-to-existing-endpoint), DynamoDB's to all; isolated data tier.
  {
    const vpc = b.vpc({
      name: 'prod-core',
      cidr: '10.0.0.0/16',
      ipv6Cidr: '2600:1f18:4a3:6e00::/56',
      tags: team('platform', 'prod'),
    });
    const igw = b.internetGateway(vpc, 'prod-core-igw');
    const eigw = ec2Id('eigw', `${vpc}/eigw`);
    const publics = azs.map((az, i) =>
      b.subnet(vpc, {
        name: `prod-core-public-${az}`,
        cidr: `10.0.${i}.0/24`,
        az,
        public: true,
        ipv6Cidr: `2600:1f18:4a3:6e0${i}::/64`,
        tags: { 'kubernetes.io/role/elb': '1' },
      }),
    );
    const privates = azs.map((az, i) =>
      b.subnet(vpc, {
        name: `prod-core-private-${az}`,
        cidr: `10.0.${32 + i * 32}.0/19`,
        az,
        tags: { 'kubernetes.io/role/internal-elb': '1' },
      }),
    );
    const data = azs.map((az, i) =>
      b.subnet(vpc, { name: `prod-core-data-${az}`, cidr: `10.0.${128 + i * 16}.0/20`, az }),
    );
    const nats = azs.map((az, i) =>
      b.natGateway(vpc, {
        name: `prod-core-nat-${az}`,
        subnetId: publics[i],
        privateIp: `10.0.${i}.${41 + i * 7}`,
      }),
    );
    b.routeTable(vpc, { name: 'prod-core-main', main: true, routes: [route.local('10.0.0.0/16')] });
    b.routeTable(vpc, {
      name: 'prod-core-public',
      subnets: publics,
      routes: [
        route.local('10.0.0.0/16'),
        route.localIpv6('2600:1f18:4a3:6e00::/56'),
        route.gateway('0.0.0.0/0', igw),
        route.ipv6Gateway('::/0', igw),
      ],
    });
    const privateTables = azs.map((az, i) =>
      b.routeTable(vpc, {
        name: `prod-core-private-${az}`,
        subnets: [privates[i] as string],
        routes: [
          route.local('10.0.0.0/16'),
          route.localIpv6('2600:1f18:4a3:6e00::/56'),
          route.nat('0.0.0.0/0', nats[i] as string),
          route.egressOnly('::/0', eigw),
          route.prefixListToTransitGateway(corpNetworks, tgw),
        ],
      }),
    );
    b.routeTable(vpc, {
      name: 'prod-core-data',
      subnets: data,
      routes: [route.local('10.0.0.0/16'), route.localIpv6('2600:1f18:4a3:6e00::/56')],
    });
    b.gatewayEndpoint(vpc, 's3', privateTables.slice(0, 2), 'prod-core-s3');
    b.gatewayEndpoint(vpc, 'dynamodb', privateTables, 'prod-core-dynamodb');
  }

  // analytics: one regional NAT gateway (no SubnetId); the ingest subnets use the main table
  // implicitly; a static route pins 52.216.0.0/16 (inside the S3 list's 52.216.0.0/15) to the NAT,
  // so the S3 endpoint cannot win that range (manual remediation).
  {
    const vpc = b.vpc({ name: 'analytics', cidr: '10.1.0.0/16', tags: team('data', 'prod') });
    const igw = b.internetGateway(vpc, 'analytics-igw');
    const nat = b.natGateway(vpc, {
      name: 'analytics-regional-nat',
      regional: true,
      privateIp: '10.1.0.12',
    });
    ['a', 'b'].forEach((az, i) =>
      b.subnet(vpc, { name: `analytics-ingest-${az}`, cidr: `10.1.${i}.0/24`, az, public: true }),
    );
    const workers = azs.map((az, i) =>
      b.subnet(vpc, { name: `analytics-emr-${az}`, cidr: `10.1.${64 + i * 64}.0/18`, az }),
    );
    b.routeTable(vpc, {
      name: 'analytics-main',
      main: true,
      routes: [route.local('10.1.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    const table = b.routeTable(vpc, {
      name: 'analytics-emr',
      subnets: workers,
      routes: [
        route.local('10.1.0.0/16'),
        route.nat('0.0.0.0/0', nat),
        route.nat('52.216.0.0/16', nat),
      ],
    });
    b.gatewayEndpoint(vpc, 's3', [table], 'analytics-s3');
  }

  // shared-services: egress through the central transit gateway; the attachment subnets' table is
  // exempt (no workloads there).
  {
    const vpc = b.vpc({
      name: 'shared-services',
      cidr: '10.2.0.0/16',
      tags: team('platform', 'shared'),
    });
    const apps = azs.map((az, i) =>
      b.subnet(vpc, { name: `shared-services-app-${az}`, cidr: `10.2.${i * 16}.0/20`, az }),
    );
    const attachments = azs.map((az, i) =>
      b.subnet(vpc, { name: `shared-services-tgw-${az}`, cidr: `10.2.255.${i * 16}/28`, az }),
    );
    b.routeTable(vpc, {
      name: 'shared-services-main',
      main: true,
      routes: [route.local('10.2.0.0/16')],
    });
    b.routeTable(vpc, {
      name: 'shared-services-app',
      subnets: apps,
      routes: [route.local('10.2.0.0/16'), route.transitGateway('0.0.0.0/0', tgw)],
    });
    b.routeTable(vpc, {
      name: 'shared-services-tgw-attachments',
      subnets: attachments,
      routes: [route.local('10.2.0.0/16'), route.transitGateway('0.0.0.0/0', tgw)],
      tags: { [EXEMPT]: 'TGW attachment ENIs only, no workloads' },
    });
  }

  // payments: attached to AWS Cloud WAN; S3 has a gateway endpoint, DynamoDB goes to the core
  // network.
  {
    const vpc = b.vpc({ name: 'payments', cidr: '10.4.0.0/16', tags: team('payments', 'prod') });
    azs.forEach((az, i) =>
      b.subnet(vpc, { name: `payments-app-${az}`, cidr: `10.4.${i * 32}.0/19`, az }),
    );
    const coreNetworkArn = `arn:aws:networkmanager::${SAMPLE_ACCOUNT_ID}:core-network/${ec2Id('core-network', 'global')}`;
    const table = b.routeTable(vpc, {
      name: 'payments-app',
      main: true,
      routes: [route.local('10.4.0.0/16'), route.coreNetwork('0.0.0.0/0', coreNetworkArn)],
    });
    b.gatewayEndpoint(vpc, 's3', [table], 'payments-s3');
  }

  // edge-inspection: distributed inspection with Gateway Load Balancer endpoints; a gateway route
  // table (edge association with the IGW) steers inbound traffic through them.
  {
    const vpc = b.vpc({
      name: 'edge-inspection',
      cidr: '10.3.0.0/16',
      tags: team('security', 'prod'),
    });
    const igw = b.internetGateway(vpc, 'edge-inspection-igw');
    const apps = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `edge-app-${az}`, cidr: `10.3.${i}.0/24`, az }),
    );
    const firewalls = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `edge-firewall-${az}`, cidr: `10.3.${100 + i}.0/28`, az }),
    );
    const service = `vpce-svc-0${hexOf('gwlb-service', 16)}`;
    const gwlbe = ['a', 'b'].map((az, i) =>
      b.gatewayLoadBalancerEndpoint(vpc, firewalls[i] as string, service, `edge-gwlbe-${az}`),
    );
    b.routeTable(vpc, { name: 'edge-main', main: true, routes: [route.local('10.3.0.0/16')] });
    ['a', 'b'].forEach((az, i) =>
      b.routeTable(vpc, {
        name: `edge-app-${az}`,
        subnets: [apps[i] as string],
        routes: [route.local('10.3.0.0/16'), route.gateway('0.0.0.0/0', gwlbe[i] as string)],
      }),
    );
    b.routeTable(vpc, {
      name: 'edge-firewall',
      subnets: firewalls,
      routes: [route.local('10.3.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    b.routeTable(vpc, {
      name: 'edge-ingress',
      edgeGateways: [igw],
      routes: [
        route.local('10.3.0.0/16'),
        route.gateway('10.3.0.0/24', gwlbe[0] as string),
        route.gateway('10.3.1.0/24', gwlbe[1] as string),
      ],
    });
  }

  // network-shared: a VPC owned by the network account and shared through AWS RAM; its NAT gateway
  // belongs to the owner, so only the route shows it.
  {
    const vpc = b.vpc({
      name: 'network-shared-workloads',
      cidr: '10.50.0.0/16',
      ownerId: NETWORK_ACCOUNT_ID,
      tags: { 'shared-by': 'network' },
    });
    const subnets = ['a', 'b', 'c', 'd'].map((az, i) =>
      b.subnet(vpc, { name: `shared-workloads-${az}`, cidr: `10.50.${i * 16}.0/20`, az }),
    );
    b.routeTable(vpc, {
      name: 'shared-workloads-private',
      subnets,
      routes: [route.local('10.50.0.0/16'), route.nat('0.0.0.0/0', ec2Id('nat', 'network/nat'))],
    });
  }

  defaultVpc(b, ['a', 'b', 'c', 'd', 'e', 'f']);
  return b;
}

function euWest1(): RegionBuilder {
  const b = new RegionBuilder(
    'eu-west-1',
    { a: 'euw1-az3', b: 'euw1-az1', c: 'euw1-az2' },
    SAMPLE_ACCOUNT_ID,
  );
  b.prefixList('pl-6da54004', 'com.amazonaws.eu-west-1.s3', [
    '3.5.64.0/21',
    '3.5.72.0/23',
    '16.12.0.0/16',
    '18.34.32.0/20',
    '52.92.0.0/17',
    '52.218.0.0/17',
  ]);
  b.prefixList('pl-6fa54006', 'com.amazonaws.eu-west-1.dynamodb', [
    '52.94.24.0/23',
    '52.94.26.0/23',
    '52.119.240.0/21',
  ]);
  const azs = ['a', 'b', 'c'];

  // staging: one NAT gateway; S3 endpoint everywhere, DynamoDB's only on the first private table.
  // One private subnet is exempt (its egress must keep the NAT's IP for a partner allow-list).
  {
    const vpc = b.vpc({ name: 'staging', cidr: '10.10.0.0/16', tags: team('platform', 'staging') });
    const igw = b.internetGateway(vpc, 'staging-igw');
    const publics = azs.map((az, i) =>
      b.subnet(vpc, { name: `staging-public-${az}`, cidr: `10.10.${i}.0/24`, az, public: true }),
    );
    const privates = azs.map((az, i) =>
      b.subnet(vpc, {
        name: `staging-private-${az}`,
        cidr: `10.10.${64 + i * 32}.0/19`,
        az,
        tags: az === 'c' ? { [EXEMPT]: 'partner allow-lists the NAT IP (SEC-2291)' } : {},
      }),
    );
    const nat = b.natGateway(vpc, {
      name: 'staging-nat',
      subnetId: publics[0],
      privateIp: '10.10.0.173',
    });
    b.routeTable(vpc, { name: 'staging-main', main: true, routes: [route.local('10.10.0.0/16')] });
    b.routeTable(vpc, {
      name: 'staging-public',
      subnets: publics,
      routes: [route.local('10.10.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    const first = b.routeTable(vpc, {
      name: 'staging-private-a',
      subnets: [privates[0] as string],
      routes: [route.local('10.10.0.0/16'), route.nat('0.0.0.0/0', nat)],
    });
    const rest = b.routeTable(vpc, {
      name: 'staging-private-bc',
      subnets: privates.slice(1),
      routes: [route.local('10.10.0.0/16'), route.nat('0.0.0.0/0', nat)],
    });
    b.gatewayEndpoint(vpc, 's3', [first, rest], 'staging-s3');
    b.gatewayEndpoint(vpc, 'dynamodb', [first], 'staging-dynamodb');
  }

  // data-platform: hybrid VPC; on-premises advertises the default route over the VPN (propagated
  // on the main table); the non-routable 100.64/16 pods reach out through a private NAT gateway.
  {
    const vpc = b.vpc({
      name: 'data-platform',
      cidr: '10.11.0.0/16',
      secondaryCidrs: ['100.64.0.0/16'],
      tags: team('data', 'prod'),
    });
    const vgw = ec2Id('vgw', 'eu-west-1/dc-dublin');
    const routable = azs.map((az, i) =>
      b.subnet(vpc, { name: `data-platform-private-${az}`, cidr: `10.11.${i * 32}.0/19`, az }),
    );
    const pods = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `data-platform-pods-${az}`, cidr: `100.64.${i * 128}.0/17`, az }),
    );
    const privateNat = b.natGateway(vpc, {
      name: 'data-platform-private-nat',
      subnetId: routable[0],
      connectivity: 'private',
      privateIp: '10.11.4.20',
    });
    b.routeTable(vpc, {
      name: 'data-platform-main',
      main: true,
      propagatingVgws: [vgw],
      routes: [
        route.local('10.11.0.0/16'),
        route.local('100.64.0.0/16'),
        route.propagated('0.0.0.0/0', vgw),
        route.propagated('192.168.0.0/16', vgw),
      ],
    });
    b.routeTable(vpc, {
      name: 'data-platform-pods',
      subnets: pods,
      routes: [
        route.local('10.11.0.0/16'),
        route.local('100.64.0.0/16'),
        route.nat('0.0.0.0/0', privateNat),
      ],
    });
  }

  // sandbox: exempt as a whole (a playground with its own budget).
  {
    const vpc = b.vpc({
      name: 'sandbox',
      cidr: '10.12.0.0/16',
      tags: { ...team('developer-experience', 'sandbox'), [EXEMPT]: 'true' },
    });
    const igw = b.internetGateway(vpc, 'sandbox-igw');
    const publicSubnet = b.subnet(vpc, {
      name: 'sandbox-public-a',
      cidr: '10.12.0.0/24',
      az: 'a',
      public: true,
    });
    const privates = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `sandbox-private-${az}`, cidr: `10.12.${16 + i * 16}.0/20`, az }),
    );
    const nat = b.natGateway(vpc, {
      name: 'sandbox-nat',
      subnetId: publicSubnet,
      privateIp: '10.12.0.88',
    });
    b.routeTable(vpc, {
      name: 'sandbox-public',
      main: true,
      routes: [route.local('10.12.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    b.routeTable(vpc, {
      name: 'sandbox-private',
      subnets: privates,
      routes: [route.local('10.12.0.0/16'), route.nat('0.0.0.0/0', nat)],
    });
  }

  // partner-link: a legacy VPC whose default route still points at a peering connection to a
  // vendor's egress VPC.
  {
    const vpc = b.vpc({
      name: 'partner-link',
      cidr: '10.13.0.0/16',
      tags: team('integrations', 'prod'),
    });
    const subnets = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `partner-link-${az}`, cidr: `10.13.${i}.0/24`, az }),
    );
    b.routeTable(vpc, {
      name: 'partner-link-main',
      main: true,
      routes: [route.local('10.13.0.0/16')],
    });
    b.routeTable(vpc, {
      name: 'partner-link-private',
      subnets,
      routes: [
        route.local('10.13.0.0/16'),
        route.peering('0.0.0.0/0', ec2Id('pcx', 'eu-west-1/partner-egress')),
      ],
    });
  }

  defaultVpc(b, azs);
  return b;
}

function usWest2(): RegionBuilder {
  const b = new RegionBuilder(
    'us-west-2',
    { a: 'usw2-az2', b: 'usw2-az1', c: 'usw2-az3', d: 'usw2-az4' },
    SAMPLE_ACCOUNT_ID,
  );
  b.prefixList('pl-68a54001', 'com.amazonaws.us-west-2.s3', [
    '3.5.76.0/22',
    '3.5.80.0/21',
    '18.34.48.0/20',
    '18.34.244.0/22',
    '52.92.128.0/17',
    '52.218.128.0/17',
  ]);
  b.prefixList('pl-00a54069', 'com.amazonaws.us-west-2.dynamodb', [
    '52.94.10.0/24',
    '52.94.28.0/23',
  ]);

  // dr: the disaster-recovery copy; its NAT gateway was deleted to save money, leaving a blackhole
  // default route; the database subnets are isolated.
  {
    const vpc = b.vpc({ name: 'dr', cidr: '10.20.0.0/16', tags: team('platform', 'dr') });
    const igw = b.internetGateway(vpc, 'dr-igw');
    const publics = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `dr-public-${az}`, cidr: `10.20.${i}.0/24`, az, public: true }),
    );
    const privates = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `dr-private-${az}`, cidr: `10.20.${32 + i * 32}.0/19`, az }),
    );
    const databases = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `dr-db-${az}`, cidr: `10.20.${200 + i}.0/24`, az }),
    );
    const nat = b.natGateway(vpc, {
      name: 'dr-nat',
      subnetId: publics[0],
      state: 'deleted',
      privateIp: '10.20.0.61',
    });
    b.routeTable(vpc, { name: 'dr-main', main: true, routes: [route.local('10.20.0.0/16')] });
    b.routeTable(vpc, {
      name: 'dr-public',
      subnets: publics,
      routes: [route.local('10.20.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    b.routeTable(vpc, {
      name: 'dr-private',
      subnets: privates,
      routes: [route.local('10.20.0.0/16'), route.nat('0.0.0.0/0', nat, 'blackhole')],
    });
    b.routeTable(vpc, {
      name: 'dr-db',
      subnets: databases,
      routes: [route.local('10.20.0.0/16')],
    });
  }

  // ml-training: a NAT instance (InstanceId + NetworkInterfaceId) and an S3 interface endpoint
  // with private DNS for every resolver, so S3 names resolve inside the VPC.
  {
    const vpc = b.vpc({ name: 'ml-training', cidr: '10.21.0.0/16', tags: team('ml', 'prod') });
    const igw = b.internetGateway(vpc, 'ml-training-igw');
    const publicSubnet = b.subnet(vpc, {
      name: 'ml-training-public-a',
      cidr: '10.21.0.0/24',
      az: 'a',
      public: true,
    });
    const privates = ['a', 'b', 'c'].map((az, i) =>
      b.subnet(vpc, { name: `ml-training-gpu-${az}`, cidr: `10.21.${64 + i * 64}.0/18`, az }),
    );
    const instance = ec2Id('i', 'us-west-2/ml-nat-instance');
    b.routeTable(vpc, {
      name: 'ml-training-public',
      main: true,
      routes: [route.local('10.21.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    b.routeTable(vpc, {
      name: 'ml-training-private',
      subnets: privates,
      routes: [
        route.local('10.21.0.0/16'),
        route.instance(
          '0.0.0.0/0',
          instance,
          SAMPLE_ACCOUNT_ID,
          ec2Id('eni', `${instance}/${publicSubnet}`),
        ),
      ],
    });
    b.s3InterfaceEndpoint(vpc, privates, 'ml-training-s3-interface', false);
  }

  // build: CI runners behind a NAT appliance reached by its ENI only; the S3 interface endpoint
  // answers only the inbound resolver (the console default), so in-VPC S3 uses the gateway endpoint.
  {
    const vpc = b.vpc({
      name: 'build',
      cidr: '10.22.0.0/16',
      tags: team('developer-experience', 'ci'),
    });
    const igw = b.internetGateway(vpc, 'build-igw');
    const publicSubnet = b.subnet(vpc, {
      name: 'build-public-a',
      cidr: '10.22.0.0/24',
      az: 'a',
      public: true,
    });
    const runners = ['a', 'b'].map((az, i) =>
      b.subnet(vpc, { name: `build-runners-${az}`, cidr: `10.22.${32 + i * 32}.0/19`, az }),
    );
    b.routeTable(vpc, {
      name: 'build-public',
      subnets: [publicSubnet],
      routes: [route.local('10.22.0.0/16'), route.gateway('0.0.0.0/0', igw)],
    });
    const table = b.routeTable(vpc, {
      name: 'build-runners',
      main: true,
      routes: [
        route.local('10.22.0.0/16'),
        route.networkInterface('0.0.0.0/0', ec2Id('eni', 'us-west-2/fck-nat')),
      ],
    });
    b.gatewayEndpoint(vpc, 's3', [table], 'build-s3');
    b.s3InterfaceEndpoint(vpc, runners, 'build-s3-interface', true);
  }

  defaultVpc(b, ['a', 'b', 'c', 'd']);
  return b;
}

/** Builds the sample estate. Pure and deterministic. */
export function buildSampleEstate(): SampleEstate {
  const regions: Record<string, RegionInventory> = {};
  for (const builder of [usEast1(), euWest1(), usWest2()]) {
    regions[builder.region] = builder.inventory;
  }
  return {
    schemaVersion: 1,
    accountId: SAMPLE_ACCOUNT_ID,
    collectedAt: '2026-11-27T03:00:00Z',
    regions,
    cost: sampleCostInputs(regions),
  };
}

/** The sample estate as the text of examples/sample-estate.json. */
export function sampleEstateText(): string {
  return `${JSON.stringify(buildSampleEstate(), null, 2)}\n`;
}
