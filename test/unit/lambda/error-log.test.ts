import { errorLogFields } from '../../../src/lambda/logger';
import { PublishError } from '../../../src/publish/publish-error';

describe('the error fields of a log line', () => {
  it('keep the name, message, AWS code and status, and every cause', () => {
    // Prepare
    const denied = Object.assign(new Error('User is not authorized to perform sns:Publish'), {
      name: 'AuthorizationError',
      Code: 'AuthorizationError',
      $metadata: { httpStatusCode: 403, requestId: 'r-1' },
      $response: { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIA…' } },
    });
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      Code: 'Throttling',
    });
    const error = new PublishError('publishing failed', { cause: [denied, throttled] });

    // Act
    const fields = errorLogFields(error);

    // Assess
    expect(fields).toEqual({
      error: {
        name: 'PublishError',
        message: 'publishing failed',
        cause: [
          {
            name: 'AuthorizationError',
            message: 'User is not authorized to perform sns:Publish',
            httpStatusCode: 403,
          },
          { name: 'ThrottlingException', message: 'Rate exceeded', code: 'Throttling' },
        ],
      },
    });
    expect(JSON.stringify(fields)).not.toContain('AKIA');
  });

  it('describe what is not an Error, and stop following a cycle', () => {
    // Prepare
    const looping = new Error('a');
    (looping as { cause?: unknown }).cause = looping;

    // Act
    const text = errorLogFields('plain text');
    const cycle = errorLogFields(looping);

    // Assess
    expect(text).toEqual({ error: { name: 'string', message: 'plain text' } });
    expect(JSON.stringify(cycle).match(/"name":"Error"/g)).toHaveLength(6);
  });
});
