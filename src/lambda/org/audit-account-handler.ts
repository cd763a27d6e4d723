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
import type { AwsClientFactory } from '../../collect/client-factory';
import type { Config } from '../../config';
import type { SecurityHubExport } from '../../securityhub/export';
import type { Report, SecurityHubSummary } from '../../types';
import { runKey } from '../../store/report-keys';
import type { ReportWriter } from '../../store/report-writer';
import { deadlineOf } from '../run-deadline';
import { addLambdaContext, errorSummary, type LambdaHandler } from '../cold-start';
import { AuditAccountPayloadSchema, parsePayload, type AccountSummary } from './org-payloads';
import type { AccountOutcome } from '../../accounts/merge-reports';

/** What the AuditAccount handler needs, built once by the caller. */
export interface AuditAccountDeps {
  config: Config;
  access: AccountAccess;
  store: ReportWriter;
  logger: Logger;
  /**
   * Imports the account's leaks into its own Security Hub and archives its gone ones, with the
   * clients the account was audited with (`SECURITY_HUB=true`); absent = no export.
   */
  exportSecurityHub?: (report: Report, clients: AwsClientFactory) => Promise<SecurityHubExport>;
}

/** The export's summary as stored in the account's result (refused findings counted). */
export function securityHubSummaryOf(exported: SecurityHubExport): SecurityHubSummary {
  return {
    status: 'exported',
    imported: exported.imported,
    archived: exported.archived,
    failedFindings: exported.failedFindings.length,
    errors: exported.errors,
  };
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
    ...(outcome.securityHub
      ? {
          securityHub: {
            status: outcome.securityHub.status,
            imported: outcome.securityHub.imported,
            archived: outcome.securityHub.archived,
            failedFindings: outcome.securityHub.failedFindings,
            errors: outcome.securityHub.errors.length,
          },
        }
      : {}),
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
    // A minute before the function's timeout, what is collected is stored: a hung region becomes
    // the account's `DeadlineExceeded` error, not a lost account.
    const deadline = deadlineOf(context);
    const audited = await auditOneAccount(
      { ...account, action: 'audit' },
      {
        access,
        regions: config.regions,
        services: config.services,
        cost: config.cost,
        ...(deadline !== undefined ? { deadline } : {}),
      },
      undefined,
    );
    let outcome = audited.outcome;
    if (deps.exportSecurityHub && outcome.report && audited.clients) {
      const securityHub = await exportAccount(deps.exportSecurityHub, outcome.report, {
        clients: audited.clients,
        logger,
      });
      outcome = { ...outcome, securityHub };
    }
    const key = runKey(runId, 'accounts', `${account.accountId}.json`);
    await store.putJson(key, outcome);
    const summary = accountSummaryOf(outcome, key);
    logger.info('account audited', { runId, summary });
    return summary;
  };
}

/** The account's export; its failure is the account's result (logged), never the audit's. */
async function exportAccount(
  exportSecurityHub: NonNullable<AuditAccountDeps['exportSecurityHub']>,
  report: Report,
  { clients, logger }: { clients: AwsClientFactory; logger: Logger },
): Promise<SecurityHubSummary> {
  try {
    const exported = await exportSecurityHub(report, clients);
    const summary = securityHubSummaryOf(exported);
    logger.info('security hub', {
      imported: summary.imported,
      archived: summary.archived,
      failedFindings: summary.failedFindings,
      archiveSkipped: exported.archiveSkipped,
    });
    for (const error of summary.errors) logger.warn('security hub export error', { error });
    for (const refused of exported.failedFindings.slice(0, 20)) {
      logger.warn('security hub refused a finding', { finding: refused });
    }
    return summary;
  } catch (error) {
    const { message } = errorSummary(error);
    logger.error('security hub export failed', { message });
    return { status: 'failed', imported: 0, archived: 0, failedFindings: 0, errors: [], message };
  }
}
