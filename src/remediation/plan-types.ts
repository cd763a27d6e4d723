/**
 * The remediation plan: what `apply` would do, as plain data (JSON-serialisable), and why each
 * finding left out of it stays as it is.
 */
import type { DefaultRemediationPath, OptInRemediationPath } from '../path-kinds';
import type { Path, RegionError, ServiceName } from '../types';

/** The paths remediated by default, and those that need an opt-in (see the path-kind registry). */
export { DEFAULT_REMEDIATION_PATHS, OPT_IN_REMEDIATION_PATHS } from '../path-kinds';

/** A leaking path that remediation can act on. */
export type RemediablePath = DefaultRemediationPath | OptInRemediationPath;

/** The default cap on changes (API calls) per run. */
export const DEFAULT_MAX_CHANGES = 25;

/** One endpoint policy per service, as validated compact JSON (absent = AWS's full access). */
export type EndpointPolicies = Partial<Record<ServiceName, string>>;

/** The policy of the endpoint an action puts route tables on: it governs their traffic after. */
export interface ActionEndpointPolicy {
  /** `existing`: the endpoint's own; `configured`: the service's policy file; `default`: full access. */
  source: 'existing' | 'configured' | 'default';
  fullAccess: boolean;
  /** What it allows, in one line. */
  allows: string;
}

/** What an action's saving is known as (see `costStatus` of an action). */
export type ActionCostStatus = 'priced' | 'shared' | 'no-data' | 'unknown' | 'not-priced';

/** What every action carries. */
interface ActionBase {
  /** Stable id: `<region>/<vpcId>/<service>`. */
  id: string;
  region: string;
  vpcId: string;
  service: ServiceName;
  /** The route tables the action puts on a gateway endpoint, sorted. */
  routeTableIds: string[];
  /** The subnets whose traffic the action moves to the endpoint, sorted. */
  subnetIds: string[];
  /** The findings the action fixes, sorted. */
  findingIds: string[];
  /** The leaking paths the action replaces. */
  paths: Path[];
  /**
   * Upper bound of the monthly saving (USD): the estimates its findings carry (each gateway counted
   * once across the report), when the report was priced.
   */
  estimatedMonthlyUsd?: number;
  /**
   * The part of `estimatedMonthlyUsd` that flow logs measured (USD a month; present when some is):
   * the rest is upper bounds.
   */
  measuredMonthlyUsd?: number;
  /** `measured` when all of the saving was measured from flow logs, else `upper-bound` (priced only). */
  costBasis?: 'measured' | 'upper-bound';
  /**
   * Why there is or is not a saving, when a cost estimate ran (as the audit says of the findings):
   * `priced` (`estimatedMonthlyUsd` holds it); `shared` (its gateway's estimate is counted on another
   * action's finding); `no-data` (its gateways had no data points); `unknown` (metrics not read);
   * `not-priced` (no NAT or transit gateway path). Only `priced` has `estimatedMonthlyUsd`: the
   * others are not $0.
   */
  costStatus?: ActionCostStatus;
  /** The policy of the target endpoint (existing, or the one the create will set). */
  endpointPolicy: ActionEndpointPolicy;
  /**
   * Present when the change touches a resource that infrastructure as code owns (a CloudFormation
   * stack, or a tool named by an IaC tag): `apply` skips the action unless the plan allows drift;
   * the Terraform and CloudFormation renderings still carry it.
   */
  iacManaged?: IacManaged;
}

/** The kinds of resource whose owner the plan reads. */
export type IacResourceType = 'vpc' | 'route-table' | 'vpc-endpoint';

/**
 * A tag that says a tool other than vpce-auditor owns a resource (`--iac-tag KEY=VALUE`, `IAC_TAGS`):
 * `value` `*` matches any value of the key.
 */
export interface IacTag {
  key: string;
  value: string;
}

/** The resource an owner was read from. */
interface IacOwnerBase {
  resourceType: IacResourceType;
  resourceId: string;
}

/** A resource of a CloudFormation stack (its `aws:cloudformation:*` tags). */
export interface CloudFormationOwner extends IacOwnerBase {
  tool: 'cloudformation';
  stackName: string;
  /** The resource's logical id in the stack's template, when tagged. */
  logicalId?: string;
  stackId?: string;
}

/** A resource carrying a declared IaC tag (Terraform, Pulumi, CDK for Terraform…). */
export interface TaggedOwner extends IacOwnerBase {
  tool: 'tag';
  /** The tag the resource carries (its own value, not a wildcard). */
  tag: { key: string; value: string };
}

/** Who owns one resource a change touches. */
export type IacOwner = CloudFormationOwner | TaggedOwner;

/** Why a change belongs in infrastructure as code, and where to make it. */
export interface IacManaged {
  /** The owned resources the change touches (VPC, route tables, the endpoint), in that order. */
  owners: IacOwner[];
  /** One line a person reads: who owns what, where to make the change, how to apply anyway. */
  reason: string;
}

/** `CreateVpcEndpoint` (Gateway) for all of a VPC's fixable tables of one service. */
export interface CreateEndpointAction extends ActionBase {
  kind: 'create-endpoint';
  /** The endpoint service name (`com.amazonaws.us-east-1.s3`, `cn.com.amazonaws.cn-north-1.s3`…). */
  serviceName: string;
  /** Deterministic idempotency token (at most 64 ASCII characters). */
  clientToken: string;
  /** The endpoint policy (compact JSON) when one was configured; absent = AWS's full-access default. */
  policyDocument?: string;
}

/**
 * An existing endpoint that vpce-auditor created through the API (tagged `ManagedBy=vpce-auditor`)
 * and that no IaC owner claims: what infrastructure as code needs to adopt it (Terraform `import`)
 * rather than only link tables to it.
 */
export interface AdoptableEndpoint {
  serviceName: string;
  /** The route tables already on it, sorted. */
  routeTableIds: string[];
  /** Its `IpAddressType`, when EC2 gave one. */
  ipAddressType?: string;
  /** Its policy (compact JSON), when EC2 gave one. */
  policyDocument?: string;
  /** Its tags, except AWS's own (`aws:`), by key. */
  tags: Record<string, string>;
}

/** `ModifyVpcEndpoint AddRouteTableIds` on the VPC's existing gateway endpoint for the service. */
export interface AttachAction extends ActionBase {
  kind: 'attach';
  /** The existing gateway endpoint (the lowest id that routes the IPv4 list when the VPC has several). */
  endpointId: string;
  /** Present when the endpoint is vpce-auditor's own and unowned: code may adopt it. */
  adopt?: AdoptableEndpoint;
}

/** One change: one endpoint API call. */
export type RemediationAction = CreateEndpointAction | AttachAction;

/** Why a finding is left alone. */
export type SkipKind =
  | 'path-excluded'
  | 'default-vpc'
  | 'manual'
  | 'exempt'
  | 'not-owned'
  | 'path-not-included'
  | 'already-attached'
  | 'region-error';

/** A finding the plan leaves alone, and why. */
export interface SkippedFinding {
  findingId: string;
  region: string;
  vpcId: string;
  routeTableId: string;
  service: ServiceName;
  path: Path;
  kind: SkipKind;
  /** One line a person reads. */
  reason: string;
}

/** The options that shaped the plan (echoed in it, so a reader knows what it covers). */
export interface PlanScope {
  /** Regions planned (all the report's regions when not filtered). */
  regions: string[];
  /** Only these VPCs, when given. */
  vpcIds?: string[];
  services: ServiceName[];
  /** The leaking paths remediated. */
  includePaths: RemediablePath[];
  maxChanges: number;
  /** True when a custom endpoint policy is used for created endpoints (of some service). */
  customPolicy: boolean;
  /** The services whose created endpoints get a configured policy. */
  customPolicies: ServiceName[];
  /** True when route tables may be attached to existing endpoints whose policy is not full access. */
  allowRestrictivePolicy: boolean;
  /** Leaking paths left alone on request (`--exclude-paths`). */
  excludePaths?: Path[];
  /** True when default VPCs are left alone (`--skip-default-vpcs`). */
  skipDefaultVpcs?: boolean;
  /** The declared IaC tags (`KEY=VALUE`), besides CloudFormation's own, when any. */
  iacTags?: string[];
  /** True when `apply` also makes the iac-managed changes (`--allow-drift`). */
  allowDrift?: boolean;
}

/** A region in scope that the plan does not cover, and why. */
export interface RegionNotPlanned {
  region: string;
  reason: string;
}

/** The plan. */
export interface RemediationPlan {
  schemaVersion: 1;
  accountId: string;
  /** The `generatedAt` of the report the plan was computed from. */
  reportGeneratedAt: string;
  scope: PlanScope;
  /** The changes, ordered by region, VPC and service. */
  actions: RemediationAction[];
  /** Findings in scope that the plan leaves alone, with the reason. */
  skipped: SkippedFinding[];
  /**
   * True when `apply` would run more actions than `maxChanges` (iac-managed actions count only when
   * drift is allowed): `apply` changes nothing.
   */
  overCap: boolean;
  /** Why the plan is over the cap. */
  overCapReason?: string;
  /** The region errors of the audit the plan comes from (those regions are not planned). */
  errors: RegionError[];
  /** The regions in scope left out of the plan (their audit failed). */
  notPlanned: RegionNotPlanned[];
  /** What a reader must know before applying (the aws:SourceIp caveat when anything changes). */
  warnings: string[];
  summary: {
    actions: number;
    endpointsToCreate: number;
    /** Route tables that the actions put on a gateway endpoint (by creation or attachment). */
    routeTablesToAttach: number;
    skipped: number;
    /** Actions that touch IaC-owned resources (present when there are any). */
    iacManaged?: number;
    /**
     * Sum of the actions' `estimatedMonthlyUsd`, when the report was priced and the saving is known
     * (absent when no action has dollars and some has gateways without data, unread or shared).
     */
    estimatedMonthlySavingsUsd?: number;
    /** The part of the savings that flow logs measured (present when some is); the rest is upper bounds. */
    measuredMonthlySavingsUsd?: number;
  };
}

/**
 * How the plan's messages name the settings a user can change: the CLI's flags, the remediate
 * function's payload fields, or the audit function's environment variables. The plan is the same;
 * only the words that tell the user what to do differ.
 */
export interface PlanWording {
  /** Where the cap on changes is set. */
  cap: string;
  /** How to narrow the scope. */
  narrow: string;
  /** How to opt a path in. */
  optIn: (path: string) => string;
  /** The name of the VPC filter. */
  vpcField: string;
  /** How to make the iac-managed changes through the API anyway. */
  allowDrift: string;
}

/** The CLI's words (`vpce-auditor remediate`). */
export const CLI_WORDING: PlanWording = {
  cap: '--max-changes',
  narrow: 'narrow the scope with --regions / --vpc / --services',
  optIn: (path) => `opt in with --include-paths ${path}`,
  vpcField: '--vpc',
  allowDrift: 'run again with --allow-drift to change it through the API anyway',
};

/** The remediate function's words: its payload fields and environment variables. */
export const REMEDIATE_PAYLOAD_WORDING: PlanWording = {
  cap: 'the MAX_CHANGES environment variable (stack parameter maxChanges)',
  narrow: 'narrow the scope with the payload fields "regions", "vpcIds" or "services"',
  optIn: (path) =>
    `opt in with the payload field "includePaths": ["${path}"] (or the INCLUDE_PATHS environment variable)`,
  vpcField: 'vpcIds',
  allowDrift:
    'invoke with the payload field "allowDrift": true to change it through the API anyway',
};

/** The audit function's words (`AUTO_REMEDIATE=true`): its environment variables. */
export const AUDIT_ENVIRONMENT_WORDING: PlanWording = {
  cap: 'the MAX_CHANGES environment variable (stack parameter maxChanges)',
  narrow: 'narrow the scope with the REGIONS or SERVICES environment variables',
  optIn: (path) => `opt in with the INCLUDE_PATHS environment variable (${path})`,
  vpcField: 'vpcIds',
  allowDrift:
    'auto-remediation never drifts: invoke the remediate function with "allowDrift": true to change it through the API anyway',
};
