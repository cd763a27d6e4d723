/** The timeouts every AWS client gets, and what a timeout becomes in a report. */
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  awsClientSettings,
  clientTimeouts,
} from '../../src/aws-client-settings';
import { regionErrorOf } from '../../src/aws-errors';
import { defaultClientFactory } from '../../src/collect/client-factory';
import { ConfigurationError } from '../../src/errors';

describe('AWS client settings', () => {
  it('gives every client a connection and a request timeout that throw', () => {
    // Act
    const settings = awsClientSettings(clientTimeouts({}));

    // Assess
    expect(settings.requestHandler).toEqual({
      connectionTimeout: DEFAULT_CONNECT_TIMEOUT_MS,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
      socketTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    });
  });

  it('takes the timeouts and attempts from the documented variables', async () => {
    // Prepare
    const timeouts = clientTimeouts({
      VPCE_AUDITOR_CONNECT_TIMEOUT_MS: '250',
      VPCE_AUDITOR_REQUEST_TIMEOUT_MS: ' 400 ',
      VPCE_AUDITOR_MAX_ATTEMPTS: '3',
    });

    // Act
    const clients = defaultClientFactory({
      timeouts,
      clientConfig: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
    });

    // Assess
    expect(timeouts).toEqual({ connectTimeoutMs: 250, requestTimeoutMs: 400, maxAttempts: 3 });
    expect(await clients.ec2('eu-west-1').config.maxAttempts()).toBe(3);
  });

  it.each(['0', '-5', '1.5', 'soon'])('refuses %j as a timeout, naming the variable', (value) => {
    // Act
    const act = () => clientTimeouts({ VPCE_AUDITOR_REQUEST_TIMEOUT_MS: value });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(
      `VPCE_AUDITOR_REQUEST_TIMEOUT_MS: "${value}" is not a positive whole number of milliseconds`,
    );
  });

  it('reports any timeout with the code Timeout, keeping what noticed it in the message', () => {
    // Prepare
    const timedOut = Object.assign(new Error('a request has exceeded 300 ms'), {
      name: 'TimeoutError',
    });

    // Act
    const entry = regionErrorOf('eu-west-1', 'DescribeSubnets', timedOut);

    // Assess
    expect(entry).toEqual({
      region: 'eu-west-1',
      operation: 'DescribeSubnets',
      code: 'Timeout',
      message: 'TimeoutError: a request has exceeded 300 ms',
    });
  });
});
