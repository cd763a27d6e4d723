/**
 * Finds the transit gateway attachment of each VPC that leaks through a transit gateway:
 * `DescribeTransitGatewayAttachments` filtered on `resource-type=vpc`, the VPCs and the transit
 * gateways concerned (one paginated request per region and batch of 200 VPCs), matched back to the
 * exact (VPC, transit gateway) pairs.
 */
import {
  paginateDescribeTransitGatewayAttachments,
  type EC2Client,
  type TransitGatewayAttachment,
} from '@aws-sdk/client-ec2';
import type { VpcTransitGateway } from './leaking-transit-gateways';
import { chunks } from './chunks';

/** Filter values per request: EC2 caps the values of one filter at 200. */
const MAX_FILTER_VALUES = 200;

/** States in which an attachment no longer carries traffic. */
const GONE = new Set(['deleted', 'deleting', 'failed', 'rejected']);

/** A VPC's attachment to a transit gateway. */
export interface VpcAttachment extends VpcTransitGateway {
  attachmentId: string;
}

/**
 * The attachments of the given (VPC, transit gateway) pairs of one region, one per pair that has a
 * live attachment (pairs without one are absent), in the order of `pairs`.
 *
 * @throws the SDK's error when EC2 refuses or fails (the caller marks the region unknown)
 */
export async function findVpcAttachments(
  client: EC2Client,
  pairs: readonly VpcTransitGateway[],
): Promise<VpcAttachment[]> {
  const found = new Map<string, string>();
  for (const batch of chunks(pairs, MAX_FILTER_VALUES)) {
    const vpcIds = [...new Set(batch.map((pair) => pair.vpcId))];
    const gatewayIds = [...new Set(batch.map((pair) => pair.transitGatewayId))];
    const pages = paginateDescribeTransitGatewayAttachments(
      { client },
      {
        Filters: [
          { Name: 'resource-type', Values: ['vpc'] },
          { Name: 'resource-id', Values: vpcIds },
          { Name: 'transit-gateway-id', Values: gatewayIds },
        ],
      },
    );
    for await (const page of pages) {
      for (const attachment of page.TransitGatewayAttachments ?? []) record(found, attachment);
    }
  }
  return pairs.flatMap((pair) => {
    const attachmentId = found.get(`${pair.vpcId}/${pair.transitGatewayId}`);
    return attachmentId ? [{ ...pair, attachmentId }] : [];
  });
}

function record(found: Map<string, string>, attachment: TransitGatewayAttachment): void {
  const { ResourceId, TransitGatewayId, TransitGatewayAttachmentId, State } = attachment;
  if (!ResourceId || !TransitGatewayId || !TransitGatewayAttachmentId) return;
  if (State && GONE.has(State)) return;
  const key = `${ResourceId}/${TransitGatewayId}`;
  // A VPC has at most one live attachment per transit gateway; keep the first, whatever the order.
  const known = found.get(key);
  if (!known || TransitGatewayAttachmentId < known) found.set(key, TransitGatewayAttachmentId);
}
