/**
 * Where a region's items name a VPC that must be one of the region's `Vpcs`: each subnet and route
 * table, each endpoint and NAT gateway that is not gone, each attachment of an internet or
 * egress-only internet gateway. The integrity check refuses a snapshot where one is missing, and the
 * collection uses the same walk to mend what a VPC created or deleted during its reads leaves.
 */
import { isGoneState } from './gone-state';
import type { RegionSnapshot } from './schema';
import { sortTexts } from '../text-order';

/** The arrays of a region whose items name a VPC. */
export type VpcHolder =
  | 'Subnets'
  | 'RouteTables'
  | 'VpcEndpoints'
  | 'NatGateways'
  | 'InternetGateways'
  | 'EgressOnlyInternetGateways';

/**
 * Called for each reference: the VPC id, the array and index of the item, and the index of the
 * attachment for a gateway (-1 for the others). Positional, so that walking a large estate makes no
 * object per item.
 */
export type VpcReferenceVisitor = (
  vpcId: string,
  holder: VpcHolder,
  index: number,
  attachment: number,
) => void;

/** Visits every VPC reference of the region, array by array, in the order of {@link VpcHolder}. */
export function forEachVpcReference(region: RegionSnapshot, visit: VpcReferenceVisitor): void {
  region.Subnets.forEach((subnet, i) => visit(subnet.VpcId, 'Subnets', i, -1));
  region.RouteTables.forEach((table, i) => visit(table.VpcId, 'RouteTables', i, -1));
  region.VpcEndpoints.forEach((endpoint, i) => {
    if (!isGoneState(endpoint.State)) visit(endpoint.VpcId, 'VpcEndpoints', i, -1);
  });
  region.NatGateways.forEach((nat, i) => {
    if (nat.VpcId !== undefined && !isGoneState(nat.State)) visit(nat.VpcId, 'NatGateways', i, -1);
  });
  const gateways = (
    holder: 'InternetGateways' | 'EgressOnlyInternetGateways',
    list: readonly { Attachments?: { VpcId?: string | undefined }[] | undefined }[],
  ): void => {
    list.forEach((gateway, i) => {
      (gateway.Attachments ?? []).forEach((attachment, a) => {
        if (attachment.VpcId !== undefined) visit(attachment.VpcId, holder, i, a);
      });
    });
  };
  gateways('InternetGateways', region.InternetGateways);
  gateways('EgressOnlyInternetGateways', region.EgressOnlyInternetGateways ?? []);
}

/** The path of a reference below its region: `Subnets[3].VpcId`, `InternetGateways[1].Attachments[0].VpcId`. */
export function vpcReferencePath(holder: VpcHolder, index: number, attachment: number): string {
  return attachment < 0
    ? `${holder}[${index}].VpcId`
    : `${holder}[${index}].Attachments[${attachment}].VpcId`;
}

/** The VPC ids the region's items name that are not among its `Vpcs`, sorted, each once. */
export function unknownVpcIds(region: RegionSnapshot): string[] {
  const known = new Set(region.Vpcs.map((vpc) => vpc.VpcId));
  const unknown = new Set<string>();
  forEachVpcReference(region, (vpcId) => {
    if (!known.has(vpcId)) unknown.add(vpcId);
  });
  return sortTexts([...unknown]);
}
