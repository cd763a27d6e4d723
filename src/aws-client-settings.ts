/**
 * The settings every AWS client of vpce-auditor is built with (EC2, STS, CloudWatch, SNS, S3,
 * Organizations, Security Hub): a connection timeout and a request timeout, so that no call can hang
 * a run. A call that times out fails with `TimeoutError`; it is retried with backoff, but a timeout
 * is not throttling: at most {@link MAX_TIMEOUT_ATTEMPTS} (3) attempts of a call may time out
 * (./aws-retry), while throttling keeps the client's longer budget. After that the region becomes an
 * `errors[]` entry with code `Timeout` (or its cost estimate becomes unknown).
 *
 * Sizing (from measurement and AWS's documented page sizes):
 * - Connection: a TCP + TLS handshake to a regional AWS endpoint takes one to three round trips,
 *   under 0.5 s from anywhere to any region (the longest paths are about 300 ms round trip). 5 s is
 *   ten times that: only an unreachable or black-holed endpoint hits it.
 * - Request (until the answer's headers arrive, and then the longest silence while the body
 *   streams): EC2 builds a whole page before answering. The slowest pages the collection asks for are
 *   `DescribeRouteTables` (100 tables per page, each with up to 1 000 routes) and 1 000-item pages of
 *   `DescribeSubnets` / `DescribeVpcEndpoints` (policy documents included), which AWS answers in a
 *   few seconds at worst. Against the local fake EC2 a call costs milliseconds: `bench/collect.ts`
 *   collects 30 regions with 100 ms added to every call in 0.74 s (3 dependent round trips = 0.3 s),
 *   and the fault-injection test's whole CLI runs take 1.7-3 s with a 300 ms timeout and 3 attempts.
 *   20 s leaves a wide margin for a slow AWS page and bounds a call that never answers: 3 attempts
 *   x 20 s plus under a second of backoff is about 61 s, so with the defaults a hung region is
 *   reported well within 2 minutes (`HUNG_CALL_BUDGET_MS` of ./aws-client-limits; a test checks the arithmetic).
 * Both can be set for tests and unusual networks with `VPCE_AUDITOR_CONNECT_TIMEOUT_MS` and
 * `VPCE_AUDITOR_REQUEST_TIMEOUT_MS` (milliseconds), and the attempts of the collection's calls with
 * `VPCE_AUDITOR_MAX_ATTEMPTS` (default 10): a fault-injection test then runs in seconds.
 */
import {
  CLIENT_LIMITS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  parseClientLimit,
  type ClientLimitKey,
} from './aws-client-limits';
import { retryStrategy, type OnRetry, type RetryMode } from './aws-retry';

/** Attempts per call of a client that names none (the SDK's own default). */
export const DEFAULT_SDK_ATTEMPTS = 3;

/** How a client retries (see ./aws-retry). */
export interface RetrySettings {
  /** Attempts per call, the first included (default {@link DEFAULT_SDK_ATTEMPTS}). */
  maxAttempts?: number;
  retryMode?: RetryMode;
  /** Told of each retry (the CLI's progress line shows them). */
  onRetry?: OnRetry;
}

/** The default timeouts, whatever the environment says (for reporting a bad environment). */
export const DEFAULT_TIMEOUTS: ClientTimeouts = {
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
};

/** The timeouts of the AWS clients. */
export interface ClientTimeouts {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  /** Attempts per collection call when the environment sets them (else the factory's default). */
  maxAttempts?: number;
}

function positiveInteger(
  env: Readonly<Record<string, string | undefined>>,
  key: ClientLimitKey,
): number | undefined {
  const text = env[CLIENT_LIMITS[key].variable];
  if (text === undefined || text.trim() === '') return undefined;
  return parseClientLimit(key, text);
}

/**
 * The timeouts: the defaults, or the environment's overrides.
 *
 * @throws ConfigurationError naming a variable (and its value) that is not a positive whole number
 *   or is over its bound (`MAX_TIMEOUT_MS`, `MAX_ATTEMPTS_SETTING` of ./aws-client-limits)
 */
export function clientTimeouts(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClientTimeouts {
  const attempts = positiveInteger(env, 'attempts');
  return {
    connectTimeoutMs: positiveInteger(env, 'connect') ?? DEFAULT_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: positiveInteger(env, 'request') ?? DEFAULT_REQUEST_TIMEOUT_MS,
    ...(attempts !== undefined ? { maxAttempts: attempts } : {}),
  };
}

/**
 * The HTTP handler options of every client: the SDK builds its Node handler from them.
 * `throwOnRequestTimeout` makes the request timeout an error (the handler only logs it otherwise);
 * `socketTimeout` bounds the silence while a body streams, after the headers came.
 */
export function requestHandlerOptions(timeouts: ClientTimeouts = clientTimeouts()): {
  connectionTimeout: number;
  requestTimeout: number;
  socketTimeout: number;
  throwOnRequestTimeout: true;
} {
  return {
    connectionTimeout: timeouts.connectTimeoutMs,
    requestTimeout: timeouts.requestTimeoutMs,
    socketTimeout: timeouts.requestTimeoutMs,
    throwOnRequestTimeout: true,
  };
}

/**
 * The settings to spread into any AWS client's configuration: the HTTP handler's options, the retry
 * strategy (the attempts of `retry`, of which at most 3 may time out: ./aws-retry), and
 * `cacheMiddleware`, which makes the client build its middleware stack once per command instead of
 * on every call (an organization's audit sends thousands of calls; every middleware this tool adds
 * is added before a client's first call, which the cache requires). Call it once per client: the
 * retry strategy holds the client's retry capacity. Never set `maxAttempts` beside it (the strategy
 * decides): pass it in `retry`.
 */
export function awsClientSettings(
  timeouts: ClientTimeouts = clientTimeouts(),
  retry: RetrySettings = {},
): {
  requestHandler: ReturnType<typeof requestHandlerOptions>;
  cacheMiddleware: true;
  retryStrategy: ReturnType<typeof retryStrategy>;
  maxAttempts: number;
} {
  const maxAttempts = retry.maxAttempts ?? DEFAULT_SDK_ATTEMPTS;
  return {
    requestHandler: requestHandlerOptions(timeouts),
    cacheMiddleware: true,
    retryStrategy: retryStrategy(maxAttempts, retry.retryMode, retry.onRetry),
    // What the client reports (the amz-sdk-request header); the strategy above decides.
    maxAttempts,
  };
}
