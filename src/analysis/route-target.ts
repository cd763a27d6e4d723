/** Routing rule 4 (docs/routing.md): what a route's target means for traffic to a service. */
import type { Route, VpcEndpoint } from '../snapshot/schema';
import { serviceOfEndpointServiceName } from '../net/aws-names';
import type { Path, ServiceName } from '../types';

/** The path a route sends traffic on, or `local` for the VPC's own route (ignored by the rules). */
export type RoutePath = Exclude<Path, 'no-route' | 'interface-endpoint'> | 'local';

/** A route's path and the id of its target. */
export interface RouteTarget {
  path: RoutePath;
  target: string;
}

/** The id of a route's target (the first target field it has). */
function targetIdOf(route: Route): string {
  return (
    route.NatGatewayId ??
    route.InstanceId ??
    route.NetworkInterfaceId ??
    route.TransitGatewayId ??
    route.CoreNetworkArn ??
    route.GatewayId ??
    route.VpcPeeringConnectionId ??
    route.CarrierGatewayId ??
    route.LocalGatewayId ??
    route.EgressOnlyInternetGatewayId ??
    'unknown'
  );
}

/** True when `vpce-…` is a Gateway endpoint of the service. */
function isServiceGatewayEndpoint(
  endpointId: string,
  service: ServiceName,
  endpoints: ReadonlyMap<string, VpcEndpoint>,
): boolean {
  const endpoint = endpoints.get(endpointId);
  return (
    endpoint !== undefined &&
    endpoint.VpcEndpointType.toLowerCase() === 'gateway' &&
    serviceOfEndpointServiceName(endpoint.ServiceName) === service
  );
}

/** Classifies an IPv4 route by its target, for traffic to `service` (rule 4). */
export function classifyRoute(
  route: Route,
  service: ServiceName,
  endpoints: ReadonlyMap<string, VpcEndpoint>,
): RouteTarget {
  const target = targetIdOf(route);
  if (route.State === 'blackhole') return { path: 'dropped', target };
  if (route.NatGatewayId !== undefined) return { path: 'nat-gateway', target };
  if (route.InstanceId !== undefined || route.NetworkInterfaceId !== undefined) {
    return { path: 'nat-instance', target };
  }
  if (route.TransitGatewayId !== undefined || route.CoreNetworkArn !== undefined) {
    return { path: 'transit-gateway', target };
  }
  const gateway = route.GatewayId;
  if (gateway !== undefined) {
    if (gateway === 'local') return { path: 'local', target };
    if (gateway.startsWith('vpce-')) {
      const path = isServiceGatewayEndpoint(gateway, service, endpoints)
        ? 'gateway-endpoint'
        : 'other';
      return { path, target };
    }
    if (gateway.startsWith('vgw-')) return { path: 'virtual-private-gateway', target };
    if (gateway.startsWith('igw-')) return { path: 'internet-gateway', target };
  }
  return { path: 'other', target };
}

/**
 * Classifies an IPv6 route by its target (rule 4 of the IPv6 families): for the `ipv6` family an
 * egress-only or internet gateway is the way out; for `nat64` (`64:ff9b::/96`, not routable on the
 * internet) either drops the traffic. A virtual private gateway, an instance or an interface is
 * `other` here: only IPv4 has NAT instances.
 */
export function classifyIpv6Route(
  route: Route,
  service: ServiceName,
  endpoints: ReadonlyMap<string, VpcEndpoint>,
  nat64: boolean,
): RouteTarget {
  const target = targetIdOf(route);
  if (route.State === 'blackhole') return { path: 'dropped', target };
  const gateway = route.GatewayId;
  if (gateway === 'local') return { path: 'local', target };
  if (route.NatGatewayId !== undefined) return { path: 'nat-gateway', target };
  if (route.TransitGatewayId !== undefined || route.CoreNetworkArn !== undefined) {
    return { path: 'transit-gateway', target };
  }
  if (route.EgressOnlyInternetGatewayId !== undefined) {
    return { path: nat64 ? 'dropped' : 'egress-only-internet-gateway', target };
  }
  if (gateway !== undefined) {
    if (gateway.startsWith('vpce-') && isServiceGatewayEndpoint(gateway, service, endpoints)) {
      return { path: 'gateway-endpoint', target };
    }
    if (gateway.startsWith('igw-')) return { path: nat64 ? 'dropped' : 'internet-gateway', target };
  }
  return { path: 'other', target };
}
