/**
 * A quick path through the snapshot schema (schema.ts) for input that is valid, which is nearly all
 * input: the same checks and the same result as `SnapshotSchema.safeParse(data).data` (the fields of
 * the schema in its order, unknown fields dropped), or `undefined` as soon as
 * anything is wrong or merely unusual (an optional field given as `undefined`, an object that is not
 * plain). The caller then runs zod itself, so every error message still comes from zod.
 *
 * Written by hand rather than with zod: zod spends most of a second on the arrays of a 100 000-subnet
 * snapshot (a parse context, an issue list and a result object per value), several times what
 * checking and copying the same fields takes when each field is read by name. The property test in
 * test/unit/snapshot/quick-parse.test.ts holds it to zod's results on valid and corrupted snapshots;
 * a field added to the schema must be added here too (the test's random snapshots carry every field).
 */
import { REGION_NAME } from '../net/aws-names';
import { isCidr } from '../net/cidr';
import { costInputSchemas } from './cost-inputs';
import { ACCOUNT_ID } from './schema';
import type {
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  PrefixList,
  RegionSnapshot,
  Route,
  RouteTable,
  RouteTableAssociation,
  Snapshot,
  SnapshotError,
  Subnet,
  Tag,
  Vpc,
  VpcEndpoint,
} from './schema';

type Json = Record<string, unknown>;

/**
 * Whether the checks copy what they accept (the schema's result) or only check it (the input's own
 * objects are the result). Set by the two entry points for the length of one synchronous call.
 */
let copying = true;

/** A plain object as `JSON.parse` makes them (anything else goes to zod). */
function isPlainObject(value: unknown): value is Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** Thrown (made once, caught at the top) when the input leaves the quick path. */
class NotQuickError extends Error {
  public override readonly name = 'NotQuickError';
}
const NOT_QUICK = new NotQuickError('not for the quick path');

function fail(): never {
  throw NOT_QUICK;
}

function plain(value: unknown): Json {
  return isPlainObject(value) ? value : fail();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : fail();
}

function id(value: unknown, prefix: string): string {
  return typeof value === 'string' && value.startsWith(prefix) ? value : fail();
}

/** Each element of an array checked and copied (every index read: a hole is `undefined`). */
function each<T>(value: unknown, check: (item: unknown) => T): T[] {
  if (!Array.isArray(value)) fail();
  if (!copying) {
    for (let i = 0; i < value.length; i += 1) check(value[i]);
    return value as T[];
  }
  const out: T[] = [];
  for (let i = 0; i < value.length; i += 1) out.push(check(value[i]));
  return out;
}

/**
 * Copies an optional field the schema checks with `check`: absent stays absent; `undefined` given
 * explicitly leaves the quick path when copying (zod keeps such a field, the copy would not). Read
 * in place, the field is kept as given, as zod keeps it: no need to look (JSON never has one, and
 * looking for each absent field of 100 000 subnets' routes costs more than all the other checks).
 */
function optional<T>(
  out: Json,
  input: Json,
  name: string,
  value: unknown,
  check: (value: unknown) => T,
): void {
  if (value !== undefined) {
    const parsed = check(value);
    if (copying) out[name] = parsed;
  } else if (copying && name in input) fail();
}

function bool(value: unknown): boolean {
  return typeof value === 'boolean' ? value : fail();
}

function cidr4(value: unknown): string {
  return typeof value === 'string' && isCidr(value, 4) ? value : fail();
}

function cidr6(value: unknown): string {
  return typeof value === 'string' && isCidr(value, 6) ? value : fail();
}

function tag(value: unknown): Tag {
  const input = plain(value);
  const Key = text(input.Key);
  const out: Json = copying ? { Key } : input;
  optional(out, input, 'Value', input.Value, text);
  return out as Tag;
}

function tags(value: unknown): Tag[] {
  return each(value, tag);
}

function vpc(value: unknown): Vpc {
  const input = plain(value);
  const VpcId = id(input.VpcId, 'vpc-');
  const out: Json = copying ? { VpcId } : input;
  optional(out, input, 'OwnerId', input.OwnerId, text);
  optional(out, input, 'CidrBlock', input.CidrBlock, cidr4);
  optional(out, input, 'IsDefault', input.IsDefault, bool);
  optional(out, input, 'Tags', input.Tags, tags);
  return out as Vpc;
}

function subnet(value: unknown): Subnet {
  const input = plain(value);
  const SubnetId = id(input.SubnetId, 'subnet-');
  const VpcId = id(input.VpcId, 'vpc-');
  const out: Json = copying ? { SubnetId, VpcId } : input;
  optional(out, input, 'CidrBlock', input.CidrBlock, cidr4);
  optional(out, input, 'Ipv6CidrBlockAssociationSet', input.Ipv6CidrBlockAssociationSet, (v) =>
    each(v, subnetIpv6Association),
  );
  optional(out, input, 'Ipv6Native', input.Ipv6Native, bool);
  optional(out, input, 'EnableDns64', input.EnableDns64, bool);
  optional(out, input, 'AvailabilityZone', input.AvailabilityZone, text);
  optional(out, input, 'OwnerId', input.OwnerId, text);
  optional(out, input, 'Tags', input.Tags, tags);
  // The schema's refinement: an IPv4 CIDR, or IPv6-only, not both.
  if ((input.CidrBlock === undefined) !== (input.Ipv6Native === true)) fail();
  return out as Subnet;
}

function subnetIpv6Association(value: unknown): Json {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'Ipv6CidrBlock', input.Ipv6CidrBlock, cidr6);
  optional(out, input, 'Ipv6CidrBlockState', input.Ipv6CidrBlockState, associationState);
  return out;
}

function associationState(value: unknown): Json {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'State', input.State, text);
  return out;
}

function association(value: unknown): RouteTableAssociation {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'Main', input.Main, bool);
  optional(out, input, 'SubnetId', input.SubnetId, text);
  optional(out, input, 'GatewayId', input.GatewayId, text);
  optional(out, input, 'RouteTableAssociationId', input.RouteTableAssociationId, text);
  optional(out, input, 'AssociationState', input.AssociationState, associationState);
  return out as RouteTableAssociation;
}

function route(value: unknown): Route {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'DestinationCidrBlock', input.DestinationCidrBlock, cidr4);
  optional(out, input, 'DestinationIpv6CidrBlock', input.DestinationIpv6CidrBlock, cidr6);
  optional(out, input, 'DestinationPrefixListId', input.DestinationPrefixListId, (v) =>
    id(v, 'pl-'),
  );
  optional(out, input, 'GatewayId', input.GatewayId, text);
  optional(out, input, 'NatGatewayId', input.NatGatewayId, text);
  optional(out, input, 'InstanceId', input.InstanceId, text);
  optional(out, input, 'NetworkInterfaceId', input.NetworkInterfaceId, text);
  optional(out, input, 'TransitGatewayId', input.TransitGatewayId, text);
  optional(out, input, 'CoreNetworkArn', input.CoreNetworkArn, text);
  optional(out, input, 'VpcPeeringConnectionId', input.VpcPeeringConnectionId, text);
  optional(out, input, 'CarrierGatewayId', input.CarrierGatewayId, text);
  optional(out, input, 'LocalGatewayId', input.LocalGatewayId, text);
  optional(out, input, 'EgressOnlyInternetGatewayId', input.EgressOnlyInternetGatewayId, text);
  optional(out, input, 'Origin', input.Origin, text);
  optional(out, input, 'State', input.State, text);
  // The schema's refinement: a route has a destination.
  if (
    out.DestinationCidrBlock === undefined &&
    out.DestinationIpv6CidrBlock === undefined &&
    out.DestinationPrefixListId === undefined
  ) {
    fail();
  }
  return out as Route;
}

function routeTable(value: unknown): RouteTable {
  const input = plain(value);
  const RouteTableId = id(input.RouteTableId, 'rtb-');
  const VpcId = id(input.VpcId, 'vpc-');
  const out: Json = copying ? { RouteTableId, VpcId } : input;
  optional(out, input, 'OwnerId', input.OwnerId, text);
  const Associations = each(input.Associations, association);
  const Routes = each(input.Routes, route);
  if (copying) {
    out.Associations = Associations;
    out.Routes = Routes;
  }
  optional(out, input, 'Tags', input.Tags, tags);
  return out as RouteTable;
}

function dnsOptions(value: unknown): Json {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'DnsRecordIpType', input.DnsRecordIpType, text);
  optional(
    out,
    input,
    'PrivateDnsOnlyForInboundResolverEndpoint',
    input.PrivateDnsOnlyForInboundResolverEndpoint,
    bool,
  );
  return out;
}

function vpcEndpoint(value: unknown): VpcEndpoint {
  const input = plain(value);
  const VpcEndpointId = id(input.VpcEndpointId, 'vpce-');
  const VpcEndpointType = text(input.VpcEndpointType);
  const VpcId = id(input.VpcId, 'vpc-');
  const out: Json = copying ? { VpcEndpointId, VpcEndpointType, VpcId } : input;
  optional(out, input, 'ServiceName', input.ServiceName, text);
  optional(out, input, 'State', input.State, text);
  optional(out, input, 'RouteTableIds', input.RouteTableIds, (v) => each(v, text));
  optional(out, input, 'PrivateDnsEnabled', input.PrivateDnsEnabled, bool);
  optional(out, input, 'IpAddressType', input.IpAddressType, text);
  optional(out, input, 'DnsOptions', input.DnsOptions, dnsOptions);
  optional(out, input, 'OwnerId', input.OwnerId, text);
  optional(out, input, 'PolicyDocument', input.PolicyDocument, text);
  optional(out, input, 'Tags', input.Tags, tags);
  return out as VpcEndpoint;
}

function natGatewayAddress(value: unknown): Json {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'NetworkInterfaceId', input.NetworkInterfaceId, text);
  optional(out, input, 'PrivateIp', input.PrivateIp, text);
  return out;
}

function natGateway(value: unknown): NatGateway {
  const input = plain(value);
  const NatGatewayId = id(input.NatGatewayId, 'nat-');
  const out: Json = copying ? { NatGatewayId } : input;
  optional(out, input, 'VpcId', input.VpcId, text);
  optional(out, input, 'SubnetId', input.SubnetId, text);
  optional(out, input, 'State', input.State, text);
  optional(out, input, 'ConnectivityType', input.ConnectivityType, text);
  optional(out, input, 'AvailabilityMode', input.AvailabilityMode, text);
  optional(out, input, 'NatGatewayAddresses', input.NatGatewayAddresses, (value) =>
    each(value, natGatewayAddress),
  );
  optional(out, input, 'Tags', input.Tags, tags);
  return out as NatGateway;
}

function attachment(value: unknown): Json {
  const input = plain(value);
  const out: Json = copying ? {} : input;
  optional(out, input, 'VpcId', input.VpcId, text);
  optional(out, input, 'State', input.State, text);
  return out;
}

function internetGateway(value: unknown): InternetGateway {
  const input = plain(value);
  const InternetGatewayId = id(input.InternetGatewayId, 'igw-');
  const out: Json = copying ? { InternetGatewayId } : input;
  optional(out, input, 'Attachments', input.Attachments, (v) => each(v, attachment));
  optional(out, input, 'OwnerId', input.OwnerId, text);
  optional(out, input, 'Tags', input.Tags, tags);
  return out as InternetGateway;
}

function prefixList(value: unknown): PrefixList {
  const input = plain(value);
  const PrefixListId = id(input.PrefixListId, 'pl-');
  const out: Json = copying ? { PrefixListId } : input;
  optional(out, input, 'PrefixListName', input.PrefixListName, text);
  optional(out, input, 'AddressFamily', input.AddressFamily, addressFamily);
  optional(out, input, 'OwnerId', input.OwnerId, text);
  // The schema's refinement: every CIDR of the list's family (IPv4 when absent).
  const cidr = input.AddressFamily === 'IPv6' ? cidr6 : cidr4;
  const Cidrs = each(input.Cidrs, cidr);
  if (copying) out.Cidrs = Cidrs;
  return out as PrefixList;
}

function addressFamily(value: unknown): string {
  return value === 'IPv4' || value === 'IPv6' ? value : fail();
}

function egressOnlyInternetGateway(value: unknown): EgressOnlyInternetGateway {
  const input = plain(value);
  const EgressOnlyInternetGatewayId = id(input.EgressOnlyInternetGatewayId, 'eigw-');
  const out: Json = copying ? { EgressOnlyInternetGatewayId } : input;
  optional(out, input, 'Attachments', input.Attachments, (v) => each(v, attachment));
  optional(out, input, 'Tags', input.Tags, tags);
  return out as EgressOnlyInternetGateway;
}

function region(value: unknown): RegionSnapshot {
  const input = plain(value);
  const checked: RegionSnapshot = {
    Vpcs: each(input.Vpcs, vpc),
    Subnets: each(input.Subnets, subnet),
    RouteTables: each(input.RouteTables, routeTable),
    VpcEndpoints: each(input.VpcEndpoints, vpcEndpoint),
    NatGateways: each(input.NatGateways, natGateway),
    InternetGateways: each(input.InternetGateways, internetGateway),
    PrefixLists: each(input.PrefixLists, prefixList),
  };
  optional(
    checked as unknown as Json,
    input,
    'EgressOnlyInternetGateways',
    input.EgressOnlyInternetGateways,
    (v) => each(v, egressOnlyInternetGateway),
  );
  return copying ? checked : (input as RegionSnapshot);
}

function accountId(value: unknown): string {
  return typeof value === 'string' && ACCOUNT_ID.test(value) ? value : fail();
}

function snapshotError(value: unknown): SnapshotError {
  const input = plain(value);
  const region = text(input.region);
  if (!REGION_NAME.test(region)) fail();
  const operation = text(input.operation);
  const code = text(input.code);
  const message = text(input.message);
  const out: Json = copying ? { region, operation, code, message } : input;
  optional(out, input, 'accountId', input.accountId, accountId);
  return out as SnapshotError;
}

function snapshot(value: unknown): Snapshot {
  const input = plain(value);
  if (input.schemaVersion !== 1) fail();
  // The top level is always a new object.
  const out: Json = { schemaVersion: 1 };
  out.accountId = accountId(input.accountId);
  if (input.collectedAt !== undefined) out.collectedAt = text(input.collectedAt);
  else if ('collectedAt' in input) fail();
  const regions = plain(input.regions);
  const parsed: Record<string, RegionSnapshot> = {};
  for (const name of Object.keys(regions)) {
    if (!REGION_NAME.test(name)) fail();
    parsed[name] = region(regions[name]);
  }
  out.regions = parsed;
  if (input.errors !== undefined) out.errors = each(input.errors, snapshotError);
  else if ('errors' in input) fail();
  // The cost inputs are small: zod checks them (and, on a problem, the whole snapshot names it).
  if (input.cost !== undefined) {
    const cost = costInputSchemas().CostInputsSchema.safeParse(input.cost);
    out.cost = cost.success ? (copying ? cost.data : input.cost) : fail();
  } else if ('cost' in input) fail();
  return out as Snapshot;
}

function run(data: unknown, copy: boolean): Snapshot | undefined {
  copying = copy;
  try {
    return snapshot(data);
  } catch (error) {
    if (error === NOT_QUICK) return undefined;
    throw error;
  } finally {
    copying = true;
  }
}

/**
 * The snapshot as `SnapshotSchema` gives it, or undefined when the input is invalid or unusual
 * (then zod must run, and names the problems).
 */
export function quickSnapshot(data: unknown): Snapshot | undefined {
  return run(data, true);
}

/**
 * The same checks as {@link quickSnapshot} without the copy: the snapshot is the input's own
 * objects (a new top level, with the default account id), unknown fields and all. For a caller that
 * only reads the schema's fields and keeps nothing of the snapshot (the offline audit): copying
 * 100 000 subnets' worth of objects, and collecting them, costs more than the checks.
 */
export function checkedSnapshotAsRead(data: unknown): Snapshot | undefined {
  return run(data, false);
}
