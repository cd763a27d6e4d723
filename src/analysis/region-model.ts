/** The per-region lookups the routing rules need, built once per region. */
import { isGoneState } from '../snapshot/gone-state';
import type { PrefixList, RegionSnapshot, VpcEndpoint } from '../snapshot/schema';
import {
  isS3Ipv6PrefixList,
  isServicePrefixListName,
  serviceOfEndpointServiceName,
  servicePrefixListNames,
} from '../net/aws-names';
import type { ServiceName } from '../types';
import {
  cidrRange,
  ipv4BlockOf,
  mergeRanges,
  parseCidr,
  type AddressRange,
  type Cidr,
  type Ipv4Block,
} from '../net/cidr';
import { AnalysisError } from './analysis-error';

/** A service's AWS-managed prefix list in a region, as merged address ranges. */
export interface ServicePrefixList {
  prefixListId: string;
  name: string;
  /** The list's addresses, merged: what the rules evaluate. */
  ranges: AddressRange[];
  /** The list's IPv4 entries as written: what a route to the list stands for (rule 2). */
  cidrs: Cidr[];
  /** {@link ranges} as plain numbers, what the engine computes on. */
  ipv4Ranges: Ipv4Range[];
  /** {@link cidrs} as plain numbers. */
  ipv4Blocks: Ipv4Block[];
}

/** An inclusive range of IPv4 addresses as plain numbers. */
export interface Ipv4Range {
  start: number;
  end: number;
}

/** An IPv6 CIDR block as bigints (a route's destination, or one entry of a prefix list). */
export interface Ipv6Block {
  start: bigint;
  end: bigint;
  prefixLength: number;
}

/** S3's AWS-managed IPv6 prefix lists of the region (usually one), united. */
export interface S3Ipv6Lists {
  prefixListIds: string[];
  /** Their addresses, merged: the `ipv6` family's ranges. */
  ranges: AddressRange[];
}

/** Everything the routing rules look up in one region. */
export interface RegionModel {
  region: string;
  /** VPC endpoints by id. */
  endpoints: ReadonlyMap<string, VpcEndpoint>;
  /** VPC endpoints by VPC id. */
  endpointsByVpc: ReadonlyMap<string, readonly VpcEndpoint[]>;
  /** Prefix-list ranges by prefix-list id (merged: for address sets, not for route matching). */
  prefixListRanges: ReadonlyMap<string, AddressRange[]>;
  /**
   * Prefix-list entries by prefix-list id, as listed (not merged): a route to a list stands for each
   * entry with that entry's own prefix length, so two adjacent /16 entries must not become one /15.
   */
  prefixListCidrs: ReadonlyMap<string, Cidr[]>;
  /** The IPv4 entries of {@link prefixListCidrs} as plain numbers, what the engine computes on. */
  prefixListIpv4Blocks: ReadonlyMap<string, Ipv4Block[]>;
  /** The AWS-managed prefix list of each audited service. */
  services: ReadonlyMap<ServiceName, ServicePrefixList>;
  /** The IPv6 entries of {@link prefixListCidrs}, what a route to an IPv6 list stands for. */
  prefixListIpv6Blocks: ReadonlyMap<string, Ipv6Block[]>;
  /** S3's IPv6 lists; undefined when the snapshot has none (the `ipv6` family is then unknown). */
  s3Ipv6: S3Ipv6Lists | undefined;
  /**
   * The VPCs with a live S3 gateway endpoint whose DNS record type is `dualstack` or `ipv6`: S3's
   * regional name has real AAAA records there, so DNS64 synthesizes nothing for S3.
   */
  s3AaaaVpcs: ReadonlySet<string>;
}

/** The IPv6 entries of a list as bigint blocks. */
function ipv6BlocksOf(cidrs: readonly Cidr[]): Ipv6Block[] {
  const blocks: Ipv6Block[] = [];
  for (const cidr of cidrs) {
    if (cidr.family !== 6) continue;
    const { start, end } = cidrRange(cidr);
    blocks.push({ start, end, prefixLength: cidr.prefixLength });
  }
  return blocks;
}

/** True when the endpoint exists and is usable (not being deleted, not failed). */
export function isLiveEndpoint(endpoint: VpcEndpoint): boolean {
  return !isGoneState(endpoint.State);
}

/** True for a live S3 gateway endpoint whose private DNS answers AAAA records. */
function answersAaaaForS3(endpoint: VpcEndpoint): boolean {
  const type = endpoint.DnsOptions?.DnsRecordIpType?.toLowerCase();
  return (
    (type === 'dualstack' || type === 'ipv6') &&
    endpoint.VpcEndpointType.toLowerCase() === 'gateway' &&
    serviceOfEndpointServiceName(endpoint.ServiceName) === 's3' &&
    isLiveEndpoint(endpoint)
  );
}

function cidrsOf(list: PrefixList): Cidr[] {
  const cidrs: Cidr[] = [];
  for (const text of list.Cidrs) {
    const cidr = parseCidr(text);
    if (cidr) cidrs.push(cidr);
  }
  return cidrs;
}

function ipv4BlocksOf(cidrs: readonly Cidr[]): Ipv4Block[] {
  const blocks: Ipv4Block[] = [];
  for (const cidr of cidrs) {
    const block = ipv4BlockOf(cidr);
    if (block) blocks.push(block);
  }
  return blocks;
}

/**
 * Builds the lookups for one region.
 *
 * @throws AnalysisError `MissingPrefixList` when an audited service has no prefix list in the region
 */
export function buildRegionModel(
  region: string,
  snapshot: RegionSnapshot,
  services: readonly ServiceName[],
): RegionModel {
  const endpoints = new Map(snapshot.VpcEndpoints.map((e) => [e.VpcEndpointId, e] as const));
  const endpointsByVpc = new Map<string, VpcEndpoint[]>();
  for (const endpoint of snapshot.VpcEndpoints) {
    const list = endpointsByVpc.get(endpoint.VpcId);
    if (list) list.push(endpoint);
    else endpointsByVpc.set(endpoint.VpcId, [endpoint]);
  }
  const prefixListRanges = new Map<string, AddressRange[]>();
  const prefixListCidrs = new Map<string, Cidr[]>();
  const prefixListIpv4Blocks = new Map<string, Ipv4Block[]>();
  const prefixListIpv6Blocks = new Map<string, Ipv6Block[]>();
  const s3Ipv6Ids: string[] = [];
  const s3Ipv6Ranges: AddressRange[] = [];
  for (const list of snapshot.PrefixLists) {
    const cidrs = cidrsOf(list);
    prefixListCidrs.set(list.PrefixListId, cidrs);
    prefixListIpv4Blocks.set(list.PrefixListId, ipv4BlocksOf(cidrs));
    const ranges = mergeRanges(cidrs.map(cidrRange));
    prefixListRanges.set(list.PrefixListId, ranges);
    if (list.AddressFamily === 'IPv6') {
      prefixListIpv6Blocks.set(list.PrefixListId, ipv6BlocksOf(cidrs));
      if (isS3Ipv6PrefixList(list)) {
        s3Ipv6Ids.push(list.PrefixListId);
        s3Ipv6Ranges.push(...ranges);
      }
    }
  }
  const s3AaaaVpcs = new Set<string>();
  for (const endpoint of snapshot.VpcEndpoints) {
    if (answersAaaaForS3(endpoint)) s3AaaaVpcs.add(endpoint.VpcId);
  }
  const serviceLists = new Map<ServiceName, ServicePrefixList>();
  for (const service of services) {
    const list = snapshot.PrefixLists.find((candidate) =>
      isServicePrefixListName(candidate.PrefixListName, region, service),
    );
    if (!list) {
      throw new AnalysisError(
        region,
        'MissingPrefixList',
        `region ${region} has no prefix list named ${servicePrefixListNames(region, service).join(' or ')} in PrefixLists, so its ${service} ranges are unknown`,
      );
    }
    const ranges = (prefixListRanges.get(list.PrefixListId) ?? []).filter((r) => r.family === 4);
    if (ranges.length === 0) {
      throw new AnalysisError(
        region,
        'EmptyPrefixList',
        `prefix list ${list.PrefixListId} (${list.PrefixListName ?? ''}) in region ${region} has no IPv4 CIDRs`,
      );
    }
    const cidrs = (prefixListCidrs.get(list.PrefixListId) ?? []).filter((c) => c.family === 4);
    serviceLists.set(service, {
      prefixListId: list.PrefixListId,
      name: list.PrefixListName ?? list.PrefixListId,
      ranges,
      cidrs,
      ipv4Ranges: ranges.map((range) => ({ start: Number(range.start), end: Number(range.end) })),
      ipv4Blocks: ipv4BlocksOf(cidrs),
    });
  }
  return {
    region,
    endpoints,
    endpointsByVpc,
    prefixListRanges,
    prefixListCidrs,
    prefixListIpv4Blocks,
    services: serviceLists,
    prefixListIpv6Blocks,
    s3Ipv6:
      s3Ipv6Ids.length > 0
        ? { prefixListIds: s3Ipv6Ids.sort(), ranges: mergeRanges(s3Ipv6Ranges) }
        : undefined,
    s3AaaaVpcs,
  };
}
