/**
 * Prefix lists, the way AWS recommends: `DescribeManagedPrefixLists` finds the AWS-managed lists of the
 * services (`com.amazonaws.<region>.s3` / `.dynamodb`) and `GetManagedPrefixListEntries` reads their
 * CIDRs; a customer-managed (or shared) list is read only when a route references it.
 */
import {
  paginateDescribeManagedPrefixLists,
  paginateGetManagedPrefixListEntries,
  type EC2Client,
  type ManagedPrefixList,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import type { PrefixList } from '../snapshot/schema';
import { isS3Ipv6PrefixList, servicePrefixListNames } from '../net/aws-names';
import { SERVICES } from '../types';
import { collectPages, type CallHooks } from './call-timing';
import { PAGE_SIZES } from './ec2-collectors';
import type { ServicePrefixListCache } from './service-prefix-list-cache';

/**
 * `DescribeManagedPrefixLists` for the services' AWS-managed lists of the region, found by name
 * alone: AWS reserves names starting with `com.amazonaws.`, so no customer list can carry them, and
 * the owner is not asked for because implementations of the EC2 API spell it differently (EC2
 * answers `AWS`, moto `aws`): an `owner-id` filter made the whole audit find no service list there.
 * The names are checked again on the answer, so an endpoint that ignores the filters costs no extra
 * entry calls.
 */
export async function describeServicePrefixLists(
  ec2: EC2Client,
  region: string,
  hooks: CallHooks,
): Promise<ManagedPrefixList[]> {
  const names = SERVICES.flatMap((service) => servicePrefixListNames(region, service));
  // S3's IPv6 list is found by family, owner and a name ending in `.s3`, never by its exact name
  // (undocumented): a wildcard asks for it in the same call, and the answer is checked again.
  const ipv6Names = servicePrefixListNames(region, 's3').map((name) =>
    name.replace(/\.s3$/, '.*.s3'),
  );
  const lists = await collectPages(
    'DescribeManagedPrefixLists',
    paginateDescribeManagedPrefixLists(
      { client: ec2, pageSize: PAGE_SIZES.DescribeManagedPrefixLists },
      {
        Filters: [{ Name: 'prefix-list-name', Values: [...names, ...ipv6Names] }],
      },
    ),
    (page) => page.PrefixLists,
    hooks,
  );
  return lists.filter(
    (list) => names.includes(list.PrefixListName ?? '') || isS3Ipv6PrefixList(list),
  );
}

/** `GetManagedPrefixListEntries`: the list's CIDRs, every page read. */
export async function prefixListCidrs(
  ec2: EC2Client,
  prefixListId: string,
  hooks: CallHooks,
): Promise<string[]> {
  const entries = await collectPages(
    'GetManagedPrefixListEntries',
    paginateGetManagedPrefixListEntries(
      { client: ec2, pageSize: PAGE_SIZES.GetManagedPrefixListEntries },
      { PrefixListId: prefixListId },
    ),
    (page) => page.Entries,
    hooks,
  );
  return entries.flatMap((entry) => (entry.Cidr === undefined ? [] : [entry.Cidr]));
}

/**
 * Reads the CIDRs of each described service list concurrently; with a run's `shared` cache, a list
 * another account of the run has read already costs no call.
 */
export function resolvePrefixLists(
  ec2: EC2Client,
  lists: readonly ManagedPrefixList[],
  hooks: CallHooks,
  shared?: { cache: ServicePrefixListCache; region: string },
): Promise<PrefixList[]> {
  return Promise.all(
    lists.flatMap((list) => {
      const prefixListId = list.PrefixListId;
      if (prefixListId === undefined) return [];
      const read = () => prefixListCidrs(ec2, prefixListId, hooks);
      const cidrs = shared
        ? shared.cache.cidrs(
            {
              region: shared.region,
              prefixListId,
              ...(list.Version === undefined ? {} : { version: list.Version }),
            },
            read,
          )
        : read();
      return [
        cidrs.then((Cidrs) => ({
          PrefixListId: prefixListId,
          ...(list.PrefixListName === undefined ? {} : { PrefixListName: list.PrefixListName }),
          ...(list.AddressFamily === 'IPv6' || list.AddressFamily === 'IPv4'
            ? { AddressFamily: list.AddressFamily as 'IPv4' | 'IPv6' }
            : {}),
          ...(list.OwnerId === undefined ? {} : { OwnerId: list.OwnerId }),
          // A copy: the shared array is never handed to two snapshots.
          Cidrs: [...Cidrs],
        })),
      ];
    }),
  );
}

/** The prefix-list ids the routes reference that are not in `known`, sorted. */
export function referencedPrefixListIds(
  tables: readonly RouteTable[],
  known: ReadonlySet<string>,
): string[] {
  const ids = new Set<string>();
  for (const table of tables) {
    for (const route of table.Routes ?? []) {
      const id = route.DestinationPrefixListId;
      if (id !== undefined && !known.has(id)) ids.add(id);
    }
  }
  return [...ids].sort();
}
