/**
 * How a multi-account run reaches its accounts: the caller's identity (its account is audited with
 * its own credentials), the Organizations client, and for every other account the clients of its
 * member role. Every client goes through one {@link CallLimiter}: one bound on the AWS calls in
 * flight for the whole process.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { awsClientSettings, clientTimeouts } from '../aws-client-settings';
import type { ClientFactoryOptions } from '../collect/client-factory';
import { awsErrorCode, awsErrorMessage, isMissingCredentialsError } from '../aws-errors';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import {
  GetCallerIdentityCommand,
  type GetCallerIdentityCommandOutput,
  type STSClient,
} from '@aws-sdk/client-sts';
import type { OnRetry } from '../aws-retry';
import type { CallHooks } from '../call-hooks';
import { identityAccountId } from '../collect/account';
import { observeCalls } from '../collect/observe-calls';
import { limitCalls, type CallLimiter } from '../collect/call-limit';
import { chainSettings } from '../collect/chain-settings';
import {
  DEFAULT_MAX_ATTEMPTS,
  chainRegion,
  defaultClientFactory,
  type AwsClientFactory,
} from '../collect/client-factory';
import { AccountAccessError } from '../collect/collect-errors';
import {
  assumeRoleProvider,
  partitionOf,
  type CredentialProvider,
  type MemberRoleSettings,
} from './member-credentials';

/** Who runs the audit. */
export interface CallerIdentity {
  accountId: string;
  /** `aws`, `aws-cn`, `aws-us-gov`… (from the caller's ARN): the member role ARNs use it. */
  partition: string;
  /** The home region: STS (AssumeRole) and `DescribeRegions` are asked there. */
  region: string;
}

/** The accounts of a multi-account run, as clients. */
export interface AccountAccess {
  /** The caller's identity (one `GetCallerIdentity`, remembered). */
  caller(): Promise<CallerIdentity>;
  /** The Organizations client, with the caller's credentials. */
  organizations(): OrganizationsClient;
  /**
   * The clients of an account: the caller's own for its own account, otherwise clients signing
   * with the member role's credentials. The role is assumed here, before any other call, so that a
   * refusal is told apart from a failing region.
   *
   * @throws AssumeRoleError when the member role cannot be assumed
   */
  clientsFor(accountId: string): Promise<AwsClientFactory>;
}

/** Builds the clients of one account from credentials (undefined: the caller's SDK chain). */
export type ClientFactoryBuilder = (credentials?: CredentialProvider) => AwsClientFactory;

/** Options of {@link defaultAccountAccess}. */
export interface AccountAccessOptions {
  member: MemberRoleSettings;
  limiter: CallLimiter;
  /** Default: {@link defaultClientFactory} with the credentials given. */
  clientFactory?: ClientFactoryBuilder;
  /** Default: an Organizations client with the caller's credentials in the home region. */
  organizations?: () => OrganizationsClient;
  /**
   * Told of each retry of every client the default factories build, member accounts' included
   * (the CLI's progress line counts them).
   */
  onRetry?: OnRetry;
  /**
   * Told of each call of the caller's STS client: GetCallerIdentity and every member role's
   * AssumeRole, which the SDK's credential provider sends (the CLI's `--verbose` lines).
   */
  stsHooks?: CallHooks;
}

/** An {@link AwsClientFactory} whose every client waits for a slot of `limiter`. */
export function limitedClientFactory(
  factory: AwsClientFactory,
  limiter: CallLimiter,
): AwsClientFactory {
  const { cloudwatch, ec2Changes, homeRegion, logs } = factory;
  return {
    ec2: (region) => limitCalls(factory.ec2(region), limiter),
    // The account's own one-attempt client for endpoint changes: without it remediation would
    // change a member account through its 10-attempt collection client, the SDK retrying under the
    // paced lane that retries them itself.
    ec2Changes: (region) => limitCalls(ec2Changes.call(factory, region), limiter),
    sts: () => limitCalls(factory.sts(), limiter),
    ...(homeRegion ? { homeRegion: () => homeRegion.call(factory) } : {}),
    cloudwatch: (region) => limitCalls(cloudwatch.call(factory, region), limiter),
    // The account's own Logs client: its flow logs are read with its credentials.
    logs: (region) => limitCalls(logs.call(factory, region), limiter),
  };
}

async function identityOf(sts: STSClient): Promise<CallerIdentity> {
  let region: string;
  try {
    region = await sts.config.region();
  } catch (error) {
    throw new AccountAccessError(`no AWS region: ${awsErrorMessage(error)}`, { cause: error });
  }
  let identity: GetCallerIdentityCommandOutput;
  try {
    identity = await sts.send(new GetCallerIdentityCommand({}));
  } catch (error) {
    if (isMissingCredentialsError(error)) {
      throw new AccountAccessError(
        `no AWS credentials found (${awsErrorMessage(error)}); provide them through the standard SDK chain: AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
        { cause: error },
      );
    }
    throw new AccountAccessError(
      `STS GetCallerIdentity failed: ${awsErrorCode(error)}: ${awsErrorMessage(error)}`,
      { cause: error },
    );
  }
  return { accountId: identityAccountId(identity), partition: partitionOf(identity.Arn), region };
}

type ClientSettings = Required<NonNullable<ClientFactoryOptions['clientConfig']>>;

/**
 * One pool of keep-alive connections for every account's clients (the SDK otherwise gives each
 * client its own: a new connection, and a TLS handshake against AWS, per account × region), as
 * large as the bound on calls in flight. A call the limiter let go can still wait briefly for a
 * connection whose answer's body is being read (the limiter frees its slot at the headers), which
 * bench/org.ts's run of 50 accounts rarely meets: it opens about 300 connections with the pool at
 * 256 or at 512. The timeouts every client has are kept.
 *
 * @param maxSockets - the limiter's bound on calls in flight
 */
export function sharedRequestHandler(maxSockets: number): ClientSettings['requestHandler'] {
  return {
    ...awsClientSettings().requestHandler,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  };
}

/** The access of the standard SDK chain (or of the factory given), every client call-limited. */
export function defaultAccountAccess(options: AccountAccessOptions): AccountAccess {
  let shared: ClientSettings['requestHandler'] | undefined;
  const requestHandler = () => (shared ??= sharedRequestHandler(options.limiter.limit));
  // Every account's clients share the caller's home region, learnt once for the whole run.
  const homeRegion = chainRegion();
  // …and the SDK chain's other settings, read once for every account's clients.
  const settings = chainSettings();
  const build: ClientFactoryBuilder =
    options.clientFactory ??
    ((credentials) =>
      defaultClientFactory({
        homeRegion,
        chainSettings: settings,
        clientConfig: {
          requestHandler: requestHandler(),
          ...(credentials ? { credentials } : {}),
        },
        ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      }));
  const own = limitedClientFactory(build(), options.limiter);
  const callerSts = () => observeCalls(own.sts(), options.stsHooks ?? {});
  let identity: Promise<CallerIdentity> | undefined;
  let organizations: OrganizationsClient | undefined;
  const caller = (): Promise<CallerIdentity> => (identity ??= identityOf(callerSts()));
  return {
    caller,
    organizations() {
      if (!organizations) {
        const sts = own.sts();
        organizations =
          options.organizations?.() ??
          new OrganizationsClient({
            ...settings,
            ...awsClientSettings(undefined, {
              maxAttempts: clientTimeouts().maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
              ...(options.onRetry ? { onRetry: options.onRetry } : {}),
            }),
            region: sts.config.region,
            credentials: sts.config.credentials,
          });
        limitCalls(organizations, options.limiter);
      }
      return organizations;
    },
    async clientsFor(accountId) {
      const me = await caller();
      if (accountId === me.accountId) return own;
      const credentials = assumeRoleProvider(callerSts(), {
        ...options.member,
        accountId,
        partition: me.partition,
      });
      await credentials();
      return limitedClientFactory(build(credentials), options.limiter);
    },
  };
}
