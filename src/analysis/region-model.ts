/** The per-region lookups the routing rules need, built once per region. */
import type { PrefixList, RegionSnapshot, VpcEndpoint } from '../snapshot/schema';
import { isServicePrefixListName, servicePrefixListNames } from '../net/aws-names';
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
  for (const list of snapshot.PrefixLists) {
    const cidrs = cidrsOf(list);
    prefixListCidrs.set(list.PrefixListId, cidrs);
    prefixListIpv4Blocks.set(list.PrefixListId, ipv4BlocksOf(cidrs));
    prefixListRanges.set(list.PrefixListId, mergeRanges(cidrs.map(cidrRange)));
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
  };
}
