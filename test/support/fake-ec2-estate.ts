/**
 * The inventory a local fake EC2 endpoint serves, in EC2's XML field names (`vpcSet` items,
 * `routeSet`, `tagSet`…), and the small generated estate the benchmarks use by default.
 */

/** A value `toXml` can render. */
export type XmlValue =
  string | number | boolean | undefined | XmlValue[] | { [key: string]: XmlValue };

/** A tag, as EC2 answers it. */
export type FakeTag = { key: string; value: string };

/** `DescribeVpcs` item. */
export type FakeVpc = {
  vpcId: string;
  ownerId: string;
  cidrBlock: string;
  isDefault: boolean;
  state: string;
  tagSet?: FakeTag[];
};

/** `DescribeSubnets` item. */
export type FakeSubnet = {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  ownerId: string;
  state: string;
  tagSet?: FakeTag[];
};

/** A route of a route table. */
export type FakeRoute = {
  destinationCidrBlock?: string;
  destinationPrefixListId?: string;
  gatewayId?: string;
  natGatewayId?: string;
  transitGatewayId?: string;
  instanceId?: string;
  state: string;
  origin: string;
};

/** A route table association. */
export type FakeAssociation = {
  routeTableAssociationId: string;
  routeTableId: string;
  subnetId?: string;
  main: boolean;
  associationState: { state: string };
};

/** `DescribeRouteTables` item. */
export type FakeRouteTable = {
  routeTableId: string;
  vpcId: string;
  ownerId: string;
  associationSet: FakeAssociation[];
  routeSet: FakeRoute[];
  tagSet?: FakeTag[];
};

/** `DescribeVpcEndpoints` item (gateway endpoints only). */
export type FakeVpcEndpoint = {
  vpcEndpointId: string;
  vpcEndpointType: string;
  vpcId: string;
  serviceName: string;
  state: string;
  policyDocument?: string;
  routeTableIdSet: string[];
  subnetIdSet?: string[];
  groupSet?: XmlValue[];
  privateDnsEnabled: boolean;
  requesterManaged?: boolean;
  networkInterfaceIdSet?: string[];
  dnsEntrySet?: XmlValue[];
  creationTimestamp?: string;
  tagSet?: FakeTag[];
  ownerId: string;
};

/** `DescribeNatGateways` item. */
export type FakeNatGateway = {
  natGatewayId: string;
  vpcId: string;
  subnetId: string;
  state: string;
  connectivityType: string;
  tagSet?: FakeTag[];
};

/** `DescribeInternetGateways` item. */
export type FakeInternetGateway = {
  internetGatewayId: string;
  ownerId: string;
  attachmentSet: { vpcId: string; state: string }[];
  tagSet?: FakeTag[];
};

/** An egress-only internet gateway (IPv6 outbound only). */
export type FakeEgressOnlyInternetGateway = {
  egressOnlyInternetGatewayId: string;
  attachmentSet: { vpcId: string; state: string }[];
  tagSet?: FakeTag[];
};

/** A managed prefix list and its CIDRs. */
export type FakePrefixList = {
  prefixListId: string;
  prefixListName: string;
  ownerId: string;
  cidrs: string[];
  tagSet?: FakeTag[];
};

/** One region's inventory. */
export type RegionEstate = {
  vpcs: FakeVpc[];
  subnets: FakeSubnet[];
  routeTables: FakeRouteTable[];
  vpcEndpoints: FakeVpcEndpoint[];
  natGateways: FakeNatGateway[];
  internetGateways: FakeInternetGateway[];
  /** None when absent (the generated estate is IPv4 only, as most are). */
  egressOnlyInternetGateways?: FakeEgressOnlyInternetGateway[];
  prefixLists: FakePrefixList[];
};

/** The CIDRs the fake gives the AWS-managed S3 and DynamoDB prefix lists. */
export const SERVICE_CIDRS = {
  s3: ['3.5.0.0/19', '16.182.0.0/16', '52.216.0.0/15', '54.231.0.0/16'],
  dynamodb: ['3.218.180.0/22', '35.71.64.0/22', '52.94.0.0/22'],
} as const;

/** The default policy EC2 gives an endpoint created without one (full access). */
export const FULL_ACCESS_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** The VPC's local route, as EC2's XML names it (every table of the generated VPC has it). */
const LOCAL_ROUTE = {
  destinationCidrBlock: '10.0.0.0/16',
  gatewayId: 'local',
  state: 'active',
  origin: 'CreateRouteTable',
};

/**
 * The benchmarks' small estate of a region: one VPC, a public subnet on the main table (internet
 * gateway, and a customer-managed prefix list to a transit gateway) and a private subnet on a NAT
 * table that also has the S3 gateway endpoint.
 */
export function generatedEstate(region: string, index: number, owner: string): RegionEstate {
  const hex = (kind: number) =>
    `${kind.toString(16)}${index.toString(16).padStart(3, '0')}`.padStart(8, '0');
  const vpcId = `vpc-${hex(1)}`;
  const publicSubnet = `subnet-${hex(2)}`;
  const privateSubnet = `subnet-${hex(3)}`;
  const igw = `igw-${hex(4)}`;
  const nat = `nat-${hex(5)}`;
  const endpoint = `vpce-${hex(6)}`;
  const s3List = `pl-${hex(7)}`;
  const dynamoList = `pl-${hex(8)}`;
  const customerList = `pl-${hex(9)}`;
  const tgw = `tgw-${hex(10)}`;
  return {
    vpcs: [
      { vpcId, ownerId: owner, cidrBlock: '10.0.0.0/16', isDefault: false, state: 'available' },
    ],
    subnets: [publicSubnet, privateSubnet].map((subnetId, i) => ({
      subnetId,
      vpcId,
      cidrBlock: `10.0.${i}.0/24`,
      availabilityZone: `${region}a`,
      ownerId: owner,
      state: 'available',
    })),
    routeTables: [
      {
        routeTableId: `rtb-${hex(11)}`,
        vpcId,
        ownerId: owner,
        associationSet: [
          {
            routeTableAssociationId: `rtbassoc-${hex(12)}`,
            routeTableId: `rtb-${hex(11)}`,
            main: true,
            associationState: { state: 'associated' },
          },
        ],
        routeSet: [
          LOCAL_ROUTE,
          {
            destinationCidrBlock: '0.0.0.0/0',
            gatewayId: igw,
            state: 'active',
            origin: 'CreateRoute',
          },
          {
            destinationPrefixListId: customerList,
            transitGatewayId: tgw,
            state: 'active',
            origin: 'CreateRoute',
          },
        ],
      },
      {
        routeTableId: `rtb-${hex(13)}`,
        vpcId,
        ownerId: owner,
        associationSet: [
          {
            routeTableAssociationId: `rtbassoc-${hex(14)}`,
            routeTableId: `rtb-${hex(13)}`,
            subnetId: privateSubnet,
            main: false,
            associationState: { state: 'associated' },
          },
        ],
        routeSet: [
          LOCAL_ROUTE,
          {
            destinationCidrBlock: '0.0.0.0/0',
            natGatewayId: nat,
            state: 'active',
            origin: 'CreateRoute',
          },
          {
            destinationPrefixListId: s3List,
            gatewayId: endpoint,
            state: 'active',
            origin: 'CreateRoute',
          },
        ],
      },
    ],
    vpcEndpoints: [
      {
        vpcEndpointId: endpoint,
        vpcEndpointType: 'Gateway',
        vpcId,
        serviceName: `com.amazonaws.${region}.s3`,
        state: 'available',
        routeTableIdSet: [`rtb-${hex(13)}`],
        privateDnsEnabled: false,
        ownerId: owner,
      },
    ],
    natGateways: [
      {
        natGatewayId: nat,
        vpcId,
        subnetId: publicSubnet,
        state: 'available',
        connectivityType: 'public',
      },
    ],
    internetGateways: [
      { internetGatewayId: igw, ownerId: owner, attachmentSet: [{ vpcId, state: 'available' }] },
    ],
    prefixLists: [
      {
        prefixListId: s3List,
        prefixListName: `com.amazonaws.${region}.s3`,
        ownerId: 'AWS',
        cidrs: [...SERVICE_CIDRS.s3],
      },
      {
        prefixListId: dynamoList,
        prefixListName: `com.amazonaws.${region}.dynamodb`,
        ownerId: 'AWS',
        cidrs: [...SERVICE_CIDRS.dynamodb],
      },
      {
        prefixListId: customerList,
        prefixListName: 'corporate-ranges',
        ownerId: owner,
        cidrs: ['192.168.0.0/16', '172.16.0.0/12'],
      },
    ],
  };
}
