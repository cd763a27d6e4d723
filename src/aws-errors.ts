/**
 * What a failed AWS call (or any thrown value) means: its code, its message on one line, and its
 * kind — throttling, access denied, missing credentials, a timeout, something not found, or other.
 * Collection, the cost estimate, remediation, publishing, the handlers and the command line all read
 * errors through this module, so "is this throttling?" has one answer everywhere.
 *
 * It reads the error's shape (`name`, `Code`, `code`, `$metadata`) and imports no AWS SDK package:
 * the SDK's exception classes differ per client, while their `name` is the service's error code.
 */
import { VpceAuditorError } from './errors';
import type { RegionError } from './types';

/** What kind of failure an error is. */
export type AwsErrorKind =
  'throttling' | 'access-denied' | 'missing-credentials' | 'timeout' | 'not-found' | 'other';

/** An error, described. */
export interface AwsErrorDescription {
  kind: AwsErrorKind;
  /** The AWS error code (`ThrottlingException`, `UnauthorizedOperation`…), the Node errno code or the error's class name. */
  code: string;
  /** The message, on one line. */
  message: string;
}

/**
 * The codes AWS services answer when a caller must slow down: the list the SDK's own retry strategy
 * treats as throttling (`@smithy/service-error-classification`), so what the SDK retried and what
 * we retry after it agree.
 */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/**
 * The codes of a request the caller may not make: not allowed, or credentials the service refused
 * (expired, unknown or mis-signed).
 */
export const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
]);

/** The codes of no credentials at all: the SDK's provider chain found none. */
export const MISSING_CREDENTIALS_CODES: ReadonlySet<string> = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
]);

/**
 * The codes of a request or connection that took too long: the SDK's transient timeout codes and
 * Node's socket timeouts.
 */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);

/**
 * Attempts of one call that may time out, the first included. A timeout is not throttling: AWS did
 * not answer at all, so the call is not retried on the long budget throttling gets (see
 * src/aws-retry.ts and the remediation lane).
 */
export const MAX_TIMEOUT_ATTEMPTS = 3;

interface ErrorShape {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
}

function shapeOf(error: unknown): ErrorShape | undefined {
  return error !== null && typeof error === 'object' ? (error as ErrorShape) : undefined;
}

/**
 * The code of an error: an AWS error's `name` (which the SDK sets to the service's error code), or
 * `Code` on older shapes, or a Node network error's errno `code`; `Error` when nothing says more.
 * An error of this project that carries a `code` field (an analysis or metrics failure) reports it.
 */
export function awsErrorCode(error: unknown): string {
  const shape = shapeOf(error);
  if (shape === undefined) return 'Error';
  if (error instanceof VpceAuditorError && typeof shape.code === 'string') return shape.code;
  if (typeof shape.name === 'string' && shape.name !== 'Error' && shape.name !== '') {
    return shape.name;
  }
  if (typeof shape.Code === 'string') return shape.Code;
  if (typeof shape.code === 'string') return shape.code;
  return 'Error';
}

/** The message of an error on one line (whitespace runs become one space). */
export function awsErrorMessage(error: unknown): string {
  const shape = shapeOf(error);
  const text =
    shape !== undefined && typeof shape.message === 'string' ? shape.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}

/** The kind of an error code. */
export function kindOfCode(code: string): AwsErrorKind {
  if (THROTTLING_CODES.has(code)) return 'throttling';
  if (ACCESS_DENIED_CODES.has(code)) return 'access-denied';
  if (MISSING_CREDENTIALS_CODES.has(code)) return 'missing-credentials';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (/NotFound(Exception)?$|^NoSuch|\.NotFound$/.test(code)) return 'not-found';
  return 'other';
}

/** Code, one-line message and kind of an error. */
export function classifyAwsError(error: unknown): AwsErrorDescription {
  const code = awsErrorCode(error);
  const shape = shapeOf(error) as { $metadata?: { httpStatusCode?: unknown } } | undefined;
  let kind = kindOfCode(code);
  // A 429 without a known code is throttling all the same.
  if (kind === 'other' && shape?.$metadata?.httpStatusCode === 429) kind = 'throttling';
  return { kind, code, message: awsErrorMessage(error) };
}

/** True when the error means "slow down". */
export function isThrottlingError(error: unknown): boolean {
  return classifyAwsError(error).kind === 'throttling';
}

/** True when the credentials may not make the request. */
export function isAccessDeniedError(error: unknown): boolean {
  return classifyAwsError(error).kind === 'access-denied';
}

/** True when there are no usable credentials. */
export function isMissingCredentialsError(error: unknown): boolean {
  return classifyAwsError(error).kind === 'missing-credentials';
}

/** True when the request or connection timed out. */
export function isTimeoutError(error: unknown): boolean {
  return classifyAwsError(error).kind === 'timeout';
}

/**
 * The codes of a failure on AWS's side or of the connection, after which the same request may
 * succeed: what the SDK's standard strategy retries as transient besides timeouts.
 */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'InternalError',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'Unavailable',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
]);

/**
 * True when retrying the same request is worth it: throttling, a timeout, or a transient failure
 * (a code of {@link TRANSIENT_CODES} or an HTTP 5xx answer).
 */
export function isRetryableError(error: unknown): boolean {
  const { kind, code } = classifyAwsError(error);
  if (kind === 'throttling' || kind === 'timeout' || TRANSIENT_CODES.has(code)) return true;
  const status = (shapeOf(error) as { $metadata?: { httpStatusCode?: unknown } } | undefined)
    ?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

/**
 * The `errors[]` entry of a report, snapshot or plan for a failure in a region: the operation that
 * failed, the error's code (`Timeout` for any timeout) and its one-line message.
 */
export function regionErrorOf(region: string, operation: string, error: unknown): RegionError {
  return { region, operation, ...reportedError(error) };
}

/**
 * The code and message a report, a plan's results or an account's errors give a failure: the AWS
 * code, except that every timeout (the SDK's `TimeoutError`, a socket's `ETIMEDOUT`…, in a region
 * call as in AssumeRole) reads {@link TIMEOUT_CODE}, the original code leading its message.
 */
export function reportedError(error: unknown): { code: string; message: string } {
  const { kind, code, message } = classifyAwsError(error);
  if (kind === 'timeout') return { code: TIMEOUT_CODE, message: `${code}: ${message}` };
  return { code, message };
}

/** The `errors[]` code of a call that timed out, whatever the layer that noticed. */
export const TIMEOUT_CODE = 'Timeout';
