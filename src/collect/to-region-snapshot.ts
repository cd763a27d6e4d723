/**
 * The SDK's EC2 answers of one region mapped straight to the snapshot's types, checking only what
 * the analysis reads and a real answer could lack or get wrong.
 *
 * A live answer is not user input: the SDK has already parsed it against EC2's model, so every
 * field present has its declared type (a string is a string, a flag a boolean). What the model
 * cannot promise is that a field is there (the SDK types every field optional) or that a text is
 * well formed, so this checks, and names the field of, exactly that:
 * - the ids the analysis keys its lookups by, the route tables' `Associations` and `Routes`, and an
 *   endpoint's `VpcEndpointType` (each read without a fallback);
 * - every CIDR the analysis parses (a subnet's IPv4 CIDR, a route's destination, a prefix list's
 *   entries, in the list's family): the parser skips what it cannot read, so a malformed one would
 *   quietly drop a route or a range and change a verdict;
 * - that a route has a destination, and that a subnet without an IPv4 CIDR is IPv6-only (the
 *   analysis takes a subnet without one for IPv6-only);
 * - that a tag has a `Key` (names and exemptions are read by key).
 * The rest of the snapshot format (id prefixes, the VPC's own CIDR, IPv6 CIDRs the analysis only
 * tests for presence) is checked where it is user input: a snapshot file, through the zod schema.
 *
 * The shape is the schema's: each mapped object is typed {@link Every} snapshot type, so a field
 * added to the schema fails the build until it is mapped here, and a field the schema lacks
 * cannot be added. Fields the snapshot does not keep are left out, as the schema drops them.
 */
import type * as Ec2 from '@aws-sdk/client-ec2';
import { VpceAuditorError } from '../errors';
import { isCidr } from '../net/cidr';
import type * as Snapshot from '../snapshot/schema';
import { describeValue } from '../validation';

/**
 * Every field of a snapshot type named, an absent one as `undefined`: what each mapping builds, so
 * that the compiler holds it to the schema's shape in both directions.
 */
type Every<T> = { [K in keyof Required<T>]: T[K] };

/** The type of the items of an optional array field. */
type ItemOf<T> = NonNullable<T> extends readonly (infer Item)[] ? Item : never;

/** The answers of one region's `Describe*` calls, and its prefix lists as collected. */
export interface RegionAnswers {
  Vpcs: readonly Ec2.Vpc[];
  Subnets: readonly Ec2.Subnet[];
  RouteTables: readonly Ec2.RouteTable[];
  VpcEndpoints: readonly Ec2.VpcEndpoint[];
  NatGateways: readonly Ec2.NatGateway[];
  InternetGateways: readonly Ec2.InternetGateway[];
  /** Undefined when the call failed (no verdict depends on it). */
  EgressOnlyInternetGateways: readonly Ec2.EgressOnlyInternetGateway[] | undefined;
  PrefixLists: readonly Snapshot.PrefixList[];
}

/**
 * A field of an answer the audit cannot use: its path below the region's answers (`Subnets[0].
 * CidrBlock`; the object's own path when the problem is the object's) and what is wrong with it.
 */
export class InvalidAnswerFieldError extends VpceAuditorError {
  public override readonly name: string = 'InvalidAnswerFieldError';
  public constructor(
    public readonly path: string,
    public readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new InvalidAnswerFieldError(field, 'is required');
  return value;
}

function cidrOf(value: string | undefined, family: 4 | 6, field: string): string | undefined {
  if (value !== undefined && !isCidr(value, family)) {
    throw new InvalidAnswerFieldError(field, `${describeValue(value)} is not an IPv${family} CIDR`);
  }
  return value;
}

/**
 * Maps each item, naming the failing one in an error: `name[index].` goes before the path of the
 * field. The answers are read once, so the mapped array is built in place of a `map` copy.
 */
function each<S, T>(items: readonly S[], name: string, map: (item: S) => T): T[] {
  const mapped: T[] = [];
  for (let index = 0; index < items.length; index += 1) {
    try {
      mapped.push(map(items[index] as S));
    } catch (error) {
      if (!(error instanceof InvalidAnswerFieldError)) throw error;
      const path = error.path === '' ? '' : `.${error.path}`;
      throw new InvalidAnswerFieldError(`${name}[${index}]${path}`, error.problem);
    }
  }
  return mapped;
}

function tagOf(tag: Ec2.Tag): Snapshot.Tag {
  const mapped: Every<Snapshot.Tag> = { Key: required(tag.Key, 'Key'), Value: tag.Value };
  return mapped;
}

function tagsOf(tags: readonly Ec2.Tag[] | undefined): Snapshot.Tag[] | undefined {
  return tags && each(tags, 'Tags', tagOf);
}

/** The snapshot's state of a route table's association and of a subnet's IPv6 CIDR: `{ State }`. */
type AssociationState = NonNullable<Snapshot.RouteTableAssociation['AssociationState']>;
type Ipv6CidrBlockState = NonNullable<
  ItemOf<Snapshot.Subnet['Ipv6CidrBlockAssociationSet']>['Ipv6CidrBlockState']
>;

function stateOf(
  state: { State?: string | undefined } | undefined,
): (AssociationState & Ipv6CidrBlockState) | undefined {
  if (state === undefined) return undefined;
  const mapped: Every<AssociationState> & Every<Ipv6CidrBlockState> = { State: state.State };
  return mapped;
}

type Attachment = ItemOf<Snapshot.InternetGateway['Attachments']>;

function attachmentsOf(
  attachments: readonly Ec2.InternetGatewayAttachment[] | undefined,
): Attachment[] | undefined {
  return attachments?.map((attachment) => {
    const mapped: Every<Attachment> = { VpcId: attachment.VpcId, State: attachment.State };
    return mapped;
  });
}

function vpcOf(vpc: Ec2.Vpc): Snapshot.Vpc {
  const mapped: Every<Snapshot.Vpc> = {
    VpcId: required(vpc.VpcId, 'VpcId'),
    OwnerId: vpc.OwnerId,
    CidrBlock: vpc.CidrBlock,
    IsDefault: vpc.IsDefault,
    Tags: tagsOf(vpc.Tags),
  };
  return mapped;
}

function subnetOf(subnet: Ec2.Subnet): Snapshot.Subnet {
  const subnetId = required(subnet.SubnetId, 'SubnetId');
  const vpcId = required(subnet.VpcId, 'VpcId');
  const cidrBlock = cidrOf(subnet.CidrBlock, 4, 'CidrBlock');
  if (cidrBlock === undefined && subnet.Ipv6Native !== true) {
    throw new InvalidAnswerFieldError(
      'CidrBlock',
      'is required unless the subnet is IPv6-only (Ipv6Native: true)',
    );
  }
  if (cidrBlock !== undefined && subnet.Ipv6Native === true) {
    throw new InvalidAnswerFieldError(
      'Ipv6Native',
      `is true, but the subnet has CidrBlock "${cidrBlock}": an IPv6-only subnet has no IPv4 CIDR`,
    );
  }
  const mapped: Every<Snapshot.Subnet> = {
    SubnetId: subnetId,
    VpcId: vpcId,
    CidrBlock: cidrBlock,
    Ipv6CidrBlockAssociationSet: subnet.Ipv6CidrBlockAssociationSet?.map((association) => {
      const ipv6: Every<ItemOf<Snapshot.Subnet['Ipv6CidrBlockAssociationSet']>> = {
        Ipv6CidrBlock: association.Ipv6CidrBlock,
        Ipv6CidrBlockState: stateOf(association.Ipv6CidrBlockState),
      };
      return ipv6;
    }),
    Ipv6Native: subnet.Ipv6Native,
    EnableDns64: subnet.EnableDns64,
    AvailabilityZone: subnet.AvailabilityZone,
    OwnerId: subnet.OwnerId,
    Tags: tagsOf(subnet.Tags),
  };
  return mapped;
}

function associationOf(association: Ec2.RouteTableAssociation): Snapshot.RouteTableAssociation {
  const mapped: Every<Snapshot.RouteTableAssociation> = {
    Main: association.Main,
    SubnetId: association.SubnetId,
    GatewayId: association.GatewayId,
    RouteTableAssociationId: association.RouteTableAssociationId,
    AssociationState: stateOf(association.AssociationState),
  };
  return mapped;
}

function routeOf(route: Ec2.Route): Snapshot.Route {
  const destination = cidrOf(route.DestinationCidrBlock, 4, 'DestinationCidrBlock');
  const ipv6Destination = cidrOf(route.DestinationIpv6CidrBlock, 6, 'DestinationIpv6CidrBlock');
  if (
    destination === undefined &&
    ipv6Destination === undefined &&
    route.DestinationPrefixListId === undefined
  ) {
    throw new InvalidAnswerFieldError(
      '',
      'has no destination (DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId)',
    );
  }
  const mapped: Every<Snapshot.Route> = {
    DestinationCidrBlock: destination,
    DestinationIpv6CidrBlock: ipv6Destination,
    DestinationPrefixListId: route.DestinationPrefixListId,
    GatewayId: route.GatewayId,
    NatGatewayId: route.NatGatewayId,
    InstanceId: route.InstanceId,
    NetworkInterfaceId: route.NetworkInterfaceId,
    TransitGatewayId: route.TransitGatewayId,
    CoreNetworkArn: route.CoreNetworkArn,
    VpcPeeringConnectionId: route.VpcPeeringConnectionId,
    CarrierGatewayId: route.CarrierGatewayId,
    LocalGatewayId: route.LocalGatewayId,
    EgressOnlyInternetGatewayId: route.EgressOnlyInternetGatewayId,
    Origin: route.Origin,
    State: route.State,
  };
  return mapped;
}

function routeTableOf(table: Ec2.RouteTable): Snapshot.RouteTable {
  const mapped: Every<Snapshot.RouteTable> = {
    RouteTableId: required(table.RouteTableId, 'RouteTableId'),
    VpcId: required(table.VpcId, 'VpcId'),
    OwnerId: table.OwnerId,
    Associations: each(required(table.Associations, 'Associations'), 'Associations', associationOf),
    Routes: each(required(table.Routes, 'Routes'), 'Routes', routeOf),
    Tags: tagsOf(table.Tags),
  };
  return mapped;
}

function endpointOf(endpoint: Ec2.VpcEndpoint): Snapshot.VpcEndpoint {
  const dns = endpoint.DnsOptions;
  const dnsOptions: Every<NonNullable<Snapshot.VpcEndpoint['DnsOptions']>> | undefined = dns && {
    DnsRecordIpType: dns.DnsRecordIpType,
    PrivateDnsOnlyForInboundResolverEndpoint: dns.PrivateDnsOnlyForInboundResolverEndpoint,
  };
  const mapped: Every<Snapshot.VpcEndpoint> = {
    VpcEndpointId: required(endpoint.VpcEndpointId, 'VpcEndpointId'),
    VpcEndpointType: required(endpoint.VpcEndpointType, 'VpcEndpointType'),
    VpcId: required(endpoint.VpcId, 'VpcId'),
    ServiceName: endpoint.ServiceName,
    State: endpoint.State,
    RouteTableIds: endpoint.RouteTableIds,
    PrivateDnsEnabled: endpoint.PrivateDnsEnabled,
    IpAddressType: endpoint.IpAddressType,
    DnsOptions: dnsOptions,
    OwnerId: endpoint.OwnerId,
    PolicyDocument: endpoint.PolicyDocument,
    Tags: tagsOf(endpoint.Tags),
  };
  return mapped;
}

function natGatewayOf(gateway: Ec2.NatGateway): Snapshot.NatGateway {
  const mapped: Every<Snapshot.NatGateway> = {
    NatGatewayId: required(gateway.NatGatewayId, 'NatGatewayId'),
    VpcId: gateway.VpcId,
    SubnetId: gateway.SubnetId,
    State: gateway.State,
    ConnectivityType: gateway.ConnectivityType,
    AvailabilityMode: gateway.AvailabilityMode,
    NatGatewayAddresses: gateway.NatGatewayAddresses?.map((address) => {
      const kept: Every<ItemOf<Snapshot.NatGateway['NatGatewayAddresses']>> = {
        NetworkInterfaceId: address.NetworkInterfaceId,
        PrivateIp: address.PrivateIp,
      };
      return kept;
    }),
    Tags: tagsOf(gateway.Tags),
  };
  return mapped;
}

function internetGatewayOf(gateway: Ec2.InternetGateway): Snapshot.InternetGateway {
  const mapped: Every<Snapshot.InternetGateway> = {
    InternetGatewayId: required(gateway.InternetGatewayId, 'InternetGatewayId'),
    Attachments: attachmentsOf(gateway.Attachments),
    OwnerId: gateway.OwnerId,
    Tags: tagsOf(gateway.Tags),
  };
  return mapped;
}

function egressOnlyGatewayOf(
  gateway: Ec2.EgressOnlyInternetGateway,
): Snapshot.EgressOnlyInternetGateway {
  const mapped: Every<Snapshot.EgressOnlyInternetGateway> = {
    EgressOnlyInternetGatewayId: required(
      gateway.EgressOnlyInternetGatewayId,
      'EgressOnlyInternetGatewayId',
    ),
    Attachments: attachmentsOf(gateway.Attachments),
    Tags: tagsOf(gateway.Tags),
  };
  return mapped;
}

/** A collected list, once every entry is a CIDR of the list's family. */
function prefixListOf(list: Snapshot.PrefixList): Snapshot.PrefixList {
  const family = list.AddressFamily === 'IPv6' ? 6 : 4;
  list.Cidrs.forEach((cidr, index) => cidrOf(cidr, family, `Cidrs[${index}]`));
  const mapped: Every<Snapshot.PrefixList> = {
    PrefixListId: list.PrefixListId,
    PrefixListName: list.PrefixListName,
    AddressFamily: list.AddressFamily,
    OwnerId: list.OwnerId,
    Cidrs: list.Cidrs,
  };
  return mapped;
}

/**
 * The region's snapshot from its answers.
 *
 * @throws InvalidAnswerFieldError naming the first field the audit cannot use, e.g.
 *   `Subnets[0].CidrBlock: "10.0.0.0/33" is not an IPv4 CIDR`
 */
export function toRegionSnapshot(answers: RegionAnswers): Snapshot.RegionSnapshot {
  const snapshot: Every<Snapshot.RegionSnapshot> = {
    Vpcs: each(answers.Vpcs, 'Vpcs', vpcOf),
    Subnets: each(answers.Subnets, 'Subnets', subnetOf),
    RouteTables: each(answers.RouteTables, 'RouteTables', routeTableOf),
    VpcEndpoints: each(answers.VpcEndpoints, 'VpcEndpoints', endpointOf),
    NatGateways: each(answers.NatGateways, 'NatGateways', natGatewayOf),
    InternetGateways: each(answers.InternetGateways, 'InternetGateways', internetGatewayOf),
    PrefixLists: each(answers.PrefixLists, 'PrefixLists', prefixListOf),
    EgressOnlyInternetGateways:
      answers.EgressOnlyInternetGateways &&
      each(answers.EgressOnlyInternetGateways, 'EgressOnlyInternetGateways', egressOnlyGatewayOf),
  };
  return snapshot;
}
