/** The timeouts every AWS client gets, and what a timeout becomes in a report. */
import fc from 'fast-check';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_TIMEOUT_MS,
} from '../../src/aws-client-limits';
import { awsClientSettings, clientTimeouts } from '../../src/aws-client-settings';
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

  it('accepts every timeout a Node timer can wait, and refuses every longer one naming the variable and value', () => {
    // Prepare
    const variable = fc.constantFrom(
      'VPCE_AUDITOR_CONNECT_TIMEOUT_MS',
      'VPCE_AUDITOR_REQUEST_TIMEOUT_MS',
    );
    const field = {
      VPCE_AUDITOR_CONNECT_TIMEOUT_MS: 'connectTimeoutMs',
      VPCE_AUDITOR_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
    } as const;

    // Act / Assess
    fc.assert(
      fc.property(variable, fc.integer({ min: 1, max: MAX_TIMEOUT_MS }), (name, ms) => {
        expect(clientTimeouts({ [name]: String(ms) })[field[name]]).toBe(ms);
      }),
    );
    fc.assert(
      fc.property(
        variable,
        fc.bigInt({ min: BigInt(MAX_TIMEOUT_MS) + 1n, max: 10n ** 30n }),
        (name, ms) => {
          const act = () => clientTimeouts({ [name]: String(ms) });
          expect(act).toThrow(ConfigurationError);
          expect(act).toThrow(`${name}: "${String(ms)}" is`);
        },
      ),
    );
    expect(MAX_TIMEOUT_MS).toBe(2 ** 31 - 1);
  });

  it('bounds the attempts, naming the variable and value', () => {
    // Act
    const act = () => clientTimeouts({ VPCE_AUDITOR_MAX_ATTEMPTS: '101' });

    // Assess
    expect(clientTimeouts({ VPCE_AUDITOR_MAX_ATTEMPTS: '100' }).maxAttempts).toBe(100);
    expect(act).toThrow('VPCE_AUDITOR_MAX_ATTEMPTS: "101" is over the 100 attempts allowed');
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
