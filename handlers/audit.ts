/**
 * The scheduled audit function (EventBridge nightly rule, or a manual invoke overriding `regions`
 * and `services`). Thin adapter: configuration (with the endpoint policy file) and clients are built
 * once per cold start; the work is in src/lambda/audit-handler.ts. With `AUTO_REMEDIATE=true` it
 * also applies the plan of its report (which needs the stack deployed with `autoRemediate=true`).
 */
import { DEFAULT_TIMEOUTS, awsClientSettings } from '../src/aws-client-settings';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { auditLive } from '../src/audit-live';
import { defaultClientFactory } from '../src/collect/client-factory';
import { loadLambdaConfig, loggableConfig, regionOfTopicArn } from '../src/config';
import { createAuditHandler } from '../src/lambda/audit-handler';
import { initialiseHandler } from '../src/lambda/cold-start';
import { createLogger, errorLogFields, remediationLoggerOf } from '../src/lambda/logger';
import { applyAndVerify } from '../src/remediation/remediate-live';
import { exportToSecurityHub } from '../src/securityhub/export';
import { ownAccountClients } from '../src/securityhub/own-account';
import { createReportStore } from '../src/store/report-store';
import {
  buildStartupFailureMessage,
  publishStartupFailure,
  startupFailureTopic,
} from '../src/publish/startup-failure-message';
import { errorSummary } from '../src/lambda/cold-start';

const logger = createLogger('audit');

/**
 * A configuration that cannot start the audit still reaches the topic, once per cold start, when
 * SNS_TOPIC_ARN itself is valid; otherwise the log line is all there is.
 */
const startupTopic = startupFailureTopic(process.env);

async function reportStartupFailure(error: unknown): Promise<void> {
  const topic = startupTopic;
  if (topic === undefined) {
    logger.error('startup failure not published: SNS_TOPIC_ARN is not a valid topic ARN');
    return;
  }
  const built = buildStartupFailureMessage('audit', errorSummary(error), new Date());
  const sent = await publishStartupFailure(
    new SNSClient({
      ...awsClientSettings(DEFAULT_TIMEOUTS),
      region: topic.split(':')[3],
    }),
    topic,
    built,
  );
  if ('error' in sent) logger.error('startup failure not published', errorLogFields(sent.error));
  else logger.info('startup failure published', { topic, messageId: sent.messageId });
}

/** The Lambda entry point: `handlers/audit.handler`. */
export const handler = initialiseHandler(
  logger,
  async () => {
    const config = await loadLambdaConfig(process.env, 'audit');
    logger.info('configuration loaded', { config: loggableConfig(config) });
    const clients = defaultClientFactory();
    return createAuditHandler({
      config,
      clients,
      regionalCloudwatch: (region) => clients.cloudwatch(region),
      regionalEc2: (region) => clients.ec2(region),
      regionalLogs: (region) => clients.logs(region),
      auditLive,
      // serverless.yml defines this variable from the autoRemediate stack parameter while bundling:
      // with 'false' the condition is constant and esbuild drops the remediation code, so a read-only
      // stack's audit function holds no command that creates or modifies endpoints. Unbundled (tests)
      // the variable is unset and the code is there.
      ...(process.env.VPCE_AUDITOR_BUNDLE_AUTO_REMEDIATE !== 'false' &&
      config.remediation.autoRemediate
        ? {
            applyRemediation: (plan) =>
              applyAndVerify(plan, { clients, logger: remediationLoggerOf(logger) }),
          }
        : {}),
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
            store: createReportStore(
              new S3Client({ ...awsClientSettings(), followRegionRedirects: true }),
              config.reportBucket,
            ),
          }
        : {}),
      // Like the remediation above: a stack packaged with securityHub=false bundles no Security
      // Hub command.
      ...(process.env.VPCE_AUDITOR_BUNDLE_SECURITY_HUB !== 'false' && config.securityHub
        ? {
            exportSecurityHub: (report) =>
              exportToSecurityHub(report, ownAccountClients(report.accountId)),
          }
        : {}),
      cloudwatch: new CloudWatchClient(awsClientSettings()),
      logger,
    });
  },
  reportStartupFailure,
);
