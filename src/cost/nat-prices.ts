/**
 * What a NAT gateway charges per GB of data it processes, by region, and the override that replaces
 * the table (`NAT_PRICE_PER_GB`, CLI `--nat-price-per-gb`).
 *
 * AWS bills NAT gateway data processing per GB (2^30 bytes) whatever the source or destination, on
 * top of an hourly charge that a gateway endpoint does not remove. Only the per-GB charge is priced
 * here.
 */
import type { PriceSource } from '../types';

/** The us-east-1 price per GB processed (USD), and the fallback for a region missing from the table. */
export const DEFAULT_NAT_PRICE_PER_GB = 0.045;

/** The day the table below was compiled from its sources (ISO date). */
export const NAT_PRICES_READ_ON = '2026-11-27';

/**
 * NAT gateway "price per GB data processed" (USD), commercial regions only.
 *
 * Read on 2026-11-27 through the project's search tool (stored copies of public pages and code, no
 * live page). AWS's own pricing page (https://aws.amazon.com/vpc/pricing/) renders its per-region
 * rates dynamically, so the stored copy shows only its worked example (US East (Ohio): $0.045 per
 * NAT gateway-hour and $0.045 per GB processed; transcribed 2026-09-20). The other figures come from
 * AWS Price List API (`AmazonEC2`, usage type `<prefix>-NatGateway-Bytes`, description "per GB Data
 * Processed by NAT Gateways") as quoted in public repositories and in AWS invoices, and were kept only
 * when a source named the region explicitly:
 *
 * - us-east-1, us-east-2 $0.045: AWS VPC pricing page example; Price List API (us-east-1, Oct 2025).
 * - us-west-2 $0.045, eu-west-1 $0.048, ap-south-1 $0.056, sa-east-1 $0.093: a public per-region
 *   table of the NAT gateway-hour rate; AWS prices NAT gateway-hours and GB processed at the same
 *   figure in every region the sources show both (us-east-1, us-east-2, ap-northeast-1,
 *   ap-northeast-2, ap-southeast-1), so the hourly figure stands for the per-GB one.
 * - ap-northeast-1 $0.062: Price List API `APN1-NatGateway-Bytes` (two independent sources, 2026).
 * - ap-northeast-2 $0.059: Price List API, "$0.059 per GB Data Processed by NAT Gateways" (2026-10-01).
 * - ap-southeast-1 $0.059: an AWS invoice line (May 2025) and a pricing guide.
 *
 * Not found with a source that names the region, so NOT in the table (they fall back to the us-east-1
 * price and the result says `priceSource: 'default'`; pass an override for an exact figure):
 * us-west-1, ca-central-1, ca-west-1, mx-central-1, eu-central-1, eu-central-2, eu-west-2,
 * eu-west-3, eu-north-1, eu-south-1, eu-south-2, il-central-1, me-south-1, me-central-1, af-south-1,
 * ap-east-1, ap-east-2, ap-south-2, ap-northeast-3, ap-southeast-2, ap-southeast-3, ap-southeast-4,
 * ap-southeast-5, ap-southeast-6, ap-southeast-7. (Third-party tables for these disagree with one
 * another by up to 2x, so none was trusted.) GovCloud and China regions are not commercial regions and
 * are priced in other currencies or contracts: they fall back too.
 */
export const NAT_DATA_PROCESSING_PRICE_PER_GB: Readonly<Record<string, number>> = Object.freeze({
  'us-east-1': 0.045,
  'us-east-2': 0.045,
  'us-west-2': 0.045,
  'eu-west-1': 0.048,
  'ap-south-1': 0.056,
  'ap-northeast-1': 0.062,
  'ap-northeast-2': 0.059,
  'ap-southeast-1': 0.059,
  'sa-east-1': 0.093,
});

export type { PriceSource };

/** A price per GB processed and where it came from. */
export interface NatPrice {
  /** USD per GB (2^30 bytes) processed. */
  pricePerGb: number;
  priceSource: PriceSource;
}

/**
 * The NAT data processing price of a region: the override when given, else the table, else the
 * us-east-1 price flagged `default`.
 */
export function natPriceFor(region: string, override?: number): NatPrice {
  if (override !== undefined) return { pricePerGb: override, priceSource: 'override' };
  const fromTable = NAT_DATA_PROCESSING_PRICE_PER_GB[region];
  if (fromTable !== undefined) return { pricePerGb: fromTable, priceSource: 'table' };
  return { pricePerGb: DEFAULT_NAT_PRICE_PER_GB, priceSource: 'default' };
}

/** True when the value is a usable price: a positive finite number. */
export function isValidNatPrice(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}
