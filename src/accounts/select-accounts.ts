/**
 * The account selection of the CLI and the Lambdas: the accounts given (`--accounts`, no
 * Organizations call) or the organization's (`--org`, `--ou`), minus the excluded ones; optionally
 * the exemption tags read up front (the Lambdas do; the CLI reads each tag inside that account's own
 * task, so no account waits for the tags of the others).
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { CallHooks } from '../collect/call-timing';
import { awsErrorCode, awsErrorMessage } from '../aws-errors';
import { mapWithConcurrency } from '../collect/concurrency';
import { OrganizationAccessError } from './organization-errors';
import { isAccountExempt, listOrganization } from './organization';
import { selectFromOrganization, selectGiven, type AccountSelection } from './selection';
import { CollectCallError } from '../collect/collect-errors';

/** Which accounts to audit. */
export interface AccountScope {
  /** Exactly these accounts (no Organizations call); otherwise the organization's. */
  accounts?: readonly string[];
  /** With the organization: only the accounts under these OUs or roots, recursively. */
  parentIds?: readonly string[];
  /** Never these accounts. */
  exclude?: readonly string[];
}

/** Tag reads at once when the exemptions are read up front (Organizations allows a few per second). */
export const TAG_READ_CONCURRENCY = 8;

/** Why an account tagged exempt is not audited. */
export const EXEMPT_REASON = 'tagged vpce-auditor:exempt in AWS Organizations';

/**
 * Selects the accounts.
 *
 * @throws OrganizationAccessError when the organization's accounts cannot be listed
 */
export async function selectAccounts(
  scope: AccountScope,
  organizations: () => OrganizationsClient,
  hooks: CallHooks = {},
): Promise<AccountSelection> {
  if (scope.accounts !== undefined) return selectGiven(scope.accounts, scope.exclude);
  const listing = await listOrganization(organizations(), {
    ...(scope.parentIds !== undefined ? { parentIds: scope.parentIds } : {}),
    hooks,
  });
  return selectFromOrganization(listing, scope.exclude);
}

/**
 * Reads the exemption tag of every account to audit, and marks the tagged ones `exempt`.
 *
 * @throws OrganizationAccessError when a tag cannot be read (the listing is then unreliable)
 */
export async function resolveExemptions(
  selection: AccountSelection,
  org: OrganizationsClient,
  hooks: CallHooks = {},
): Promise<AccountSelection> {
  if (!selection.fromOrganization) return selection;
  const accounts = await mapWithConcurrency(
    selection.accounts,
    TAG_READ_CONCURRENCY,
    async (account) => {
      if (account.action !== 'audit') return account;
      try {
        const exempt = await isAccountExempt(org, account.accountId, hooks);
        return exempt ? { ...account, action: 'exempt' as const, reason: EXEMPT_REASON } : account;
      } catch (error) {
        const cause = error instanceof CollectCallError ? error.cause : error;
        throw new OrganizationAccessError(
          'ListTagsForResource',
          `cannot read the tags of account ${account.accountId}: ${awsErrorCode(cause)}: ${awsErrorMessage(cause)}`,
          { cause },
        );
      }
    },
  );
  return { ...selection, accounts };
}
