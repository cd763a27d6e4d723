/**
 * The one-account changes (`remediate --account ID --apply`) keep away from an account its owners
 * exempted in AWS Organizations (the account tag `vpce-auditor:exempt`), as `audit --org` does.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { EXEMPT_TAG } from '../analysis/exemption';
import { awsErrorCode, awsErrorMessage } from '../aws-errors';
import { UserInputError, VpceAuditorError } from '../errors';
import { isAccountExempt } from './organization';

/** The account carries the exemption tag: nothing in it may be changed. */
export class ExemptAccountError extends UserInputError {
  public override readonly name: string = 'ExemptAccountError';
}

/** The account's tags could not be read, so whether it is exempt is unknown. */
export class ExemptionUnknownError extends VpceAuditorError {
  public override readonly name: string = 'ExemptionUnknownError';
}

/**
 * Codes that mean the account cannot carry an Organizations tag: there is none to honour.
 * `TargetNotFoundException` is ListTagsForResource's "no account with that id in the caller's
 * organization" (the API reference lists it for that call).
 */
const NO_ORGANIZATION_CODES = new Set([
  'AWSOrganizationsNotInUseException',
  'AccountNotFoundException',
  'TargetNotFoundException',
]);

/**
 * Refuses an account tagged {@link EXEMPT_TAG} in AWS Organizations.
 *
 * @param override - how the user overrides the refusal (the flag), named in the messages
 * @throws ExemptAccountError (exit 2) when the account is exempt
 * @throws ExemptionUnknownError (exit 1) when its tags cannot be read (access denied, a timeout…);
 *   an account outside any organization (Organizations not in use, or not in the caller's) carries
 *   no tag and passes
 */
export async function refuseExemptAccount(
  org: OrganizationsClient,
  accountId: string,
  override: string,
): Promise<void> {
  let exempt: boolean;
  try {
    exempt = await isAccountExempt(org, accountId);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const code = awsErrorCode(cause);
    if (NO_ORGANIZATION_CODES.has(code)) return;
    throw new ExemptionUnknownError(
      `account ${accountId}: cannot read its tags in AWS Organizations to check ${EXEMPT_TAG} (ListTagsForResource: ${code}: ${awsErrorMessage(cause)}); nothing changed: run from the management account or a delegated administrator, or pass ${override} to change it without that check`,
      { cause: error },
    );
  }
  if (exempt) {
    throw new ExemptAccountError(
      `account ${accountId} is tagged ${EXEMPT_TAG} in AWS Organizations: its owners exempted it, so nothing in it is changed (audit --org leaves it out too); pass ${override} to change it anyway`,
    );
  }
}
