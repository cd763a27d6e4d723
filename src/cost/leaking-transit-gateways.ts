/** Which transit gateway attachments the cost estimate looks for: those of VPCs with a non-exempt TGW leak. */
import type { Finding, Report } from '../types';

const TRANSIT_GATEWAY_ID = /^tgw-[0-9a-zA-Z]+$/;

/** A VPC whose traffic leaks through a transit gateway. */
export interface VpcTransitGateway {
  vpcId: string;
  transitGatewayId: string;
}

/** The transit gateway ids of a non-exempt `transit-gateway` finding, distinct, in the finding's order. */
export function transitGatewaysOf(finding: Finding): string[] {
  if (finding.exempt || finding.path !== 'transit-gateway') return [];
  return [...new Set(finding.targets.filter((target) => TRANSIT_GATEWAY_ID.test(target)))];
}

/** The key of a (region, VPC, transit gateway) triple, as the estimate and the findings share it. */
export function attachmentKey(region: string, vpcId: string, transitGatewayId: string): string {
  return `${region}/${vpcId}/${transitGatewayId}`;
}

/**
 * Every (VPC, transit gateway) pair of a non-exempt leaking route table whose path is
 * `transit-gateway`, grouped by region; regions sorted, pairs sorted and distinct.
 */
export function leakingTransitGateways(report: Report): Map<string, VpcTransitGateway[]> {
  const byRegion = new Map<string, Map<string, VpcTransitGateway>>();
  for (const finding of report.findings) {
    for (const transitGatewayId of transitGatewaysOf(finding)) {
      let pairs = byRegion.get(finding.region);
      if (!pairs) byRegion.set(finding.region, (pairs = new Map()));
      pairs.set(`${finding.vpcId}/${transitGatewayId}`, { vpcId: finding.vpcId, transitGatewayId });
    }
  }
  return new Map(
    [...byRegion]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([region, pairs]) => [
        region,
        [...pairs].sort(([a], [b]) => a.localeCompare(b)).map(([, pair]) => pair),
      ]),
  );
}
