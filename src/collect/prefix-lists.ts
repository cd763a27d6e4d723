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
import { servicePrefixListNames } from '../net/aws-names';
import { SERVICES } from '../types';
import { collectPages, type CallHooks } from './call-timing';
import { PAGE_SIZES } from './ec2-collectors';

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
  const lists = await collectPages(
    'DescribeManagedPrefixLists',
    paginateDescribeManagedPrefixLists(
      { client: ec2, pageSize: PAGE_SIZES.DescribeManagedPrefixLists },
      {
        Filters: [{ Name: 'prefix-list-name', Values: names }],
      },
    ),
    (page) => page.PrefixLists,
    hooks,
  );
  return lists.filter((list) => names.includes(list.PrefixListName ?? ''));
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

/** Reads the CIDRs of each described list concurrently. */
export function resolvePrefixLists(
  ec2: EC2Client,
  lists: readonly ManagedPrefixList[],
  hooks: CallHooks,
): Promise<PrefixList[]> {
  return Promise.all(
    lists.flatMap((list) =>
      list.PrefixListId === undefined
        ? []
        : [
            prefixListCidrs(ec2, list.PrefixListId, hooks).then((Cidrs) => ({
              PrefixListId: list.PrefixListId as string,
              ...(list.PrefixListName === undefined ? {} : { PrefixListName: list.PrefixListName }),
              Cidrs,
            })),
          ],
    ),
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
