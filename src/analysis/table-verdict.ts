/**
 * The verdict of one route table for one service, with the what-if that decides the remediation:
 * would a gateway endpoint's prefix-list route stop the leak, or does a more specific route win?
 */
import { viewPolicy, type PolicyView } from './endpoint-policy-view';
import type { Route, RouteTable, VpcEndpoint } from '../snapshot/schema';
import type { RemediationKind, ServiceName, ServiceVerdict } from '../types';
import { isLiveEndpoint, type RegionModel } from './region-model';
import {
  isLeaking,
  routeDestination,
  routeSegments,
  simulatedEndpointCandidates,
  verdictFromSegments,
  type CandidateRoute,
} from './route-evaluation';
import { serviceOfEndpointServiceName } from '../net/aws-names';
import { compareText, sortTexts } from '../text-order';

/** A table's verdict for one service and, when it leaks, how to fix it. */
export interface TableServiceVerdict {
  verdict: ServiceVerdict;
  /** Set when the verdict leaks. */
  remediation?: RemediationKind;
  /** Why `manual`: the routes that would still beat a gateway endpoint. */
  overridingRoutes?: string[];
  /** The VPC's existing gateway endpoint for the service, when remediation attaches to it. */
  existingEndpointId?: string;
  /**
   * What that endpoint's policy allows, when it is not full access: attaching the table would limit
   * its subnets to it, so remediation leaves it to a person unless told otherwise.
   */
  existingEndpointPolicy?: string;
}

/** Each endpoint's policy read once per service (a VPC's tables share its endpoint). */
const POLICY_VIEWS = new WeakMap<VpcEndpoint, Map<ServiceName, PolicyView>>();

function endpointPolicyView(endpoint: VpcEndpoint, service: ServiceName): PolicyView {
  let views = POLICY_VIEWS.get(endpoint);
  if (!views) {
    views = new Map();
    POLICY_VIEWS.set(endpoint, views);
  }
  let view = views.get(service);
  if (!view) {
    view = viewPolicy(endpoint.PolicyDocument, service);
    views.set(service, view);
  }
  return view;
}

export { isLiveEndpoint };

/** Rule 5: the VPC's S3 interface endpoints whose private DNS answers for every resolver. */
export function privateDnsInterfaceEndpoints(
  endpoints: Iterable<VpcEndpoint>,
  vpcId: string,
  service: ServiceName,
): string[] {
  if (service !== 's3') return [];
  const ids: string[] = [];
  for (const e of endpoints) {
    if (
      e.VpcId === vpcId &&
      e.VpcEndpointType.toLowerCase() === 'interface' &&
      serviceOfEndpointServiceName(e.ServiceName) === 's3' &&
      e.PrivateDnsEnabled === true &&
      e.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint !== true &&
      isLiveEndpoint(e)
    ) {
      ids.push(e.VpcEndpointId);
    }
  }
  return sortTexts(ids);
}

/** The VPC's live gateway endpoints for a service, sorted by id (the first is the one to reuse). */
export function gatewayEndpointsOf(
  endpoints: Iterable<VpcEndpoint>,
  vpcId: string,
  service: ServiceName,
): VpcEndpoint[] {
  const found: VpcEndpoint[] = [];
  for (const e of endpoints) {
    if (
      e.VpcId === vpcId &&
      e.VpcEndpointType.toLowerCase() === 'gateway' &&
      serviceOfEndpointServiceName(e.ServiceName) === service &&
      isLiveEndpoint(e)
    ) {
      found.push(e);
    }
  }
  return found.length > 1
    ? found.sort((a, b) => compareText(a.VpcEndpointId, b.VpcEndpointId))
    : found;
}

/**
 * True when attaching a table to the gateway endpoint adds the IPv4 prefix-list route: its
 * `IpAddressType` is `ipv4` (the default), or `dualstack` when every subnet of the table is
 * dual-stack. An `ipv6` endpoint routes only the IPv6 list.
 */
export function routesIpv4List(endpoint: VpcEndpoint, allDualStack: boolean): boolean {
  const type = (endpoint.IpAddressType ?? 'ipv4').toLowerCase();
  return type === 'ipv4' || (type === 'dualstack' && allDualStack);
}

/** A piece of a service's ranges that a gateway endpoint's route would not win, and what wins it. */
export interface OverridingSegment {
  route?: Route;
  target?: string;
}

/**
 * What a table's routes alone decide for a service: the verdict (rules 2–4, 6) and, when it leaks,
 * the pieces that would still leak with a gateway endpoint's route added (rule 3; empty when the
 * endpoint would win them all).
 */
export interface RoutedVerdict {
  verdict: ServiceVerdict;
  /** Set when the verdict leaks. */
  overriding?: OverridingSegment[];
}

/** Computes a {@link RoutedVerdict} from a table's candidate routes. */
export function routedVerdict(
  candidates: readonly CandidateRoute[],
  service: ServiceName,
  model: RegionModel,
): RoutedVerdict {
  const verdict = verdictFromSegments(routeSegments(candidates, service, model));
  if (!isLeaking(verdict.path)) return { verdict };
  const withEndpoint = routeSegments(
    [...candidates, ...simulatedEndpointCandidates(model, service)],
    service,
    model,
  );
  const overriding: OverridingSegment[] = [];
  for (const segment of withEndpoint) {
    if (segment.path === 'local' || segment.path === 'no-route' || !isLeaking(segment.path)) {
      continue;
    }
    overriding.push({
      ...(segment.route ? { route: segment.route } : {}),
      ...(segment.target !== undefined ? { target: segment.target } : {}),
    });
  }
  return { verdict, overriding };
}

/**
 * Evaluates a table for a service's IPv4 family: rules 2–6, then, for a leak, the remediation kind
 * (rule 3 decides whether an endpoint route would win; an existing endpoint is reused only when it
 * routes the IPv4 list, see {@link routesIpv4List}).
 *
 * @param allDualStack - every subnet of the table is dual-stack
 * @param routed - what the routes decide (default: computed from `candidates`); a memo of it may be
 *   given, since route tables of an estate repeat a few shapes
 */
export function evaluateTableService(
  table: RouteTable,
  candidates: readonly CandidateRoute[],
  service: ServiceName,
  model: RegionModel,
  routed: (candidates: readonly CandidateRoute[], service: ServiceName) => RoutedVerdict = (
    given,
    name,
  ) => routedVerdict(given, name, model),
  allDualStack = false,
): TableServiceVerdict {
  const interfaceEndpoints = privateDnsInterfaceEndpoints(
    model.endpointsByVpc.get(table.VpcId) ?? [],
    table.VpcId,
    service,
  );
  if (interfaceEndpoints.length > 0) {
    return {
      verdict: {
        path: 'interface-endpoint',
        leaking: false,
        targets: interfaceEndpoints,
        leakingCidrs: [],
      },
    };
  }
  const { verdict, overriding } = routed(candidates, service);
  if (overriding === undefined) return { verdict };
  if (overriding.length > 0) {
    const overridingRoutes = [
      ...new Set(
        overriding.map((s) => `${s.route ? routeDestination(s.route) : '?'} -> ${s.target ?? '?'}`),
      ),
    ];
    return { verdict, remediation: 'manual', overridingRoutes };
  }
  const existing = gatewayEndpointsOf(
    model.endpointsByVpc.get(table.VpcId) ?? [],
    table.VpcId,
    service,
  ).find((endpoint) => routesIpv4List(endpoint, allDualStack));
  if (existing) {
    const policy = endpointPolicyView(existing, service);
    return {
      verdict,
      remediation: 'attach-to-existing-endpoint',
      existingEndpointId: existing.VpcEndpointId,
      ...(policy.fullAccess ? {} : { existingEndpointPolicy: policy.allows }),
    };
  }
  return { verdict, remediation: 'create-endpoint' };
}
