/** The cost estimate: what the NAT-path leaks cost a month. */
export { applyCostEstimate } from './apply-estimate';
export type { CostEstimate, RegionCostEstimate } from './cost-estimate';
export { BYTES_PER_GB, DAYS_PER_MONTH, dailyAverage, monthlyUsd, roundUsd } from './daily-average';
export type { DailyAverage } from './daily-average';
export { estimateLeakCost } from './estimate';
export { withCostEstimate } from './cost-options';
export type { CostOptions } from './cost-options';
export type { EstimateLeakCostOptions } from './estimate';
export { isPricedFinding, leakingNatGateways, natGatewaysOf } from './leaking-nat-gateways';
export { DEFAULT_COST_DAYS, MAX_COST_DAYS, MIN_COST_DAYS, metricWindow } from './metric-window';
export type { MetricWindow } from './metric-window';
export { MetricsReadError } from './metrics-read-error';
export {
  DEFAULT_NAT_PRICE_PER_GB,
  NAT_DATA_PROCESSING_PRICE_PER_GB,
  NAT_PRICES_READ_ON,
  natPriceFor,
} from './nat-prices';
export type { NatPrice, PriceSource } from './nat-prices';
export { MAX_QUERIES_PER_REQUEST, readNatGatewayTraffic } from './nat-traffic';
export type { NatGatewayTraffic } from './nat-traffic';
