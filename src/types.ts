/**
 * The public data shapes of vpce-auditor: the services it audits, the paths traffic can take and the
 * JSON report (docs/report.md). Plain data only, so that every layer (analysis, formatting,
 * publishing, remediation) can share them without depending on one another.
 */

/** The AWS services that gateway VPC endpoints exist for. */
export const SERVICES = ['s3', 'dynamodb'] as const;
/** An AWS service that a gateway VPC endpoint can carry. */
export type ServiceName = (typeof SERVICES)[number];

import type { Path, Severity } from './path-kinds';

export {
  LEAKING_PATHS,
  PATH_ORDER,
  SEVERITIES,
  type LeakingPath,
  type Path,
  type Severity,
} from './path-kinds';

/** Every path, for iteration in a stable order: the routing rules' order (docs/routing.md). */
export { PATH_ORDER as PATHS } from './path-kinds';

/** Every remediation kind a finding can carry (`none`: an exempt finding, nothing to do). */
export const REMEDIATION_KINDS = [
  'attach-to-existing-endpoint',
  'create-endpoint',
  'manual',
  'none',
] as const;

/** How a finding is fixed; see {@link REMEDIATION_KINDS}. */
export type RemediationKind = (typeof REMEDIATION_KINDS)[number];

/**
 * The address families a service's traffic can take (docs/routing.md): `ipv4` (the subnet has an
 * IPv4 CIDR), `ipv6` (S3 only: the subnet has an IPv6 CIDR) and `nat64` (the subnet has an IPv6
 * CIDR and DNS64 on: the A-only names are synthesized into `64:ff9b::/96`).
 */
export const FAMILIES = ['ipv4', 'ipv6', 'nat64'] as const;
/** One of {@link FAMILIES}. */
export type Family = (typeof FAMILIES)[number];

/** What addresses a subnet has: an IPv4 CIDR only, both, or IPv6 only (`Ipv6Native`). */
export type SubnetStack = 'ipv4' | 'dual-stack' | 'ipv6-only';

/**
 * The verdict of one address family of a service: what its ranges' routes give. A service's verdict
 * ({@link ServiceVerdict}) has the same fields, for the worst of its families.
 */
export interface FamilyVerdict {
  /** The path of routing rule 6 (docs/routing.md). */
  path: Path;
  /** True when the path is one of {@link LEAKING_PATHS}. */
  leaking: boolean;
  /** Ids of the targets that carry the traffic on `path` (NAT gateway, instance, endpoint…), sorted. */
  targets: string[];
  /**
   * The parts of the ranges that leak, as minimal CIDRs, in address order (for `nat64`, of
   * `64:ff9b::/96`).
   */
  leakingCidrs: string[];
  /**
   * Set when two prefix-list routes of equal length with different targets cover the same range: AWS
   * picks one at random, so the worst of the candidates is reported and this flag says so.
   */
  ambiguous?: boolean;
  /** Why the path is `unknown`, or (for a service) why no address family applies. */
  reason?: string;
}

/** The verdict for one subnet (or route table) and one service. */
export interface ServiceVerdict extends FamilyVerdict {
  /**
   * Each address family that applies to the subnet and service, with its own verdict; the
   * service's path is the worst of them (`{}` when none applies: the path is then `no-route`).
   * Every analysed report sets it; absent in reports written before it was recorded.
   */
  families?: Partial<Record<Family, FamilyVerdict>>;
}

/** One subnet's verdicts. */
export interface SubnetReport {
  /** The account the subnet belongs to (every report sets it; optional for hand-made values). */
  accountId?: string;
  region: string;
  vpcId: string;
  subnetId: string;
  /** The route table that decides the subnet's traffic (explicit association or the VPC's main one). */
  routeTableId: string | null;
  /** True when the subnet, its route table or its VPC carries the exemption tag. */
  exempt: boolean;
  /** The subnet's addresses (every analysed report sets it). */
  stack?: SubnetStack;
  /** Whether DNS64 is on: set when the subnet has IPv6. */
  dns64?: boolean;
  services: Partial<Record<ServiceName, ServiceVerdict>>;
  /** The subnet's `Name` tag, when it has one. */
  name?: string;
  /** The `Name` tag of the subnet's VPC, when it has one. */
  vpcName?: string;
  /** The `Name` tag of the subnet's route table, when it has one. */
  routeTableName?: string;
  /**
   * The account that owns the subnet, when it is not the report's account: a subnet shared with
   * it through AWS RAM (EC2's `OwnerId`). An organization report counts it under its owner only.
   */
  ownerId?: string;
}

/**
 * A priced gateway that a finding's traffic goes through (a NAT gateway, or the transit gateway
 * attachment of the finding's VPC), and which finding carries its estimate. A gateway's estimate is
 * counted once, on one finding (the first, in id order, of those that go through it), so that the
 * findings' dollars add up to the report's total.
 */
export interface CostShare {
  /** `nat-…` or `tgw-attach-…`. */
  gatewayId: string;
  kind: 'nat-gateway' | 'transit-gateway-attachment';
  /** The id of the finding that carries the gateway's estimate. */
  carriedBy: string;
  /** How many findings go through this gateway (this one included). */
  findings: number;
  /** `priced`: the gateway had data points; `no-data`: none in the window; `unknown`: not read. */
  status: 'priced' | 'no-data' | 'unknown';
  /**
   * The share's own monthly estimate (USD, cents), when priced: the gateway's (upper bound), or
   * (measured) the bytes of this finding's service, and with per-subnet attribution of its subnets.
   */
  estimatedMonthlyUsd?: number;
  /** `measured`: from flow logs; `upper-bound`: the gateway's whole traffic (CloudWatch metric). */
  basis?: CostBasis;
  /**
   * Measured only: the bytes (both directions) of this share in the measured window, and whether they
   * are this finding's own (`subnet`: attributed to its subnets) or its service's through the
   * gateway, shared by every finding of that service (`nat-gateway`).
   */
  measuredBytes?: number;
  attribution?: 'subnet' | 'nat-gateway';
}

/** What a dollar figure is: measured from flow logs, or an upper bound from the gateway's metric. */
export type CostBasis = 'measured' | 'upper-bound';

/** Bytes to and from one service during a measurement. */
export interface MeasuredServiceBytes {
  bytesToService: number;
  bytesFromService: number;
}

/** What flow logs measured for one NAT gateway (the basis of a measured cost line). */
export interface MeasuredTraffic {
  /** `flow-logs`: existing flow logs; `measure`: a `vpce-auditor measure` run. */
  source: 'flow-logs' | 'measure';
  flowLogIds: string[];
  logGroups: string[];
  /** The measured window (ISO 8601). */
  startTime: string;
  endTime: string;
  /** `subnet`: bytes attributed to source subnets; `nat-gateway`: shared by the gateway's findings. */
  attribution: 'subnet' | 'nat-gateway';
  /** Bytes per service, both directions, each byte once. */
  services: { s3?: MeasuredServiceBytes; dynamodb?: MeasuredServiceBytes };
  /** Bytes CloudWatch Logs Insights scanned. */
  bytesScanned: number;
  /** What those queries cost (USD, at about $0.005 per GB scanned). */
  queryUsd?: number;
  /** The measured bytes × the price: what the window itself cost (USD). */
  windowUsd: number;
}

/** A leak, grouped by VPC, route table and service. */
export interface Finding {
  /**
   * Stable id: `<accountId>/<region>/<routeTableId>/<service>` (the same on every run; see
   * docs/finding-history.md).
   */
  id: string;
  /** The account that owns the route table. */
  accountId: string;
  severity: Severity;
  region: string;
  vpcId: string;
  routeTableId: string;
  /** The subnets that use the route table, sorted (the VPC's unassociated subnets for a main table). */
  subnetIds: string[];
  service: ServiceName;
  /**
   * The address family whose traffic leaks (every analysed report sets it; absent = `ipv4`). An
   * `ipv4` finding's id has no suffix; the others' end in `/<family>`.
   */
  family?: Family;
  path: Path;
  targets: string[];
  remediation: RemediationKind;
  /** The VPC's gateway endpoint that an `attach-to-existing-endpoint` remediation puts the table on. */
  endpointId?: string;
  /** One line a person reads. */
  reason: string;
  /** True when the VPC, route table or every subnet of the finding is exempt. */
  exempt: boolean;
  /**
   * The exempt subnets that share the (non-exempt) route table: not counted in `subnetIds`, and the
   * reason the finding is `manual` (an endpoint on the table would change their route too).
   */
  exemptSubnetIds?: string[];
  /**
   * Upper bound of the data processing (NAT gateway, transit gateway) that the gateways this finding
   * carries cost a month: each gateway is carried by one finding only (see {@link CostShare}).
   */
  estimatedMonthlyUsd?: number;
  /** The priced gateways the finding's traffic goes through, present once the estimate ran. */
  costShares?: CostShare[];
  /** `measured` when every priced share of the finding is measured, else `upper-bound`. */
  costBasis?: CostBasis;
  /** The `Name` tag of the route table, when it has one. */
  name?: string;
  /** The `Name` tag of the VPC, when it has one. */
  vpcName?: string;
  /**
   * Against the previous run (set on non-exempt findings when a history was computed): `new` when the
   * previous report did not have this leak, `persisting` when it did.
   */
  status?: FindingStatus;
  /** When this leak was first reported (ISO 8601): carried from run to run while it persists. */
  firstSeen?: string;
}

/**
 * One VPC with leaking subnets: what the reader fixes first. The VPCs are ranked by dollars, then
 * severity; their dollars add up to the report's `summary.estimatedMonthlyUsd`.
 */
export interface VpcSummary {
  accountId: string;
  region: string;
  vpcId: string;
  /** The VPC's `Name` tag, when it has one. */
  name?: string;
  /** Subnets of the VPC audited. */
  subnets: number;
  /** Non-exempt subnets of the VPC with at least one leaking service. */
  leakingSubnets: number;
  /** The first leaking path in rule order among the VPC's non-exempt findings. */
  worstPath: Path;
  severity: Severity;
  /** The sum of the estimates its findings carry (USD a month, cents), when any is priced. */
  estimatedMonthlyUsd?: number;
  /**
   * `priced`, `no-data` (its gateways had no data points), `unknown` (metrics not read) or
   * `not-priced` (no NAT or transit gateway path, or no estimate ran).
   */
  costStatus: 'priced' | 'no-data' | 'unknown' | 'not-priced';
  /** What fixes it, in words: `create S3 and DynamoDB gateway endpoints; …`. */
  remediation: string;
  /** The remediation kinds of its non-exempt findings, in the order attach, create, manual. */
  remediationKinds: RemediationKind[];
  /** How many non-exempt findings (route table × service) it has. */
  findings: number;
}

/** Whether a leak is new since the previous run or was already reported. */
export type FindingStatus = 'new' | 'persisting';

/**
 * Why a previous leak is no longer reported: `fixed` (its route table now sends the service through a
 * gateway endpoint, or otherwise does not leak), `exempted` (it now carries the exemption tag) or
 * `gone` (no subnet uses the route table any more, or its VPC was deleted).
 */
export type ResolutionReason = 'fixed' | 'exempted' | 'gone';

/** A finding of the previous run that this run no longer reports. */
export type ResolvedFinding = Omit<Finding, 'status'> & {
  /** The `generatedAt` of the run that no longer found it. */
  resolvedAt: string;
  why: ResolutionReason;
  /** For `fixed`: the path the route table's traffic to the service takes now. */
  pathNow?: Path;
};

/**
 * A finding of the previous run in an account or region that failed or was not audited this run: it
 * is neither persisting nor resolved (a failure is not a fix), and is kept so that its history
 * survives until that place is audited again.
 */
export type CarriedFinding = Omit<Finding, 'status'> & {
  /** `failed`: the region or account failed this run; `not-audited`: it was outside this run's scope. */
  carriedBecause: 'failed' | 'not-audited';
};

/** A number of findings and, when a cost estimate ran, what their NAT gateways cost a month. */
export interface ChangeCount {
  findings: number;
  /** Each NAT gateway of these findings counted once (upper bound, like the report's total). */
  estimatedMonthlyUsd?: number;
}

/** The change against the previous run. */
export interface HistorySummary {
  /** The `generatedAt` of the report compared against; null when there was none (a first run). */
  since: string | null;
  new: ChangeCount;
  persisting: ChangeCount;
  resolved: ChangeCount;
  /** Previous findings in failed or unaudited places, neither persisting nor resolved. */
  carried: number;
  /**
   * The resolved findings by why (set by the organization run, whose report is read back account by
   * account; otherwise counted from `resolved`).
   */
  resolvedByWhy?: Partial<Record<ResolutionReason, number>>;
}

/**
 * A failure to collect or analyse one region, or to reach one account of an organization
 * (`operation` `AssumeRole` or `ListAccounts`; `region` is then the region of that call); the rest of
 * the report stands.
 */
export interface RegionError {
  /** The account that failed (every report sets it). */
  accountId?: string;
  region: string;
  operation: string;
  code: string;
  message: string;
}

/** The counts of a report. */
export interface ReportSummary {
  /** Subnets audited. */
  subnets: number;
  /** Non-exempt subnets with at least one leaking service. */
  leakingSubnets: number;
  /** Count of (subnet, service) verdicts per path: pairs, not subnets. */
  byPath: Partial<Record<Path, number>>;
  /** Count of (subnet, service, family) verdicts per family and path (absent in older reports). */
  byFamily?: Partial<Record<Family, Partial<Record<Path, number>>>>;
  /**
   * The leaking subnets of {@link leakingSubnets} counted once each, under their worst path (the first
   * leaking path in rule order among their services): the values add up to `leakingSubnets`.
   */
  leakingSubnetsByWorstPath?: Partial<Record<Path, number>>;
  /** Regions whose inventory was read and analysed (a failed region is not counted). */
  regionsAudited?: number;
  /** Regions that failed (collection or analysis), counted once each. */
  regionsFailed?: number;
  /**
   * Upper bound of the monthly NAT data processing the leaks cost: each distinct NAT gateway
   * that carries a non-exempt leak counted once. Covers only the regions in `cost.knownRegions` when
   * `cost.partial` is true.
   */
  estimatedMonthlyUsd?: number;
  /** How `estimatedMonthlyUsd` was computed; present whenever the cost estimate ran. */
  cost?: CostSummary;
  /** New, persisting and resolved findings against the previous run, when one was compared. */
  history?: HistorySummary;
}

/**
 * Where a NAT data processing price came from: the regional `table`, the user's `override`, or the
 * us-east-1 `default` because the region is missing from the table.
 */
export type PriceSource = 'table' | 'override' | 'default';

/** The NAT data processing estimate of one NAT gateway. */
export interface NatGatewayCostLine {
  /** The gateway's account (set in multi-account reports). */
  accountId?: string;
  region: string;
  natGatewayId: string;
  /** Average GB (2^30 bytes) processed a day, both directions (`BytesInFromSource` + `BytesInFromDestination`). */
  gbPerDay: number;
  /** Days the average is taken over: from the gateway's first data point in the window to its end. */
  daysAveraged: number;
  /** USD per GB processed. */
  pricePerGb: number;
  /** `table` (regional price), `override` (configured) or `default` (region not in the table: us-east-1 price). */
  priceSource: PriceSource;
  /** `gbPerDay` × 30 × `pricePerGb`, in USD, rounded to cents. */
  estimatedMonthlyUsd: number;
  /**
   * `measured`: `gbPerDay` is the S3 and DynamoDB bytes flow logs measured through the gateway
   * (see `measured`); `upper-bound` (also when absent): all the bytes the gateway processed.
   */
  basis?: CostBasis;
  /** The measurement, when `basis` is `measured`. */
  measured?: MeasuredTraffic;
  /** Why the line is an upper bound (no flow log, flow logs in S3, a failed query…), when known. */
  upperBoundReason?: string;
}

/**
 * The transit gateway data processing estimate of one VPC attachment: `BytesIn` of the attachment
 * (all the VPC's traffic to the transit gateway, not only S3/DynamoDB, hence an upper bound).
 */
export interface TransitGatewayAttachmentCostLine {
  /** The attachment's account (set in multi-account reports). */
  accountId?: string;
  region: string;
  vpcId: string;
  transitGatewayId: string;
  /** `tgw-attach-…`. */
  attachmentId: string;
  /** Average GB (2^30 bytes) a day the VPC sent to the transit gateway (`BytesIn`). */
  gbPerDay: number;
  /** Days the average is taken over: from the attachment's first data point in the window to its end. */
  daysAveraged: number;
  /** USD per GB processed by the transit gateway. */
  pricePerGb: number;
  /** `table` (regional price) or `default` (region not in the table: us-east-1 price). */
  priceSource: PriceSource;
  /** `gbPerDay` × 30 × `pricePerGb`, in USD, rounded to cents. */
  estimatedMonthlyUsd: number;
}

/**
 * The basis of the cost estimate: an upper bound of NAT gateway data processing (and, for leaks
 * through a transit gateway, the transit gateway data processing of the VPC's attachment) only (the
 * gateways may carry other traffic than S3/DynamoDB, and their hourly charges stay after a gateway
 * endpoint is added), from CloudWatch daily sums over `days` whole UTC days ending at `endTime`, as 30-day months.
 */
export interface CostSummary {
  /** What is priced: data processing (NAT gateways; transit gateway attachments when present), nothing else. */
  basis: 'nat-data-processing';
  /** True while some dollars are upper bounds (a gateway may carry other traffic than the leaks). */
  upperBound: boolean;
  /** The part of the total that flow logs measured (USD a month); the rest is upper bounds. */
  measuredMonthlyUsd?: number;
  /** Days of metrics read. */
  days: number;
  /** Start of the window (ISO 8601, inclusive, 00:00 UTC). */
  startTime: string;
  /** End of the window (ISO 8601, exclusive, 00:00 UTC of the day the estimate ran). */
  endTime: string;
  /** True when some region's metrics could not be read: the total covers `knownRegions` only. */
  partial: boolean;
  /** Regions whose NAT gateways were priced. */
  knownRegions: string[];
  /** Regions whose metrics could not be read: their findings carry no estimate. */
  unknownRegions: string[];
  /** One line per priced NAT gateway, by region then id. */
  gateways: NatGatewayCostLine[];
  /**
   * One line per priced transit gateway attachment (VPCs whose leaks go through a transit gateway),
   * by region then id; absent when no finding goes through a transit gateway. Upper bounds: an
   * attachment carries all of its VPC's transit gateway traffic.
   */
  transitGatewayAttachments?: TransitGatewayAttachmentCostLine[];
  /** Human notes: fallback prices, unreadable regions, gateways without data points. */
  notes: string[];
}

/**
 * What happened to one account of a multi-account run: `audited` (its report is in the subnets and
 * findings), `failed` (its member role could not be assumed, or it could not be reached: see
 * `errors`), `exempt` (tagged `vpce-auditor:exempt` in AWS Organizations) or `skipped` (suspended or
 * closing).
 */
export type AccountStatus = 'audited' | 'failed' | 'exempt' | 'skipped';

/** The account statuses, in the order reports list them. */
export const ACCOUNT_STATUSES: readonly AccountStatus[] = [
  'audited',
  'failed',
  'exempt',
  'skipped',
];

/** The counts of one account of a multi-account report. */
export interface AccountSummary {
  subnets: number;
  leakingSubnets: number;
  /** The account's NAT data processing estimate (absent when not estimated or unknown). */
  estimatedMonthlyUsd?: number;
  /**
   * Whether its dollars could be read, when they were estimated: `priced`, `no-data` (its leaking
   * gateways had no data points: shown as no data, not $0) or `unknown` (metrics not read).
   */
  costStatus?: ReportCostStatus;
}

/** What a report's (or an account's) total dollars are: see {@link AccountSummary.costStatus}. */
export type ReportCostStatus = 'priced' | 'no-data' | 'unknown';

/** A place (account + region) where the Security Hub export could not work. */
export interface SecurityHubPlaceError {
  accountId: string;
  region: string;
  operation: string;
  code: string;
  message: string;
  /** `not-enabled` (Security Hub is off there), `access-denied`, `throttling`, `timeout`, `other`. */
  kind: string;
}

/** What the Security Hub export did, for one account or (summed) a whole organization run. */
export interface SecurityHubSummary {
  /** `failed`: the export as a whole stopped (see `message`); the audit stands either way. */
  status: 'exported' | 'failed';
  /** Leaks imported (created or updated). */
  imported: number;
  /** Findings of ours archived because they are gone. */
  archived: number;
  /** Findings Security Hub refused. */
  failedFindings: number;
  /** The places where Security Hub could not be used (not enabled, access denied…). */
  errors: SecurityHubPlaceError[];
  /** Why the export failed (`status: failed`). */
  message?: string;
}

/** One selected account of a multi-account report. */
export interface AccountReport {
  accountId: string;
  /** The account's name in AWS Organizations. */
  name?: string;
  status: AccountStatus;
  /** Why the account was not audited (exempt, skipped, failed). */
  reason?: string;
  /** The regions attempted in the account (empty when it was not audited). */
  regions: string[];
  summary: AccountSummary;
  /** The account's Security Hub export (organization runs with `securityHub=true`). */
  securityHub?: SecurityHubSummary;
}

/**
 * The true sizes of a report's lists, when the report handed over holds only the top of them (the
 * organization run folds its lists as it goes and publishes a digest).
 */
export interface ReportTotals {
  subnets: number;
  findings: number;
  errors: number;
  vpcs: number;
  resolved: number;
  carried: number;
}

/** The JSON report (docs/report.md). */
export interface Report {
  schemaVersion: 1;
  generatedAt: string;
  /** The account of the credentials that ran the audit (the management account for an organization). */
  accountId: string;
  /** The AWS Organizations id (`o-…`) when the accounts were listed from an organization. */
  organizationId?: string;
  /**
   * Every selected account of a multi-account run (`--org`, `--accounts`), by account id; absent for
   * a single-account audit.
   */
  accounts?: AccountReport[];
  regions: string[];
  summary: ReportSummary;
  subnets: SubnetReport[];
  findings: Finding[];
  errors: RegionError[];
  /** The services audited (absent in reports written before it was recorded). */
  services?: ServiceName[];
  /** The previous run's findings that this run no longer reports (when a history was computed). */
  resolved?: ResolvedFinding[];
  /** Previous findings in places that failed or were not audited this run (see {@link CarriedFinding}). */
  carried?: CarriedFinding[];
  /** The VPCs with leaking subnets, ranked by dollars then severity. */
  vpcs?: VpcSummary[];
  /** The organization run's Security Hub export, summed over its accounts (`securityHub=true`). */
  securityHub?: SecurityHubSummary;
}
