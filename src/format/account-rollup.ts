/**
 * The per-account rollup that opens the table and markdown of a multi-account report: one row per
 * selected account (account, name, status, leaking subnets, estimated $/month, failed regions),
 * ranked by dollars, then leaking subnets, then id.
 */
import { escapeHtml, markdownText } from './safe-text';
import type { AccountReport, Report } from '../types';
import { formatUsd } from './labels';

/** Operations whose failure is the whole account's rather than one region's. */
const ACCOUNT_OPERATIONS = new Set(['AssumeRole', 'ListAccounts', 'ListTagsForResource']);

/** One row of the rollup. */
export interface AccountRollupRow {
  account: AccountReport;
  /** The regions of the account that failed, sorted (`failed` accounts: the failed operation). */
  failed: string[];
}

/** The accounts of a multi-account report, ranked by dollars (unknown last), leaks, then id. */
export function accountRollup(report: Report): AccountRollupRow[] {
  const failedOf = new Map<string, Set<string>>();
  for (const error of report.errors) {
    if (error.accountId === undefined) continue;
    let failed = failedOf.get(error.accountId);
    if (!failed) failedOf.set(error.accountId, (failed = new Set()));
    failed.add(ACCOUNT_OPERATIONS.has(error.operation) ? error.operation : error.region);
  }
  return [...(report.accounts ?? [])]
    .sort(
      (a, b) =>
        (b.summary.estimatedMonthlyUsd ?? -1) - (a.summary.estimatedMonthlyUsd ?? -1) ||
        b.summary.leakingSubnets - a.summary.leakingSubnets ||
        (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0),
    )
    .map((account) => ({
      account,
      failed: [...(failedOf.get(account.accountId) ?? [])].sort(),
    }));
}

/**
 * An account's dollars in the words the VPC rows use: `~$12.00`, `no data`, `unknown` (never $0.00
 * where its metrics had no data points or could not be read); empty when not estimated.
 */
export function accountCostText(account: AccountReport): string {
  const { estimatedMonthlyUsd: usd, costStatus } = account.summary;
  if (costStatus === 'no-data') return 'no data';
  if (costStatus === 'unknown') return 'unknown';
  return usd === undefined ? '' : `~${formatUsd(usd)}`;
}

/** The rollup's cells, one row per account. */
function cells(report: Report): string[][] {
  return accountRollup(report).map(({ account, failed }) => [
    account.accountId,
    account.name ?? '',
    account.status,
    account.status === 'audited' ? String(account.summary.leakingSubnets) : '',
    accountCostText(account),
    failed.join(', '),
  ]);
}

const HEADERS = ['ACCOUNT', 'NAME', 'STATUS', 'LEAKING SUBNETS', '$/MONTH', 'FAILED'];

/** The rollup as aligned text lines (empty for a single-account report). */
export function accountRollupLines(
  report: Report,
  render: (rows: readonly (readonly string[])[], indent?: string) => string[],
): string[] {
  if (!report.accounts) return [];
  return [
    `Accounts (${report.accounts.length})${report.organizationId ? ` of ${report.organizationId}` : ''}, by estimated $/month:`,
    ...render([HEADERS, ...cells(report)], '  '),
    '',
  ];
}

/** The rollup as a markdown table (empty for a single-account report). */
export function accountRollupMarkdown(report: Report): string[] {
  if (!report.accounts) return [];
  return [
    `### Accounts (${report.accounts.length})${report.organizationId ? ` of ${markdownText(report.organizationId)}` : ''}`,
    '',
    '| Account | Name | Status | Leaking subnets | Est. $/month | Failed |',
    '| --- | --- | --- | ---: | ---: | --- |',
    ...cells(report).map((row) => `| ${row.map(markdownText).join(' | ')} |`),
    '',
  ];
}

/**
 * The rollup as an HTML section (empty for a single-account report): every account with its status,
 * so failed, exempt and skipped accounts are as visible as the audited ones, with why.
 */
export function accountRollupHtml(report: Report): string[] {
  if (!report.accounts) return [];
  const rows = accountRollup(report);
  const reasons = new Map(rows.map(({ account }) => [account.accountId, account.reason ?? '']));
  return [
    `<h2 id="accounts">Accounts (${report.accounts.length})${report.organizationId ? ` of <code>${escapeHtml(report.organizationId)}</code>` : ''}</h2>`,
    '<table id="accounts-table"><thead><tr><th>Account</th><th>Name</th><th>Status</th><th class="num">Leaking subnets</th><th class="num">Est. $/month</th><th>Failed</th><th>Why</th></tr></thead><tbody>',
    ...cells(report).map(
      ([id = '', name = '', status = '', leaking = '', usd = '', failed = '']) =>
        `<tr class="account status-${escapeHtml(status)}" data-account="${escapeHtml(id)}" data-status="${escapeHtml(status)}"><td><code>${escapeHtml(id)}</code></td><td>${escapeHtml(name)}</td><td>${escapeHtml(status)}</td><td class="num">${escapeHtml(leaking)}</td><td class="num">${escapeHtml(usd)}</td><td>${escapeHtml(failed)}</td><td>${escapeHtml(reasons.get(id) ?? '')}</td></tr>`,
    ),
    '</tbody></table>',
  ];
}
