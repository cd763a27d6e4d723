/**
 * The measure function (only in a stack deployed with `measureSchedule`): on that schedule, measures
 * the S3/DynamoDB bytes of the leaking NAT gateways with temporary flow logs and writes the
 * measurement where the nightly audit reads it. Thin adapter: configuration and clients are built
 * once per cold start; the work is in src/lambda/measure-handler.ts. It runs in its own role, the
 * only one of the stack that may create and delete flow logs.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { auditLive } from '../src/audit-live';
import { awsClientSettings } from '../src/aws-client-settings';
import { defaultClientFactory } from '../src/collect/client-factory';
import { loadLambdaConfig, loggableConfig } from '../src/config';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger } from '../src/lambda/logger';
import { createMeasureHandler } from '../src/lambda/measure-handler';
import { createReportWriter } from '../src/store/report-writer';

const logger = createLogger('measure');

/** The Lambda entry point: `handlers/measure.handler`. */
export const handler = initialiseHandler(logger, async () => {
  const config = await loadLambdaConfig(process.env, 'measure');
  logger.info('configuration loaded', { config: loggableConfig(config) });
  const clients = defaultClientFactory();
  return createMeasureHandler({
    config,
    clients,
    auditLive,
    ec2: (region) => clients.ec2(region),
    logs: (region) => clients.logs(region),
    ...(config.reportBucket
      ? {
          store: createReportWriter(
            new S3Client({ ...awsClientSettings(), followRegionRedirects: true }),
            config.reportBucket,
          ),
        }
      : {}),
    logger,
  });
});
