/**
 * The seeded two-region estate the remediation is judged on, for the stateful fake EC2 endpoint
 * (test/support/fake-ec2-endpoint.ts), in EC2's XML field names:
 *
 * - us-east-1 `LEAKY`: a public subnet on the main table (internet gateway) and two private subnets
 *   on their own NAT tables, no endpoint: one S3 and one DynamoDB endpoint must be created.
 * - us-east-1 `EXEMPT`: a NAT table, the VPC tagged `vpce-auditor:exempt`: left alone.
 * - us-east-1 `SHARED`: a NAT table in a VPC shared by another account: left alone.
 * - eu-west-1 `REUSE`: two NAT tables, an S3 gateway endpoint on the first only (the second must be
 *   attached to it) and a DynamoDB gateway endpoint on both (nothing to do).
 */
import {
  SERVICE_CIDRS,
  type FakeRoute,
  type FakeRouteTable,
  type FakeTag,
  type RegionEstate,
} from '../support/fake-ec2-estate';

/** The account the credentials belong to. */
export const ACCOUNT = '111122223333';
/** The account that shares `SHARED` with {@link ACCOUNT}. */
export const OTHER_ACCOUNT = '444455556666';

/** The ids of the seeded estate. */
export const IDS = {
  leaky: {
    vpc: 'vpc-0a00000000000000a',
    mainTable: 'rtb-0a000000000000000',
    privateTables: ['rtb-0a000000000000001', 'rtb-0a000000000000002'],
    publicSubnet: 'subnet-0a000000000000000',
    privateSubnets: ['subnet-0a000000000000001', 'subnet-0a000000000000002'],
  },
  exempt: {
    vpc: 'vpc-0e00000000000000e',
    table: 'rtb-0e000000000000001',
    subnet: 'subnet-0e000000000000001',
  },
  shared: {
    vpc: 'vpc-05000000000000005',
    table: 'rtb-05000000000000001',
    subnet: 'subnet-05000000000000001',
  },
  reuse: {
    vpc: 'vpc-0b00000000000000b',
    tables: ['rtb-0b000000000000001', 'rtb-0b000000000000002'],
    subnets: ['subnet-0b000000000000001', 'subnet-0b000000000000002'],
    s3Endpoint: 'vpce-0b000000000000003',
    dynamodbEndpoint: 'vpce-0b000000000000004',
  },
} as const;

const local = (cidr: string): FakeRoute => ({
  destinationCidrBlock: cidr,
  gatewayId: 'local',
  state: 'active',
  origin: 'CreateRouteTable',
});

const toNat = (nat: string): FakeRoute => ({
  destinationCidrBlock: '0.0.0.0/0',
  natGatewayId: nat,
  state: 'active',
  origin: 'CreateRoute',
});

function table(
  routeTableId: string,
  vpcId: string,
  owner: string,
  routes: FakeRoute[],
  subnetId?: string,
): FakeRouteTable {
  return {
    routeTableId,
    vpcId,
    ownerId: owner,
    associationSet: [
      {
        routeTableAssociationId: routeTableId.replace('rtb-', 'rtbassoc-'),
        routeTableId,
        ...(subnetId ? { subnetId } : {}),
        main: subnetId === undefined,
        associationState: { state: 'associated' },
      },
    ],
    routeSet: routes,
  };
}

function subnet(subnetId: string, vpcId: string, cidrBlock: string, owner = ACCOUNT) {
  return {
    subnetId,
    vpcId,
    cidrBlock,
    availabilityZone: 'zone-a',
    ownerId: owner,
    state: 'available',
  };
}

function vpc(vpcId: string, cidrBlock: string, owner = ACCOUNT, tagSet?: FakeTag[]) {
  return {
    vpcId,
    ownerId: owner,
    cidrBlock,
    isDefault: false,
    state: 'available',
    ...(tagSet ? { tagSet } : {}),
  };
}

function serviceLists(region: string, s3Id: string, dynamodbId: string, awsOwner: string) {
  return [
    {
      prefixListId: s3Id,
      prefixListName: `com.amazonaws.${region}.s3`,
      ownerId: awsOwner,
      cidrs: [...SERVICE_CIDRS.s3],
    },
    {
      prefixListId: dynamodbId,
      prefixListName: `com.amazonaws.${region}.dynamodb`,
      ownerId: awsOwner,
      cidrs: [...SERVICE_CIDRS.dynamodb],
    },
  ];
}

/** The AWS-managed prefix list ids of each region. */
export const PREFIX_LISTS = {
  'us-east-1': { s3: 'pl-63a5400a', dynamodb: 'pl-02cd2c6b' },
  'eu-west-1': { s3: 'pl-6da54004', dynamodb: 'pl-6fa54006' },
} as const;

function usEast1(awsOwner: string): RegionEstate {
  const { leaky, exempt, shared } = IDS;
  return {
    vpcs: [
      vpc(leaky.vpc, '10.1.0.0/16'),
      vpc(exempt.vpc, '10.2.0.0/16', ACCOUNT, [{ key: 'vpce-auditor:exempt', value: 'true' }]),
      vpc(shared.vpc, '10.3.0.0/16', OTHER_ACCOUNT),
    ],
    subnets: [
      subnet(leaky.publicSubnet, leaky.vpc, '10.1.0.0/24'),
      subnet(leaky.privateSubnets[0], leaky.vpc, '10.1.1.0/24'),
      subnet(leaky.privateSubnets[1], leaky.vpc, '10.1.2.0/24'),
      subnet(exempt.subnet, exempt.vpc, '10.2.1.0/24'),
      subnet(shared.subnet, shared.vpc, '10.3.1.0/24', OTHER_ACCOUNT),
    ],
    routeTables: [
      table(leaky.mainTable, leaky.vpc, ACCOUNT, [
        local('10.1.0.0/16'),
        {
          destinationCidrBlock: '0.0.0.0/0',
          gatewayId: 'igw-0a000000000000001',
          state: 'active',
          origin: 'CreateRoute',
        },
      ]),
      table(
        leaky.privateTables[0],
        leaky.vpc,
        ACCOUNT,
        [local('10.1.0.0/16'), toNat('nat-0a000000000000001')],
        leaky.privateSubnets[0],
      ),
      table(
        leaky.privateTables[1],
        leaky.vpc,
        ACCOUNT,
        [local('10.1.0.0/16'), toNat('nat-0a000000000000002')],
        leaky.privateSubnets[1],
      ),
      table('rtb-0e000000000000000', exempt.vpc, ACCOUNT, [local('10.2.0.0/16')]),
      table(
        exempt.table,
        exempt.vpc,
        ACCOUNT,
        [local('10.2.0.0/16'), toNat('nat-0e000000000000001')],
        exempt.subnet,
      ),
      table(
        shared.table,
        shared.vpc,
        OTHER_ACCOUNT,
        [local('10.3.0.0/16'), toNat('nat-05000000000000001')],
        shared.subnet,
      ),
    ],
    vpcEndpoints: [],
    natGateways: [
      ['nat-0a000000000000001', leaky.vpc, leaky.publicSubnet],
      ['nat-0a000000000000002', leaky.vpc, leaky.publicSubnet],
      ['nat-0e000000000000001', exempt.vpc, exempt.subnet],
      ['nat-05000000000000001', shared.vpc, shared.subnet],
    ].map(([natGatewayId, vpcId, subnetId]) => ({
      natGatewayId: natGatewayId ?? '',
      vpcId: vpcId ?? '',
      subnetId: subnetId ?? '',
      state: 'available',
      connectivityType: 'public',
    })),
    internetGateways: [
      {
        internetGatewayId: 'igw-0a000000000000001',
        ownerId: ACCOUNT,
        attachmentSet: [{ vpcId: leaky.vpc, state: 'available' }],
      },
    ],
    prefixLists: serviceLists(
      'us-east-1',
      PREFIX_LISTS['us-east-1'].s3,
      PREFIX_LISTS['us-east-1'].dynamodb,
      awsOwner,
    ),
  };
}

function euWest1(awsOwner: string): RegionEstate {
  const { reuse } = IDS;
  const lists = PREFIX_LISTS['eu-west-1'];
  const endpointRoute = (prefixListId: string, gatewayId: string): FakeRoute => ({
    destinationPrefixListId: prefixListId,
    gatewayId,
    state: 'active',
    origin: 'CreateRoute',
  });
  return {
    vpcs: [vpc(reuse.vpc, '10.4.0.0/16')],
    subnets: [
      subnet(reuse.subnets[0], reuse.vpc, '10.4.1.0/24'),
      subnet(reuse.subnets[1], reuse.vpc, '10.4.2.0/24'),
    ],
    routeTables: [
      table('rtb-0b000000000000000', reuse.vpc, ACCOUNT, [local('10.4.0.0/16')]),
      table(
        reuse.tables[0],
        reuse.vpc,
        ACCOUNT,
        [
          local('10.4.0.0/16'),
          toNat('nat-0b000000000000001'),
          endpointRoute(lists.s3, reuse.s3Endpoint),
          endpointRoute(lists.dynamodb, reuse.dynamodbEndpoint),
        ],
        reuse.subnets[0],
      ),
      table(
        reuse.tables[1],
        reuse.vpc,
        ACCOUNT,
        [
          local('10.4.0.0/16'),
          toNat('nat-0b000000000000001'),
          endpointRoute(lists.dynamodb, reuse.dynamodbEndpoint),
        ],
        reuse.subnets[1],
      ),
    ],
    vpcEndpoints: [
      {
        vpcEndpointId: reuse.s3Endpoint,
        vpcEndpointType: 'Gateway',
        vpcId: reuse.vpc,
        serviceName: 'com.amazonaws.eu-west-1.s3',
        state: 'available',
        routeTableIdSet: [reuse.tables[0]],
        privateDnsEnabled: false,
        ownerId: ACCOUNT,
        tagSet: [{ key: 'Name', value: 'made by hand' }],
      },
      {
        vpcEndpointId: reuse.dynamodbEndpoint,
        vpcEndpointType: 'Gateway',
        vpcId: reuse.vpc,
        serviceName: 'com.amazonaws.eu-west-1.dynamodb',
        state: 'available',
        routeTableIdSet: [...reuse.tables],
        privateDnsEnabled: false,
        ownerId: ACCOUNT,
      },
    ],
    natGateways: [
      {
        natGatewayId: 'nat-0b000000000000001',
        vpcId: reuse.vpc,
        subnetId: reuse.subnets[0],
        state: 'available',
        connectivityType: 'public',
      },
    ],
    internetGateways: [],
    prefixLists: serviceLists('eu-west-1', lists.s3, lists.dynamodb, awsOwner),
  };
}

/**
 * The seeded estate, by region.
 *
 * @param awsOwner - the owner id of the AWS-managed prefix lists: `AWS` as EC2 answers, or `aws`
 *   as moto does
 */
export function remediationEstate(awsOwner = 'AWS'): Record<string, RegionEstate> {
  return { 'us-east-1': usEast1(awsOwner), 'eu-west-1': euWest1(awsOwner) };
}
