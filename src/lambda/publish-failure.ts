/**
 * What a run does when SNS refuses its message: the reports are already stored and the other
 * metrics sent, so the run stands; the failure is logged and counted in the `PublishFailed` metric,
 * which the stack's `PublishFailedAlarm` watches (an alarm notification is small enough to go out
 * when the report's message could not).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { buildPublishFailedMetricData } from '../publish/metrics';
import { publishMetrics } from '../publish/metrics-publisher';
import type { SnsOutcome } from '../publish/types';
import { errorSummary } from './cold-start';
import { errorLogFields } from './logger';

/** Where the failure is counted. */
export interface PublishFailureDeps {
  cloudwatch: CloudWatchClient;
  namespace: string;
  logger: Logger;
}

/**
 * Logs the failure and puts `PublishFailed` = 1 (a failure of that call is logged too, never
 * thrown); returns the outcome the run reports.
 */
export async function recordPublishFailure(
  deps: PublishFailureDeps,
  error: unknown,
  timestamp: Date,
): Promise<Extract<SnsOutcome, { status: 'failed' }>> {
  deps.logger.error('sns publish failed: the reports and metrics stand', errorLogFields(error));
  try {
    await publishMetrics(deps.cloudwatch, deps.namespace, buildPublishFailedMetricData(timestamp));
  } catch (metricError) {
    deps.logger.error('PublishFailed metric not sent', errorLogFields(metricError));
  }
  return { status: 'failed', message: errorSummary(error).message };
}
