/**
 * The remediate function (manual invoke only). Thin adapter: configuration (with the endpoint policy
 * file) and clients are built once per cold start; src/lambda/remediate-handler.ts validates the
 * payload, plans, and applies only with `{"dryRun": false}`.
 */
import { awsClientSettings } from '../src/aws-client-settings';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultClientFactory } from '../src/collect/client-factory';
import { loadLambdaConfig, loggableConfig, regionOfTopicArn } from '../src/config';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createRemediateHandler } from '../src/lambda/remediate-handler';
import { remediateLive } from '../src/remediation/remediate-live';
import { createReportWriter } from '../src/store/report-writer';

const logger = createLogger('remediate');

/** The Lambda entry point: `handlers/remediate.handler`. */
export const handler = initialiseHandler(logger, async () => {
  const config = await loadLambdaConfig(process.env, 'remediate');
  logger.info('configuration loaded', { config: loggableConfig(config) });
  return createRemediateHandler({
    config,
    clients: defaultClientFactory(),
    remediateLive,
    ...(config.snsTopicArn
      ? {
          sns: new SNSClient({
            ...awsClientSettings(),
            region: regionOfTopicArn(config.snsTopicArn),
          }),
        }
      : {}),
    ...(config.reportBucket
      ? {
          store: createReportWriter(
            new S3Client({ ...awsClientSettings(), followRegionRedirects: true }),
            config.reportBucket,
          ),
        }
      : {}),
    cloudwatch: new CloudWatchClient(awsClientSettings()),
    logger,
  });
});
