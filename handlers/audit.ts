/**
 * The scheduled audit function (EventBridge nightly rule, or a manual invoke overriding `regions`
 * and `services`). Thin adapter: configuration and clients are built once per cold start; the work
 * is in src/lambda/audit-handler.ts.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { auditLive } from '../src/audit-live';
import { cloudWatchOf, defaultClientFactory } from '../src/collect/client-factory';
import { loadConfig, regionOfTopicArn } from '../src/config';
import { createAuditHandler } from '../src/lambda/audit-handler';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';

const logger = createLogger('audit');

/** The Lambda entry point: `handlers/audit.handler`. */
export const handler = initialiseHandler(logger, () => {
  const config = loadConfig(process.env);
  logger.info('configuration loaded', { config });
  const clients = defaultClientFactory();
  return createAuditHandler({
    config,
    clients,
    regionalCloudwatch: cloudWatchOf(clients),
    auditLive,
    ...(config.snsTopicArn
      ? { sns: new SNSClient({ region: regionOfTopicArn(config.snsTopicArn) }) }
      : {}),
    cloudwatch: new CloudWatchClient({}),
    logger,
  });
});
