/**
 * The Security Hub clients of a single-account run: the caller's own credentials, one client per
 * region. Another account's findings cannot be imported with them (Security Hub takes a custom
 * product's findings only from the account they belong to), so asking for one is an error that the
 * export reports for that place; an organization run passes a provider built on the member role.
 */
import { awsClientSettings } from '../aws-client-settings';
import { perRegion } from '../collect/client-factory';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { VpceAuditorError } from '../errors';
import type { SecurityHubClientProvider } from './export';

/** No credentials for an account other than the caller's. */
export class ForeignAccountError extends VpceAuditorError {
  public override readonly name: string = 'ForeignAccountError';
}

/** Attempts per call by the SDK itself; the export retries throttling on top with its own pacing. */
const SDK_MAX_ATTEMPTS = 3;

/** A provider of the caller's clients, created on first use and kept per region. */
export function ownAccountClients(
  callerAccountId: string,
  create: (region: string) => SecurityHubClient = (region) =>
    new SecurityHubClient({
      ...awsClientSettings(undefined, { maxAttempts: SDK_MAX_ATTEMPTS }),
      region,
    }),
): SecurityHubClientProvider {
  const clientOf = perRegion(create);
  return (accountId, region) => {
    if (accountId !== callerAccountId) {
      throw new ForeignAccountError(
        `no credentials for account ${accountId}: this function imports only into its own account ${callerAccountId}`,
      );
    }
    return clientOf(region);
  };
}
