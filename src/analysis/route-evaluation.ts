/**
 * Routing rules 2–4 and 6 (docs/routing.md) for one route table and one service: expand prefix-list routes, split
 * the service's ranges at every overlapping route's boundaries, pick the longest-prefix match of each
 * piece (ties: static > prefix list > propagated), classify its target, and reduce to one path.
 */
import type { Route, RouteTable } from '../snapshot/schema';
import {
  LEAKING_PATHS,
  PATH_ORDER,
  type Path,
  type ServiceName,
  type ServiceVerdict,
} from '../types';
import {
  cidrRange,
  formatCidr,
  mergeRanges,
  parseCidr,
  rangeToCidrs,
  type AddressRange,
} from '../net/cidr';
import { AnalysisError } from './analysis-error';
import type { RegionModel } from './region-model';
import { classifyRoute, type RoutePath } from './route-target';

/** Tie-break rank at equal prefix length: lower wins. */
export const RouteRank = { Static: 0, PrefixList: 1, Propagated: 2 } as const;
/** One of {@link RouteRank}'s values. */
export type RouteRank = (typeof RouteRank)[keyof typeof RouteRank];

/** One route standing for one address range (a prefix-list route gives one per list CIDR). */
export interface CandidateRoute {
  range: AddressRange;
  prefixLength: number;
  rank: RouteRank;
  route: Route;
  /** Set for the simulated endpoint route of a what-if evaluation. */
  simulated?: boolean;
}

/** A piece of a service range and what carries it. */
export interface RouteSegment {
  range: AddressRange;
  /** The winning route, or undefined when no route matches. */
  route?: Route;
  path: RoutePath | 'no-route';
  target?: string;
  /** True when equally good routes with different paths compete (AWS picks one at random). */
  ambiguous: boolean;
}

const PATH_RANK = new Map<Path | 'local', number>(PATH_ORDER.map((path, index) => [path, index]));
const LEAKING = new Set<Path>(LEAKING_PATHS);

/** True when the path is a leak. */
export function isLeaking(path: Path): boolean {
  return LEAKING.has(path);
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

function rankOf(route: Route): RouteRank {
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
    const rank = rankOf(route);
    if (route.DestinationCidrBlock !== undefined) {
      const cidr = parseCidr(route.DestinationCidrBlock);
      if (cidr)
        candidates.push({ range: cidrRange(cidr), prefixLength: cidr.prefixLength, rank, route });
    } else if (route.DestinationPrefixListId !== undefined) {
      const cidrs = model.prefixListCidrs.get(route.DestinationPrefixListId);
      if (!cidrs) {
        throw new AnalysisError(
          model.region,
          'MissingPrefixList',
          `route table ${table.RouteTableId} in ${model.region} routes prefix list ${route.DestinationPrefixListId}, which is not in the region's PrefixLists: its ranges, and so this table's paths, are unknown`,
        );
      }
      // Each entry as listed, with its own length: merging entries would lengthen no route but
      // could shorten some (two /16 entries are not one /15 route).
      for (const cidr of cidrs) {
        if (cidr.family !== 4) continue;
        candidates.push({ range: cidrRange(cidr), prefixLength: cidr.prefixLength, rank, route });
      }
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
  const route: Route = { DestinationPrefixListId: list.prefixListId, GatewayId: 'vpce-(new)' };
  return list.cidrs.map((cidr) => ({
    range: cidrRange(cidr),
    prefixLength: cidr.prefixLength,
    rank: RouteRank.PrefixList,
    route,
    simulated: true,
  }));
}

function better(a: CandidateRoute, b: CandidateRoute): boolean {
  return a.prefixLength > b.prefixLength || (a.prefixLength === b.prefixLength && a.rank < b.rank);
}

/**
 * Splits the service's ranges into segments, each carried by one route (rule 3) and classified by
 * its target (rule 4). Adjacent pieces carried by the same route are merged.
 */
export function routeSegments(
  candidates: readonly CandidateRoute[],
  service: ServiceName,
  model: RegionModel,
): RouteSegment[] {
  const list = model.services.get(service);
  if (!list) return [];
  const segments: RouteSegment[] = [];
  for (const range of list.ranges) {
    const overlapping = candidates.filter(
      (c) =>
        c.range.family === range.family && c.range.start <= range.end && c.range.end >= range.start,
    );
    const cuts = new Set<bigint>([range.start, range.end + 1n]);
    for (const c of overlapping) {
      if (c.range.start > range.start) cuts.add(c.range.start);
      if (c.range.end < range.end) cuts.add(c.range.end + 1n);
    }
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i += 1) {
      const start = points[i] as bigint;
      const end = (points[i + 1] as bigint) - 1n;
      let best: CandidateRoute | undefined;
      let bestPath: RoutePath | undefined;
      let bestTarget: string | undefined;
      let ambiguous = false;
      for (const c of overlapping) {
        if (c.range.start > start || c.range.end < end) continue;
        const classified = c.simulated
          ? { path: 'gateway-endpoint' as const, target: c.route.GatewayId ?? '' }
          : classifyRoute(c.route, service, model.endpoints);
        if (!best || better(c, best)) {
          best = c;
          bestPath = classified.path;
          bestTarget = classified.target;
          ambiguous = false;
        } else if (
          !better(best, c) &&
          (classified.path !== bestPath || classified.target !== bestTarget)
        ) {
          // Equal length and kind, different target: AWS picks one at random. Report the worse one.
          ambiguous = true;
          if ((PATH_RANK.get(classified.path) ?? 99) < (PATH_RANK.get(bestPath ?? 'local') ?? 99)) {
            best = c;
            bestPath = classified.path;
            bestTarget = classified.target;
          }
        }
      }
      const previous = segments[segments.length - 1];
      if (
        previous &&
        previous.route === best?.route &&
        previous.range.end + 1n === start &&
        previous.ambiguous === ambiguous &&
        previous.path === (bestPath ?? 'no-route')
      ) {
        previous.range = { ...previous.range, end };
        continue;
      }
      segments.push({
        range: { family: range.family, start, end },
        ...(best ? { route: best.route } : {}),
        path: bestPath ?? 'no-route',
        ...(bestTarget !== undefined ? { target: bestTarget } : {}),
        ambiguous,
      });
    }
  }
  return segments;
}

/** Rule 6: one path from the segments; `targets` are those of that path, `leakingCidrs` every leak. */
export function verdictFromSegments(segments: readonly RouteSegment[]): ServiceVerdict {
  let path: Path = 'no-route';
  let bestRank = Number.POSITIVE_INFINITY;
  let ambiguous = false;
  const leakingRanges: AddressRange[] = [];
  for (const segment of segments) {
    if (segment.path === 'local') continue;
    const rank = PATH_RANK.get(segment.path) ?? Number.POSITIVE_INFINITY;
    if (rank < bestRank) {
      bestRank = rank;
      path = segment.path;
    }
    if (segment.ambiguous) ambiguous = true;
    if (isLeaking(segment.path)) leakingRanges.push(segment.range);
  }
  const targets = new Set<string>();
  for (const segment of segments) {
    if (segment.path === path && segment.target !== undefined) targets.add(segment.target);
  }
  const verdict: ServiceVerdict = {
    path,
    leaking: isLeaking(path),
    targets: [...targets].sort(),
    leakingCidrs: mergeRanges(leakingRanges).flatMap((range) =>
      rangeToCidrs(range).map(formatCidr),
    ),
  };
  if (ambiguous) verdict.ambiguous = true;
  return verdict;
}
