/**
 * The options of the multi-account commands (`audit`, `snapshot`: `--org`, `--ou`, `--accounts`,
 * `--exclude-accounts`, `--role-name`, `--external-id`, `--account-concurrency`, `--max-in-flight`;
 * `remediate`: `--account`) and the run they share: select the accounts, audit each through its
 * member role, merge.
 */
import { Command, Option } from 'commander';
import {
  DEFAULT_ACCOUNT_CONCURRENCY,
  DEFAULT_MEMBER_ROLE_NAME,
  parseAccountIds,
  parseExternalId,
  parseParentIds,
  parseRoleName,
} from '../accounts/account-ids';
import type { AccountsAuditResult } from '../accounts/audit-accounts';
import type { MemberRoleSettings } from '../accounts/member-credentials';
import type { AccountScope } from '../accounts/select-accounts';
import { EmptySelectionError } from '../accounts/organization-errors';
import { CallLimiter, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../collect/call-limit';
import type { CostOptions } from '../cost/cost-options';
import { UserInputError } from '../errors';
import type { ServiceName } from '../types';
import type { CliIo } from './io';
import type { LiveDependencies } from './live-options';
import { parsePositiveInteger } from '../options/parsers';
import { callLine, callLines, type Verbosity } from './progress-reporter';
import { oneLine } from '../format/safe-text';

/** The parsed multi-account options; absent when the command audits one account. */
export interface AccountsOptions {
  scope: AccountScope;
  member: MemberRoleSettings;
  accountConcurrency: number;
  maxInFlight: number;
}

/** Adds the multi-account options. */
export function addAccountsOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--org', "every ACTIVE account of the caller's AWS Organization").conflicts(
        'accounts',
      ),
    )
    .option(
      '--ou <ids>',
      'with --org: only the accounts under these OUs or roots (ou-…,r-…), recursively',
    )
    .option(
      '--accounts <ids>',
      'exactly these accounts (comma-separated ids; no Organizations call)',
    )
    .option('--exclude-accounts <ids>', 'never these accounts (comma-separated ids)')
    .option(
      '--role-name <name>',
      `the member role assumed in every other account (default: ${DEFAULT_MEMBER_ROLE_NAME})`,
    )
    .option('--external-id <id>', "the external id the member role's trust policy requires")
    .option(
      '--account-concurrency <n>',
      'accounts audited at once',
      String(DEFAULT_ACCOUNT_CONCURRENCY),
    )
    .option(
      '--max-in-flight <n>',
      'the most AWS calls in flight at once, all accounts together',
      String(DEFAULT_MAX_CALLS_IN_FLIGHT),
    );
}

/** Reads the options of {@link addAccountsOptions}; undefined without `--org`, `--ou` or `--accounts`. */
export function parseAccountsOptions(raw: Record<string, unknown>): AccountsOptions | undefined {
  const parentIds = typeof raw.ou === 'string' ? parseParentIds(raw.ou, '--ou') : undefined;
  const accounts =
    typeof raw.accounts === 'string' ? parseAccountIds(raw.accounts, '--accounts') : undefined;
  const exclude =
    typeof raw.excludeAccounts === 'string'
      ? parseAccountIds(raw.excludeAccounts, '--exclude-accounts')
      : undefined;
  const multi = raw.org === true || parentIds !== undefined || accounts !== undefined;
  if (!multi) {
    const stray = (
      [
        ['--exclude-accounts', exclude],
        ['--role-name', raw.roleName],
        ['--external-id', raw.externalId],
      ] as const
    ).find(([, value]) => value !== undefined);
    if (stray) throw new UserInputError(`${stray[0]} needs --org, --ou or --accounts`);
    return undefined;
  }
  if (accounts !== undefined && accounts.every((id) => exclude?.includes(id))) {
    throw new UserInputError(
      `--exclude-accounts leaves no account of --accounts ${accounts.join(',')} to audit`,
    );
  }
  if (accounts !== undefined && parentIds !== undefined) {
    throw new UserInputError(
      '--ou selects from the organization: it cannot be used with --accounts',
    );
  }
  return {
    scope: {
      ...(accounts !== undefined ? { accounts } : {}),
      ...(parentIds !== undefined ? { parentIds } : {}),
      ...(exclude !== undefined ? { exclude } : {}),
    },
    member: {
      roleName: parseRoleName(
        typeof raw.roleName === 'string' ? raw.roleName : DEFAULT_MEMBER_ROLE_NAME,
        '--role-name',
      ),
      ...(typeof raw.externalId === 'string'
        ? { externalId: parseExternalId(raw.externalId, '--external-id') }
        : {}),
    },
    accountConcurrency: parsePositiveInteger(
      String(raw.accountConcurrency),
      '--account-concurrency',
    ),
    maxInFlight: parsePositiveInteger(String(raw.maxInFlight), '--max-in-flight'),
  };
}

/** What a multi-account run needs besides its accounts. */
export interface AccountsRunOptions {
  regions: 'all' | string[];
  services: ServiceName[];
  cost: CostOptions;
  /** Regions at once inside each account. */
  concurrency: number;
  verbosity: Verbosity;
  /** When the run stops waiting (epoch ms, `--deadline`): unfinished accounts are reported so. */
  deadline?: number;
}

/**
 * Selects and audits the accounts. Prints one line per account on stderr as it finishes (not with
 * `--quiet`), and every AWS call with `--verbose`.
 *
 * @throws OrganizationAccessError when the organization cannot be listed (exit 1)
 */
export async function runAccountsAudit(
  accounts: AccountsOptions,
  options: AccountsRunOptions,
  io: CliIo,
  deps: LiveDependencies,
): Promise<AccountsAuditResult> {
  const limiter = new CallLimiter(accounts.maxInFlight);
  const say = (line: string) => {
    // Account names and error text are AWS's: one line, no escape sequences.
    if (options.verbosity !== 'quiet') io.err(`${oneLine(line)}\n`);
  };
  const verbose = options.verbosity === 'verbose';
  const access = deps.accountAccess({
    member: accounts.member,
    limiter,
    ...(verbose ? { stsHooks: callLines('sts', say) } : {}),
  });
  const { auditAccounts, selectAccounts } = deps.live;
  await access.caller();
  const selection = await selectAccounts(
    accounts.scope,
    () => access.organizations(),
    verbose ? callLines('organizations', say) : {},
  );
  const toAudit = selection.accounts.filter((account) => account.action === 'audit').length;
  if (toAudit === 0) {
    // Nothing audited is not "no leaks": a gate on the exit code must not pass on it.
    throw new EmptySelectionError(
      `the organization${selection.organizationId ? ` ${selection.organizationId}` : ''} selected no account to audit: ${selection.accounts.length} account(s) listed${accounts.scope.parentIds ? ` under ${accounts.scope.parentIds.join(',')}` : ''}, none ACTIVE and not excluded`,
    );
  }
  say(
    `auditing ${toAudit} account(s)${selection.organizationId ? ` of ${selection.organizationId}` : ''}${toAudit < selection.accounts.length ? `, ${selection.accounts.length - toAudit} skipped` : ''}`,
  );
  return auditAccounts({
    access,
    selection,
    regions: options.regions,
    services: options.services,
    cost: options.cost,
    accountConcurrency: accounts.accountConcurrency,
    regionConcurrency: options.concurrency,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    progress: {
      ...(options.verbosity === 'verbose'
        ? {
            collect: (accountId: string) => ({
              callFinished: (region, call) => say(callLine(`${accountId} ${region}`, call)),
            }),
          }
        : {}),
      accountFinished: (outcome) =>
        say(
          `account ${outcome.accountId}${outcome.name ? ` (${outcome.name})` : ''}: ${outcome.status}${
            outcome.report
              ? `, ${outcome.report.summary.leakingSubnets} leaking subnet(s), ${outcome.report.errors.length} failed region(s)`
              : outcome.reason
                ? `: ${outcome.reason}`
                : ''
          }`,
        ),
    },
  });
}
