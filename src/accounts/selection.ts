/**
 * Which accounts a multi-account run audits (pure): the organization's accounts (or the ids given),
 * minus the excluded ones; accounts that are not `ACTIVE` are kept in the selection as skipped, so
 * that the report says why they were not audited.
 */
import type { OrganizationListing } from './organization';

/** One account of the selection. */
export interface SelectedAccount {
  accountId: string;
  name?: string;
  /**
   * `audit` (to be audited, unless its tag says exempt when that is still to be read), `exempt`
   * (its tag was read) or `skipped` (not ACTIVE).
   */
  action: 'audit' | 'exempt' | 'skipped';
  /** Why it is exempt or skipped. */
  reason?: string;
}

/** The accounts of a run, by id, and the organization they were listed from. */
export interface AccountSelection {
  organizationId?: string;
  /** True when the accounts came from Organizations (their tags can be read). */
  fromOrganization: boolean;
  accounts: SelectedAccount[];
}

/** The accounts of a listed organization, minus `exclude`; suspended and closing ones are skipped. */
export function selectFromOrganization(
  listing: OrganizationListing,
  exclude: readonly string[] = [],
): AccountSelection {
  const excluded = new Set(exclude);
  return {
    ...(listing.organizationId ? { organizationId: listing.organizationId } : {}),
    fromOrganization: true,
    accounts: listing.accounts
      .filter((account) => !excluded.has(account.accountId))
      .map((account) => ({
        accountId: account.accountId,
        ...(account.name !== undefined ? { name: account.name } : {}),
        ...(account.state === 'ACTIVE'
          ? { action: 'audit' as const }
          : { action: 'skipped' as const, reason: `account state ${account.state}` }),
      })),
  };
}

/** Exactly the accounts given (no Organizations call), minus `exclude`. */
export function selectGiven(
  accountIds: readonly string[],
  exclude: readonly string[] = [],
): AccountSelection {
  const excluded = new Set(exclude);
  return {
    fromOrganization: false,
    accounts: [...new Set(accountIds)]
      .filter((id) => !excluded.has(id))
      .sort()
      .map((accountId) => ({ accountId, action: 'audit' as const })),
  };
}
