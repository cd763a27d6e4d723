/** Reading AWS errors: one code, one message, one kind everywhere. */
import { AnalysisError } from '../../src/analysis/analysis-error';
import {
  awsErrorCode,
  awsErrorMessage,
  classifyAwsError,
  isAccessDeniedError,
  isMissingCredentialsError,
  isThrottlingError,
  isTimeoutError,
  regionErrorOf,
} from '../../src/aws-errors';
import { MetricsReadError } from '../../src/cost/metrics-read-error';
import { awsError } from '../helpers';

describe('regionErrorOf', () => {
  it('keeps the code of an AnalysisError', () => {
    // Act
    const entry = regionErrorOf('eu-west-1', 'analyze', new AnalysisError('eu-west-1', 'X', 'msg'));

    // Assess
    expect(entry).toEqual({ region: 'eu-west-1', operation: 'analyze', code: 'X', message: 'msg' });
  });

  it('uses the name of an SDK-like error and the text of anything else', () => {
    // Prepare
    const throttled = awsError('RequestLimitExceeded', 'Rate exceeded');

    // Act
    const sdk = regionErrorOf('us-east-1', 'collect', throttled);
    const text = regionErrorOf('us-east-1', 'collect', 'boom');

    // Assess
    expect(sdk).toEqual({
      region: 'us-east-1',
      operation: 'collect',
      code: 'RequestLimitExceeded',
      message: 'Rate exceeded',
    });
    expect(text).toEqual({
      region: 'us-east-1',
      operation: 'collect',
      code: 'Error',
      message: 'boom',
    });
  });
});

describe('classifyAwsError', () => {
  it.each([
    ['RequestLimitExceeded', 'throttling'],
    ['ThrottlingException', 'throttling'],
    ['TooManyRequestsException', 'throttling'],
    ['Throttling', 'throttling'],
    ['UnauthorizedOperation', 'access-denied'],
    ['AccessDenied', 'access-denied'],
    ['AccessDeniedException', 'access-denied'],
    ['ExpiredToken', 'access-denied'],
    ['CredentialsProviderError', 'missing-credentials'],
    ['TimeoutError', 'timeout'],
    ['RequestTimeout', 'timeout'],
    ['InvalidVpcID.NotFound', 'not-found'],
    ['ResourceNotFoundException', 'not-found'],
    ['NoSuchBucket', 'not-found'],
    ['IncorrectState', 'other'],
  ])('classes %s as %s', (name, kind) => {
    // Act
    const described = classifyAwsError(awsError(name, 'the\n  message'));

    // Assess
    expect(described).toEqual({ kind, code: name, message: 'the message' });
  });

  it('counts an unnamed HTTP 429 as throttling', () => {
    // Act
    const described = classifyAwsError(awsError('Error', 'slow down', 429));

    // Assess
    expect(described.kind).toBe('throttling');
  });

  it('answers the predicates consistently with the kind', () => {
    // Prepare
    const throttled = awsError('RequestLimitExceeded');
    const denied = awsError('UnauthorizedOperation');
    const noCredentials = awsError('CredentialsProviderError');
    const timedOut = Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' });

    // Act
    const answers = [throttled, denied, noCredentials, timedOut].map((error) => [
      isThrottlingError(error),
      isAccessDeniedError(error),
      isMissingCredentialsError(error),
      isTimeoutError(error),
    ]);

    // Assess
    expect(answers).toEqual([
      [true, false, false, false],
      [false, true, false, false],
      [false, false, true, false],
      [false, false, false, true],
    ]);
  });
});

describe('awsErrorCode', () => {
  it('reads name, then Code, then the errno code, then falls back to Error', () => {
    // Prepare
    const named = awsError('InvalidParameterValue');
    const older = Object.assign(new Error('x'), { Code: 'RequestLimitExceeded' });
    const network = Object.assign(new Error('x'), { code: 'ECONNRESET' });

    // Act
    const codes = [named, older, network, 'text', null, 42].map(awsErrorCode);

    // Assess
    expect(codes).toEqual([
      'InvalidParameterValue',
      'RequestLimitExceeded',
      'ECONNRESET',
      'Error',
      'Error',
      'Error',
    ]);
  });

  it('reports the code our own errors carry, not their class name', () => {
    // Prepare
    const metrics = new MetricsReadError('eu-west-1', 'AccessDenied', 'no');

    // Act
    const code = awsErrorCode(metrics);

    // Assess
    expect(code).toBe('AccessDenied');
    expect(isAccessDeniedError(metrics)).toBe(true);
  });

  it('puts a message on one line', () => {
    // Act
    const message = awsErrorMessage(new Error('  first\n\tsecond  '));

    // Assess
    expect(message).toBe('first second');
  });
});
