/**
 * The services' AWS-managed prefix lists (`com.amazonaws.<region>.s3` / `.dynamodb`) and their
 * CIDRs, read once per run and shared by every account of that run. AWS owns these lists: in a
 * region every account sees the same list, with the same id and entries, so an organization of a
 * thousand accounts need not ask a thousand times. A list's entries are keyed by its version, so a
 * list AWS changed while the run was going is read again; nothing outlives the run (the ranges
 * change over time and every run resolves them afresh). Lists a route references that are not the
 * services' (customer-managed or shared ones) are never shared: each account reads its own.
 */
import type { ManagedPrefixList } from '@aws-sdk/client-ec2';

/** Which list: the region, its id and the version `DescribeManagedPrefixLists` reported. */
export interface ServicePrefixListKey {
  region: string;
  prefixListId: string;
  version?: number;
}

/** A run's shared reads of the services' prefix lists. */
export class ServicePrefixListCache {
  private readonly described = new Map<string, Promise<ManagedPrefixList[]>>();
  private readonly entries = new Map<string, Promise<string[]>>();

  /**
   * The region's service lists (`DescribeManagedPrefixLists` by their reserved names): the first
   * caller's answer, shared with the others (see {@link ServicePrefixListCache.cidrs} for failures).
   */
  public lists(
    region: string,
    read: () => Promise<ManagedPrefixList[]>,
  ): Promise<ManagedPrefixList[]> {
    return shared(this.described, region, read);
  }

  /**
   * The list's CIDRs: the first caller's read, shared with every later caller while it succeeds.
   * A failed read is never shared: it may be the caller's own credentials that failed, so the failed
   * entry is forgotten and the callers that waited on it read again, with their own `read` (the
   * first of them reading for the others).
   *
   * @param key - the list
   * @param read - reads the entries with the caller's client (`GetManagedPrefixListEntries`)
   */
  public cidrs(key: ServicePrefixListKey, read: () => Promise<string[]>): Promise<string[]> {
    return shared(this.entries, `${key.region}/${key.prefixListId}/${key.version ?? ''}`, read);
  }
}

/** The read of `id` in `reads` (started by the first caller), or the caller's own after a failure. */
function shared<T>(reads: Map<string, Promise<T>>, id: string, read: () => Promise<T>): Promise<T> {
  const pending = reads.get(id);
  if (pending) return pending.catch(() => shared(reads, id, read));
  const first = read();
  reads.set(id, first);
  // Registered before any waiter's handler, so the failed entry is gone when they read again.
  first.catch(() => {
    if (reads.get(id) === first) reads.delete(id);
  });
  return first;
}
