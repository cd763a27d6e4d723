/**
 * A memo of {@link routedVerdict} for one region. The route tables of an estate repeat a few shapes
 * (the main table to the internet gateway, the private tables to each VPC's NAT gateway…) that
 * differ in their target ids and in routes the service ranges never meet (the VPC's own CIDR). Each
 * table is reduced to what the rules read of it: its candidate routes that overlap the service's
 * ranges, in order, each with its range, prefix length, rank, which route it comes from, its path and
 * which target it names. Route and target are numbered by first appearance, so two tables that
 * differ only in ids get the same key; the memo keeps the verdict in those numbers and gives each
 * table its own ids back. Routes that overlap no service range take part in no decision, so leaving
 * them out changes nothing (see the property test against the unmemoised engine).
 */
import type { Route } from '../snapshot/schema';
import type { ServiceName, ServiceVerdict } from '../types';
import type { RegionModel } from './region-model';
import { SIMULATED_TARGET, classifyCandidate, type CandidateRoute } from './route-evaluation';
import { routedVerdict, type OverridingSegment, type RoutedVerdict } from './table-verdict';

/** A target named by its number in the table (first appearance), or a text of its own. */
type TargetRef = number | string;
/** A route named by its number in the table, or a route of its own (the simulated endpoint's). */
type RouteRef = number | Route;

interface Entry {
  path: ServiceVerdict['path'];
  leaking: boolean;
  targets: TargetRef[];
  leakingCidrs: string[];
  ambiguous: boolean;
  /**
   * The pieces an endpoint would not win (absent when no leak): the route that wins each (its
   * number in the table, or the simulated endpoint route) and its target.
   */
  overriding?: { route?: RouteRef; target?: TargetRef }[];
}

function refOf<T>(value: T, numbered: readonly T[]): number | T {
  const index = numbered.indexOf(value);
  return index < 0 ? value : index;
}

function valueOf<T>(ref: number | T, numbered: readonly T[]): T {
  return typeof ref === 'number' ? (numbered[ref] as T) : ref;
}

/** {@link routedVerdict} for the tables of one region, computed once per table shape. */
export class RoutedVerdictMemo {
  private readonly entries = new Map<string, Entry>();
  /** The number of tables that were computed (the others were found in the memo). */
  public misses = 0;

  public constructor(private readonly model: RegionModel) {}

  /** The same as `routedVerdict(candidates, service, model)`. */
  public routed(candidates: readonly CandidateRoute[], service: ServiceName): RoutedVerdict {
    const list = this.model.services.get(service);
    if (!list) return routedVerdict(candidates, service, this.model);
    const ranges = list.ipv4Ranges;
    const relevant: CandidateRoute[] = [];
    const routes: Route[] = [];
    const targets: string[] = [];
    let key = service;
    let lastRoute: Route | undefined;
    let lastRouteKey = '';
    for (const candidate of candidates) {
      let overlaps = false;
      for (const range of ranges) {
        if (candidate.start <= range.end && candidate.end >= range.start) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) continue;
      relevant.push(candidate);
      // A prefix-list route stands for several candidates in a row: classify it once.
      if (candidate.route !== lastRoute || candidate.simulated === true) {
        let routeIndex = routes.indexOf(candidate.route);
        if (routeIndex < 0) routeIndex = routes.push(candidate.route) - 1;
        const { path, target } = classifyCandidate(candidate, service, this.model);
        let targetIndex = targets.indexOf(target);
        if (targetIndex < 0) targetIndex = targets.push(target) - 1;
        lastRoute = candidate.simulated === true ? undefined : candidate.route;
        lastRouteKey = `${routeIndex},${path},${targetIndex}${candidate.simulated === true ? ',s' : ''}`;
      }
      key += `|${candidate.start},${candidate.end},${candidate.prefixLength},${candidate.rank},${lastRouteKey}`;
    }
    // The simulated endpoint route's target is compared with the others' as text.
    key += `|${refOf(SIMULATED_TARGET, targets)}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses += 1;
      entry = this.entryOf(routedVerdict(relevant, service, this.model), routes, targets);
      this.entries.set(key, entry);
    }
    return this.decoded(entry, routes, targets);
  }

  private entryOf(
    routed: RoutedVerdict,
    routes: readonly Route[],
    targets: readonly string[],
  ): Entry {
    const { verdict, overriding } = routed;
    const entry: Entry = {
      path: verdict.path,
      leaking: verdict.leaking,
      targets: verdict.targets.map((target) => refOf(target, targets)),
      leakingCidrs: verdict.leakingCidrs,
      ambiguous: verdict.ambiguous === true,
    };
    if (overriding) {
      entry.overriding = overriding.map((segment) => ({
        ...(segment.route ? { route: refOf(segment.route, routes) } : {}),
        ...(segment.target !== undefined ? { target: refOf(segment.target, targets) } : {}),
      }));
    }
    return entry;
  }

  private decoded(
    entry: Entry,
    routes: readonly Route[],
    targets: readonly string[],
  ): RoutedVerdict {
    const verdict: ServiceVerdict = {
      path: entry.path,
      leaking: entry.leaking,
      targets: entry.targets.map((ref) => valueOf(ref, targets)).sort(),
      // Shared by the tables of one shape, as a table's verdicts are by its subnets: read-only.
      leakingCidrs: entry.leakingCidrs,
    };
    if (entry.ambiguous) verdict.ambiguous = true;
    if (!entry.overriding) return { verdict };
    const overriding = entry.overriding.map((segment): OverridingSegment => ({
      ...(segment.route !== undefined ? { route: valueOf(segment.route, routes) } : {}),
      ...(segment.target !== undefined ? { target: valueOf(segment.target, targets) } : {}),
    }));
    return { verdict, overriding };
  }
}
