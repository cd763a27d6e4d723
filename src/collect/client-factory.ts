/**
 * Builds the AWS clients the collection uses. Credentials, profile, region and endpoint come only from
 * the standard SDK chain (`AWS_PROFILE`, SSO, environment, `AWS_ENDPOINT_URL`…): nothing here reads
 * them itself, so the tool works against any endpoint that speaks the EC2 API.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { DEFAULT_MAX_ATTEMPTS } from '../aws-client-limits';
import { awsClientSettings, clientTimeouts, type ClientTimeouts } from '../aws-client-settings';
import type { OnRetry, RetryMode } from '../aws-retry';
import { chainSettings, type ChainSettings } from './chain-settings';

export type { RetryMode } from '../aws-retry';

/**
 * Where the collection, the cost reads and remediation get an account's clients: per region its EC2
 * clients (collection, endpoint changes), CloudWatch and CloudWatch Logs, and one STS client. Every
 * member is required, so that a factory that wraps another (the call-limited one of a member
 * account) cannot drop a client and leave its callers on some default with other credentials.
 */
export interface AwsClientFactory {
  /** The EC2 client of a region (the same instance for every call with that region). */
  ec2(region: string): EC2Client;
  /** The STS client; its region is the "home" region where `DescribeRegions` is asked too. */
  sts(): STSClient;
  /**
   * The home region (the STS client's), without building a client to learn it. Optional: without it
   * the region of {@link AwsClientFactory.sts} is asked.
   */
  homeRegion?(): Promise<string>;
  /**
   * The EC2 client of a region for endpoint changes (`CreateVpcEndpoint`, `ModifyVpcEndpoint`): one
   * attempt per send, because remediation's paced lane retries them itself.
   */
  ec2Changes(region: string): EC2Client;
  /** The CloudWatch client of a region, for the NAT gateway metrics of the cost estimate. */
  cloudwatch(region: string): CloudWatchClient;
  /** The CloudWatch Logs client of a region, for the Logs Insights queries on flow logs. */
  logs(region: string): CloudWatchLogsClient;
}

/**
 * Attempts per CloudWatch metric read. The cost estimate is best effort and must never hold the
 * audit up: enough to ride out one throttled answer, not the collection's long retry budget against
 * an endpoint that does not serve CloudWatch at all.
 */
export const COST_READ_MAX_ATTEMPTS = 3;

/** Options of {@link defaultClientFactory}. */
export interface ClientFactoryOptions {
  /** Attempts per call, the first included (default {@link DEFAULT_MAX_ATTEMPTS}). */
  maxAttempts?: number;
  /** The SDK retry mode (default {@link DEFAULT_RETRY_MODE}). */
  retryMode?: RetryMode;
  /** Extra client settings, for tests and benchmarks (a fake HTTP handler, static credentials). */
  clientConfig?: Pick<EC2ClientConfig, 'requestHandler' | 'credentials'>;
  /** Connection and request timeouts (default: {@link clientTimeouts} of the environment). */
  timeouts?: ClientTimeouts;
  /** Told of each retry of a call (the CLI's progress line counts them). */
  onRetry?: OnRetry;
  /**
   * The home region, when the caller knows it already (every member account of an organization run
   * shares the management account's): default, the SDK chain's region (see {@link chainRegion}).
   */
  homeRegion?: () => Promise<string>;
  /**
   * The settings every client reads from the SDK chain, when the caller shares them with other
   * factories (every member account of an organization run): default, read once for this factory's
   * clients (see {@link chainSettings}).
   */
  chainSettings?: ChainSettings;
}

export { DEFAULT_MAX_ATTEMPTS };

/**
 * `standard`, measured by `bench/collect.ts`: with the first attempt of every call throttled the
 * adaptive mode's client-side rate limiter starts at 0.5 requests per second and makes a 30-region
 * audit take far longer, while the standard mode's jittered backoff finishes in a few seconds.
 */
export const DEFAULT_RETRY_MODE: RetryMode = 'standard';

/** The region used when the SDK chain names none (STS and `DescribeRegions` need one). */
export const FALLBACK_REGION = 'us-east-1';

/**
 * The SDK chain's region (`AWS_REGION`, the profile…), or {@link FALLBACK_REGION} when it names
 * none, asked once per returned function (a client built for its configuration only: it sends
 * nothing).
 */
export function chainRegion(): () => Promise<string> {
  let region: Promise<string> | undefined;
  return () =>
    // eslint-disable-next-line no-restricted-syntax
    (region ??= new STSClient({}).config.region().catch(() => FALLBACK_REGION));
}

/**
 * The clients of the standard SDK chain, one EC2 client cached per region, all sharing one
 * credential provider and one reading of the chain's other settings.
 *
 * @param options - retry settings; by default 10 attempts in the standard retry mode
 */
export function defaultClientFactory(options: ClientFactoryOptions = {}): AwsClientFactory {
  // One credential chain for every client: an SSO or assume-role profile is resolved (and
  // refreshed) once, not once per region. (A client built for its configuration only: it sends
  // nothing, so it needs no timeouts.)
  const credentials =
    options.clientConfig?.credentials ??
    // eslint-disable-next-line no-restricted-syntax
    new EC2Client({}).config.credentials;
  const timeouts = options.timeouts ?? clientTimeouts();
  const maxAttempts = options.maxAttempts ?? timeouts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const retryMode = options.retryMode ?? DEFAULT_RETRY_MODE;
  const shared = options.chainSettings ?? chainSettings();
  // One retry strategy per client (it holds the client's retry capacity).
  const settings = (attempts = maxAttempts) => ({
    ...shared,
    ...awsClientSettings(timeouts, {
      maxAttempts: attempts,
      retryMode,
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    }),
    ...options.clientConfig,
    credentials,
  });
  // The cost reads' clients (CloudWatch metrics, CloudWatch Logs) have a short retry budget and
  // the factory's credentials and HTTP handler.
  const costReadRetry = { maxAttempts: COST_READ_MAX_ATTEMPTS, retryMode };
  const costReadTarget = (region: string) => ({
    ...shared,
    ...(options.clientConfig?.requestHandler
      ? { requestHandler: options.clientConfig.requestHandler }
      : {}),
    credentials,
    region,
  });
  let sts: STSClient | undefined;
  const resolveHomeRegion = options.homeRegion ?? chainRegion();
  return {
    homeRegion: resolveHomeRegion,
    ec2: perRegion((region) => new EC2Client({ ...settings(), region })),
    ec2Changes: perRegion((region) => new EC2Client({ ...settings(1), region })),
    sts() {
      sts ??= new STSClient({ ...settings(), region: resolveHomeRegion });
      return sts;
    },
    cloudwatch: perRegion(
      (region) =>
        new CloudWatchClient({
          ...awsClientSettings(timeouts, costReadRetry),
          ...costReadTarget(region),
        }),
    ),
    logs: perRegion(
      (region) =>
        new CloudWatchLogsClient({
          ...awsClientSettings(timeouts, costReadRetry),
          ...costReadTarget(region),
        }),
    ),
  };
}

/** One client per region, built on its first use (the test account's mocks are made the same way). */
export function perRegion<C>(build: (region: string) => C): (region: string) => C {
  const clients = new Map<string, C>();
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = build(region);
      clients.set(region, client);
    }
    return client;
  };
}
