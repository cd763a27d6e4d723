/**
 * What a transit gateway charges per GB of data it processes, by region.
 *
 * AWS bills transit gateway data processing per GB (2^30 bytes) sent from an attachment to the
 * transit gateway, on top of an hourly charge per attachment that a gateway endpoint does not remove.
 * Only the per-GB charge is priced here.
 */
import type { PriceSource } from '../types';

/** The us-east-1 price per GB processed (USD), and the fallback for a region missing from the table. */
export const DEFAULT_TGW_PRICE_PER_GB = 0.02;

/**
 * Transit gateway "per GB of data processed" (USD). Read on 2026-11-27 through the project's search
 * tool (stored copies of public pages, no live page): AWS Transit Gateway pricing, US East (N.
 * Virginia), $0.02 per GB of data processed. No other region was found with a source naming it in
 * USD (the China regions are billed in CNY), so every other region falls back to this price and the
 * result says `priceSource: 'default'`.
 */
const TGW_PRICE_PER_GB: Readonly<Record<string, number>> = {
  'us-east-1': 0.02,
};

/** The price per GB processed by a transit gateway in a region, and where it came from. */
export function tgwPriceFor(region: string): { pricePerGb: number; priceSource: PriceSource } {
  const price = TGW_PRICE_PER_GB[region];
  return price !== undefined
    ? { pricePerGb: price, priceSource: 'table' }
    : { pricePerGb: DEFAULT_TGW_PRICE_PER_GB, priceSource: 'default' };
}
