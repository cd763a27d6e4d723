/**
 * Routing rules 2–4 and 6 (docs/routing.md) for one route table and one service: expand prefix-list routes, split
 * the service's ranges at every overlapping route's boundaries, pick the longest-prefix match of each
 * piece (ties: static > prefix list > propagated), classify its target, and reduce to one path.
 */
import type { Route, RouteTable } from '../snapshot/schema';
import { isLeakingPath, pathRank } from '../path-kinds';
import type { Path, ServiceName, ServiceVerdict } from '../types';
import {
  type IpFamily,
  formatCidr,
  mergeRanges,
  parseIpv4Block,
  rangeToCidrs,
  type AddressRange,
} from '../net/cidr';
import { AnalysisError } from './analysis-error';
import type { RegionModel } from './region-model';
import { classifyRoute, type RoutePath, type RouteTarget } from './route-target';
import { sortTexts } from '../text-order';

/** Tie-break rank at equal prefix length: lower wins. */
export const RouteRank = { Static: 0, PrefixList: 1, Propagated: 2 } as const;
/** One of {@link RouteRank}'s values. */
export type RouteRank = (typeof RouteRank)[keyof typeof RouteRank];

/**
 * One route standing for one IPv4 address range (a prefix-list route gives one per list CIDR). The
 * rules read IPv4 routes only, so addresses are plain numbers (exact for 32 bits, and far quicker
 * than bigint).
 */
export interface CandidateRoute {
  /** The first address of the range. */
  start: number;
  /** The last address of the range (inclusive). */
  end: number;
  prefixLength: number;
  rank: RouteRank;
  route: Route;
  /** Set for the simulated endpoint route of a what-if evaluation. */
  simulated?: boolean;
}

/** A piece of a service range (IPv4 addresses `start`..`end`, inclusive) and what carries it. */
export interface RouteSegment {
  start: number;
  end: number;
  /** The winning route, or undefined when no route matches. */
  route?: Route;
  path: RoutePath | 'no-route';
  target?: string;
  /** True when equally good routes with different paths compete (AWS picks one at random). */
  ambiguous: boolean;
}

/** The target of the simulated endpoint route of a what-if evaluation. */
export const SIMULATED_TARGET = 'vpce-(new)';

/** True when the path is a leak. */
export function isLeaking(path: Path): boolean {
  return isLeakingPath(path);
}

/** A segment's rank in the routing order; the VPC's own route ranks after every path. */
function segmentRank(path: RoutePath | 'no-route'): number {
  return path === 'local' ? Number.POSITIVE_INFINITY : pathRank(path);
}

/** A route's destination as text, for messages. */
export function routeDestination(route: Route): string {
  return (
    route.DestinationCidrBlock ??
    route.DestinationPrefixListId ??
    route.DestinationIpv6CidrBlock ??
    '?'
  );
}

/** A route's tie-break rank: static, prefix list or propagated. */
export function routeRankOf(route: Route): RouteRank {
  if (route.Origin === 'EnableVgwRoutePropagation') return RouteRank.Propagated;
  if (route.DestinationPrefixListId !== undefined) return RouteRank.PrefixList;
  return RouteRank.Static;
}

/**
 * Expands a table's IPv4 routes into candidates (rule 2).
 *
 * @throws AnalysisError `MissingPrefixList` when a route names a prefix list the snapshot lacks
 */
export function candidateRoutes(table: RouteTable, model: RegionModel): CandidateRoute[] {
  const candidates: CandidateRoute[] = [];
  for (const route of table.Routes) {
    const rank = routeRankOf(route);
    if (route.DestinationCidrBlock !== undefined) {
      const block = parseIpv4Block(route.DestinationCidrBlock);
      if (block) addBlockRoutes(candidates, [block], rank, route);
    } else if (route.DestinationPrefixListId !== undefined) {
      const blocks = model.prefixListIpv4Blocks.get(route.DestinationPrefixListId);
      if (!blocks) {
        throw new AnalysisError(
          model.region,
          'MissingPrefixList',
          `route table ${table.RouteTableId} in ${model.region} routes prefix list ${route.DestinationPrefixListId}, which is not in the region's PrefixLists: its ranges, and so this table's paths, are unknown`,
        );
      }
      // Each entry as listed, with its own length: merging entries would lengthen no route but
      // could shorten some (two /16 entries are not one /15 route).
      addBlockRoutes(candidates, blocks, rank, route);
    }
  }
  return candidates;
}

/** The candidate routes a gateway endpoint for `service` would add to a table. */
export function simulatedEndpointCandidates(
  model: RegionModel,
  service: ServiceName,
): CandidateRoute[] {
  const list = model.services.get(service);
  if (!list) return [];
  const route: Route = { DestinationPrefixListId: list.prefixListId, GatewayId: SIMULATED_TARGET };
  return list.ipv4Blocks.map((block) => ({
    start: block.start,
    end: block.end,
    prefixLength: block.prefixLength,
    rank: RouteRank.PrefixList,
    route,
    simulated: true,
  }));
}

/** A candidate's path and target for traffic to `service` (rule 4). */
export function classifyCandidate(
  candidate: CandidateRoute,
  service: ServiceName,
  model: RegionModel,
): RouteTarget {
  return candidate.simulated
    ? { path: 'gateway-endpoint', target: candidate.route.GatewayId ?? '' }
    : classifyRoute(candidate.route, service, model.endpoints);
}

function better<A extends number | bigint>(
  a: AddressBlockRoute<A>,
  b: AddressBlockRoute<A>,
): boolean {
  return a.prefixLength > b.prefixLength || (a.prefixLength === b.prefixLength && a.rank < b.rank);
}

/** An address block a route stands for: numbers for IPv4, bigints for IPv6. */
export interface AddressBlockRoute<A extends number | bigint> {
  start: A;
  end: A;
  prefixLength: number;
  rank: RouteRank;
  route: Route;
  simulated?: boolean;
}

/** Adds a route's destination blocks (one CIDR, or each entry of its prefix list) to `candidates`. */
export function addBlockRoutes<A extends number | bigint>(
  candidates: AddressBlockRoute<A>[],
  blocks: readonly { start: A; end: A; prefixLength: number }[],
  rank: RouteRank,
  route: Route,
): void {
  for (const { start, end, prefixLength } of blocks) {
    candidates.push({ start, end, prefixLength, rank, route });
  }
}

/** A piece of a family's ranges and what carries it (numbers for IPv4, bigints for IPv6). */
export interface AddressSegment<A extends number | bigint> {
  start: A;
  end: A;
  route?: Route;
  path: RoutePath | 'no-route';
  target?: string;
  ambiguous: boolean;
}

function byAddress<A extends number | bigint>(a: A, b: A): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Splits ranges into segments, each carried by one route (rule 3) and classified by its target
 * (rule 4). Adjacent pieces carried by the same route are merged. One algorithm for both address
 * families: `one` is 1 in the addresses' own type (1 or 1n).
 */
export function segmentsOver<A extends number | bigint>(
  ranges: readonly { start: A; end: A }[],
  candidates: readonly AddressBlockRoute<A>[],
  classify: (candidate: AddressBlockRoute<A>) => RouteTarget,
  one: A,
): AddressSegment<A>[] {
  // `a + one` and `a - one` stay in A's type: both operands are numbers, or both bigints.
  const next = (a: A): A => ((a as number) + (one as number)) as A;
  const previous = (a: A): A => ((a as number) - (one as number)) as A;
  const segments: AddressSegment<A>[] = [];
  for (const range of ranges) {
    const overlapping = candidates.filter((c) => c.start <= range.end && c.end >= range.start);
    // Each candidate's path and target, once (they do not depend on the piece).
    const classified = overlapping.map(classify);
    const cuts = new Set<A>([range.start, next(range.end)]);
    for (const c of overlapping) {
      if (c.start > range.start) cuts.add(c.start);
      if (c.end < range.end) cuts.add(next(c.end));
    }
    const points = [...cuts].sort(byAddress);
    for (let i = 0; i + 1 < points.length; i += 1) {
      const start = points[i] as A;
      const end = previous(points[i + 1] as A);
      let best: AddressBlockRoute<A> | undefined;
      let bestPath: RoutePath | undefined;
      let bestTarget: string | undefined;
      let ambiguous = false;
      for (let k = 0; k < overlapping.length; k += 1) {
        const c = overlapping[k] as AddressBlockRoute<A>;
        if (c.start > start || c.end < end) continue;
        const { path, target } = classified[k] as RouteTarget;
        if (!best || better(c, best)) {
          best = c;
          bestPath = path;
          bestTarget = target;
          ambiguous = false;
        } else if (!better(best, c) && (path !== bestPath || target !== bestTarget)) {
          // Equal length and kind, different target: AWS picks one at random. Report the worse one.
          ambiguous = true;
          if (segmentRank(path) < segmentRank(bestPath ?? 'local')) {
            best = c;
            bestPath = path;
            bestTarget = target;
          }
        }
      }
      const last = segments[segments.length - 1];
      if (
        last &&
        last.route === best?.route &&
        next(last.end) === start &&
        last.ambiguous === ambiguous &&
        last.path === (bestPath ?? 'no-route')
      ) {
        last.end = end;
        continue;
      }
      segments.push({
        start,
        end,
        ...(best ? { route: best.route } : {}),
        path: bestPath ?? 'no-route',
        ...(bestTarget !== undefined ? { target: bestTarget } : {}),
        ambiguous,
      });
    }
  }
  return segments;
}

/**
 * Splits the service's IPv4 ranges into segments, each carried by one route (rule 3) and
 * classified by its target (rule 4).
 */
export function routeSegments(
  candidates: readonly CandidateRoute[],
  service: ServiceName,
  model: RegionModel,
): RouteSegment[] {
  const list = model.services.get(service);
  if (!list) return [];
  return segmentsOver(
    list.ipv4Ranges,
    candidates,
    (c) => classifyCandidate(c as CandidateRoute, service, model),
    1,
  );
}

/** Rule 6: one path from the segments; `targets` are those of that path, `leakingCidrs` every leak. */
export function verdictFromSegments(
  segments: readonly AddressSegment<number | bigint>[],
  family: IpFamily = 4,
): ServiceVerdict {
  let path: Path = 'no-route';
  let bestRank = Number.POSITIVE_INFINITY;
  let ambiguous = false;
  const leakingRanges: AddressRange[] = [];
  for (const segment of segments) {
    if (segment.path === 'local') continue;
    const rank = segmentRank(segment.path);
    if (rank < bestRank) {
      bestRank = rank;
      path = segment.path;
    }
    if (segment.ambiguous) ambiguous = true;
    if (isLeaking(segment.path)) {
      leakingRanges.push({ family, start: BigInt(segment.start), end: BigInt(segment.end) });
    }
  }
  const targets = new Set<string>();
  for (const segment of segments) {
    if (segment.path === path && segment.target !== undefined) targets.add(segment.target);
  }
  const verdict: ServiceVerdict = {
    path,
    leaking: isLeaking(path),
    targets: sortTexts([...targets]),
    leakingCidrs: mergeRanges(leakingRanges).flatMap((range) =>
      rangeToCidrs(range).map(formatCidr),
    ),
  };
  if (ambiguous) verdict.ambiguous = true;
  return verdict;
}
