/**
 * What the leaks cost: for every NAT gateway that carries a non-exempt leak, the NAT data processing
 * it bills a month, and for every VPC that leaks through a transit gateway, the transit gateway data
 * processing of its attachment, from CloudWatch (one `GetMetricData` request per region) and the
 * regional prices.
 *
 * The figure is an upper bound (the gateway carries other traffic too) of data processing only (the
 * gateway's hourly charge stays after a gateway endpoint is added). A region whose metrics cannot be
 * read is marked unknown: the estimate never throws for it and never fails the audit.
 */
import type { Report } from '../types';
import type { CostEstimate } from './cost-estimate';
import { estimateFromInputs } from './estimate-from-inputs';
import { readCostInputs, type ReadCostInputsOptions } from './read-cost-inputs';

export { applyCostEstimate } from './apply-estimate';
export type { CostEstimate, RegionCostEstimate } from './cost-estimate';

/**
 * Options of {@link estimateLeakCost}: those of {@link readCostInputs} (the CloudWatch and EC2
 * clients, the window, the price and the hooks), without flow-log measurement.
 */
export type EstimateLeakCostOptions = Omit<ReadCostInputsOptions, 'flowLogs'>;

/**
 * Estimates what the report's NAT-path leaks cost a month.
 *
 * For every region with a non-exempt `nat-gateway` finding, one `GetMetricData` request (split only
 * past 500 queries, paginated) reads `BytesInFromSource` + `BytesInFromDestination` daily sums of its
 * gateways over the last `days` whole UTC days; with an `ec2` factory, the same request reads
 * `AWS/TransitGateway` `BytesIn` of the attachment of every VPC with a non-exempt `transit-gateway`
 * finding (found with `DescribeTransitGatewayAttachments`), priced at the region's transit gateway
 * price; each gateway's daily average (see `daily-average.ts`)
 * in GB of 2^30 bytes × 30 days × the region's price is its monthly figure. Regions without such a
 * gateway make no call. Apply the result to the report with {@link applyCostEstimate}.
 *
 * @throws ConfigurationError before any call when `days` or `pricePerGb` is invalid; never for a
 *   metrics failure (that region is `unknown` and `partial` is set)
 */
export async function estimateLeakCost(
  report: Report,
  options: EstimateLeakCostOptions,
): Promise<CostEstimate> {
  return estimateFromInputs(report, await readCostInputs(report, options));
}
