/**
 * Temporary credentials of a member account: STS `AssumeRole` on its member role, with the session
 * name `vpce-auditor`, an optional external id and one-hour sessions, refreshed before they expire.
 *
 * Hand-written rather than `fromTemporaryCredentials` of @aws-sdk/credential-providers: that
 * provider calls `AssumeRole` on every call and leaves caching to each client, so an account's
 * dozen clients (one EC2 and one CloudWatch client per region) would each assume the role. This
 * provider is shared by all of them: one `AssumeRole` per account and hour, sent through the caller's
 * own (regional, call-limited) STS client.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import { AssumeRoleError } from './organization-errors';

/** The session name every assumed session carries (it shows in the member's CloudTrail). */
export const SESSION_NAME = 'vpce-auditor';

export { DEFAULT_MEMBER_ROLE_NAME } from './account-ids';

/** Session length asked for: the member role's `MaxSessionDuration`, and the cap on chained roles. */
export const SESSION_SECONDS = 3600;

/** Credentials are renewed this long before they expire, so no call is signed with stale ones. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

/** Temporary credentials, in the shape every SDK client accepts. */
export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** A credential provider the SDK clients call before signing. */
export type CredentialProvider = () => Promise<TemporaryCredentials>;

/** How to reach member accounts. */
export interface MemberRoleSettings {
  /** The member role's name (`--role-name`, `MEMBER_ROLE_NAME`). */
  roleName: string;
  /** The external id the role's trust policy requires, if any. */
  externalId?: string;
}

/** `arn:<partition>:iam::<accountId>:role/<roleName>`. */
export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`…); `aws` when it is not an ARN. */
export function partitionOf(arn: string | undefined): string {
  const match = /^arn:([a-z-]+):/.exec(arn ?? '');
  return match?.[1] ?? 'aws';
}

/**
 * A provider of the member account's credentials. The first call assumes the role; later calls
 * return the same credentials until {@link REFRESH_BEFORE_EXPIRY_MS} before they expire. Concurrent
 * calls share one `AssumeRole`; a failure is not remembered (the next call tries again).
 *
 * @param sts - the caller's STS client (its region is the regional STS endpoint used)
 * @param now - the clock (tests)
 * @throws AssumeRoleError (from the provider) naming the account and role
 */
export function assumeRoleProvider(
  sts: STSClient,
  options: MemberRoleSettings & { accountId: string; partition: string },
  now: () => number = Date.now,
): CredentialProvider {
  const roleArn = memberRoleArn(options.partition, options.accountId, options.roleName);
  let current: Promise<TemporaryCredentials> | undefined;
  let expiresAt = Number.POSITIVE_INFINITY;
  const assume = async (): Promise<TemporaryCredentials> => {
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: SESSION_NAME,
          DurationSeconds: SESSION_SECONDS,
          ...(options.externalId !== undefined ? { ExternalId: options.externalId } : {}),
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
        throw new Error('STS answered AssumeRole without credentials');
      }
      const expiration = Credentials.Expiration ? new Date(Credentials.Expiration) : undefined;
      expiresAt = expiration ? expiration.getTime() : Number.POSITIVE_INFINITY;
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
        ...(expiration ? { expiration } : {}),
      };
    } catch (error) {
      throw error instanceof AssumeRoleError
        ? error
        : new AssumeRoleError(options.accountId, roleArn, { cause: error });
    }
  };
  return async () => {
    // While an AssumeRole is in flight `expiresAt` is infinite: concurrent callers share it.
    if (current && expiresAt - now() > REFRESH_BEFORE_EXPIRY_MS) return current;
    const pending = assume();
    current = pending;
    expiresAt = Number.POSITIVE_INFINITY;
    try {
      return await pending;
    } catch (error) {
      if (current === pending) current = undefined;
      throw error;
    }
  };
}
