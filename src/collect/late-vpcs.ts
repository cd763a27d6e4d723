/**
 * What a VPC created or deleted while a region was read leaves in its answers. The region's
 * `Describe*` calls run at once, so a VPC made in between can be named by a subnet, a route table or
 * a gateway attachment read after `DescribeVpcs` answered, and one deleted in between can still be
 * named by items read before. Either way the snapshot would name a VPC it does not hold, and reading
 * it back (`audit --snapshot`) would refuse it.
 *
 * A VPC whose subnets are shared with the account (AWS RAM) is not one of these: a participant can
 * describe the shared VPC, its subnets, route tables and gateways, and `DescribeVpcs` lists it with
 * the owner's id (the VPC user guide, "Share your VPC with other accounts"). So shared subnets are
 * never left out here.
 */
import type { RegionSnapshot } from '../snapshot/schema';
import { forEachVpcReference, vpcReferencePath, type VpcHolder } from '../snapshot/vpc-references';

/**
 * The region without what names a VPC of `gone` (a VPC deleted while the region was read): the
 * subnets, route tables, endpoints and NAT gateways in it, and the gateways' attachments to it.
 * The region is not changed; arrays without such an item are kept as they are.
 */
export function withoutVpcs(region: RegionSnapshot, gone: ReadonlySet<string>): RegionSnapshot {
  // The references to drop, by their path below the region, and the arrays that hold one.
  const dropped = new Set<string>();
  const holders = new Set<VpcHolder>();
  forEachVpcReference(region, (vpcId, holder, index, attachment) => {
    if (!gone.has(vpcId)) return;
    dropped.add(vpcReferencePath(holder, index, attachment));
    holders.add(holder);
  });
  const kept = (holder: VpcHolder, index: number, attachment = -1): boolean =>
    !dropped.has(vpcReferencePath(holder, index, attachment));
  const keep = <T>(holder: VpcHolder, items: T[]): T[] =>
    holders.has(holder) ? items.filter((_, i) => kept(holder, i)) : items;
  const detach = <T extends { Attachments?: { VpcId?: string | undefined }[] | undefined }>(
    holder: VpcHolder,
    gateways: T[],
  ): T[] =>
    holders.has(holder)
      ? gateways.map((gateway, i) => {
          const attachments = gateway.Attachments ?? [];
          const left = attachments.filter((_, a) => kept(holder, i, a));
          return left.length === attachments.length ? gateway : { ...gateway, Attachments: left };
        })
      : gateways;
  const result: RegionSnapshot = {
    ...region,
    Subnets: keep('Subnets', region.Subnets),
    RouteTables: keep('RouteTables', region.RouteTables),
    VpcEndpoints: keep('VpcEndpoints', region.VpcEndpoints),
    NatGateways: keep('NatGateways', region.NatGateways),
    InternetGateways: detach('InternetGateways', region.InternetGateways),
  };
  if (region.EgressOnlyInternetGateways !== undefined) {
    result.EgressOnlyInternetGateways = detach(
      'EgressOnlyInternetGateways',
      region.EgressOnlyInternetGateways,
    );
  }
  return result;
}
