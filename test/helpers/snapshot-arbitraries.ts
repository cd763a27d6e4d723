/**
 * Random regions of a snapshot for the property tests: every field of the schema present or not,
 * unknown fields among them and any key order (what `JSON.parse` of a snapshot file, or the SDK's
 * answers, can hold). Shared by the specs that hold a hand-written reading of the snapshot to the
 * zod schema's result.
 */
import fc from 'fast-check';

/** A JSON object. */
export type Json = Record<string, unknown>;

export const word = fc.constantFrom('a', 'b', 'available', 'Name', 'prod', 'x y', '');
const cidr4 = fc.constantFrom('10.0.0.0/16', '0.0.0.0/0', '52.216.0.0/15', '10.1.2.3/32');
const cidr6 = fc.constantFrom('::/0', '2600:1f18::/32');
const idOf = (prefix: string) => fc.constantFrom('0a1', '0b2', '0c3').map((tail) => prefix + tail);
const extraValue = fc.oneof(word, fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]));

/** An object with the given keys in a random order and a few unknown keys among them. */
function noisy(arb: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(
      arb,
      fc.array(fc.tuple(fc.constantFrom('Ipv6Pool', 'Extra', 'SubnetIds', 'x'), extraValue), {
        maxLength: 2,
      }),
      fc.integer({ min: 0, max: 1000 }),
    )
    .map(([value, extras, seed]) => {
      const entries: [string, unknown][] = [...Object.entries(value)];
      for (const [key, extra] of extras) if (!(key in value)) entries.push([key, extra]);
      // A deterministic shuffle from the seed.
      const order = entries.map((entry, i) => ({ entry, rank: (i * 7919 + seed) % 101 }));
      order.sort((a, b) => a.rank - b.rank);
      return Object.fromEntries(order.map(({ entry }) => entry));
    });
}

/** An object with these required and optional fields, in a random order, with unknown fields. */
function object(
  required: Record<string, fc.Arbitrary<unknown>>,
  optional: Record<string, fc.Arbitrary<unknown>>,
) {
  return noisy(
    fc.record(
      { ...required, ...optional },
      { requiredKeys: Object.keys(required) },
    ) as fc.Arbitrary<Json>,
  );
}

const tags = fc.array(object({ Key: word }, { Value: word }), { maxLength: 2 });

const vpc = object(
  { VpcId: idOf('vpc-') },
  { OwnerId: word, CidrBlock: cidr4, IsDefault: fc.boolean(), Tags: tags },
);
const ipv6Associations = fc.array(
  object({}, { Ipv6CidrBlock: cidr6, Ipv6CidrBlockState: object({}, { State: word }) }),
  { maxLength: 2 },
);
const subnetFields = {
  Ipv6CidrBlockAssociationSet: ipv6Associations,
  EnableDns64: fc.boolean(),
  AvailabilityZone: word,
  OwnerId: word,
  Tags: tags,
};
/** An IPv4 or dual-stack subnet (CidrBlock), or an IPv6-only one (Ipv6Native, no CidrBlock). */
const subnet = fc.oneof(
  object(
    { SubnetId: idOf('subnet-'), VpcId: idOf('vpc-'), CidrBlock: cidr4 },
    { ...subnetFields, Ipv6Native: fc.constant(false) },
  ),
  object(
    { SubnetId: idOf('subnet-'), VpcId: idOf('vpc-'), Ipv6Native: fc.constant(true) },
    subnetFields,
  ),
);
const association = object(
  {},
  {
    Main: fc.boolean(),
    SubnetId: word,
    GatewayId: word,
    RouteTableAssociationId: word,
    AssociationState: object({}, { State: word }),
  },
);
const route = object(
  { DestinationCidrBlock: cidr4 },
  {
    DestinationIpv6CidrBlock: cidr6,
    DestinationPrefixListId: idOf('pl-'),
    GatewayId: word,
    NatGatewayId: word,
    InstanceId: word,
    NetworkInterfaceId: word,
    TransitGatewayId: word,
    CoreNetworkArn: word,
    VpcPeeringConnectionId: word,
    CarrierGatewayId: word,
    LocalGatewayId: word,
    EgressOnlyInternetGatewayId: word,
    Origin: word,
    State: word,
  },
);
const routeTable = object(
  {
    RouteTableId: idOf('rtb-'),
    VpcId: idOf('vpc-'),
    Associations: fc.array(association, { maxLength: 2 }),
    Routes: fc.array(route, { maxLength: 3 }),
  },
  { OwnerId: word, Tags: tags },
);
const endpoint = object(
  { VpcEndpointId: idOf('vpce-'), VpcEndpointType: word, VpcId: idOf('vpc-') },
  {
    ServiceName: word,
    State: word,
    RouteTableIds: fc.array(word, { maxLength: 2 }),
    PrivateDnsEnabled: fc.boolean(),
    IpAddressType: fc.constantFrom('ipv4', 'dualstack', 'ipv6'),
    DnsOptions: object(
      {},
      { DnsRecordIpType: word, PrivateDnsOnlyForInboundResolverEndpoint: fc.boolean() },
    ),
    OwnerId: word,
    PolicyDocument: word,
    Tags: tags,
  },
);
const nat = object(
  { NatGatewayId: idOf('nat-') },
  {
    VpcId: word,
    SubnetId: word,
    State: word,
    ConnectivityType: word,
    AvailabilityMode: word,
    Tags: tags,
  },
);
const igw = object(
  { InternetGatewayId: idOf('igw-') },
  {
    Attachments: fc.array(object({}, { VpcId: word, State: word }), { maxLength: 2 }),
    OwnerId: word,
    Tags: tags,
  },
);
/** An IPv4 list (AddressFamily given or not) or an IPv6 one: its CIDRs are of its family. */
const prefixList = fc.oneof(
  object(
    { PrefixListId: idOf('pl-'), Cidrs: fc.array(cidr4, { maxLength: 2 }) },
    { PrefixListName: word, AddressFamily: fc.constant('IPv4'), OwnerId: word },
  ),
  object(
    {
      PrefixListId: idOf('pl-'),
      AddressFamily: fc.constant('IPv6'),
      Cidrs: fc.array(cidr6, { maxLength: 2 }),
    },
    { PrefixListName: word, OwnerId: word },
  ),
);
const eigw = object(
  { EgressOnlyInternetGatewayId: idOf('eigw-') },
  {
    Attachments: fc.array(object({}, { VpcId: word, State: word }), { maxLength: 2 }),
    Tags: tags,
  },
);
/** One region's inventory, valid for the schema. */
export const regionArbitrary = object(
  {
    Vpcs: fc.array(vpc, { maxLength: 2 }),
    Subnets: fc.array(subnet, { maxLength: 2 }),
    RouteTables: fc.array(routeTable, { maxLength: 2 }),
    VpcEndpoints: fc.array(endpoint, { maxLength: 2 }),
    NatGateways: fc.array(nat, { maxLength: 2 }),
    InternetGateways: fc.array(igw, { maxLength: 2 }),
    PrefixLists: fc.array(prefixList, { maxLength: 2 }),
  },
  { EgressOnlyInternetGateways: fc.array(eigw, { maxLength: 2 }) },
);
/** Every object and array of a value, with a way to change one of its entries. */
export function containers(value: unknown): (Json | unknown[])[] {
  const found: (Json | unknown[])[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object') continue;
    found.push(current as Json);
    stack.push(...Object.values(current as Json));
  }
  return found;
}

export { object as objectArbitrary };
