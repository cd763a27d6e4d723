/** The errors of reaching the accounts of an organization. */
import { VpceAuditorError } from '../errors';

/**
 * The organization's accounts cannot be listed (the credentials are not the management account's
 * or a delegated administrator's, or the account is in no organization): fatal for `--org`.
 */
export class OrganizationAccessError extends VpceAuditorError {
  public override readonly name: string = 'OrganizationAccessError';
  public constructor(
    /** The Organizations operation that failed. */
    public readonly operation: string,
    message: string,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** The member role of one account cannot be assumed; that account is reported as failed. */
export class AssumeRoleError extends VpceAuditorError {
  public override readonly name: string = 'AssumeRoleError';
  public constructor(
    public readonly accountId: string,
    public readonly roleArn: string,
    options: { cause: unknown },
  ) {
    const cause = options.cause as { name?: unknown; message?: unknown } | null;
    const detail =
      cause && typeof cause === 'object'
        ? `${String(cause.name ?? 'Error')}: ${String(cause.message ?? '')}`
        : String(options.cause);
    super(`cannot assume ${roleArn}: ${detail.replace(/\s+/g, ' ').trim()}`, options);
  }
}

/**
 * An organization run that would audit nothing: no ACTIVE account is left once `--ou` and
 * `--exclude-accounts` are applied. Reporting "no leaks" for it would let a CI gate pass on nothing.
 */
export class EmptySelectionError extends VpceAuditorError {
  public override readonly name: string = 'EmptySelectionError';
}
