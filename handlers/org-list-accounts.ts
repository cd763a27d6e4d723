/**
 * ListAccounts, first step of the organization state machine (`handlers/org-list-accounts.handler`):
 * the accounts to audit, written to the report bucket for the distributed map. Thin adapter; the work
 * is in src/lambda/org/list-accounts-handler.ts.
 */
import { awsClientSettings, clientTimeouts } from '../src/aws-client-settings';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_MAX_ATTEMPTS } from '../src/collect/client-factory';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createListAccountsHandler } from '../src/lambda/org/list-accounts-handler';
import { loadConfig, requiredReportBucket } from '../src/config';
import { createReportWriter } from '../src/store/report-writer';

const logger = createLogger('org-list-accounts');

/** The Lambda entry point. */
export const handler = initialiseHandler(logger, () => {
  const config = loadConfig(process.env, 'orgListAccounts');
  const bucket = requiredReportBucket(config);
  logger.info('configuration loaded', { config });
  return createListAccountsHandler({
    config,
    organizations: new OrganizationsClient({
      ...awsClientSettings(undefined, {
        maxAttempts: clientTimeouts().maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      }),
    }),
    callerAccountId: async () =>
      (await new STSClient(awsClientSettings()).send(new GetCallerIdentityCommand({}))).Account ??
      'unknown',
    store: createReportWriter(
      new S3Client({ ...awsClientSettings(), followRegionRedirects: true }),
      bucket,
    ),
    logger,
  });
});
