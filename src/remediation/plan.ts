/**
 * The remediation planner: report + snapshot in, plan out. Pure (no AWS SDK, no clock): per region,
 * VPC and service, one `create-endpoint` or one `attach` action for the fixable leaking route tables,
 * and every other finding in scope listed as skipped with the reason. The safety rules (README,
 * "Remediation") are applied here, before anything can reach `apply`: only fixable paths, no shared
 * or exempt VPCs, the cap on changes.
 */
import { addressingOf } from '../analysis/address-families';
import { isExempt } from '../analysis/exemption';
import { UserInputError } from '../errors';
import { gatewayEndpointsOf, routesIpv4List } from '../analysis/table-verdict';
import { endpointServiceName } from '../net/aws-names';
import type {
  RegionSnapshot,
  RouteTable,
  Snapshot,
  Subnet,
  Vpc,
  VpcEndpoint,
} from '../snapshot/schema';
import { SERVICES, type Finding, type Path, type Report, type ServiceName } from '../types';
import { clientTokenOf } from './plan-client-token';
import { MANAGED_BY_TAG } from './plan-tags';
import { viewPolicy } from '../analysis/endpoint-policy-view';
import { iacManagedOf, iacTagText, ownersOf } from './plan-iac-owner';
import {
  DEFAULT_MAX_CHANGES,
  DEFAULT_REMEDIATION_PATHS,
  type ActionCostStatus,
  type ActionEndpointPolicy,
  type AdoptableEndpoint,
  type AttachAction,
  type CreateEndpointAction,
  type EndpointPolicies,
  type RegionNotPlanned,
  type RemediablePath,
  type RemediationAction,
  type RemediationPlan,
  type SkippedFinding,
  type IacTag,
  CLI_WORDING,
  type PlanWording,
} from './plan-types';
import { compareText } from '../text-order';

/** Options of {@link planRemediation}. */
export interface PlanOptions {
  /** Only these regions (default: all the report's regions). */
  regions?: readonly string[];
  /** Only these VPCs (default: all). */
  vpcIds?: readonly string[];
  /** Only these services (default: all). */
  services?: readonly ServiceName[];
  /**
   * Extra leaking paths to remediate besides the default ones (`DEFAULT_REMEDIATION_PATHS`): any
   * of `OPT_IN_REMEDIATION_PATHS` (they may pass through central inspection).
   */
  includePaths?: readonly RemediablePath[];
  /** The cap on actions (API calls); default 25. Over it the plan is `overCap`. */
  maxChanges?: number;
  /** The validated endpoint policy of each service for created endpoints; absent = full access. */
  policyDocuments?: EndpointPolicies;
  /**
   * Attach route tables to existing endpoints whose policy is not full access (default false: such
   * findings are `manual`, since the policy would then govern the tables' traffic).
   */
  allowRestrictivePolicy?: boolean;
  /** Leaking paths to leave alone (`--exclude-paths internet-gateway`); they win over includePaths. */
  excludePaths?: readonly Path[];
  /** Leave default VPCs alone (`--skip-default-vpcs`). */
  skipDefaultVpcs?: boolean;
  /** The words the messages use for the settings (default: the CLI's flags). */
  wording?: PlanWording;
  /**
   * Tags that say another tool owns a resource (besides CloudFormation's own stack tags): changes to
   * such resources are iac-managed.
   */
  iacTags?: readonly IacTag[];
  /** Let `apply` make the iac-managed changes too (`--allow-drift`; default false). */
  allowDrift?: boolean;
}

/**
 * The caveat of moving traffic from a NAT or internet gateway to a gateway endpoint, shown with
 * every plan that changes something.
 */
export const SOURCE_IP_WARNING =
  "After the change S3 and DynamoDB see requests from the instances' private addresses through the gateway endpoint, not from the NAT gateway's Elastic IP: bucket (and IAM) policies conditioned on aws:SourceIp stop matching. Use aws:SourceVpce or aws:SourceVpc in those policies instead.";

interface Group {
  region: string;
  vpcId: string;
  service: ServiceName;
  findings: Finding[];
}

/** Why the finding must be left alone, or undefined when it may be fixed. */
/** A region's VPCs, route tables and subnets by id. */
interface RegionIndex {
  vpcs: Map<string, Vpc>;
  tables: Map<string, RouteTable>;
  subnets: Map<string, Subnet>;
  endpointsByVpc: Map<string, VpcEndpoint[]>;
}

function indexOf(regionSnapshot: RegionSnapshot | undefined): RegionIndex {
  const endpointsByVpc = new Map<string, VpcEndpoint[]>();
  for (const endpoint of regionSnapshot?.VpcEndpoints ?? []) {
    const list = endpointsByVpc.get(endpoint.VpcId);
    if (list) list.push(endpoint);
    else endpointsByVpc.set(endpoint.VpcId, [endpoint]);
  }
  return {
    vpcs: new Map((regionSnapshot?.Vpcs ?? []).map((v) => [v.VpcId, v] as const)),
    tables: new Map((regionSnapshot?.RouteTables ?? []).map((t) => [t.RouteTableId, t] as const)),
    subnets: new Map((regionSnapshot?.Subnets ?? []).map((s) => [s.SubnetId, s] as const)),
    endpointsByVpc,
  };
}

function skipOf(
  finding: Finding,
  index: RegionIndex,
  accountId: string,
  includePaths: ReadonlySet<string>,
  options: PlanOptions = {},
): Pick<SkippedFinding, 'kind' | 'reason'> | undefined {
  const vpc = index.vpcs.get(finding.vpcId);
  const table = index.tables.get(finding.routeTableId);
  if (isExempt(vpc?.Tags)) {
    return { kind: 'exempt', reason: `exempt: VPC ${finding.vpcId} is tagged vpce-auditor:exempt` };
  }
  if (finding.exempt) {
    return {
      kind: 'exempt',
      reason: 'exempt: the route table or its subnets are tagged vpce-auditor:exempt',
    };
  }
  if (isExempt(table?.Tags)) {
    return {
      kind: 'exempt',
      reason: `exempt: route table ${finding.routeTableId} is tagged vpce-auditor:exempt`,
    };
  }
  const exemptSubnets = [
    ...(finding.exemptSubnetIds ?? []),
    ...finding.subnetIds.filter((subnetId) => isExempt(index.subnets.get(subnetId)?.Tags)),
  ];
  if (exemptSubnets.length > 0) {
    return {
      kind: 'exempt',
      reason: `exempt: subnet ${exemptSubnets.join(', ')} on this route table is tagged vpce-auditor:exempt`,
    };
  }
  if (!vpc || !table) {
    return {
      kind: 'not-owned',
      reason: `not in the snapshot: VPC ${finding.vpcId} or route table ${finding.routeTableId} is missing, so ownership cannot be confirmed`,
    };
  }
  // DescribeVpcs always gives the owner; a hand-made snapshot may only have the table's.
  const owner = vpc.OwnerId ?? table.OwnerId;
  if (owner === undefined || accountId === '' || accountId === 'unknown') {
    return {
      kind: 'not-owned',
      reason: `ownership unknown: the snapshot does not say which account owns VPC ${finding.vpcId}`,
    };
  }
  if (owner !== accountId) {
    return {
      kind: 'not-owned',
      reason: `shared VPC owned by account ${owner}, not ${accountId}: its owner must fix it`,
    };
  }
  if (table.OwnerId !== undefined && table.OwnerId !== accountId) {
    return {
      kind: 'not-owned',
      reason: `route table owned by account ${table.OwnerId}, not ${accountId}`,
    };
  }
  if (options.skipDefaultVpcs === true && vpc.IsDefault === true) {
    return {
      kind: 'default-vpc',
      reason: `default VPC ${finding.vpcId} left alone (--skip-default-vpcs)`,
    };
  }
  if (options.excludePaths?.includes(finding.path) === true) {
    return {
      kind: 'path-excluded',
      reason: `path ${finding.path} left alone (--exclude-paths ${finding.path})`,
    };
  }
  if (finding.remediation === 'manual') {
    return { kind: 'manual', reason: finding.reason };
  }
  if (!includePaths.has(finding.path)) {
    return {
      kind: 'path-not-included',
      reason: `path ${finding.path} may pass through central inspection: ${(options.wording ?? CLI_WORDING).optIn(finding.path)}`,
    };
  }
  return undefined;
}

function skipped(finding: Finding, skip: Pick<SkippedFinding, 'kind' | 'reason'>): SkippedFinding {
  return {
    findingId: finding.id,
    region: finding.region,
    vpcId: finding.vpcId,
    routeTableId: finding.routeTableId,
    service: finding.service,
    path: finding.path,
    ...skip,
  };
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

function actionOf(
  group: Group,
  snapshot: Snapshot,
  index: RegionIndex,
  options: PlanOptions,
  skippedOut: SkippedFinding[],
): RemediationAction | undefined {
  const policyDocument = options.policyDocuments?.[group.service];
  // Only an endpoint that routes the IPv4 list fixes these findings (as the analysis decided).
  const allDualStack = group.findings.every((f) =>
    f.subnetIds.every((id) => {
      const subnet = index.subnets.get(id);
      return subnet !== undefined && addressingOf(subnet).stack === 'dual-stack';
    }),
  );
  const endpoints = gatewayEndpointsOf(
    index.endpointsByVpc.get(group.vpcId) ?? [],
    group.vpcId,
    group.service,
  ).filter((e) => routesIpv4List(e, allDualStack));
  // A table already on one of them is not put on another.
  const attachedTo = new Map<string, string>();
  for (const existing of endpoints) {
    for (const id of existing.RouteTableIds ?? []) {
      if (!attachedTo.has(id)) attachedTo.set(id, existing.VpcEndpointId);
    }
  }
  for (const finding of group.findings) {
    const on = attachedTo.get(finding.routeTableId);
    if (on === undefined) continue;
    skippedOut.push(
      skipped(finding, {
        kind: 'already-attached',
        reason: `route table already on ${on}, yet a route overrides it`,
      }),
    );
  }
  const findings = group.findings.filter((f) => !attachedTo.has(f.routeTableId));
  if (findings.length === 0) return undefined;
  const endpoint = endpoints[0];
  let endpointPolicy: ActionEndpointPolicy;
  if (endpoint) {
    const view = viewPolicy(endpoint.PolicyDocument, group.service);
    endpointPolicy = { source: 'existing', fullAccess: view.fullAccess, allows: view.allows };
    if (!view.fullAccess && options.allowRestrictivePolicy !== true) {
      for (const finding of findings) {
        skippedOut.push(
          skipped(finding, {
            kind: 'manual',
            reason: `the VPC's gateway endpoint ${endpoint.VpcEndpointId} has a policy that is not full access (it ${view.allows}${view.blocks.length > 0 ? `; it blocks ${view.blocks.join(', ')} for every principal` : ''}); attaching ${finding.routeTableId} would limit its subnets' ${group.service === 's3' ? 'S3' : 'DynamoDB'} traffic to that: review the policy, or run again with --allow-restrictive-policy`,
          }),
        );
      }
      return undefined;
    }
  } else if (policyDocument !== undefined) {
    const configured = viewPolicy(policyDocument, group.service);
    endpointPolicy = {
      source: 'configured',
      fullAccess: configured.fullAccess,
      allows: configured.allows,
    };
  } else {
    endpointPolicy = { source: 'default', fullAccess: true, allows: 'full access (AWS default)' };
  }
  const routeTableIds = uniqueSorted(findings.map((f) => f.routeTableId));
  const iacTags = options.iacTags ?? [];
  const iacManaged = iacManagedOf(
    [
      ...ownersOf('vpc', group.vpcId, index.vpcs.get(group.vpcId)?.Tags, iacTags),
      ...routeTableIds.flatMap((id) =>
        ownersOf('route-table', id, index.tables.get(id)?.Tags, iacTags),
      ),
      ...(endpoint ? ownersOf('vpc-endpoint', endpoint.VpcEndpointId, endpoint.Tags, iacTags) : []),
    ],
    options.wording ?? CLI_WORDING,
  );
  const base = {
    id: `${group.region}/${group.vpcId}/${group.service}`,
    region: group.region,
    vpcId: group.vpcId,
    service: group.service,
    routeTableIds,
    subnetIds: uniqueSorted(findings.flatMap((f) => f.subnetIds)),
    findingIds: uniqueSorted(findings.map((f) => f.id)),
    paths: [...new Set(findings.map((f) => f.path))] as Path[],
    endpointPolicy,
    ...(iacManaged ? { iacManaged } : {}),
  };
  if (endpoint) {
    const adopt = iacManaged ? undefined : adoptableOf(endpoint);
    const attach: AttachAction = {
      kind: 'attach',
      ...base,
      endpointId: endpoint.VpcEndpointId,
      ...(adopt ? { adopt } : {}),
    };
    return attach;
  }
  const create: CreateEndpointAction = {
    kind: 'create-endpoint',
    ...base,
    serviceName: endpointServiceName(group.region, group.service),
    clientToken: clientTokenOf({
      accountId: snapshot.accountId,
      region: group.region,
      vpcId: group.vpcId,
      service: group.service,
      routeTableIds: base.routeTableIds,
      ...(policyDocument !== undefined ? { policyDocument } : {}),
    }),
    ...(policyDocument !== undefined ? { policyDocument } : {}),
  };
  return create;
}

/** A policy as compact JSON when it parses, else as EC2 gave it. */
function compactPolicy(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** What adopting an endpoint vpce-auditor created needs, or undefined for anyone else's. */
function adoptableOf(endpoint: VpcEndpoint): AdoptableEndpoint | undefined {
  const ours = (endpoint.Tags ?? []).some(
    (tag) => tag.Key === MANAGED_BY_TAG.Key && tag.Value === MANAGED_BY_TAG.Value,
  );
  if (!ours || endpoint.ServiceName === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const tag of endpoint.Tags ?? []) {
    if (!tag.Key.startsWith('aws:')) tags[tag.Key] = tag.Value ?? '';
  }
  return {
    serviceName: endpoint.ServiceName,
    routeTableIds: uniqueSorted(endpoint.RouteTableIds ?? []),
    ...(endpoint.IpAddressType !== undefined ? { ipAddressType: endpoint.IpAddressType } : {}),
    ...(endpoint.PolicyDocument !== undefined
      ? { policyDocument: compactPolicy(endpoint.PolicyDocument) }
      : {}),
    tags,
  };
}

/** The VPC ids found in none of `regions` of the snapshot. */
function missingVpcs(
  vpcIds: readonly string[],
  snapshot: Snapshot,
  regions: readonly string[],
): string[] {
  const present = new Set<string>();
  for (const region of regions) {
    for (const vpc of snapshot.regions[region]?.Vpcs ?? []) present.add(vpc.VpcId);
  }
  return vpcIds.filter((id) => !present.has(id));
}

/**
 * The VPCs to remediate (`--vpc`, `vpcIds`) must be in the audited regions (the report's, which
 * `--regions` may narrow below a snapshot's): a typo, or a VPC of a region left out, would otherwise
 * plan nothing and read as "nothing to do". When a region failed the VPC may be there: that run
 * already fails on its region error.
 *
 * @throws UserInputError naming the VPCs found nowhere
 */
export function assertVpcsFound(
  vpcIds: readonly string[],
  snapshot: Snapshot,
  report: Report,
  wording: PlanWording = CLI_WORDING,
): void {
  if (report.errors.length > 0) return;
  const missing = missingVpcs(vpcIds, snapshot, report.regions);
  if (missing.length === 0) return;
  throw new UserInputError(
    `${wording.vpcField}: ${missing.map((id) => `"${id}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} in none of the audited regions (${report.regions.join(', ') || 'none'})`,
  );
}

/**
 * True when no action has dollars and some has a gateway whose cost is not known (`no-data`,
 * `unknown`) or counted elsewhere (`shared`): the plan's total would be a made-up $0.00.
 */
function unpricedOnly(actions: readonly RemediationAction[]): boolean {
  return (
    !actions.some((a) => a.costStatus === 'priced') &&
    actions.some(
      (a) => a.costStatus === 'no-data' || a.costStatus === 'unknown' || a.costStatus === 'shared',
    )
  );
}

/**
 * What an action's saving is known as, from its findings as the audit priced them: `priced` when
 * any carries dollars; otherwise `shared` when a gateway of theirs is priced on a finding of
 * another action, `no-data` or `unknown` when a gateway of theirs had no data or was not read, and
 * `not-priced` when none goes through a priced kind of gateway (never a made-up $0).
 */
function actionCostStatus(
  findingIds: readonly string[],
  byId: ReadonlyMap<string, Finding>,
  dollars: ReadonlyMap<string, number>,
): ActionCostStatus {
  if (findingIds.some((id) => dollars.has(id))) return 'priced';
  const own = new Set(findingIds);
  const shares = findingIds.flatMap((id) => byId.get(id)?.costShares ?? []);
  if (shares.some((s) => s.status === 'priced' && !own.has(s.carriedBy))) return 'shared';
  if (shares.some((s) => s.status === 'no-data')) return 'no-data';
  if (shares.some((s) => s.status === 'unknown')) return 'unknown';
  return 'not-priced';
}

/**
 * Plans the remediation of a report's findings.
 *
 * @param report - the report, analysed from `snapshot` (fresh data when the plan is to be applied)
 * @param snapshot - the snapshot the report came from: VPC owners, tags and existing endpoints
 */
export function planRemediation(
  report: Report,
  snapshot: Snapshot,
  options: PlanOptions = {},
): RemediationPlan {
  const accountId = snapshot.accountId || report.accountId;
  const regions = options.regions
    ? report.regions.filter((r) => options.regions?.includes(r))
    : report.regions;
  const services = SERVICES.filter((s) => (options.services ?? SERVICES).includes(s));
  const includePaths: RemediablePath[] = [
    ...DEFAULT_REMEDIATION_PATHS,
    ...(options.includePaths ?? []).filter(
      (path) => !(DEFAULT_REMEDIATION_PATHS as readonly string[]).includes(path),
    ),
  ];
  const includeSet = new Set<string>(includePaths);
  const vpcFilter = options.vpcIds ? new Set(options.vpcIds) : undefined;
  const maxChanges = options.maxChanges ?? DEFAULT_MAX_CHANGES;
  const wording = options.wording ?? CLI_WORDING;

  const skippedFindings: SkippedFinding[] = [];
  const groups = new Map<string, Group>();
  const inScope = report.findings
    .filter(
      (f) =>
        regions.includes(f.region) &&
        services.includes(f.service) &&
        (vpcFilter === undefined || vpcFilter.has(f.vpcId)),
    )
    .sort(
      (a, b) =>
        compareText(a.region, b.region) ||
        compareText(a.vpcId, b.vpcId) ||
        compareText(a.service, b.service) ||
        compareText(a.routeTableId, b.routeTableId),
    );
  const failedRegions = new Set(report.errors.map((e) => e.region));
  const indexes = new Map<string, RegionIndex>();
  const indexFor = (region: string): RegionIndex => {
    let index = indexes.get(region);
    if (!index) indexes.set(region, (index = indexOf(snapshot.regions[region])));
    return index;
  };
  for (const finding of inScope) {
    if (failedRegions.has(finding.region)) {
      skippedFindings.push(
        skipped(finding, {
          kind: 'region-error',
          reason: `region ${finding.region} had errors: not remediated`,
        }),
      );
      continue;
    }
    const skip = skipOf(finding, indexFor(finding.region), accountId, includeSet, options);
    if (skip) {
      skippedFindings.push(skipped(finding, skip));
      continue;
    }
    const key = `${finding.region}/${finding.vpcId}/${finding.service}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        region: finding.region,
        vpcId: finding.vpcId,
        service: finding.service,
        findings: [],
      };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }

  const actions: RemediationAction[] = [];
  const dollars = new Map(
    report.findings.flatMap((f) =>
      f.estimatedMonthlyUsd !== undefined ? [[f.id, f.estimatedMonthlyUsd] as const] : [],
    ),
  );
  // The measured part of each finding's dollars: its measured shares that it carries.
  const measured = new Map(
    report.findings.map((f) => [
      f.id,
      (f.costShares ?? [])
        .filter((s) => s.basis === 'measured' && s.carriedBy === f.id)
        .reduce((sum, s) => sum + Math.round((s.estimatedMonthlyUsd ?? 0) * 100), 0),
    ]),
  );
  const priced = report.summary.estimatedMonthlyUsd !== undefined;
  const byId = new Map(report.findings.map((f) => [f.id, f] as const));
  // A cost estimate ran (it may have priced nothing: every region unread).
  const costed = priced || report.findings.some((f) => f.costShares !== undefined);
  for (const group of groups.values()) {
    const action = actionOf(group, snapshot, indexFor(group.region), options, skippedFindings);
    if (!action) continue;
    // The saving of an action: the dollars its findings carry (each gateway is carried once).
    const cents = action.findingIds.reduce(
      (sum, id) => sum + Math.round((dollars.get(id) ?? 0) * 100),
      0,
    );
    const measuredCents = action.findingIds.reduce((sum, id) => sum + (measured.get(id) ?? 0), 0);
    const status = costed ? actionCostStatus(action.findingIds, byId, dollars) : undefined;
    actions.push(
      status === 'priced'
        ? {
            ...action,
            estimatedMonthlyUsd: cents / 100,
            ...(measuredCents > 0 ? { measuredMonthlyUsd: measuredCents / 100 } : {}),
            costBasis: measuredCents > 0 && measuredCents >= cents ? 'measured' : 'upper-bound',
            costStatus: status,
          }
        : status !== undefined
          ? { ...action, costStatus: status }
          : action,
    );
  }
  const savingsCents = actions.reduce(
    (sum, a) => sum + Math.round((a.estimatedMonthlyUsd ?? 0) * 100),
    0,
  );
  const measuredSavingsCents = actions.reduce(
    (sum, a) => sum + Math.round((a.measuredMonthlyUsd ?? 0) * 100),
    0,
  );
  // What apply would run: iac-managed actions are skipped unless drift is allowed.
  const runnable = actions.filter((a) => !a.iacManaged || options.allowDrift === true).length;
  const iacManagedCount = actions.filter((a) => a.iacManaged).length;
  const overCap = runnable > maxChanges;
  const errors = report.errors.filter((e) => regions.includes(e.region));
  const notPlanned: RegionNotPlanned[] = [];
  for (const error of errors) {
    if (notPlanned.some((n) => n.region === error.region)) continue;
    notPlanned.push({
      region: error.region,
      reason: `its audit failed (${error.operation}: ${error.code}: ${error.message}): nothing planned there`,
    });
  }
  const customPolicies = services.filter((s) => options.policyDocuments?.[s] !== undefined);
  return {
    schemaVersion: 1,
    accountId,
    reportGeneratedAt: report.generatedAt,
    scope: {
      regions: [...regions],
      ...(options.vpcIds ? { vpcIds: uniqueSorted(options.vpcIds) } : {}),
      services,
      includePaths,
      maxChanges,
      customPolicy: customPolicies.length > 0,
      customPolicies,
      allowRestrictivePolicy: options.allowRestrictivePolicy === true,
      ...(options.excludePaths && options.excludePaths.length > 0
        ? { excludePaths: [...options.excludePaths] }
        : {}),
      ...(options.skipDefaultVpcs === true ? { skipDefaultVpcs: true } : {}),
      ...(options.iacTags && options.iacTags.length > 0
        ? { iacTags: options.iacTags.map(iacTagText) }
        : {}),
      ...(options.allowDrift === true ? { allowDrift: true } : {}),
    },
    actions,
    skipped: skippedFindings,
    overCap,
    errors,
    notPlanned,
    warnings: actions.length > 0 ? [SOURCE_IP_WARNING] : [],
    ...(overCap
      ? {
          overCapReason: `${runnable} changes planned, over the cap of ${maxChanges} (${wording.cap}): nothing will be changed; ${wording.narrow} or raise the cap`,
        }
      : {}),
    summary: {
      actions: actions.length,
      endpointsToCreate: actions.filter((a) => a.kind === 'create-endpoint').length,
      routeTablesToAttach: actions.reduce((sum, a) => sum + a.routeTableIds.length, 0),
      ...(priced && !unpricedOnly(actions)
        ? { estimatedMonthlySavingsUsd: savingsCents / 100 }
        : {}),
      ...(measuredSavingsCents > 0
        ? { measuredMonthlySavingsUsd: measuredSavingsCents / 100 }
        : {}),
      skipped: skippedFindings.length,
      ...(iacManagedCount > 0 ? { iacManaged: iacManagedCount } : {}),
    },
  };
}
