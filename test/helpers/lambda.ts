import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { loadConfig, type Config } from '../../src/config';

/** A logger that prints nothing (the handlers' logs are asserted where it matters). */
export function silentLogger(): Logger {
  return new Logger({ serviceName: 'vpce-auditor-test', logLevel: 'SILENT' });
}

/** A Lambda context as the runtime passes it (the fields the logger reads). */
export function lambdaContext(requestId = 'req-0001'): Context {
  return {
    awsRequestId: requestId,
    functionName: 'vpce-auditor-test-audit',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:vpce-auditor-test-audit',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/vpce-auditor-test-audit',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 600_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An EventBridge scheduled event. */
export const SCHEDULED_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2026-11-27T03:00:00Z',
  region: 'us-east-1',
  resources: [
    'arn:aws:events:us-east-1:111122223333:rule/vpce-auditor-dev-AuditEventsRuleSchedule1',
  ],
  detail: {},
};

/** The topic the handler tests publish to. */
export const TOPIC = 'arn:aws:sns:us-east-1:111122223333:vpce-auditor-alerts';

/** The configuration of the handler tests: a topic, defaults elsewhere, no cost, no auto-remediation. */
export const TEST_CONFIG: Config = loadConfig({ SNS_TOPIC_ARN: TOPIC, COST_ESTIMATE: 'false' });

/** A clock that never waits: remediation pacing and verification run at once in tests. */
export const INSTANT = { sleep: (): Promise<void> => Promise.resolve(), now: (): number => 0 };
