/**
 * AuditAccount, one child of the organization state machine's distributed map per account
 * (`handlers/org-audit-account.handler`): the account's audit through its member role. Thin adapter;
 * the work is in src/lambda/org/audit-account-handler.ts.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { awsClientSettings } from '../src/aws-client-settings';
import { defaultAccountAccess } from '../src/accounts/account-access';
import { CallLimiter, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../src/collect/call-limit';
import { loadLambdaConfig, loggableConfig, requiredReportBucket } from '../src/config';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createAuditAccountHandler } from '../src/lambda/org/audit-account-handler';
import { accountSecurityHubClients } from '../src/securityhub/account-clients';
import { exportToSecurityHub } from '../src/securityhub/export';
import { createReportWriter } from '../src/store/report-writer';

const logger = createLogger('org-audit-account');

/** The Lambda entry point. */
export const handler = initialiseHandler(logger, async () => {
  const config = await loadLambdaConfig(process.env, 'orgAuditAccount');
  const bucket = requiredReportBucket(config);
  logger.info('configuration loaded', { config: loggableConfig(config) });
  return createAuditAccountHandler({
    config,
    access: defaultAccountAccess({
      member: config.organization.member,
      limiter: new CallLimiter(DEFAULT_MAX_CALLS_IN_FLIGHT),
    }),
    store: createReportWriter(
      new S3Client({ ...awsClientSettings(), followRegionRedirects: true }),
      bucket,
    ),
    // serverless.yml defines this variable from the securityHub stack parameter while bundling:
    // with 'false' the condition is constant and esbuild drops the export, so the function holds no
    // Security Hub command. Each account exports its own leaks with its own clients' credentials.
    ...(process.env.VPCE_AUDITOR_BUNDLE_SECURITY_HUB !== 'false' && config.securityHub
      ? {
          exportSecurityHub: (report, clients) =>
            exportToSecurityHub(report, accountSecurityHubClients(report.accountId, clients)),
        }
      : {}),
    logger,
  });
});
