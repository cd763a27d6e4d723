/**
 * The live audit of many accounts: every selected account in parallel (bounded), each through its
 * own credentials, its regions collected and analysed as a single-account audit, its NAT metrics
 * read with its own credentials; then one merged report and the multi-account snapshot. Nothing
 * about one account stops another: a refused role, an unreadable tag or a failing region becomes an
 * error of that account.
 */
import { DEFAULT_ACCOUNT_CONCURRENCY } from './account-ids';
import { awsErrorMessage, regionErrorOf } from '../aws-errors';
import { auditLive } from '../audit-live';
import { hooksFor, type CollectProgress } from '../collect/progress-hooks';
import type { AwsClientFactory } from '../collect/client-factory';
import { mapWithConcurrency } from '../collect/concurrency';
import { beforeDeadline, DeadlineExceededError } from '../collect/deadline';
import { ServicePrefixListCache } from '../collect/service-prefix-list-cache';
import {
  AccountAccessError,
  CollectCallError,
  UnknownRegionError,
} from '../collect/collect-errors';
import { withCostEstimate, type CostOptions } from '../cost/cost-options';
import type { OrganizationSnapshot, AccountSnapshot } from '../snapshot/organization-snapshot';
import type { Snapshot } from '../snapshot/schema';
import type { RegionError, Report, ServiceName } from '../types';
import type { AccountAccess } from './account-access';
import { mergeAccountReports, type AccountOutcome } from './merge-reports';
import { ownedSubnetsOnly } from './owned-subnets';
import { AssumeRoleError } from './organization-errors';
import { isAccountExempt } from './organization';
import { EXEMPT_REASON } from './select-accounts';
import type { AccountSelection, SelectedAccount } from './selection';

export { DEFAULT_ACCOUNT_CONCURRENCY };

/** Told about each account as the run goes (a progress display, a log). */
export interface AccountsProgress {
  /** The region progress of one account's collection. */
  collect?(accountId: string): CollectProgress;
  /** An account is done (whatever its status). */
  accountFinished?(outcome: AccountOutcome): void;
}

/** What auditing one account needs. */
export interface AccountAuditOptions {
  access: AccountAccess;
  regions: 'all' | string[];
  services: ServiceName[];
  cost: CostOptions;
  /** Regions at once inside each account (default: the single-account default). */
  regionConcurrency?: number;
  progress?: AccountsProgress;
  /** The run's shared reads of the services' prefix lists ({@link auditAccounts} makes one). */
  servicePrefixLists?: ServicePrefixListCache;
  /**
   * Epoch ms after which no region is started, regions still collecting become `DeadlineExceeded`
   * errors and the cost estimate is skipped (a Lambda keeps time to store what it has).
   */
  deadline?: number;
}

/** Options of {@link auditAccounts}. */
export interface AuditAccountsOptions extends AccountAuditOptions {
  selection: AccountSelection;
  /** Accounts at once (default {@link DEFAULT_ACCOUNT_CONCURRENCY}). */
  accountConcurrency?: number;
}

/** The merged report and the multi-account snapshot it came from. */
export interface AccountsAuditResult {
  report: Report;
  snapshot: OrganizationSnapshot;
}

/** One account's audit: its outcome and, when collected, its snapshot and collection errors. */
export interface AccountAuditResult {
  outcome: AccountOutcome;
  snapshot?: Snapshot;
  /** The clients the account was audited with (when it was reached): its later calls reuse them. */
  clients?: AwsClientFactory;
}

function accountError(
  accountId: string,
  region: string,
  operation: string,
  error: unknown,
): RegionError {
  const cause =
    error instanceof CollectCallError ||
    error instanceof AssumeRoleError ||
    error instanceof AccountAccessError
      ? error.cause
      : error;
  return { accountId, ...regionErrorOf(region, operation, cause) };
}

function failed(
  account: SelectedAccount,
  errors: RegionError[],
  reason: string,
): AccountAuditResult {
  return {
    outcome: {
      accountId: account.accountId,
      ...(account.name !== undefined ? { name: account.name } : {}),
      status: 'failed',
      reason,
      errors,
    },
  };
}

/**
 * The live audit of one account's regions. A requested region that this account has not enabled
 * becomes an error of that region (another account of the run may have it), not a usage error.
 */
async function auditRegions(
  clients: AwsClientFactory,
  options: AccountAuditOptions,
  accountId: string,
  progress: CollectProgress | undefined,
): Promise<{ report: Report; snapshot: Snapshot }> {
  const common = {
    services: options.services,
    clients,
    // Known already (the role's ARN names it): saves a GetCallerIdentity per account.
    accountId,
    ...(options.regionConcurrency !== undefined ? { concurrency: options.regionConcurrency } : {}),
    ...(progress ? { progress } : {}),
    ...(options.servicePrefixLists ? { servicePrefixLists: options.servicePrefixLists } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  };
  try {
    return await auditLive({ ...common, regions: options.regions });
  } catch (error) {
    if (!(error instanceof UnknownRegionError) || options.regions === 'all') throw error;
    const enabled = options.regions.filter((region) => error.enabled.includes(region));
    const audited = await auditLive({ ...common, regions: enabled });
    const missing = error.regions.map((region): RegionError => ({
      accountId,
      region,
      operation: 'DescribeRegions',
      code: 'RegionNotEnabled',
      message: `${region} is not an enabled region of account ${accountId}`,
    }));
    const report = {
      ...audited.report,
      regions: [...audited.report.regions, ...error.regions].sort(),
      errors: [...audited.report.errors, ...missing],
    };
    return { report, snapshot: audited.snapshot };
  }
}

/**
 * Audits one selected account: its exemption tag (with `isExempt`, when the accounts were listed
 * from Organizations), its credentials, its regions, its cost estimate. Never throws for a failure
 * of the account itself.
 */
export async function auditOneAccount(
  account: SelectedAccount,
  options: AccountAuditOptions,
  isExempt?: (accountId: string) => Promise<boolean>,
): Promise<AccountAuditResult> {
  const base = {
    accountId: account.accountId,
    ...(account.name !== undefined ? { name: account.name } : {}),
  };
  if (account.action !== 'audit') {
    return {
      outcome: {
        ...base,
        status: account.action,
        ...(account.reason ? { reason: account.reason } : {}),
      },
    };
  }
  const home = (await options.access.caller()).region;
  if (isExempt) {
    try {
      if (await isExempt(account.accountId)) {
        return {
          outcome: { ...base, status: 'exempt', reason: EXEMPT_REASON },
        };
      }
    } catch (error) {
      return failed(
        account,
        [accountError(account.accountId, home, 'ListTagsForResource', error)],
        'its Organizations tags could not be read',
      );
    }
  }
  let clients: AwsClientFactory;
  try {
    clients = await options.access.clientsFor(account.accountId);
  } catch (error) {
    if (!(error instanceof AssumeRoleError)) throw error;
    return failed(
      account,
      [accountError(account.accountId, home, 'AssumeRole', error)],
      error.message,
    );
  }
  // One progress for the account's collection and its cost reads (--verbose lists both).
  const progress = options.progress?.collect?.(account.accountId);
  let audited: { report: Report; snapshot: Snapshot };
  try {
    audited = await auditRegions(clients, options, account.accountId, progress);
  } catch (error) {
    const operation = error instanceof CollectCallError ? error.operation : 'DescribeRegions';
    return failed(
      account,
      [accountError(account.accountId, home, operation, error)],
      `the account could not be reached: ${awsErrorMessage(error)}`,
    );
  }
  // A subnet shared with this account (AWS RAM) is its owner's: counted in the owner's report.
  const report = ownedSubnetsOnly(
    await estimateBeforeDeadline(audited, clients, options, progress),
  );
  return {
    outcome: { ...base, status: 'audited', report },
    snapshot: audited.snapshot,
    clients,
  };
}

/** The account's report with its cost estimate, or without it when the deadline came first. */
async function estimateBeforeDeadline(
  { report, snapshot }: { report: Report; snapshot: Snapshot },
  clients: AwsClientFactory,
  options: AccountAuditOptions,
  progress: CollectProgress | undefined,
): Promise<Report> {
  const hooks = progress ? (region: string) => hooksFor(region, progress) : undefined;
  try {
    return await beforeDeadline(options.deadline, 'the cost estimate', () =>
      // The account's existing flow logs measure its NAT gateways (read with its own credentials).
      withCostEstimate(report, options.cost, {
        cloudwatch: (region) => clients.cloudwatch(region),
        ...(hooks ? { hooks } : {}),
        ec2: (region) => clients.ec2(region),
        flowLogs: { snapshot, logs: (region) => clients.logs(region) },
      }),
    );
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    return report;
  }
}

function snapshotEntry(result: AccountAuditResult): AccountSnapshot {
  const { outcome } = result;
  return {
    accountId: outcome.accountId,
    ...(outcome.name !== undefined ? { name: outcome.name } : {}),
    ...(outcome.status !== 'audited' ? { status: outcome.status } : {}),
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    regions: result.snapshot?.regions ?? {},
    // What the collection could not read (an analysis error comes back when the snapshot is read).
    errors: result.snapshot
      ? (outcome.report?.errors ?? []).filter(
          (error) => result.snapshot?.regions[error.region] === undefined,
        )
      : (outcome.errors ?? []),
  };
}

/** Builds the multi-account snapshot of a run. */
export function organizationSnapshotOf(
  results: readonly AccountAuditResult[],
  meta: { accountId: string; organizationId?: string; collectedAt: string },
): OrganizationSnapshot {
  const accounts: Record<string, AccountSnapshot> = {};
  for (const result of [...results].sort((a, b) =>
    a.outcome.accountId < b.outcome.accountId ? -1 : 1,
  )) {
    accounts[result.outcome.accountId] = snapshotEntry(result);
  }
  return {
    schemaVersion: 1,
    ...(meta.organizationId !== undefined ? { organizationId: meta.organizationId } : {}),
    accountId: meta.accountId,
    collectedAt: meta.collectedAt,
    accounts,
  };
}

/**
 * Audits every selected account, `accountConcurrency` at once.
 *
 * @throws AccountAccessError when the caller's own identity cannot be read (no credentials)
 */
export async function auditAccounts(options: AuditAccountsOptions): Promise<AccountsAuditResult> {
  const collectedAt = new Date().toISOString();
  const caller = await options.access.caller();
  const org = options.selection.fromOrganization ? options.access.organizations() : undefined;
  // Every account of the run sees the same AWS-managed service lists: read once per region.
  const shared = { ...options, servicePrefixLists: new ServicePrefixListCache() };
  const results = await mapWithConcurrency(
    options.selection.accounts,
    options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
    async (account) => {
      const result = await auditOneAccount(
        account,
        shared,
        org ? (accountId) => isAccountExempt(org, accountId) : undefined,
      );
      options.progress?.accountFinished?.(result.outcome);
      return result;
    },
  );
  const meta = {
    accountId: caller.accountId,
    ...(options.selection.organizationId !== undefined
      ? { organizationId: options.selection.organizationId }
      : {}),
  };
  return {
    report: mergeAccountReports({
      ...meta,
      generatedAt: new Date().toISOString(),
      outcomes: results.map((result) => result.outcome),
    }),
    snapshot: organizationSnapshotOf(results, { ...meta, collectedAt }),
  };
}
