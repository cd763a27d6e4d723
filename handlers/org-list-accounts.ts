/**
 * ListAccounts, first step of the organization state machine (`handlers/org-list-accounts.handler`):
 * the accounts to audit, written to the report bucket for the distributed map. Thin adapter; the work
 * is in src/lambda/org/list-accounts-handler.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { defaultAccountAccess } from '../src/accounts/account-access';
import { CallLimiter, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../src/collect/call-limit';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createListAccountsHandler } from '../src/lambda/org/list-accounts-handler';
import { parseOrganizationConfig } from '../src/lambda/org/org-config';
import { createReportStore } from '../src/store/report-store';

const logger = createLogger('org-list-accounts');

/** The Lambda entry point. */
export const handler = initialiseHandler(logger, () => {
  const config = parseOrganizationConfig(process.env);
  logger.info('configuration loaded', { config });
  return createListAccountsHandler({
    config,
    access: defaultAccountAccess({
      member: config.member,
      limiter: new CallLimiter(DEFAULT_MAX_CALLS_IN_FLIGHT),
    }),
    store: createReportStore(new S3Client({ followRegionRedirects: true }), config.reportBucket),
    logger,
  });
});
