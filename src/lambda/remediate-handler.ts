/**
 * The remediate function: validate the payload, audit the requested scope afresh, plan, and only
 * with `"dryRun": false` apply (capped by `MAX_CHANGES`, paced, verified), then publish the results
 * to SNS and the `EndpointsCreated` / `RouteTablesAttached` metrics. Invoked with `{}` it returns the
 * plan and sends no mutating call.
 */
import { deadlineOf } from './run-deadline';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientFactory } from '../collect/client-factory';
import { resultSummaryLine } from '../format/plan-labels';
import type { Config } from '../config';
import { buildRemediationMetricData } from '../publish/metrics';
import { publishMetrics, type MetricsOutcome } from '../publish/metrics-publisher';
import { PublishError } from '../publish/publish-error';
import { notificationPolicy } from '../publish/notification-policy';
import { publishRemediation } from '../publish/sns-publisher';
import type { SnsOutcome } from '../publish/types';
import type { Pacing } from '../remediation/pacing';
import { REMEDIATE_PAYLOAD_WORDING, type RemediationPlan } from '../remediation/plan-types';
import type { LiveRemediationOptions, LiveRemediationOutcome } from '../remediation/remediate-live';
import { isSuccessful, type RemediationResult } from '../remediation/result-types';
import type { VerifyOptions } from '../remediation/verify';
import type { RegionError, ServiceName } from '../types';
import { addLambdaContext, errorSummary, type LambdaHandler } from './cold-start';
import { parseRemediatePayload } from './events';
import { errorLogFields, parsedOrLogged, remediationLoggerOf } from './logger';
import { resultLogSummary } from '../remediation/result-types';
import { remediationKey, runIdOf } from '../store/report-keys';
import type { StoredObject } from '../store/report-store';
import type { ReportWriter } from '../store/report-writer';
import { boundRemediation, type ResponseTruncation } from './bounded-response';

/** What the remediate handler needs, built once by the caller. */
export interface RemediateHandlerDeps {
  config: Config;
  clients: AwsClientFactory;
  /** The live remediation (`remediateLive` of src/remediation). */
  remediateLive: (options: LiveRemediationOptions) => Promise<LiveRemediationOutcome>;
  /** Absent when no topic is configured. */
  sns?: SNSClient;
  cloudwatch: CloudWatchClient;
  logger: Logger;
  /** The report bucket (`REPORT_BUCKET`): the whole plan and results of each run go there. */
  store?: ReportWriter;
  /** Overrides of the real-time pacing and verification waits (tests pass instant ones). */
  timing?: { pacing?: Partial<Pacing>; verify?: VerifyOptions };
}

/** What the remediate function returns. */
export interface RemediateResponse {
  /** True when nothing was changed on purpose (the default). */
  dryRun: boolean;
  accountId: string;
  /** When the audit the plan comes from was made. */
  generatedAt: string;
  regions: string[];
  services: ServiceName[];
  /** The plan (Contract of src/remediation/plan-types). */
  plan: RemediationPlan;
  /** The results of applying the plan (only with `dryRun: false`). */
  result?: RemediationResult;
  /** With `dryRun: false`: nothing failed, stayed unverified or was over the cap. */
  successful?: boolean;
  /** Regions the audit could not collect or analyse (nothing is planned there). */
  errors: RegionError[];
  /** The SNS message of an applied run. */
  notification?: SnsOutcome;
  /** The metrics of an applied run. */
  metrics?: MetricsOutcome;
  /** What the response left out of the plan and results (they stay in `remediationObject`). */
  truncated?: ResponseTruncation;
  /** The whole plan and results in the report bucket (absent without `REPORT_BUCKET`). */
  remediationObject?: StoredObject;
  note: string;
}

/** Builds the remediate handler. */
export function createRemediateHandler(
  deps: RemediateHandlerDeps,
): LambdaHandler<RemediateResponse> {
  const { config, logger } = deps;
  const policy = notificationPolicy(config);
  return async (event, context) => {
    addLambdaContext(logger, context);
    const request = parsedOrLogged(logger, 'payload', () => parseRemediatePayload(event));
    const apply = request.dryRun === false;
    const regions = request.regions ?? config.regions;
    const services = request.services ?? config.services;
    const includePaths = request.includePaths ?? config.remediation.includePaths;
    logger.info(apply ? 'remediation started' : 'remediation plan started (dry run)', {
      request,
      regions,
      services,
      includePaths,
      maxChanges: config.remediation.maxChanges,
    });

    // A minute before the timeout nothing more is started: the changes made are verified and stored.
    const deadline = deadlineOf(context);
    const outcome = await deps.remediateLive({
      ...(deadline !== undefined ? { deadline } : {}),
      regions,
      services,
      clients: deps.clients,
      ...(request.vpcIds ? { vpcIds: request.vpcIds } : {}),
      includePaths,
      maxChanges: config.remediation.maxChanges,
      policyDocuments: config.remediation.policyDocuments,
      ...(request.allowRestrictivePolicy === true ? { allowRestrictivePolicy: true } : {}),
      iacTags: config.remediation.iacTags,
      ...(request.allowDrift === true ? { allowDrift: true } : {}),
      apply,
      wording: REMEDIATE_PAYLOAD_WORDING,
      logger: remediationLoggerOf(logger),
      ...(deps.timing?.pacing ? { pacing: deps.timing.pacing } : {}),
      ...(deps.timing?.verify ? { verify: deps.timing.verify } : {}),
    });
    const { report, plan, result } = outcome;
    logger.info('remediation plan ready', {
      summary: plan.summary,
      overCap: plan.overCap,
      regionErrors: report.errors,
    });
    // The whole plan and results go to the bucket; the response keeps the first items of each.
    let remediationObject: StoredObject | undefined;
    if (deps.store) {
      try {
        const runId = runIdOf(report.generatedAt, context?.awsRequestId ?? String(Date.now()));
        remediationObject = await deps.store.putJson(
          remediationKey(report.accountId, report.generatedAt, runId),
          {
            schemaVersion: 1,
            kind: 'remediation',
            dryRun: !apply,
            plan,
            ...(result ? { result } : {}),
          },
        );
        logger.info('remediation stored', { remediationObject });
      } catch (error) {
        logger.error('remediation not stored', errorLogFields(error));
      }
    }
    const bounded = boundRemediation(plan, result, { fullObject: remediationObject?.uri });
    const response: RemediateResponse = {
      dryRun: !apply,
      accountId: report.accountId,
      generatedAt: report.generatedAt,
      regions: report.regions,
      services,
      plan: bounded.plan,
      errors: report.errors,
      ...(bounded.truncated ? { truncated: bounded.truncated } : {}),
      ...(remediationObject ? { remediationObject } : {}),
      note: 'Dry run: nothing was changed. Invoke with {"dryRun": false} to apply this plan.',
    };
    if (!result) return response;

    logger.info('remediation applied', resultLogSummary(result));
    const [notification, metrics] = await Promise.allSettled([
      publishRemediation({ plan, result }, { sns: deps.sns, topicArn: config.snsTopicArn, policy }),
      publishMetrics(
        deps.cloudwatch,
        config.metricsNamespace,
        buildRemediationMetricData(result.counts, new Date()),
      ),
    ]);
    const failures = [notification, metrics].filter(
      (settled): settled is PromiseRejectedResult => settled.status === 'rejected',
    );
    if (failures.length > 0) {
      for (const failure of failures)
        logger.error('publish failed', errorLogFields(failure.reason));
      throw new PublishError(
        `the remediation ran (${result.counts.endpointsCreated} endpoint(s) created, ${result.counts.routeTablesAttached} route table(s) attached; results in the logs) but publishing failed: ${failures
          .map((failure) => errorSummary(failure.reason).message)
          .join('; ')}`,
        { cause: failures.map((failure) => failure.reason as unknown) },
      );
    }
    return {
      ...response,
      note: result.overCap
        ? `Nothing was changed: ${result.overCapReason ?? 'over the cap on changes'}`
        : `Applied and verified: ${resultSummaryLine(result)}`,
      ...(bounded.result ? { result: bounded.result } : {}),
      successful: isSuccessful(result),
      notification: (notification as PromiseFulfilledResult<SnsOutcome>).value,
      metrics: (metrics as PromiseFulfilledResult<MetricsOutcome>).value,
    };
  };
}
