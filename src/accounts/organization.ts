/**
 * Reading an AWS Organization: its id, its accounts (every account, or those under some OUs,
 * recursively) and each account's exemption tag. Every page of every list is read through the SDK
 * paginators; every call goes through {@link timedCall} so that progress displays count it.
 */
import {
  DescribeOrganizationCommand,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListTagsForResource,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsErrorCode, awsErrorMessage } from '../aws-errors';
import { isExempt } from '../analysis/exemption';
import { collectPages, timedCall, type CallHooks } from '../collect/call-timing';
import { CollectCallError } from '../collect/collect-errors';
import { OrganizationAccessError } from './organization-errors';

/** One account as Organizations lists it. */
export interface OrganizationAccount {
  accountId: string;
  name?: string;
  /**
   * `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`… (`State`, or the older `Status` when an
   * implementation of the API returns only that one).
   */
  state: string;
}

/** The organization's id and the accounts listed. */
export interface OrganizationListing {
  /** `o-…`, when `DescribeOrganization` answered. */
  organizationId?: string;
  /** The accounts, by id, each once. */
  accounts: OrganizationAccount[];
}

/** Options of {@link listOrganization}. */
export interface ListOrganizationOptions {
  /** Only the accounts under these OUs or roots, recursively (default: every account). */
  parentIds?: readonly string[];
  hooks?: CallHooks;
}

function accountOf(account: Account): OrganizationAccount[] {
  if (account.Id === undefined) return [];
  const state = String(account.State ?? account.Status ?? 'UNKNOWN');
  return [{ accountId: account.Id, ...(account.Name ? { name: account.Name } : {}), state }];
}

function accessError(error: unknown): OrganizationAccessError {
  const operation = error instanceof CollectCallError ? error.operation : 'ListAccounts';
  const cause = error instanceof CollectCallError ? error.cause : error;
  return new OrganizationAccessError(
    operation,
    `cannot list the organization's accounts: ${operation} failed: ${awsErrorCode(cause)}: ${awsErrorMessage(cause)} (run with the credentials of the management account or of a delegated administrator of AWS Organizations)`,
    { cause },
  );
}

function notInUse(error: unknown): boolean {
  const cause = error instanceof CollectCallError ? error.cause : error;
  return awsErrorCode(cause) === 'AWSOrganizationsNotInUseException';
}

function notInUseError(error: unknown): OrganizationAccessError {
  const cause = error instanceof CollectCallError ? error.cause : error;
  return new OrganizationAccessError(
    'DescribeOrganization',
    `AWS Organizations is not in use for these credentials' account (${awsErrorCode(cause)}): --org and --ou need the management account or a delegated administrator of an organization; --accounts audits given accounts without it`,
    { cause },
  );
}

/** Every account under `parentId`, recursively: its own accounts, then each child OU's. */
async function accountsUnder(
  org: OrganizationsClient,
  parentId: string,
  hooks: CallHooks,
): Promise<Account[]> {
  const [accounts, units] = await Promise.all([
    collectPages(
      'ListAccountsForParent',
      paginateListAccountsForParent({ client: org }, { ParentId: parentId }),
      (page) => page.Accounts,
      hooks,
    ),
    collectPages(
      'ListOrganizationalUnitsForParent',
      paginateListOrganizationalUnitsForParent({ client: org }, { ParentId: parentId }),
      (page) => page.OrganizationalUnits,
      hooks,
    ),
  ]);
  const nested = await Promise.all(
    units.flatMap((unit) => (unit.Id === undefined ? [] : [accountsUnder(org, unit.Id, hooks)])),
  );
  return [...accounts, ...nested.flat()];
}

/**
 * Lists the organization: `DescribeOrganization` and `ListAccounts` at once, or with `parentIds`
 * `ListAccountsForParent` + `ListOrganizationalUnitsForParent` down every OU. An account found twice
 * (nested OUs given together) is listed once.
 *
 * @throws OrganizationAccessError when the accounts cannot be listed (not the management account or a
 *   delegated administrator, no organization, an unknown OU)
 */
export async function listOrganization(
  org: OrganizationsClient,
  options: ListOrganizationOptions = {},
): Promise<OrganizationListing> {
  const hooks = options.hooks ?? {};
  const described = timedCall('DescribeOrganization', hooks, () =>
    org.send(new DescribeOrganizationCommand({})),
  );
  const listed =
    options.parentIds === undefined
      ? collectPages(
          'ListAccounts',
          paginateListAccounts({ client: org }, {}),
          (page) => page.Accounts,
          hooks,
        )
      : Promise.all(options.parentIds.map((id) => accountsUnder(org, id, hooks))).then((all) =>
          all.flat(),
        );
  const [organization, accounts] = await Promise.allSettled([described, listed]);
  if (accounts.status === 'rejected') {
    const cause =
      accounts.reason instanceof CollectCallError ? accounts.reason.cause : accounts.reason;
    if (options.parentIds !== undefined && awsErrorCode(cause) === 'ParentNotFoundException') {
      // The credentials can list the organization: one of the ids given is not in it.
      throw new OrganizationAccessError(
        'ListAccountsForParent',
        `--ou: ${options.parentIds.join(',')} is not an OU or root of the organization (or one of them is not): ${awsErrorCode(cause)}`,
        { cause },
      );
    }
    throw accessError(accounts.reason);
  }
  // An account in no organization: whatever the listing answered, there is nothing to audit.
  if (organization.status === 'rejected' && notInUse(organization.reason)) {
    throw notInUseError(organization.reason);
  }
  const byId = new Map<string, OrganizationAccount>();
  for (const account of accounts.value.flatMap(accountOf)) byId.set(account.accountId, account);
  const organizationId =
    organization.status === 'fulfilled' ? organization.value.Organization?.Id : undefined;
  return {
    ...(organizationId ? { organizationId } : {}),
    accounts: [...byId.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : 1)),
  };
}

/**
 * True when the account carries the tag `vpce-auditor:exempt` in Organizations (any value but
 * `false`, like the resource tag).
 *
 * @throws CollectCallError naming `ListTagsForResource` when the tags cannot be read
 */
export async function isAccountExempt(
  org: OrganizationsClient,
  accountId: string,
  hooks: CallHooks = {},
): Promise<boolean> {
  const tags = await collectPages(
    'ListTagsForResource',
    paginateListTagsForResource({ client: org }, { ResourceId: accountId }),
    (page) => page.Tags,
    hooks,
  );
  return isExempt(tags.map((tag) => ({ Key: tag.Key ?? '', Value: tag.Value })));
}
