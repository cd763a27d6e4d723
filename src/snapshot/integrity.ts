/**
 * The checks a snapshot must pass beyond its shape: it must be able to describe a real account. Ids
 * are unique within their array, a VPC has at most one main route table, a subnet at most one
 * explicit association, and every subnet, route table, endpoint and gateway belongs to a VPC of
 * `Vpcs`. Anything else would force the analysis to guess (which main table? which association?),
 * so each problem is reported with its JSON path instead. One pass per array, with Maps and Sets:
 * linear in the size of the snapshot.
 */
import type { AccountSnapshot } from './organization-snapshot';
import type { RegionSnapshot, RouteTableAssociation, Snapshot } from './schema';
import { forEachVpcReference, vpcReferencePath } from './vpc-references';

const INACTIVE_ASSOCIATION_STATES = new Set(['disassociating', 'disassociated', 'failed']);

function isActiveSubnetAssociation(association: RouteTableAssociation): boolean {
  const state = association.AssociationState?.State;
  return (
    association.GatewayId === undefined &&
    (state === undefined || !INACTIVE_ASSOCIATION_STATES.has(state))
  );
}

/** Collects issues, stopping at `limit` (the message lists the first ones only). */
class Issues {
  public readonly lines: string[] = [];
  public constructor(private readonly limit: number) {}
  public add(line: string): void {
    if (this.lines.length < this.limit) this.lines.push(line);
  }
  public get full(): boolean {
    return this.lines.length >= this.limit;
  }
}

/** Remembers the first index of each id of one array and reports the repeats. */
function firstIndexById<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  where: string,
  field: string,
  issues: Issues,
): Map<string, number> {
  const first = new Map<string, number>();
  for (let i = 0; i < items.length; i += 1) {
    const id = idOf(items[i] as T);
    const seen = first.get(id);
    if (seen === undefined) first.set(id, i);
    else issues.add(`${where}[${i}].${field}: "${id}" duplicates ${where}[${seen}].${field}`);
  }
  return first;
}

function checkRegion(name: string, region: RegionSnapshot, issues: Issues): void {
  const at = `regions.${name}`;
  const vpcs = firstIndexById(region.Vpcs, (v) => v.VpcId, `${at}.Vpcs`, 'VpcId', issues);
  forEachVpcReference(region, (vpcId, holder, index, attachment) => {
    if (!vpcs.has(vpcId)) {
      issues.add(
        `${at}.${vpcReferencePath(holder, index, attachment)}: "${vpcId}" is not in ${at}.Vpcs`,
      );
    }
  });

  const subnets = firstIndexById(
    region.Subnets,
    (s) => s.SubnetId,
    `${at}.Subnets`,
    'SubnetId',
    issues,
  );

  firstIndexById(
    region.RouteTables,
    (t) => t.RouteTableId,
    `${at}.RouteTables`,
    'RouteTableId',
    issues,
  );
  // Where each main and explicit association was first seen, as a number (see `place`): its path
  // is written only for a message, not for each of a large estate's hundred thousand associations.
  const mainOf = new Map<string, number>();
  // Where each subnet is associated explicitly (-1: nowhere yet): by the subnet's index for subnets
  // of the region (the index is looked up anyway: 100 000 hashed lookups fewer), by id for others.
  const associationAt = new Float64Array(region.Subnets.length).fill(-1);
  const associationOf = new Map<string, number>();
  const ASSOCIATIONS_PER_TABLE = 2 ** 21;
  const place = (t: number, a: number): number => t * ASSOCIATIONS_PER_TABLE + a;
  const pathAt = (code: number): string =>
    `${at}.RouteTables[${Math.floor(code / ASSOCIATIONS_PER_TABLE)}].Associations[${code % ASSOCIATIONS_PER_TABLE}]`;
  region.RouteTables.forEach((table, t) => {
    table.Associations.forEach((association, a) => {
      if (!isActiveSubnetAssociation(association)) return;
      const here = place(t, a);
      if (association.Main === true) {
        const other = mainOf.get(table.VpcId);
        if (other === undefined) mainOf.set(table.VpcId, here);
        else
          issues.add(
            `${pathAt(here)}.Main: VPC "${table.VpcId}" already has a main route table (${pathAt(other)}); a VPC has one`,
          );
      } else if (association.SubnetId !== undefined) {
        const subnetId = association.SubnetId;
        const subnetIndex = subnets.get(subnetId);
        const known =
          subnetIndex === undefined ? associationOf.get(subnetId) : associationAt[subnetIndex];
        const other = known === -1 ? undefined : known;
        if (other !== undefined) {
          issues.add(
            `${pathAt(here)}.SubnetId: subnet "${subnetId}" is already associated explicitly (${pathAt(other)}); a subnet has one route table`,
          );
        } else if (subnetIndex === undefined) associationOf.set(subnetId, here);
        else associationAt[subnetIndex] = here;
        const subnet = subnetIndex === undefined ? undefined : region.Subnets[subnetIndex];
        if (subnet && subnet.VpcId !== table.VpcId) {
          issues.add(
            `${pathAt(here)}.SubnetId: subnet "${subnetId}" is in "${subnet.VpcId}", not in the route table's VPC "${table.VpcId}"`,
          );
        }
      }
    });
  });

  firstIndexById(
    region.VpcEndpoints,
    (e) => e.VpcEndpointId,
    `${at}.VpcEndpoints`,
    'VpcEndpointId',
    issues,
  );

  firstIndexById(
    region.NatGateways,
    (n) => n.NatGatewayId,
    `${at}.NatGateways`,
    'NatGatewayId',
    issues,
  );

  firstIndexById(
    region.InternetGateways,
    (g) => g.InternetGatewayId,
    `${at}.InternetGateways`,
    'InternetGatewayId',
    issues,
  );

  const egressOnly = region.EgressOnlyInternetGateways ?? [];
  firstIndexById(
    egressOnly,
    (g) => g.EgressOnlyInternetGatewayId,
    `${at}.EgressOnlyInternetGateways`,
    'EgressOnlyInternetGatewayId',
    issues,
  );

  firstIndexById(
    region.PrefixLists,
    (p) => p.PrefixListId,
    `${at}.PrefixLists`,
    'PrefixListId',
    issues,
  );
}

/**
 * The integrity problems of one region, one line each with its JSON path (empty when none).
 *
 * @param limit - stop after this many lines
 */
export function regionIntegrityIssues(name: string, region: RegionSnapshot, limit = 20): string[] {
  const issues = new Issues(limit);
  checkRegion(name, region, issues);
  return issues.lines;
}

/**
 * The integrity problems of a whole snapshot, one line each with its JSON path (empty when none).
 *
 * @param limit - stop after this many lines
 */
export function snapshotIntegrityIssues(snapshot: Snapshot, limit = 20): string[] {
  const issues = new Issues(limit);
  for (const [name, region] of Object.entries(snapshot.regions)) {
    if (issues.full) break;
    checkRegion(name, region, issues);
  }
  checkErrors(snapshot, issues);
  return issues.lines;
}

/**
 * A region is either collected (`regions`) or failed (`errors`), never both: the report would
 * count it audited and failed at once. An error belongs to the snapshot's own account.
 */
function checkErrors(snapshot: Snapshot, issues: Issues): void {
  (snapshot.errors ?? []).forEach((error, i) => {
    if (Object.hasOwn(snapshot.regions, error.region)) {
      issues.add(
        `errors[${i}].region: "${error.region}" is also in regions: a region was either collected or failed, not both`,
      );
    }
    if (error.accountId !== undefined && error.accountId !== snapshot.accountId) {
      issues.add(
        `errors[${i}].accountId: "${error.accountId}" is not the snapshot's account ("${snapshot.accountId}")`,
      );
    }
  });
}

/**
 * What an account of a multi-account snapshot must agree with: its status. An account that was
 * not audited (`failed`, `exempt`, `skipped`) has no collected regions; a `failed` one says why
 * (at least one error) and only a `failed` one has errors without regions being audited.
 */
export function accountStatusIssues(account: AccountSnapshot): string[] {
  const status = account.status ?? 'audited';
  if (status === 'audited') return [];
  const issues: string[] = [];
  const collected = Object.keys(account.regions);
  if (collected.length > 0) {
    issues.push(
      `regions: an account whose status is "${status}" was not collected, yet it holds ${collected.map((r) => `"${r}"`).join(', ')}`,
    );
  }
  if (status === 'failed' && account.errors.length === 0) {
    issues.push('errors: an account whose status is "failed" must say why (no errors given)');
  }
  if (status !== 'failed' && account.errors.length > 0) {
    issues.push(
      `errors: an account whose status is "${status}" was not entered, yet it has ${account.errors.length} error(s)`,
    );
  }
  return issues;
}
