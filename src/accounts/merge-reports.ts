/**
 * One report for many accounts (pure): each account's own report (or why it has none) in, the
 * multi-account report out. Subnets, findings and errors are concatenated account by account (each
 * already carries its `accountId`); the totals cover every account; `accounts[]` says what happened
 * to each selected account.
 */
import { summarize } from '../analysis/analyze';
import { reportCostStatus, withRollup } from '../analysis/rollup';
import type {
  AccountReport,
  AccountStatus,
  CostSummary,
  RegionError,
  Report,
  ReportSummary,
  SecurityHubSummary,
} from '../types';
import { compareText } from '../text-order';

/** What happened to one selected account. */
export interface AccountOutcome {
  accountId: string;
  name?: string;
  status: AccountStatus;
  reason?: string;
  /** The account's own report (`audited` only). */
  report?: Report;
  /** The account's errors when it has no report (`failed`), each with `accountId`. */
  errors?: RegionError[];
  /** The account's own Security Hub export (organization runs with `securityHub=true`). */
  securityHub?: SecurityHubSummary;
}

/** Inputs of {@link mergeAccountReports}. */
export interface MergeInput {
  /** The caller's account. */
  accountId: string;
  organizationId?: string;
  generatedAt: string;
  outcomes: readonly AccountOutcome[];
}

/** The `accounts[]` entry of an outcome. */
export function accountEntry(outcome: AccountOutcome): AccountReport {
  const report = outcome.report;
  const estimated = report?.summary.estimatedMonthlyUsd;
  const costStatus = report ? reportCostStatus(report) : undefined;
  return {
    accountId: outcome.accountId,
    ...(outcome.name !== undefined ? { name: outcome.name } : {}),
    status: outcome.status,
    ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
    regions: report ? [...report.regions] : [],
    summary: {
      subnets: report?.summary.subnets ?? 0,
      leakingSubnets: report?.summary.leakingSubnets ?? 0,
      ...(estimated !== undefined ? { estimatedMonthlyUsd: estimated } : {}),
      ...(costStatus !== undefined ? { costStatus } : {}),
    },
    ...(outcome.securityHub ? { securityHub: outcome.securityHub } : {}),
  };
}

/** The accounts' Security Hub exports summed (undefined when no account exported). */
export function mergeSecurityHub(
  summaries: readonly SecurityHubSummary[],
): SecurityHubSummary | undefined {
  if (summaries.length === 0) return undefined;
  const failed = summaries.filter((summary) => summary.status === 'failed');
  return {
    status: failed.length > 0 ? 'failed' : 'exported',
    imported: summaries.reduce((sum, summary) => sum + summary.imported, 0),
    archived: summaries.reduce((sum, summary) => sum + summary.archived, 0),
    failedFindings: summaries.reduce((sum, summary) => sum + summary.failedFindings, 0),
    errors: summaries.flatMap((summary) => summary.errors),
    ...(failed.length > 0
      ? { message: failed.map((summary) => summary.message ?? 'failed').join('; ') }
      : {}),
  };
}

/** Cents, without binary-fraction noise. */
function roundUsd(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The cost summaries of the accounts as one (windows are the same: one run, one clock). */
function mergeCost(reports: readonly Report[]): CostSummary | undefined {
  const costed = reports.filter((report) => report.summary.cost !== undefined);
  const first = costed[0]?.summary.cost;
  if (!first) return undefined;
  const known = new Set<string>();
  const unknown = new Set<string>();
  const gateways: CostSummary['gateways'] = [];
  const attachments: NonNullable<CostSummary['transitGatewayAttachments']> = [];
  const notes: string[] = [];
  for (const report of costed) {
    const cost = report.summary.cost as CostSummary;
    for (const region of cost.knownRegions) known.add(region);
    for (const region of cost.unknownRegions) unknown.add(region);
    gateways.push(...cost.gateways.map((line) => ({ accountId: report.accountId, ...line })));
    attachments.push(
      ...(cost.transitGatewayAttachments ?? []).map((line) => ({
        accountId: report.accountId,
        ...line,
      })),
    );
    notes.push(...cost.notes.map((note) => `${report.accountId}: ${note}`));
  }
  const merged: CostSummary = {
    ...first,
    partial: costed.some((report) => report.summary.cost?.partial === true),
    knownRegions: [...known].sort(compareText),
    unknownRegions: [...unknown].sort(compareText),
    gateways,
    notes,
  };
  delete merged.transitGatewayAttachments;
  if (attachments.length > 0) merged.transitGatewayAttachments = attachments;
  return merged;
}

/** Merges the outcomes into one report; accounts are listed by id. */
export function mergeAccountReports(input: MergeInput): Report {
  const outcomes = [...input.outcomes].sort((a, b) => compareText(a.accountId, b.accountId));
  const reports = outcomes.flatMap((outcome) => (outcome.report ? [outcome.report] : []));
  const subnets = reports.flatMap((report) => report.subnets);
  const summary: ReportSummary = summarize(subnets);
  const estimates = reports.flatMap((report) =>
    report.summary.estimatedMonthlyUsd === undefined ? [] : [report.summary.estimatedMonthlyUsd],
  );
  const total = roundUsd(estimates.reduce((sum, value) => sum + value, 0));
  // Accounts whose metrics could not be read add nothing known: a total of 0 over them is not $0.
  const unread = reports.some((report) => reportCostStatus(report) === 'unknown');
  if (estimates.length > 0 && !(unread && total === 0)) summary.estimatedMonthlyUsd = total;
  const cost = mergeCost(reports);
  if (cost) summary.cost = cost;
  const errors = outcomes.flatMap((outcome) => [
    ...(outcome.errors ?? []).map((error) => ({ ...error, accountId: outcome.accountId })),
    ...(outcome.report?.errors ?? []).map((error) => ({ ...error, accountId: outcome.accountId })),
  ]);
  const securityHub = mergeSecurityHub(
    outcomes.flatMap((outcome) => (outcome.securityHub ? [outcome.securityHub] : [])),
  );
  // The VPC rollup and the finding order span every account.
  return withRollup({
    schemaVersion: 1,
    generatedAt: input.generatedAt,
    accountId: input.accountId,
    ...(input.organizationId !== undefined ? { organizationId: input.organizationId } : {}),
    accounts: outcomes.map(accountEntry),
    regions: [...new Set(reports.flatMap((report) => report.regions))].sort(compareText),
    summary,
    subnets,
    findings: reports.flatMap((report) => report.findings),
    errors,
    ...(securityHub ? { securityHub } : {}),
  });
}
