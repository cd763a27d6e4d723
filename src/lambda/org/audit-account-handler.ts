/**
 * The AuditAccount function, one child of the distributed map per account: assumes the account's
 * member role (the function's own account with its own role), audits the configured regions with
 * the cost estimate, writes the account's report to `runs/<runId>/accounts/<accountId>.json` and
 * returns a summary of a few hundred bytes. A refused role or failing regions are the account's
 * result, not a failure of the function.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AccountAccess } from '../../accounts/account-access';
import { auditOneAccount } from '../../accounts/audit-accounts';
import type { Config } from '../../config';
import { runKey } from '../../store/report-keys';
import type { ReportWriter } from '../../store/report-writer';
import { addLambdaContext, type LambdaHandler } from '../cold-start';
import { AuditAccountPayloadSchema, parsePayload, type AccountSummary } from './org-payloads';
import type { AccountOutcome } from '../../accounts/merge-reports';

/** What the AuditAccount handler needs, built once by the caller. */
export interface AuditAccountDeps {
  config: Config;
  access: AccountAccess;
  store: ReportWriter;
  logger: Logger;
}

/** The longest first error a summary carries. */
const MAX_ERROR_TEXT = 500;

/** The summary the map keeps for an account (a fixed set of short fields). */
export function accountSummaryOf(outcome: AccountOutcome, key: string): AccountSummary {
  const report = outcome.report;
  const errors = report?.errors ?? outcome.errors ?? [];
  const first = errors[0];
  const estimated = report?.summary.estimatedMonthlyUsd;
  return {
    accountId: outcome.accountId,
    ...(outcome.name !== undefined ? { name: outcome.name.slice(0, 100) } : {}),
    status: outcome.status,
    ...(outcome.reason !== undefined ? { reason: outcome.reason.slice(0, MAX_ERROR_TEXT) } : {}),
    subnets: report?.summary.subnets ?? 0,
    leakingSubnets: report?.summary.leakingSubnets ?? 0,
    ...(estimated !== undefined ? { estimatedMonthlyUsd: estimated } : {}),
    regions: report?.regions.length ?? 0,
    errors: errors.length,
    ...(first
      ? {
          firstError: `${first.region} ${first.operation}: ${first.code}: ${first.message}`.slice(
            0,
            MAX_ERROR_TEXT,
          ),
        }
      : {}),
    key,
  };
}

/** Builds the AuditAccount handler. */
export function createAuditAccountHandler(deps: AuditAccountDeps): LambdaHandler<AccountSummary> {
  const { config, access, store, logger } = deps;
  return async (event, context) => {
    addLambdaContext(logger, context);
    const { runId, account } = parsePayload(
      AuditAccountPayloadSchema,
      event,
      'AuditAccount payload',
    );
    const { outcome } = await auditOneAccount(
      { ...account, action: 'audit' },
      { access, regions: config.regions, services: config.services, cost: config.cost },
      undefined,
    );
    const key = runKey(runId, 'accounts', `${account.accountId}.json`);
    await store.putJson(key, outcome);
    const summary = accountSummaryOf(outcome, key);
    logger.info('account audited', { runId, summary });
    return summary;
  };
}
