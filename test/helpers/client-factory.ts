/**
 * A test account's {@link AwsClientFactory} from the clients its test cares about. Every member of
 * the factory is required; what a test leaves out is filled here, the same way for every test:
 * endpoint changes go through the region's EC2 client, CloudWatch answers no NAT gateway metrics and
 * CloudWatch Logs refuses every call, each mocked per region so that nothing reaches AWS.
 */
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { perRegion, type AwsClientFactory } from '../../src/collect/client-factory';
import { awsError } from './aws-error';

/** Credentials that sign nothing real (every call is answered by a mock). */
const FAKE_CREDENTIALS = { accessKeyId: 'a', secretAccessKey: 'b' };

/** The clients a test gives: EC2 and STS at least. */
export type ClientFactoryParts = Pick<AwsClientFactory, 'ec2' | 'sts'> & Partial<AwsClientFactory>;

/** A factory of `parts`, the missing clients filled with quiet mocks (see the module's comment). */
export function clientFactory(parts: ClientFactoryParts): AwsClientFactory {
  return {
    ec2Changes: (region) => parts.ec2(region),
    cloudwatch: perRegion((region) => {
      const client = new CloudWatchClient({ region, credentials: FAKE_CREDENTIALS });
      mockClient(client).on(GetMetricDataCommand).resolves({ MetricDataResults: [] });
      return client;
    }),
    logs: perRegion((region) => {
      const client = new CloudWatchLogsClient({ region, credentials: FAKE_CREDENTIALS });
      mockClient(client).rejects(
        awsError('AccessDeniedException', 'no CloudWatch Logs in this test'),
      );
      return client;
    }),
    ...parts,
  };
}
