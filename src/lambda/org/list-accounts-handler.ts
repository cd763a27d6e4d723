/**
 * The ListAccounts function of the organization state machine: selects the accounts (the
 * organization's, or those under `ORGANIZATIONAL_UNITS`, minus `EXCLUDE_ACCOUNTS`; suspended and
 * closing ones skipped; the `vpce-auditor:exempt` tag read), writes the JSON array the distributed
 * map reads (`runs/<runId>/accounts.json`: `{accountId, name}` per account to audit) and the whole
 * selection (`runs/<runId>/selection.json`, for the Aggregate step).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { resolveExemptions, selectAccounts } from '../../accounts/select-accounts';
import { runIdOf, runKey } from '../../store/report-keys';
import type { ReportWriter } from '../../store/report-writer';
import { addLambdaContext, errorSummary, type LambdaHandler } from '../cold-start';
import type { Settings } from '../../config';
import { ListAccountsPayloadSchema, parsePayload, type ListAccountsResult } from './org-payloads';
import type { RunSelection } from './run-selection';

/** What the ListAccounts handler needs, built once by the caller. */
export interface ListAccountsDeps {
  /** The configuration: the accounts it selects (`organization.scope`). */
  config: Pick<Settings, 'organization'>;
  organizations: OrganizationsClient;
  /** The account the function runs in (STS `GetCallerIdentity`). */
  callerAccountId: () => Promise<string>;
  store: ReportWriter;
  logger: Logger;
  /** The clock (tests). */
  now?: () => Date;
}

/** Builds the ListAccounts handler. */
export function createListAccountsHandler(
  deps: ListAccountsDeps,
): LambdaHandler<ListAccountsResult> {
  const { config, organizations, store, logger } = deps;
  return async (event, context) => {
    addLambdaContext(logger, context);
    const payload = parsePayload(ListAccountsPayloadSchema, event, 'ListAccounts payload');
    const startedAt = payload.startTime ?? (deps.now?.() ?? new Date()).toISOString();
    const runId = runIdOf(
      startedAt,
      payload.executionName ?? context?.awsRequestId ?? Math.random().toString(36).slice(2),
    );
    try {
      const callerAccountId = await deps.callerAccountId();
      const selected = await selectAccounts(config.organization.scope, () => organizations);
      const selection = await resolveExemptions(selected, organizations);
      const toAudit = selection.accounts
        .filter((account) => account.action === 'audit')
        .map((account) => ({
          accountId: account.accountId,
          ...(account.name !== undefined ? { name: account.name } : {}),
        }));
      const accountsKey = runKey(runId, 'accounts.json');
      const selectionKey = runKey(runId, 'selection.json');
      const record: RunSelection = {
        runId,
        startedAt,
        accountId: callerAccountId,
        ...(selection.organizationId !== undefined
          ? { organizationId: selection.organizationId }
          : {}),
        accounts: selection.accounts,
      };
      await store.putJson(selectionKey, record);
      await store.putJson(accountsKey, toAudit);
      logger.info('accounts selected', {
        runId,
        organizationId: selection.organizationId,
        toAudit: toAudit.length,
        notAudited: selection.accounts.length - toAudit.length,
      });
      return { runId, bucket: store.bucket, accountsKey, selectionKey, accounts: toAudit.length };
    } catch (error) {
      logger.error('listing the accounts failed', { runId, ...errorSummary(error) });
      throw error;
    }
  };
}
