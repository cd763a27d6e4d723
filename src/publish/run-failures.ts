/**
 * What failed in a run, counted the way people read it: in an organization run a refused or crashed
 * account is one failed account (not "1 region failed" because its error names the stack's region),
 * and a region lost inside an audited account is one failed region of that account.
 */
import type { Report } from '../types';

/** The failures of a run. */
export interface RunFailures {
  /** Accounts whose audit failed as a whole (`accounts[].status` `failed`); 0 for one account. */
  accounts: number;
  /** Failed regions of the accounts that were audited: distinct (account, region) pairs. */
  regions: number;
  /** Every failed (account, region) pair, the failed accounts' included: the `RegionsFailed` metric. */
  accountRegions: number;
}

/** Counts the failures of a report (single- or multi-account). */
export function runFailures(report: Report): RunFailures {
  const failedAccounts = new Set(
    (report.accounts ?? []).filter((a) => a.status === 'failed').map((a) => a.accountId),
  );
  const pairs = new Set<string>();
  const inAudited = new Set<string>();
  for (const error of report.errors) {
    const accountId = error.accountId ?? report.accountId;
    const key = `${accountId}/${error.region}`;
    pairs.add(key);
    if (!failedAccounts.has(accountId)) inAudited.add(key);
  }
  return { accounts: failedAccounts.size, regions: inAudited.size, accountRegions: pairs.size };
}

/** Who a run's message is about: the organization's id, else the account's. */
export function runScope(report: Report): string {
  return report.organizationId ?? report.accountId;
}
