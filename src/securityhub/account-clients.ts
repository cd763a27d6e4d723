/**
 * The Security Hub clients of one account of an organization run: they sign with the same
 * credentials as that account's collection clients (the member role's for a member account, the
 * function's own for its own account), one client per region. Security Hub takes a custom product's
 * findings only from the account they belong to, so each account exports its own findings.
 */
import { SecurityHubClient, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import { awsClientSettings } from '../aws-client-settings';
import type { AwsClientFactory } from '../collect/client-factory';
import type { SecurityHubClientProvider } from './export';
import { ownAccountClients } from './own-account';

/** Attempts per call by the SDK itself; the export retries throttling on top with its own pacing. */
const SDK_MAX_ATTEMPTS = 3;

/** The credentials of an account's clients (those of its STS client). */
export type AccountCredentials = SecurityHubClientConfig['credentials'];

/** Builds the Security Hub client of a region with the account's credentials. */
export type SecurityHubClientBuilder = (
  region: string,
  credentials: AccountCredentials,
) => SecurityHubClient;

const defaultBuilder: SecurityHubClientBuilder = (region, credentials) =>
  new SecurityHubClient({
    ...awsClientSettings(undefined, { maxAttempts: SDK_MAX_ATTEMPTS }),
    region,
    credentials,
  });

/**
 * A provider of the Security Hub clients of `accountId`, built on the credentials of `clients`
 * (that account's collection clients) and kept per region. Any other account is refused, as for a
 * single-account run: that place becomes an export error.
 */
export function accountSecurityHubClients(
  accountId: string,
  clients: AwsClientFactory,
  build: SecurityHubClientBuilder = defaultBuilder,
): SecurityHubClientProvider {
  const credentials = clients.sts().config.credentials as AccountCredentials;
  return ownAccountClients(accountId, (region) => build(region, credentials));
}
