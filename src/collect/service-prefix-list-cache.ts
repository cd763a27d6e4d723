/**
 * The CIDRs of the services' AWS-managed prefix lists (`com.amazonaws.<region>.s3` / `.dynamodb`),
 * read once per run and shared by every account of that run. AWS owns these lists: in a region
 * every account sees the same list id with the same entries, so an organization of a thousand
 * accounts need not ask a thousand times. The key carries the list's version, so a list AWS changed
 * while the run was going is read again; nothing outlives the run (the ranges change over time and
 * every run resolves them afresh).
 */

/** Which list: the region, its id and the version `DescribeManagedPrefixLists` reported. */
export interface ServicePrefixListKey {
  region: string;
  prefixListId: string;
  version?: number;
}

/** A run's shared reads of the services' prefix-list entries. */
export class ServicePrefixListCache {
  private readonly reads = new Map<string, Promise<string[]>>();

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
    const id = `${key.region}/${key.prefixListId}/${key.version ?? ''}`;
    const shared = this.reads.get(id);
    if (shared) return shared.catch(() => this.cidrs(key, read));
    const first = read();
    this.reads.set(id, first);
    // Registered before any waiter's handler, so the failed entry is gone when they read again.
    first.catch(() => {
      if (this.reads.get(id) === first) this.reads.delete(id);
    });
    return first;
  }
}
