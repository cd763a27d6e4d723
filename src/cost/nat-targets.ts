/**
 * What the flow-log measurement of a region needs from its inventory (pure): each leaking NAT
 * gateway with its network interfaces, subnet, VPC and the services leaking through it; the IPv4
 * CIDRs of the region's S3 and DynamoDB prefix lists (what a gateway endpoint would carry); and the
 * subnets' CIDRs for attribution.
 */
import { isServicePrefixListName } from '../net/aws-names';
import { isCidr } from '../net/cidr';
import type { RegionSnapshot } from '../snapshot/schema';
import { SERVICES, type Report, type ServiceName } from '../types';
import type { SubnetRange } from './flow-log-attribution';
import type { NatGatewayTarget } from './flow-log-reader';
import { natGatewaysOf } from './leaking-nat-gateways';

/** `NatGatewayAddresses` as `DescribeNatGateways` returns them (kept in a live inventory). */
interface NatGatewayAddresses {
  NatGatewayAddresses?: { NetworkInterfaceId?: string }[];
}

/** The leaking NAT gateways of a region as measurement targets, sorted by id. */
export function natTargets(
  report: Report,
  region: string,
  inventory: RegionSnapshot,
): NatGatewayTarget[] {
  const services = new Map<string, Set<ServiceName>>();
  for (const finding of report.findings) {
    if (finding.region !== region) continue;
    for (const id of natGatewaysOf(finding)) {
      let set = services.get(id);
      if (!set) services.set(id, (set = new Set()));
      set.add(finding.service);
    }
  }
  return [...services.keys()].sort().map((natGatewayId) => {
    const nat = inventory.NatGateways.find((n) => n.NatGatewayId === natGatewayId);
    const addresses = (nat as NatGatewayAddresses | undefined)?.NatGatewayAddresses ?? [];
    return {
      natGatewayId,
      ...(nat?.VpcId ? { vpcId: nat.VpcId } : {}),
      ...(nat?.SubnetId ? { subnetId: nat.SubnetId } : {}),
      interfaceIds: [
        ...new Set(addresses.flatMap((a) => (a.NetworkInterfaceId ? [a.NetworkInterfaceId] : []))),
      ],
      services: SERVICES.filter((service) => services.get(natGatewayId)?.has(service)),
    };
  });
}

/** The IPv4 CIDRs of each service's AWS-managed prefix list in the region. */
export function serviceCidrsOf(
  region: string,
  inventory: RegionSnapshot,
): Partial<Record<ServiceName, string[]>> {
  return Object.fromEntries(
    SERVICES.map((service) => [
      service,
      inventory.PrefixLists.filter((list) =>
        isServicePrefixListName(list.PrefixListName, region, service),
      ).flatMap((list) => list.Cidrs.filter((cidr) => isCidr(cidr, 4))),
    ]),
  );
}

/** The IPv4 CIDR of every subnet of the region. */
export function subnetRangesOf(inventory: RegionSnapshot): SubnetRange[] {
  return inventory.Subnets.flatMap((subnet) =>
    subnet.CidrBlock ? [{ subnetId: subnet.SubnetId, cidr: subnet.CidrBlock }] : [],
  );
}
