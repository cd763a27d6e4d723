/**
 * One region's inventory (docs/snapshot.md), collected with the fewest dependent round trips: every
 * `Describe*` call and `DescribeManagedPrefixLists` start at once; the prefix-list entries follow as
 * soon as the lists (and, for customer-managed lists, the route tables) are known. A small estate
 * costs 10 calls in 2 round trips, plus one per customer-managed list a route references, plus one
 * `DescribeVpcs` when a VPC was created or deleted during the reads (see ./late-vpcs).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { PrefixList, RegionSnapshot } from '../snapshot/schema';
import type { CallHooks } from './call-timing';
import { CollectCallError, InvalidResponseError } from './collect-errors';
import {
  describeEgressOnlyInternetGateways,
  describeInternetGateways,
  describeNatGateways,
  describeRouteTables,
  describeSubnets,
  describeVpcEndpoints,
  describeVpcs,
  type CollectorScope,
} from './ec2-collectors';
import {
  describeServicePrefixLists,
  prefixListCidrs,
  referencedPrefixListIds,
  resolvePrefixLists,
} from './prefix-lists';
import type { ServicePrefixListCache } from './service-prefix-list-cache';
import { unknownVpcIds } from '../snapshot/vpc-references';
import { withoutVpcs } from './late-vpcs';
import {
  InvalidAnswerFieldError,
  toRegionSnapshot,
  type RegionAnswers,
} from './to-region-snapshot';

/** Options of {@link collectRegion}. */
export interface CollectRegionOptions extends CallHooks {
  /** Only these VPCs (the `vpc-id` filter); the service prefix lists are always collected. */
  vpcIds?: string[];
  /** The run's shared reads of the services' AWS-managed prefix lists (a multi-account run). */
  servicePrefixLists?: ServicePrefixListCache;
}

/** Every promise of an object awaited: the object of their values (the first failure rejects). */
async function allOf<T extends Record<string, unknown>>(promises: {
  [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const entries = await Promise.all(
    Object.entries(promises).map(async ([key, promise]) => [key, await promise] as const),
  );
  return Object.fromEntries(entries) as T;
}

/**
 * Collects one region.
 *
 * @param ec2 - the region's EC2 client
 * @param region - the region's name (it names the service prefix lists)
 * @throws CollectCallError naming the failed operation, its `cause` being the SDK error (or an
 *   {@link InvalidResponseError} when an answer lacks, or has a malformed, field the audit reads)
 */
export async function collectRegion(
  ec2: EC2Client,
  region: string,
  options: CollectRegionOptions = {},
): Promise<RegionSnapshot> {
  const hooks: CallHooks = {
    ...(options.onCallStart ? { onCallStart: options.onCallStart } : {}),
    ...(options.onCall ? { onCall: options.onCall } : {}),
  };
  const scope: CollectorScope = { vpcIds: options.vpcIds, hooks };

  const describe = () => describeServicePrefixLists(ec2, region, hooks);
  const serviceListsDescribed = options.servicePrefixLists
    ? options.servicePrefixLists.lists(region, describe)
    : describe();
  const routeTables = describeRouteTables(ec2, scope);
  const shared = options.servicePrefixLists
    ? { cache: options.servicePrefixLists, region }
    : undefined;
  const serviceLists = serviceListsDescribed.then((lists) =>
    resolvePrefixLists(ec2, lists, hooks, shared),
  );
  const referencedLists = Promise.all([routeTables, serviceListsDescribed]).then(
    ([tables, lists]) => {
      const known = new Set(lists.flatMap((list) => list.PrefixListId ?? []));
      return Promise.all(
        referencedPrefixListIds(tables, known).map(async (PrefixListId): Promise<PrefixList> => {
          const Cidrs = await prefixListCidrs(ec2, PrefixListId, hooks);
          // A list holds CIDRs of one family: an IPv6 customer list is told by its entries.
          const family = Cidrs.some((cidr) => cidr.includes(':')) ? 'IPv6' : 'IPv4';
          return { PrefixListId, AddressFamily: family, Cidrs };
        }),
      );
    },
  );
  const prefixLists = Promise.all([serviceLists, referencedLists]).then(([service, other]) => [
    ...service,
    ...other,
  ]);
  const answers: RegionAnswers = await allOf({
    Vpcs: describeVpcs(ec2, scope),
    Subnets: describeSubnets(ec2, scope),
    RouteTables: routeTables,
    VpcEndpoints: describeVpcEndpoints(ec2, scope),
    NatGateways: describeNatGateways(ec2, scope),
    InternetGateways: describeInternetGateways(ec2, scope),
    EgressOnlyInternetGateways: describeEgressOnlyInternetGateways(ec2, scope),
    PrefixLists: prefixLists,
  });
  let snapshot = mapped(answers, region);
  // A VPC created or deleted while the calls ran (see ./late-vpcs): the ones still there are read
  // (one more call, only then); the items of the others are left out.
  const unknown = unknownVpcIds(snapshot);
  if (unknown.length > 0) {
    const late = await describeVpcs(ec2, { vpcIds: unknown, hooks });
    snapshot = mapped({ ...answers, Vpcs: [...answers.Vpcs, ...late] }, region);
    const gone = unknownVpcIds(snapshot);
    if (gone.length > 0) snapshot = withoutVpcs(snapshot, new Set(gone));
  }
  return snapshot;
}

/** The snapshot of a region's answers; an answer the audit cannot read fails as `validate`. */
function mapped(answers: RegionAnswers, region: string): RegionSnapshot {
  try {
    return toRegionSnapshot(answers);
  } catch (error) {
    if (!(error instanceof InvalidAnswerFieldError)) throw error;
    throw new CollectCallError('validate', {
      cause: new InvalidResponseError(
        `the EC2 responses of ${region} cannot be audited: ${error.message}`,
        { cause: error },
      ),
    });
  }
}
