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
import { SERVICES, type ServiceName, type ServiceVerdict } from '../types';
import type { Ipv4Range, RegionModel } from './region-model';
import { SIMULATED_TARGET, classifyCandidate, type CandidateRoute } from './route-evaluation';
import { routedVerdict, type OverridingSegment, type RoutedVerdict } from './table-verdict';
import { sortTexts } from '../text-order';

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

/** Code units at most given to one `String.fromCharCode` call (its arguments are on the stack). */
const CODES_PER_CALL = 4096;

/**
 * The text of UTF-16 code units. Every unit of a key is below 2^16: an address is cut in two
 * halves, and the other numbers (prefix length, rank, the index of a route or target of one table,
 * the number of a path) are far smaller.
 */
function textOf(codes: readonly number[]): string {
  if (codes.length <= CODES_PER_CALL) return String.fromCharCode(...codes);
  let text = '';
  for (let at = 0; at < codes.length; at += CODES_PER_CALL) {
    text += String.fromCharCode(...codes.slice(at, at + CODES_PER_CALL));
  }
  return text;
}

/** True when the candidate's addresses meet one of the ranges. */
function overlapsAny(candidate: CandidateRoute, ranges: readonly Ipv4Range[]): boolean {
  for (const range of ranges) {
    if (candidate.start <= range.end && candidate.end >= range.start) return true;
  }
  return false;
}

/** {@link routedVerdict} for the tables of one region, computed once per table shape. */
export class RoutedVerdictMemo {
  private readonly entries = new Map<string, Entry>();
  /** The number of tables that were computed (the others were found in the memo). */
  public misses = 0;

  public constructor(private readonly model: RegionModel) {}

  /** The number each path has in the keys (first seen, first numbered). */
  private readonly pathCodes = new Map<string, number>();
  /** The key being built, as UTF-16 code units (reused: one string is made per table). */
  private readonly codes: number[] = [];
  /**
   * The routes and targets of the table being looked up, numbered by first appearance (reused from
   * table to table: what a lookup returns holds their elements, never the lists).
   */
  private readonly routes: Route[] = [];
  private readonly targets: string[] = [];

  /** The same as `routedVerdict(candidates, service, model)`. */
  public routed(candidates: readonly CandidateRoute[], service: ServiceName): RoutedVerdict {
    const list = this.model.services.get(service);
    if (!list) return routedVerdict(candidates, service, this.model);
    const ranges = list.ipv4Ranges;
    const { routes, targets } = this;
    routes.length = 0;
    targets.length = 0;
    // The key in code units rather than text: a 32-bit address is two units, the rest one each, so
    // a table's key is one string made at the end instead of a text per number.
    const codes = this.codes;
    codes.length = 0;
    codes.push(SERVICES.indexOf(service));
    let lastRoute: Route | undefined;
    let routeIndex = 0;
    let pathCode = 0;
    let targetIndex = 0;
    let simulated = 0;
    for (const candidate of candidates) {
      if (!overlapsAny(candidate, ranges)) continue;
      // A prefix-list route stands for several candidates in a row: classify it once.
      if (candidate.route !== lastRoute || candidate.simulated === true) {
        routeIndex = routes.indexOf(candidate.route);
        if (routeIndex < 0) routeIndex = routes.push(candidate.route) - 1;
        const { path, target } = classifyCandidate(candidate, service, this.model);
        targetIndex = targets.indexOf(target);
        if (targetIndex < 0) targetIndex = targets.push(target) - 1;
        pathCode = this.pathCodeOf(path);
        simulated = candidate.simulated === true ? 1 : 0;
        lastRoute = candidate.simulated === true ? undefined : candidate.route;
      }
      codes.push(
        candidate.start >>> 16,
        candidate.start & 0xffff,
        candidate.end >>> 16,
        candidate.end & 0xffff,
        candidate.prefixLength,
        candidate.rank,
        routeIndex,
        pathCode,
        targetIndex,
        simulated,
      );
    }
    // The simulated endpoint route's target is compared with the others' as text.
    codes.push(targets.indexOf(SIMULATED_TARGET) + 1);
    const key = textOf(codes);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses += 1;
      // The relevant candidates are listed only here: most tables are found in the memo.
      const relevant = candidates.filter((candidate) => overlapsAny(candidate, ranges));
      entry = this.entryOf(routedVerdict(relevant, service, this.model), routes, targets);
      this.entries.set(key, entry);
    }
    return this.decoded(entry, routes, targets);
  }

  private pathCodeOf(path: string): number {
    let code = this.pathCodes.get(path);
    if (code === undefined) {
      code = this.pathCodes.size;
      this.pathCodes.set(path, code);
    }
    return code;
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
      targets: sortTexts(entry.targets.map((ref) => valueOf(ref, targets))),
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
