/**
 * Aggregate, last step of the organization state machine (`handlers/org-aggregate.handler`): one
 * report, one SNS message and the metrics for the whole organization. Thin adapter; the work is in
 * src/lambda/org/aggregate-handler.ts.
 */
import { awsClientSettings } from '../src/aws-client-settings';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  loadLambdaConfig,
  loggableConfig,
  regionOfTopicArn,
  requiredReportBucket,
} from '../src/config';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createAggregateHandler } from '../src/lambda/org/aggregate-handler';
import { createReportStore } from '../src/store/report-store';

const logger = createLogger('org-aggregate');

/** The Lambda entry point. */
export const handler = initialiseHandler(logger, async () => {
  const config = await loadLambdaConfig(process.env, 'orgAggregate');
  const bucket = requiredReportBucket(config);
  logger.info('configuration loaded', { config: loggableConfig(config) });
  const s3 = new S3Client({ ...awsClientSettings(), followRegionRedirects: true });
  return createAggregateHandler({
    config,
    store: createReportStore(s3, bucket),
    s3,
    ...(config.snsTopicArn
      ? {
          sns: new SNSClient({
            ...awsClientSettings(),
            region: regionOfTopicArn(config.snsTopicArn),
          }),
        }
      : {}),
    cloudwatch: new CloudWatchClient(awsClientSettings()),
    logger,
    accountMetrics: config.organization.accountMetrics,
    ...(process.env.AWS_REGION ? { region: process.env.AWS_REGION } : {}),
  });
});
