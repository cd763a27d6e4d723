/** The result of the cost estimate: plain data, JSON-serialisable. */
import type { SubnetBytes } from '../snapshot/cost-inputs';
import type { NatGatewayCostLine, PriceSource, TransitGatewayAttachmentCostLine } from '../types';

/** The estimate of one region. */
export interface RegionCostEstimate {
  region: string;
  /** `known` when the metrics were read; `unknown` when CloudWatch refused or failed. */
  status: 'known' | 'unknown';
  /** The leaking NAT gateways of the region, sorted. */
  natGatewayIds: string[];
  /** USD per GB processed used for the region. */
  pricePerGb: number;
  priceSource: PriceSource;
  /**
   * The transit gateway attachment found for each (VPC, transit gateway) pair of the region's TGW
   * leaks, by VPC then transit gateway (absent when the region has no TGW leak or no EC2 client).
   */
  attachments?: { vpcId: string; transitGatewayId: string; attachmentId: string }[];
  /**
   * `unknown` when the region has TGW leaks and its attachments could not be described (their
   * findings carry no transit gateway estimate); absent when the region has no TGW leak.
   */
  transitGatewayStatus?: 'known' | 'unknown';
  /** Why the estimate is unknown (`status: 'unknown'` only). */
  error?: { code: string; message: string };
}

/** What `estimateLeakCost` found: enough for the report, the SNS text and the metric. */
export interface CostEstimate {
  /** Days of metrics read. */
  days: number;
  /** Window start (ISO 8601, 00:00 UTC, inclusive). */
  startTime: string;
  /** Window end (ISO 8601, 00:00 UTC of the day the estimate ran, exclusive). */
  endTime: string;
  /** One entry per region with at least one leaking NAT gateway, sorted. */
  regions: RegionCostEstimate[];
  /** One line per NAT gateway of a `known` region, by region then id. */
  gateways: NatGatewayCostLine[];
  /** One line per transit gateway attachment of a `known` region, by region then id. */
  attachments?: TransitGatewayAttachmentCostLine[];
  /** Sum over `gateways` and `attachments` (each distinct gateway once), USD a month, rounded to cents. */
  totalMonthlyUsd: number;
  /** True when some region is `unknown`: `totalMonthlyUsd` covers the known regions only. */
  partial: boolean;
  /** Human notes: fallback prices, unreadable regions, gateways with little or no data. */
  notes: string[];
  /**
   * The measured bytes per (subnet, service) of each gateway measured with per-subnet attribution,
   * keyed `<region>/<natGatewayId>` (the findings' own shares are computed from it).
   */
  subnetBytes?: Record<string, SubnetBytes[]>;
}
