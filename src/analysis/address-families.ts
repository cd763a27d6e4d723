/**
 * The address families of a service's traffic (docs/routing.md, IPv6 and NAT64): which apply to a
 * subnet, what the `ipv6` and `nat64` families' routes give, and how the families make one service
 * verdict (the worst of them in the routing order).
 */
import type { RouteTable, Subnet } from '../snapshot/schema';
import { cidrRange, formatCidr, mergeRanges, parseCidr, rangeToCidrs } from '../net/cidr';
import { comparePaths, isLeakingPath } from '../path-kinds';
import {
  FAMILIES,
  type Family,
  type FamilyVerdict,
  type ServiceName,
  type ServiceVerdict,
  type SubnetStack,
} from '../types';
import type { Ipv6Block, RegionModel } from './region-model';
import {
  routeRankOf,
  addBlockRoutes,
  segmentsOver,
  verdictFromSegments,
  type AddressBlockRoute,
} from './route-evaluation';
import { classifyIpv6Route } from './route-target';
import { sortTexts } from '../text-order';

/** The well-known prefix into which the Route 53 Resolver's DNS64 synthesizes A-only names. */
export const NAT64_PREFIX = '64:ff9b::/96';

const NAT64_RANGE = cidrRange(parseCidr(NAT64_PREFIX) as NonNullable<ReturnType<typeof parseCidr>>);

/** What a subnet's addresses make of it. */
export interface SubnetAddressing {
  stack: SubnetStack;
  /** An associated IPv6 CIDR. */
  ipv6: boolean;
  /** DNS64 on (it only matters with IPv6). */
  dns64: boolean;
}

/**
 * Every addressing there is, by stack, IPv6 and DNS64, made once: each subnet gets one of these
 * (read-only) objects rather than its own.
 */
type AddressingsByDns64 = readonly [SubnetAddressing, SubnetAddressing];

function addressingsOf(stack: SubnetStack): readonly [AddressingsByDns64, AddressingsByDns64] {
  const make = (ipv6: boolean, dns64: boolean): SubnetAddressing =>
    Object.freeze({ stack, ipv6, dns64 });
  return [
    [make(false, false), make(false, true)],
    [make(true, false), make(true, true)],
  ];
}

const ADDRESSINGS: Readonly<
  Record<SubnetStack, readonly [AddressingsByDns64, AddressingsByDns64]>
> = {
  ipv4: addressingsOf('ipv4'),
  'dual-stack': addressingsOf('dual-stack'),
  'ipv6-only': addressingsOf('ipv6-only'),
};

const NO_ASSOCIATIONS: NonNullable<Subnet['Ipv6CidrBlockAssociationSet']> = [];

/** The subnet's stack, whether it has an associated IPv6 CIDR, and DNS64 (a shared object). */
export function addressingOf(subnet: Subnet): SubnetAddressing {
  let ipv6 = false;
  for (const association of subnet.Ipv6CidrBlockAssociationSet ?? NO_ASSOCIATIONS) {
    if (
      association.Ipv6CidrBlock !== undefined &&
      association.Ipv6CidrBlockState?.State === 'associated'
    ) {
      ipv6 = true;
      break;
    }
  }
  const stack: SubnetStack =
    subnet.CidrBlock === undefined ? 'ipv6-only' : ipv6 ? 'dual-stack' : 'ipv4';
  return ADDRESSINGS[stack][ipv6 ? 1 : 0][subnet.EnableDns64 === true ? 1 : 0];
}

/**
 * True when a family applies to a service of a subnet: `ipv4` with an IPv4 CIDR; `ipv6` (S3 only)
 * with an IPv6 CIDR; `nat64` with an IPv6 CIDR and DNS64, except for S3 where the VPC's S3 gateway
 * endpoint answers AAAA records (`s3Aaaa`).
 */
export function familyApplies(
  addressing: SubnetAddressing,
  service: ServiceName,
  s3Aaaa: boolean,
  family: Family,
): boolean {
  switch (family) {
    case 'ipv4':
      return addressing.stack !== 'ipv6-only';
    case 'ipv6':
      return addressing.ipv6 && service === 's3';
    case 'nat64':
      return addressing.ipv6 && addressing.dns64 && !(service === 's3' && s3Aaaa);
  }
}

/** The families that apply to a service of a subnet (see {@link familyApplies}), in order. */
export function familiesOf(
  addressing: SubnetAddressing,
  service: ServiceName,
  s3Aaaa: boolean,
): Family[] {
  return FAMILIES.filter((family) => familyApplies(addressing, service, s3Aaaa, family));
}

/**
 * A table's IPv6 routes as candidates: `DestinationIpv6CidrBlock` routes, and prefix-list routes
 * for the IPv6 entries of their list (an IPv4 list's route carries no IPv6). A route to a list the
 * snapshot lacks was refused for the whole table before (the IPv4 candidates).
 */
export function ipv6Candidates(table: RouteTable, model: RegionModel): AddressBlockRoute<bigint>[] {
  const candidates: AddressBlockRoute<bigint>[] = [];
  for (const route of table.Routes) {
    const rank = routeRankOf(route);
    let blocks: readonly Ipv6Block[] | undefined;
    if (route.DestinationIpv6CidrBlock !== undefined) {
      const cidr = parseCidr(route.DestinationIpv6CidrBlock);
      if (cidr?.family === 6) {
        const { start, end } = cidrRange(cidr);
        blocks = [{ start, end, prefixLength: cidr.prefixLength }];
      }
    } else if (route.DestinationPrefixListId !== undefined) {
      blocks = model.prefixListIpv6Blocks.get(route.DestinationPrefixListId);
    }
    if (blocks) addBlockRoutes(candidates, blocks, rank, route);
  }
  return candidates;
}

/** The reason of the `ipv6` family's `unknown` when the region has no S3 IPv6 list. */
export function missingS3Ipv6Reason(region: string): string {
  return `S3 IPv6 ranges unknown in ${region}: no AWS-managed IPv6 prefix list for S3 in the snapshot`;
}

/**
 * The verdict of the `ipv6` or `nat64` family of a service on a table: the family's ranges (S3's
 * IPv6 list, or `64:ff9b::/96`) through the table's IPv6 routes.
 */
export function ipv6FamilyVerdict(
  candidates: readonly AddressBlockRoute<bigint>[],
  family: 'ipv6' | 'nat64',
  service: ServiceName,
  model: RegionModel,
): FamilyVerdict {
  let ranges: readonly { start: bigint; end: bigint }[];
  if (family === 'nat64') ranges = [NAT64_RANGE];
  else if (model.s3Ipv6 !== undefined) ranges = model.s3Ipv6.ranges;
  else {
    return {
      path: 'unknown',
      leaking: false,
      targets: [],
      leakingCidrs: [],
      reason: missingS3Ipv6Reason(model.region),
    };
  }
  const nat64 = family === 'nat64';
  const segments = segmentsOver(
    ranges,
    candidates,
    (c) => classifyIpv6Route(c.route, service, model.endpoints, nat64),
    1n,
  );
  return verdictFromSegments(segments, 6);
}

/** The service verdict when no family applies (an IPv6-only subnet with DNS64 off, for DynamoDB). */
function noFamilyVerdict(service: ServiceName): ServiceVerdict {
  return {
    path: 'no-route',
    leaking: false,
    targets: [],
    leakingCidrs: [],
    reason:
      service === 's3'
        ? 'no address family applies: the subnet has neither an IPv4 nor an IPv6 CIDR'
        : 'no address family applies: the subnet has no IPv4 CIDR, and without DNS64 its IPv6 hosts cannot reach the A-only DynamoDB names',
    families: {},
  };
}

/**
 * One service verdict from its families' (in {@link FAMILIES} order): the worst path, the targets of
 * the families on that path, every family's leaking CIDRs (IPv4 first, each in address order).
 */
export function composeServiceVerdict(
  service: ServiceName,
  families: readonly (readonly [Family, FamilyVerdict])[],
): ServiceVerdict {
  if (families.length === 0) return noFamilyVerdict(service);
  const byFamily: Partial<Record<Family, FamilyVerdict>> = {};
  let worst = (families[0] as readonly [Family, FamilyVerdict])[1];
  for (const [family, verdict] of families) {
    byFamily[family] = verdict;
    if (comparePaths(verdict.path, worst.path) < 0) worst = verdict;
  }
  if (families.length === 1) {
    const verdict: ServiceVerdict = {
      path: worst.path,
      leaking: worst.leaking,
      targets: worst.targets,
      leakingCidrs: worst.leakingCidrs,
    };
    if (worst.ambiguous === true) verdict.ambiguous = true;
    if (worst.reason !== undefined) verdict.reason = worst.reason;
    verdict.families = byFamily;
    return verdict;
  }
  const targets = new Set<string>();
  const ipv4Cidrs: string[] = [];
  const ipv6Ranges = [];
  let ambiguous = false;
  for (const [family, verdict] of families) {
    if (verdict.path === worst.path) for (const target of verdict.targets) targets.add(target);
    if (verdict.ambiguous === true) ambiguous = true;
    if (family === 'ipv4') ipv4Cidrs.push(...verdict.leakingCidrs);
    else {
      for (const text of verdict.leakingCidrs) {
        const cidr = parseCidr(text);
        if (cidr) ipv6Ranges.push(cidrRange(cidr));
      }
    }
  }
  const ipv6Cidrs = mergeRanges(ipv6Ranges).flatMap((range) => rangeToCidrs(range).map(formatCidr));
  const verdict: ServiceVerdict = {
    path: worst.path,
    leaking: isLeakingPath(worst.path),
    targets: sortTexts([...targets]),
    leakingCidrs: [...ipv4Cidrs, ...ipv6Cidrs],
  };
  if (ambiguous) verdict.ambiguous = true;
  if (worst.path === 'unknown' && worst.reason !== undefined) verdict.reason = worst.reason;
  verdict.families = byFamily;
  return verdict;
}
