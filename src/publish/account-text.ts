/**
 * The accounts section of a multi-account message: the accounts ranked by estimated dollars, the
 * failed ones with why, and how many were exempt or skipped.
 */
import { accountCostText } from '../format/account-rollup';
import { formatUsd } from '../format/labels';
import type { AccountReport, Report } from '../types';

/** `, up to $12.00/month`, `, $/month: no data` or `unknown` (never $0.00 for missing data), or nothing. */
function costWords(account: AccountReport): string {
  const usd = account.summary.estimatedMonthlyUsd;
  const { costStatus } = account.summary;
  if (costStatus === 'no-data' || costStatus === 'unknown')
    return `, $/month: ${accountCostText(account)}`;
  return usd === undefined ? '' : `, up to ${formatUsd(usd)}/month`;
}

/** The lines of the accounts section (none for a single-account report). */
export function accountSectionLines(report: Report, maxAccounts = 20): string[] {
  const accounts = report.accounts;
  if (!accounts) return [];
  const byStatus = (status: AccountReport['status']) =>
    accounts.filter((account) => account.status === status);
  const audited = byStatus('audited').sort(
    (a, b) =>
      (b.summary.estimatedMonthlyUsd ?? -1) - (a.summary.estimatedMonthlyUsd ?? -1) ||
      b.summary.leakingSubnets - a.summary.leakingSubnets ||
      (a.accountId < b.accountId ? -1 : 1),
  );
  const failed = byStatus('failed');
  const label = (account: AccountReport) =>
    `${account.accountId}${account.name ? ` (${account.name})` : ''}`;
  const lines = [
    `Accounts: ${audited.length} audited, ${failed.length} failed, ${byStatus('exempt').length} exempt, ${byStatus('skipped').length} skipped${report.organizationId ? ` (organization ${report.organizationId})` : ''}`,
  ];
  const shown = audited.filter((account) => account.summary.leakingSubnets > 0);
  if (shown.length > 0) {
    lines.push('Accounts with leaks, by estimated $/month:');
    for (const account of shown.slice(0, maxAccounts)) {
      lines.push(
        `- ${label(account)}: ${account.summary.leakingSubnets} leaking subnet(s)${costWords(account)}`,
      );
    }
    if (shown.length > maxAccounts) lines.push(`- ... and ${shown.length - maxAccounts} more`);
  }
  if (failed.length > 0) {
    lines.push(`Failed accounts (${failed.length}): not audited, see the errors below.`);
    for (const account of failed.slice(0, maxAccounts)) {
      lines.push(`- ${label(account)}: ${(account.reason ?? 'failed').slice(0, 200)}`);
    }
    if (failed.length > maxAccounts) lines.push(`- ... and ${failed.length - maxAccounts} more`);
  }
  lines.push('');
  return lines;
}
