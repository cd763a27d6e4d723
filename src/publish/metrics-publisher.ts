/** Sends metric data to CloudWatch, at most 1000 metrics per `PutMetricData` call. */
import { classifyAwsError } from '../aws-errors';
import {
  PutMetricDataCommand,
  type CloudWatchClient,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { batchMetricData } from './metrics';
import { PublishError } from './publish-error';

/** What was sent. */
export interface MetricsOutcome {
  namespace: string;
  metrics: number;
  calls: number;
}

/**
 * Puts the metric data in the namespace, batch after batch.
 *
 * @throws PublishError naming the batch that CloudWatch rejected
 */
export async function publishMetrics(
  cloudwatch: CloudWatchClient,
  namespace: string,
  data: readonly MetricDatum[],
): Promise<MetricsOutcome> {
  const batches = batchMetricData(data);
  for (const [index, batch] of batches.entries()) {
    try {
      await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }));
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      throw new PublishError(
        `CloudWatch PutMetricData (batch ${index + 1} of ${batches.length}, namespace ${namespace}) failed: ${code}: ${message}`,
        { cause: error },
      );
    }
  }
  return { namespace, metrics: data.length, calls: batches.length };
}
