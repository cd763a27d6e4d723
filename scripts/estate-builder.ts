/**
 * A small builder of EC2-shaped inventory (docs/snapshot.md) with deterministic, real-looking ids, for the
 * sample estate. Every object carries the fields `aws ec2 describe-*` prints, not only those the
 * rules read, so that the sample also shows that unknown fields are ignored.
 */
import { createHash } from 'node:crypto';

/** An EC2 tag as the API returns it. */
export interface Ec2Tag {
  Key: string;
  Value: string;
}

/** Any EC2 object: plain JSON. */
export type Ec2Object = Record<string, unknown>;

/** One region's arrays, as in the snapshot. */
export interface RegionInventory {
  Vpcs: Ec2Object[];
  Subnets: Ec2Object[];
  RouteTables: Ec2Object[];
  VpcEndpoints: Ec2Object[];
  NatGateways: Ec2Object[];
  InternetGateways: Ec2Object[];
  PrefixLists: Ec2Object[];
}

/** The services of the AWS-managed prefix lists. */
export type ManagedService = 's3' | 'dynamodb';

/** A route as `describe-route-tables` prints it. */
export type Ec2Route = Ec2Object;

/** Hex digits derived from a label: the same label always gives the same id. */
export function hexOf(label: string, length: number): string {
  return createHash('sha256').update(label).digest('hex').slice(0, length);
}

/** A current-style EC2 id: `prefix-0` and 16 hex digits (`vpc-07cf193169d4ea242`). */
export function ec2Id(prefix: string, label: string): string {
  return `${prefix}-0${hexOf(`${prefix}:${label}`, 16)}`;
}

/** A number in [0, modulo) derived from a label. */
export function numberOf(label: string, modulo: number): number {
  return parseInt(hexOf(label, 8), 16) % modulo;
}

/** `Tags` with a `Name` first, then the others in the given order. */
export function tagsOf(name: string, extra: Record<string, string> = {}): Ec2Tag[] {
  return [
    { Key: 'Name', Value: name },
    ...Object.entries(extra).map(([Key, Value]) => ({ Key, Value })),
  ];
}

/** The usable addresses of an IPv4 block (AWS reserves five per subnet). */
export function usableAddresses(cidr: string): number {
  const prefix = Number(cidr.split('/')[1]);
  return 2 ** (32 - prefix) - 5;
}

/** Route constructors, in the shapes `describe-route-tables` prints. */
export const route = {
  local: (cidr: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    GatewayId: 'local',
    Origin: 'CreateRouteTable',
    State: 'active',
  }),
  localIpv6: (cidr: string): Ec2Route => ({
    DestinationIpv6CidrBlock: cidr,
    GatewayId: 'local',
    Origin: 'CreateRouteTable',
    State: 'active',
  }),
  gateway: (cidr: string, gatewayId: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    GatewayId: gatewayId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  ipv6Gateway: (cidr: string, gatewayId: string): Ec2Route => ({
    DestinationIpv6CidrBlock: cidr,
    GatewayId: gatewayId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  egressOnly: (cidr: string, egressOnlyInternetGatewayId: string): Ec2Route => ({
    DestinationIpv6CidrBlock: cidr,
    EgressOnlyInternetGatewayId: egressOnlyInternetGatewayId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  nat: (cidr: string, natGatewayId: string, state = 'active'): Ec2Route => ({
    DestinationCidrBlock: cidr,
    NatGatewayId: natGatewayId,
    Origin: 'CreateRoute',
    State: state,
  }),
  instance: (
    cidr: string,
    instanceId: string,
    ownerId: string,
    networkInterfaceId: string,
  ): Ec2Route => ({
    DestinationCidrBlock: cidr,
    InstanceId: instanceId,
    InstanceOwnerId: ownerId,
    NetworkInterfaceId: networkInterfaceId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  networkInterface: (cidr: string, networkInterfaceId: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    NetworkInterfaceId: networkInterfaceId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  transitGateway: (cidr: string, transitGatewayId: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    TransitGatewayId: transitGatewayId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  prefixListToTransitGateway: (prefixListId: string, transitGatewayId: string): Ec2Route => ({
    DestinationPrefixListId: prefixListId,
    TransitGatewayId: transitGatewayId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  coreNetwork: (cidr: string, coreNetworkArn: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    CoreNetworkArn: coreNetworkArn,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  propagated: (cidr: string, vgwId: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    GatewayId: vgwId,
    Origin: 'EnableVgwRoutePropagation',
    State: 'active',
  }),
  peering: (cidr: string, peeringConnectionId: string): Ec2Route => ({
    DestinationCidrBlock: cidr,
    VpcPeeringConnectionId: peeringConnectionId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
  endpoint: (prefixListId: string, endpointId: string): Ec2Route => ({
    DestinationPrefixListId: prefixListId,
    GatewayId: endpointId,
    Origin: 'CreateRoute',
    State: 'active',
  }),
};

const CREATED = '2024-03-11T09:24:51+00:00';
const FULL_ACCESS_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';

/** A VPC to declare. */
export interface VpcSpec {
  name: string;
  cidr: string;
  secondaryCidrs?: string[];
  ipv6Cidr?: string;
  isDefault?: boolean;
  ownerId?: string;
  tags?: Record<string, string>;
}

/** A subnet to declare. */
export interface SubnetSpec {
  name: string;
  cidr: string;
  /** Availability zone letter: `a`, `b`… */
  az: string;
  public?: boolean;
  defaultForAz?: boolean;
  ipv6Cidr?: string;
  tags?: Record<string, string>;
}

/** A route table to declare. */
export interface RouteTableSpec {
  name: string;
  main?: boolean;
  /** Subnets explicitly associated. */
  subnets?: string[];
  /** Gateways of edge associations (a gateway route table). */
  edgeGateways?: string[];
  routes: Ec2Route[];
  propagatingVgws?: string[];
  tags?: Record<string, string>;
}

/** A NAT gateway to declare. */
export interface NatGatewaySpec {
  name: string;
  /** Absent for a regional NAT gateway. */
  subnetId?: string;
  connectivity?: 'public' | 'private';
  regional?: boolean;
  state?: 'available' | 'deleted';
  privateIp: string;
}

/** Collects one region's inventory, one owning account at a time. */
export class RegionBuilder {
  public readonly inventory: RegionInventory = {
    Vpcs: [],
    Subnets: [],
    RouteTables: [],
    VpcEndpoints: [],
    NatGateways: [],
    InternetGateways: [],
    PrefixLists: [],
  };

  private readonly vpcOwners = new Map<string, string>();
  private readonly routeTables = new Map<string, Ec2Object>();

  public constructor(
    public readonly region: string,
    private readonly azIds: Record<string, string>,
    public readonly accountId: string,
  ) {}

  /** Adds a prefix list (AWS-managed or customer-managed) with its CIDRs. */
  public prefixList(prefixListId: string, name: string, cidrs: string[]): string {
    this.inventory.PrefixLists.push({
      PrefixListId: prefixListId,
      PrefixListName: name,
      Cidrs: cidrs,
    });
    return prefixListId;
  }

  /** The id of a prefix list of the region by name. */
  public prefixListId(service: ManagedService): string {
    const name = `com.amazonaws.${this.region}.${service}`;
    const found = this.inventory.PrefixLists.find((list) => list.PrefixListName === name);
    if (!found) throw new Error(`declare the prefix list ${name} first`);
    return found.PrefixListId as string;
  }

  /** Declares a VPC. */
  public vpc(spec: VpcSpec): string {
    const vpcId = ec2Id('vpc', `${this.region}/${spec.name}`);
    const ownerId = spec.ownerId ?? this.accountId;
    this.vpcOwners.set(vpcId, ownerId);
    const cidrs = [spec.cidr, ...(spec.secondaryCidrs ?? [])];
    const vpc: Ec2Object = {
      OwnerId: ownerId,
      InstanceTenancy: 'default',
      CidrBlockAssociationSet: cidrs.map((cidr) => ({
        AssociationId: ec2Id('vpc-cidr-assoc', `${vpcId}/${cidr}`),
        CidrBlock: cidr,
        CidrBlockState: { State: 'associated' },
      })),
      IsDefault: spec.isDefault === true,
      BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
      VpcId: vpcId,
      State: 'available',
      CidrBlock: spec.cidr,
      DhcpOptionsId: ec2Id('dopt', `${this.region}/${ownerId}`),
    };
    if (spec.ipv6Cidr !== undefined) {
      vpc.Ipv6CidrBlockAssociationSet = [
        {
          AssociationId: ec2Id('vpc-cidr-assoc', `${vpcId}/${spec.ipv6Cidr}`),
          Ipv6CidrBlock: spec.ipv6Cidr,
          Ipv6CidrBlockState: { State: 'associated' },
          NetworkBorderGroup: this.region,
          Ipv6Pool: 'Amazon',
        },
      ];
    }
    if (spec.isDefault !== true || spec.tags !== undefined) {
      vpc.Tags = tagsOf(spec.name, spec.tags);
    }
    this.inventory.Vpcs.push(vpc);
    return vpcId;
  }

  /** Declares a subnet of a VPC. */
  public subnet(vpcId: string, spec: SubnetSpec): string {
    const subnetId = ec2Id('subnet', `${vpcId}/${spec.name}`);
    const ownerId = this.vpcOwners.get(vpcId) ?? this.accountId;
    const az = `${this.region}${spec.az}`;
    const subnet: Ec2Object = {
      AvailabilityZoneId: this.azIds[spec.az],
      MapCustomerOwnedIpOnLaunch: false,
      OwnerId: ownerId,
      AssignIpv6AddressOnCreation: false,
      Ipv6CidrBlockAssociationSet: [] as Ec2Object[],
      SubnetArn: `arn:aws:ec2:${this.region}:${ownerId}:subnet/${subnetId}`,
      EnableDns64: false,
      Ipv6Native: false,
      PrivateDnsNameOptionsOnLaunch: {
        HostnameType: 'ip-name',
        EnableResourceNameDnsARecord: false,
        EnableResourceNameDnsAAAARecord: false,
      },
      BlockPublicAccessStates: { InternetGatewayBlockMode: 'off' },
      SubnetId: subnetId,
      State: 'available',
      VpcId: vpcId,
      CidrBlock: spec.cidr,
      AvailableIpAddressCount:
        usableAddresses(spec.cidr) -
        numberOf(subnetId, Math.max(1, Math.floor(usableAddresses(spec.cidr) / 3))),
      AvailabilityZone: az,
      DefaultForAz: spec.defaultForAz === true,
      MapPublicIpOnLaunch: spec.public === true,
    };
    if (spec.ipv6Cidr !== undefined) {
      subnet.Ipv6CidrBlockAssociationSet = [
        {
          AssociationId: ec2Id('subnet-cidr-assoc', `${subnetId}/${spec.ipv6Cidr}`),
          Ipv6CidrBlock: spec.ipv6Cidr,
          Ipv6CidrBlockState: { State: 'associated' },
        },
      ];
    }
    if (spec.defaultForAz !== true || spec.tags !== undefined) {
      subnet.Tags = tagsOf(spec.name, spec.tags);
    }
    this.inventory.Subnets.push(subnet);
    return subnetId;
  }

  /** Declares an internet gateway attached to a VPC. */
  public internetGateway(vpcId: string, name: string): string {
    const id = ec2Id('igw', `${vpcId}/${name}`);
    this.inventory.InternetGateways.push({
      Attachments: [{ State: 'available', VpcId: vpcId }],
      InternetGatewayId: id,
      OwnerId: this.vpcOwners.get(vpcId) ?? this.accountId,
      Tags: tagsOf(name),
    });
    return id;
  }

  /** Declares a NAT gateway (zonal, regional or private). */
  public natGateway(vpcId: string, spec: NatGatewaySpec): string {
    const id = ec2Id('nat', `${vpcId}/${spec.name}`);
    const connectivity = spec.connectivity ?? 'public';
    const address: Ec2Object = {
      NetworkInterfaceId: ec2Id('eni', `${id}/primary`),
      PrivateIp: spec.privateIp,
      IsPrimary: true,
      Status: 'succeeded',
    };
    if (connectivity === 'public') {
      address.AllocationId = ec2Id('eipalloc', id);
      address.AssociationId = ec2Id('eipassoc', id);
      address.PublicIp = `44.${192 + numberOf(`${id}/1`, 64)}.${numberOf(`${id}/2`, 256)}.${1 + numberOf(`${id}/3`, 254)}`;
    }
    const nat: Ec2Object = {
      CreateTime: CREATED,
      NatGatewayAddresses: [address],
      NatGatewayId: id,
      State: spec.state ?? 'available',
      VpcId: vpcId,
      Tags: tagsOf(spec.name),
      ConnectivityType: connectivity,
      AvailabilityMode: spec.regional === true ? 'regional' : 'zonal',
    };
    if (spec.subnetId !== undefined) nat.SubnetId = spec.subnetId;
    if (spec.state === 'deleted') nat.DeleteTime = '2026-10-02T16:40:07+00:00';
    this.inventory.NatGateways.push(nat);
    return id;
  }

  /** Declares a route table with its associations. */
  public routeTable(vpcId: string, spec: RouteTableSpec): string {
    const id = ec2Id('rtb', `${vpcId}/${spec.name}`);
    const associations: Ec2Object[] = [];
    if (spec.main === true) {
      associations.push({
        Main: true,
        RouteTableAssociationId: ec2Id('rtbassoc', `${id}/main`),
        RouteTableId: id,
        AssociationState: { State: 'associated' },
      });
    }
    for (const subnetId of spec.subnets ?? []) {
      associations.push({
        Main: false,
        RouteTableAssociationId: ec2Id('rtbassoc', `${id}/${subnetId}`),
        RouteTableId: id,
        SubnetId: subnetId,
        AssociationState: { State: 'associated' },
      });
    }
    for (const gatewayId of spec.edgeGateways ?? []) {
      associations.push({
        Main: false,
        RouteTableAssociationId: ec2Id('rtbassoc', `${id}/${gatewayId}`),
        RouteTableId: id,
        GatewayId: gatewayId,
        AssociationState: { State: 'associated' },
      });
    }
    const table: Ec2Object = {
      Associations: associations,
      PropagatingVgws: (spec.propagatingVgws ?? []).map((GatewayId) => ({ GatewayId })),
      RouteTableId: id,
      Routes: [...spec.routes],
      Tags: tagsOf(spec.name, spec.tags),
      VpcId: vpcId,
      OwnerId: this.vpcOwners.get(vpcId) ?? this.accountId,
    };
    this.routeTables.set(id, table);
    this.inventory.RouteTables.push(table);
    return id;
  }

  /**
   * Declares a gateway endpoint and adds its prefix-list route to each chosen table, as AWS does.
   */
  public gatewayEndpoint(
    vpcId: string,
    service: ManagedService,
    routeTableIds: string[],
    name: string,
  ): string {
    const id = ec2Id('vpce', `${vpcId}/${name}`);
    const prefixListId = this.prefixListId(service);
    for (const tableId of routeTableIds) {
      const table = this.routeTables.get(tableId);
      if (!table) throw new Error(`unknown route table ${tableId}`);
      (table.Routes as Ec2Route[]).push(route.endpoint(prefixListId, id));
    }
    this.inventory.VpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Gateway',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${this.region}.${service}`,
      State: 'available',
      PolicyDocument: FULL_ACCESS_POLICY,
      RouteTableIds: [...routeTableIds],
      SubnetIds: [],
      Groups: [],
      IpAddressType: 'ipv4',
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [],
      DnsEntries: [],
      CreationTimestamp: CREATED,
      Tags: tagsOf(name),
      OwnerId: this.accountId,
    });
    return id;
  }

  /** Declares an S3 interface endpoint in some subnets. */
  public s3InterfaceEndpoint(
    vpcId: string,
    subnetIds: string[],
    name: string,
    privateDnsOnlyForInboundResolverEndpoint: boolean,
  ): string {
    const id = ec2Id('vpce', `${vpcId}/${name}`);
    const suffix = hexOf(id, 8);
    this.inventory.VpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'Interface',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.${this.region}.s3`,
      State: 'available',
      PolicyDocument: FULL_ACCESS_POLICY,
      RouteTableIds: [],
      SubnetIds: [...subnetIds],
      Groups: [{ GroupId: ec2Id('sg', `${id}/sg`), GroupName: `${name}-sg` }],
      IpAddressType: 'ipv4',
      DnsOptions: {
        DnsRecordIpType: 'ipv4',
        PrivateDnsOnlyForInboundResolverEndpoint: privateDnsOnlyForInboundResolverEndpoint,
      },
      PrivateDnsEnabled: true,
      RequesterManaged: false,
      NetworkInterfaceIds: subnetIds.map((subnetId) => ec2Id('eni', `${id}/${subnetId}`)),
      DnsEntries: [
        {
          DnsName: `*.${id}-${suffix}.s3.${this.region}.vpce.amazonaws.com`,
          HostedZoneId: 'Z7HUB22UULQXV',
        },
        { DnsName: `*.s3.${this.region}.amazonaws.com`, HostedZoneId: `Z0${hexOf(id, 12)}` },
      ],
      CreationTimestamp: CREATED,
      Tags: tagsOf(name),
      OwnerId: this.accountId,
    });
    return id;
  }

  /** Declares a Gateway Load Balancer endpoint in one subnet. */
  public gatewayLoadBalancerEndpoint(
    vpcId: string,
    subnetId: string,
    serviceId: string,
    name: string,
  ): string {
    const id = ec2Id('vpce', `${vpcId}/${name}`);
    this.inventory.VpcEndpoints.push({
      VpcEndpointId: id,
      VpcEndpointType: 'GatewayLoadBalancer',
      VpcId: vpcId,
      ServiceName: `com.amazonaws.vpce.${this.region}.${serviceId}`,
      State: 'available',
      RouteTableIds: [],
      SubnetIds: [subnetId],
      Groups: [],
      IpAddressType: 'ipv4',
      PrivateDnsEnabled: false,
      RequesterManaged: false,
      NetworkInterfaceIds: [ec2Id('eni', `${id}/${subnetId}`)],
      DnsEntries: [],
      CreationTimestamp: CREATED,
      Tags: tagsOf(name),
      OwnerId: this.accountId,
    });
    return id;
  }
}
