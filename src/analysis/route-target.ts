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

/** Classifies a route by its target, for traffic to `service`. */
export function classifyRoute(
  route: Route,
  service: ServiceName,
  endpoints: ReadonlyMap<string, VpcEndpoint>,
): RouteTarget {
  const target =
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
    'unknown';
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
      const endpoint = endpoints.get(gateway);
      const isServiceGateway =
        endpoint !== undefined &&
        endpoint.VpcEndpointType.toLowerCase() === 'gateway' &&
        serviceOfEndpointServiceName(endpoint.ServiceName) === service;
      return { path: isServiceGateway ? 'gateway-endpoint' : 'other', target };
    }
    if (gateway.startsWith('vgw-')) return { path: 'virtual-private-gateway', target };
    if (gateway.startsWith('igw-')) return { path: 'internet-gateway', target };
  }
  return { path: 'other', target };
}
