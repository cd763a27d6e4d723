/**
 * The offline audit of a multi-account snapshot (pure): each collected account analysed as a
 * single-account snapshot, the accounts that were not collected listed with their status, and the
 * collection errors the snapshot kept; the same merge as the live run, so the verdicts and
 * `accounts[]` are those of the run that wrote the snapshot.
 */
import { analyzeSnapshot } from '../analysis/analyze';
import {
  accountSnapshotOf,
  type AccountSnapshot,
  type OrganizationSnapshot,
} from '../snapshot/organization-snapshot';
import type { Report, ServiceName } from '../types';
import { mergeAccountReports, type AccountOutcome } from './merge-reports';
import { ownedSubnetsOnly } from './owned-subnets';

/** Options of {@link auditOrganizationSnapshot}. */
export interface OrganizationSnapshotAuditOptions {
  services: readonly ServiceName[];
  /** Only these regions of each account (default: every region collected). */
  regions?: readonly string[];
  generatedAt?: string;
}

function outcomeOf(
  snapshot: OrganizationSnapshot,
  account: AccountSnapshot,
  options: OrganizationSnapshotAuditOptions,
  generatedAt: string,
): AccountOutcome {
  const base = {
    accountId: account.accountId,
    ...(account.name !== undefined ? { name: account.name } : {}),
    ...(account.reason !== undefined ? { reason: account.reason } : {}),
  };
  const status = account.status ?? 'audited';
  if (status !== 'audited') return { ...base, status, errors: account.errors };
  const collected = Object.keys(account.regions).filter(
    (region) => !options.regions || options.regions.includes(region),
  );
  const failed = account.errors
    .map((error) => error.region)
    .filter((region) => !options.regions || options.regions.includes(region));
  // The errors the collection recorded come back through analyzeSnapshot, analysis errors anew.
  const report = analyzeSnapshot(accountSnapshotOf(snapshot, account), {
    services: options.services,
    regions: [...new Set([...collected, ...failed])],
    generatedAt,
  });
  // As the live run: a subnet shared with the account is counted in its owner's report.
  return { ...base, status, report: ownedSubnetsOnly(report) };
}

/** Analyses every account of a multi-account snapshot into one report. */
export function auditOrganizationSnapshot(
  snapshot: OrganizationSnapshot,
  options: OrganizationSnapshotAuditOptions,
): Report {
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  return mergeAccountReports({
    accountId: snapshot.accountId ?? Object.keys(snapshot.accounts).sort()[0] ?? 'unknown',
    ...(snapshot.organizationId !== undefined ? { organizationId: snapshot.organizationId } : {}),
    generatedAt,
    outcomes: Object.values(snapshot.accounts).map((account) =>
      outcomeOf(snapshot, account, options, generatedAt),
    ),
  });
}
